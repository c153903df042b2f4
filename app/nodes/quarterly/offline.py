"""A quarterly report as a spreadsheet form: downloaded, filled offline, uploaded while it is a draft.

For coordinators without a connection when they write the report. The form (`form_xlsx`) is a
workbook in the reader's language: one row per field of the report with its label, the value
to fill (prefilled with the report's value), the value the hub held when the form was made, and
a help text. The value column is the only one that can be edited (the sheet is protected) and
carries data validation: whole numbers from 0 for counts, decimals from 0 for volumes and areas,
0–100 for the T+1 percentage, a length limit for texts. Hidden: column A holds each row's field
and a sheet holds the report's identity and version (node, period, version).

A quarter whose report has not been started yet gives a blank form (version 0) to who may start
it (services.require_may_start): the download writes nothing, and the upload creates the draft.

The upload (`upload_form`) is read with the hub's one spreadsheet reader (app/core/spreadsheets.py)
and saved by the same service as the page form and the API (services.save_report), all or nothing:
- allowed only to who may file the report (policy) and only while it is a draft or returned (409);
  a blank form creates the draft by the same service, with its rules (own node, quarter begun, not closed);
- a form of another report is refused (422); a form made from an older version of the report
  is refused (409 naming the version), as the API refuses a stale write; so is a blank form once the
  report was started by someone else;
- every bad value is named by its cell (e.g. "C7: Cannot be negative.") and nothing is written.
An upload changes the report like any edit, so the audit log records it.

Text written into the workbook is protected against formula injection (app/core/exports.safe_cell);
the reader takes the protecting quote off again, so a value survives the round trip unchanged.
"""

import io
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.auth import policy
from app.core import spreadsheets
from app.core.errors import StaleVersion, ValidationFailed
from app.core.exports import safe_cell
from app.core.languages import N_, translate
from app.core.text import input_problems
from app.nodes.models import Node
from app.nodes.quarterly import services
from app.nodes.quarterly.locks import refuse_if_locked
from app.nodes.quarterly.models import DECIMAL_FIGURES, INTEGER_FIGURES, TEXT_MAX, TEXTS, QuarterlyReport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORM_KIND = "csdr-hub quarterly report form 1"
HUB_SHEET = "hub"
FIRST_FIELD_ROW = 6
KEY, LABEL, VALUE, CURRENT, HELP = "A", "B", "C", "D", "E"
LIMITS = spreadsheets.Limits(max_rows=1000, max_unpacked_bytes=20 * 1024 * 1024)
BLANK = 0  # the version of a form made for a report not started yet

# The fields in the order of the page form, with their labels (the page form's) and a help text.
FIELDS = (
    ("scenes_received", _l("Scenes received"), _l("Distinct satellite scenes the node received in the quarter.")),
    ("scenes_distributed", _l("Scenes distributed to users"),
     _l("Distinct scenes delivered to users; at most those received plus the node's archive.")),
    ("data_volume_gb", _l("Data volume (GB)"), _l("Gigabytes delivered to users, e.g. 1250.5.")),
    ("area_km2", _l("Area covered (km²)"), _l("Square kilometres covered by the scenes delivered.")),
    ("t1_push_percent", _l("Scenes pushed within one day of acquisition (T+1, %)"),
     _l("A percentage from 0 to 100.")),
    ("data_requests", _l("Data requests"), _l("Requests for data the node answered in the quarter.")),
    ("users_registered", _l("Registered users"), _l("Users registered with the node at the end of the quarter.")),
    ("users_active", _l("Active users"), _l("Users who received data in the quarter; at most the registered users.")),
    ("organizations_served", _l("Organizations served"), _l("Organizations that received data in the quarter.")),
    ("trainings_held", _l("Trainings held"), _l("Training sessions the node held in the quarter.")),
    ("people_trained", _l("People trained"), _l("People who attended those trainings.")),
    ("events_held", _l("Events held"), _l("Workshops, conferences and other events the node held.")),
    ("highlights", _l("Highlights"), _l("What went well in the quarter.")),
    ("problems", _l("Problems"), _l("What went wrong, and what the node did about it.")),
    ("needs", _l("Needs"), _l("What the node needs from the network.")),
)
LABELS = {name: label for name, label, _help in FIELDS}


@dataclass(frozen=True)
class CellProblem:
    cell: str      # "C7", or "file" for the file as a whole
    field: str     # the report's field, or "file"
    msgid: str     # English, with %(name)s placeholders filled from `values`
    values: dict = dataclass_field(default_factory=dict)

    @property
    def message(self) -> str:
        return self.msgid % self.values if self.values else self.msgid

    def __str__(self) -> str:
        return f"{self.cell}: {self.message}"

    def shown(self) -> str:
        """In the reader's language: "C7 (Scenes received): Cannot be negative." """
        message = translate(self.msgid) % self.values if self.values else translate(self.msgid)
        if self.field in LABELS:
            return _("%(cell)s (%(field)s): %(message)s", cell=self.cell, field=LABELS[self.field], message=message)
        if self.cell != "file":
            return _("%(cell)s: %(message)s", cell=self.cell, message=message)
        return message


class FormFailed(ValidationFailed):
    """Nothing was saved; `problems` names every bad cell."""

    def __init__(self, problems: list[CellProblem]):
        self.problems = problems
        fields: dict[str, list[str]] = {}
        for problem in problems:
            fields.setdefault(problem.cell, []).append(problem.message)
        super().__init__(str(problems[0]) if len(problems) == 1 else
                         f"Nothing was saved: {len(problems)} problems in the form.", fields)

    def lines(self) -> list[str]:
        return [p.shown() for p in self.problems]


class StaleForm(StaleVersion):
    """The form was made from an older version of the report (409 naming `version`)."""

    MESSAGE = N_("This form was made from version %(form)s of the report, which is now at version %(now)s: "
                 "someone changed it since. Download the form again and copy your values into it.")
    STARTED = N_("This blank form was made before the report was started; someone has started it since. "
                 "Download the form again and copy your values into it.")

    def __init__(self, form_version, version: int):
        self.values = {"form": form_version, "now": version}
        self.msgid = self.STARTED if form_version == BLANK and version != BLANK else self.MESSAGE
        super().__init__(self._fill(self.msgid))

    def _fill(self, text: str) -> str:
        return text % self.values if self.msgid == self.MESSAGE else text

    def lines(self) -> list[str]:
        return [self._fill(translate(self.msgid))]


def _file_problem(msgid: str, **values) -> FormFailed:
    return FormFailed([CellProblem("file", "file", msgid, values)])


def filename_of(node: Node, quarter, version: int) -> str:
    made_from = "blank" if version == BLANK else f"v{version}"
    return f"{node.code}-{quarter.label}-report-{made_from}.xlsx"


# --- the form -----------------------------------------------------------------------------------------

def _validation(name: str):
    from openpyxl.worksheet.datavalidation import DataValidation

    if name in INTEGER_FIGURES:
        rule = DataValidation(type="whole", operator="between", formula1="0", formula2=str(services.INTEGER_MAX),
                              error=_("Enter a whole number, 0 or more, or leave it empty for N/A."))
    elif name == "t1_push_percent":
        rule = DataValidation(type="decimal", operator="between", formula1="0", formula2="100",
                              error=_("Enter a percentage from 0 to 100, or leave it empty for N/A."))
    elif name in DECIMAL_FIGURES:
        rule = DataValidation(type="decimal", operator="between", formula1="0", formula2=str(services.DECIMAL_MAX),
                              error=_("Enter a number, 0 or more, or leave it empty for N/A."))
    else:
        rule = DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(TEXT_MAX),
                              error=_("Use at most %(count)s characters.", count=TEXT_MAX))
    rule.allow_blank = True
    rule.showErrorMessage = True
    rule.errorStyle = "stop"
    rule.errorTitle = _("Not a valid value")
    return rule


def _text_cell(sheet, ref: str, value, **style):
    """A cell holding text that a spreadsheet must never run as a formula."""
    target = sheet[ref]
    target.value = safe_cell(value)
    if isinstance(target.value, str):
        target.data_type = "s"
    for name, setting in style.items():
        setattr(target, name, setting)
    return target


def form_xlsx(user, node: Node, quarter) -> tuple[str, bytes]:
    """(file name, workbook): the node's report for the quarter as a form to fill offline, in the reader's
    language, only for who may file it. No report yet: a blank form for who may start it; nothing is written."""
    report = services.find_report(node, quarter)
    suggested = {}
    if report is None:
        services.require_may_start(user, node, quarter)
        version = BLANK
        scenes_logged = current_app.extensions.get("csdr.scenes_received")  # SatCloud's push log, as the page
        if scenes_logged is not None:
            suggested["scenes_received"] = scenes_logged(node.id, quarter)
    else:
        policy.require_file_report(user, report)
        version = report.version
    return filename_of(node, quarter, version), _workbook(node, quarter, report, version, suggested)


def _workbook(node: Node, quarter, report: QuarterlyReport | None, version: int, suggested: dict) -> bytes:
    """The workbook; ``suggested``: values a blank form starts with in its value column (scenes received from
    SatCloud's log), the column of the hub's values staying empty."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Quarterly report")[:31]
    wrap = Alignment(wrap_text=True, vertical="top")
    _text_cell(sheet, "B1", _("%(node)s — quarterly report %(period)s", node=node.code, period=quarter.label),
               font=Font(bold=True, size=14))
    _text_cell(sheet, "B2", _("Fill in the column “%(column)s” only, then upload this file on the report's page "
                              "while the report is a draft. Leave a figure empty when it is not available (N/A); "
                              "0 means none.", column=_("Your value")), alignment=wrap)
    _text_cell(sheet, "B3", _("A blank form: the report has not been started in the hub. Uploading the filled "
                              "form starts it as a draft.") if report is None else
               _("Made from version %(version)s of the report. If the report changes in the hub "
                 "before you upload, download the form again.", version=version), alignment=wrap)
    sheet.merge_cells("B2:E2")
    sheet.merge_cells("B3:E3")
    sheet.row_dimensions[2].height = 45
    sheet.row_dimensions[3].height = 30
    header = FIRST_FIELD_ROW - 1
    for column, title in ((LABEL, _("Field")), (VALUE, _("Your value")),
                          (CURRENT, _("Value in the hub when downloaded")), (HELP, _("Help"))):
        _text_cell(sheet, f"{column}{header}", title, font=Font(bold=True))
    editable = PatternFill("solid", fgColor="FFF8DC")
    for row, (name, label, help_text) in enumerate(FIELDS, start=FIRST_FIELD_ROW):
        value = getattr(report, name) if report is not None else None
        sheet[f"{KEY}{row}"] = name
        _text_cell(sheet, f"{LABEL}{row}", str(label), alignment=wrap)
        cell = _text_cell(sheet, f"{VALUE}{row}", value if report is not None else suggested.get(name),
                          protection=Protection(locked=False), fill=editable,
                          alignment=wrap if name in TEXTS else Alignment(vertical="top"))
        _text_cell(sheet, f"{CURRENT}{row}", value, alignment=wrap)
        _text_cell(sheet, f"{HELP}{row}", str(help_text), alignment=wrap)
        if name in DECIMAL_FIGURES:
            cell.number_format = sheet[f"{CURRENT}{row}"].number_format = "0.00"
        rule = _validation(name)
        rule.add(cell)
        sheet.add_data_validation(rule)
        if name in TEXTS:
            sheet.row_dimensions[row].height = 60
    sheet.column_dimensions[KEY].hidden = True
    for column, width in ((LABEL, 36), (VALUE, 28), (CURRENT, 28), (HELP, 52)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = f"{VALUE}{FIRST_FIELD_ROW}"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = sheet.protection.formatRows = False  # widths and heights may change

    hub = workbook.create_sheet(HUB_SHEET)
    for pair in (("form", FORM_KIND), ("sheet", sheet.title), ("node", node.code),
                 ("period", quarter.label), ("version", version)):
        hub.append([safe_cell(v) for v in pair])
    hub.sheet_state = "hidden"
    hub.protection.sheet = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- the upload ---------------------------------------------------------------------------------------

def _read(filename: str, data: bytes) -> tuple[dict, dict, dict, list[CellProblem]]:
    """The form's identity, its values by field, each field's cell, and the rows that are not the form's."""
    read = dict(header=False, limits=LIMITS, csv_suffixes=())
    try:
        identity = {str(r.get("key")): r.get("value") for _n, r in spreadsheets.read_rows(
            filename, data, columns=("key", "value"), sheet=HUB_SHEET, **read)}
        if identity.get("form") != FORM_KIND:
            raise _file_problem(N_("This is not a quarterly report form downloaded from the hub; download the "
                                   "form from the report's page and fill that one."))
        rows = list(spreadsheets.read_rows(filename, data, columns=("key", "label", "value"),
                                           sheet=str(identity.get("sheet") or 0), **read))
    except spreadsheets.ImportFailed as failed:
        raise _file_problem(failed.problems[0].message) from None  # an N_ message of the reader, or its row limit
    values, cells, problems = {}, {}, []
    for number, record in rows:
        key = record.get("key")
        if key is None:
            continue  # the title, the notes, the header
        if key not in LABELS:
            problems.append(CellProblem(f"{KEY}{number}", "file", N_("This row is not a field of the report; "
                                                                      "use the form as it was downloaded.")))
            continue
        if key in cells:
            problems.append(CellProblem(f"{KEY}{number}", "file", N_("This field is in the form twice; "
                                                                      "use the form as it was downloaded.")))
            continue
        value = record.get("value")
        if key in TEXTS and value is not None and not isinstance(value, str):
            value = str(value)  # a number or a date typed into a text is text
        values[key], cells[key] = value, f"{VALUE}{number}"
    return identity, values, cells, problems


def upload_form(user, node: Node, quarter, filename: str, data: bytes) -> QuarterlyReport:
    """Save the values of a filled form into the report, all or none (FormFailed names each bad cell).

    No report yet: a blank form of the quarter starts the draft (the same service and rules as the page form).
    """
    report = services.find_report(node, quarter)
    if report is None:
        services.require_may_start(user, node, quarter)
        refuse_if_locked(quarter)
    else:
        policy.require_file_report(user, report)
        report.ensure_editable()
    current = report.version if report is not None else BLANK
    identity, values, cells, problems = _read(filename, data)
    made_for = f"{identity.get('node')} {identity.get('period')}"[:40]
    if made_for.upper() != f"{node.code} {quarter.label}".upper():
        raise _file_problem(N_("This form is for %(form)s, not for %(report)s."), form=made_for,
                            report=f"{node.code} {quarter.label}")
    version = identity.get("version")
    if isinstance(version, bool) or not isinstance(version, int | float) or version != current:
        raise StaleForm(version, current)
    if problems:  # rows that are not the form's: the file was changed beyond its value column
        raise FormFailed(problems)
    errors: dict[str, list[str]] = input_problems(values)
    if not errors:
        try:
            report = services.save_report(user, node, quarter, values, report.version if report else None)[0]
        except ValidationFailed as failed:
            errors = failed.fields or {"file": [failed.message]}
    for name, messages in errors.items():
        problems.extend(CellProblem(cells.get(name, "file"), name if name in cells else "file", str(message))
                        for message in messages)
    if problems:
        raise FormFailed(sorted(problems, key=_cell_order))
    return report


def _cell_order(problem: CellProblem):
    digits = "".join(c for c in problem.cell if c.isdigit())
    return (int(digits) if digits else 0, problem.cell)
