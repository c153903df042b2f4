"""A quarterly report filled offline: the XLSX form, its upload (page and API), all or nothing, by cell."""

import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import time_machine
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.audit.queries import history_of
from app.core.periods import Quarter
from app.extensions import db
from app.nodes.quarterly import locks
from app.nodes.quarterly import services as quarterly
from app.nodes.quarterly.models import QuarterlyReport, ReportStatus
from app.nodes.quarterly.offline import FIELDS, XLSX
from tests.conftest import csrf_enabled

PAGE = "/nodes/LAO/reports/2025Q1"
FORM = f"{PAGE}/form.xlsx"
API_FORM = f"/api/v1{FORM}"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2025, 5, 20, 9, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def lao(make):
    return make.node(code="LAO")


@pytest.fixture
def report(make, lao):
    return make.quarterly_report(lao, "2025Q1", scenes_received=100, highlights="Floods mapped")


def fresh(report) -> QuarterlyReport:
    db.session.expire_all()
    return db.session.get(QuarterlyReport, report.id)


def rows_of(sheet) -> dict:
    """field → row number, from the hidden column A."""
    return {sheet[f"A{r}"].value: r for r in range(1, sheet.max_row + 1) if sheet[f"A{r}"].value}


def filled(data: bytes, values: dict, *, version=None) -> bytes:
    """The downloaded form with `values` typed in the value column (C), saved as a person would."""
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    rows = rows_of(sheet)
    for name, value in values.items():
        sheet[f"C{rows[name]}"] = value
    if version is not None:
        book["hub"]["B5"] = version
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, data, name="filled.xlsx"):
    return client.post(FORM, data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def test_round_trip_download_fill_upload_changes_the_report_and_is_audited(client, login_as, lao, report):
    coordinator = login_as("coordinator", node=lao)
    page = client.get(PAGE)
    assert b'id="download-form"' in page.data and b'id="upload-form"' in page.data
    assert b"Download the form to fill offline" in page.data and b"Upload a filled form" in page.data
    download = client.get(FORM)
    assert download.status_code == 200 and download.mimetype == XLSX
    assert f'filename="LAO-2025Q1-report-v{report.version}.xlsx"' in download.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(download.data))
    sheet, hub = book.worksheets[0], book["hub"]
    assert hub.sheet_state == "hidden" and sheet.column_dimensions["A"].hidden
    identity = {row[0].value: row[1].value for row in hub.iter_rows()}
    assert identity.items() >= {"node": "LAO", "period": "2025Q1", "version": report.version}.items()
    rows = rows_of(sheet)
    assert list(rows) == [name for name, _label, _help in FIELDS]
    received = rows["scenes_received"]
    assert (sheet[f"B{received}"].value, sheet[f"C{received}"].value, sheet[f"D{received}"].value) == (
        "Scenes received", 100, 100)
    assert sheet[f"E{received}"].value  # a help text
    version = report.version

    response = upload(client, filled(download.data, {"scenes_received": 150, "scenes_distributed": 90,
                                                     "data_volume_gb": 12.5, "highlights": "Two trainings",
                                                     "needs": 2026}))
    assert response.status_code == 302, response.get_data(as_text=True)
    report = fresh(report)
    assert (report.scenes_received, report.scenes_distributed, report.data_volume_gb) == (150, 90, Decimal("12.50"))
    assert (report.highlights, report.needs, report.status) == ("Two trainings", "2026", ReportStatus.draft)
    assert report.version == version + 1
    event = history_of(report)[0]
    assert event.action == "update" and event.face == "page" and event.user_id == coordinator.id
    assert event.changes["scenes_received"] == [100, 150]


def test_the_form_guards_its_cells(client, login_as, lao, report):
    login_as("coordinator", node=lao)
    sheet = load_workbook(io.BytesIO(client.get(FORM).data)).worksheets[0]
    rows = rows_of(sheet)
    assert sheet.protection.sheet
    assert not sheet[f"C{rows['scenes_received']}"].protection.locked      # the value column is editable
    assert sheet[f"B{rows['scenes_received']}"].protection.locked          # the labels are not
    rules = {str(cell): rule for rule in sheet.data_validations.dataValidation for cell in rule.sqref.ranges}
    count = rules[f"C{rows['scenes_received']}"]
    assert (count.type, count.operator, count.formula1, count.allow_blank) == ("whole", "between", "0", True)
    percent = rules[f"C{rows['t1_push_percent']}"]
    assert (percent.type, percent.formula1, percent.formula2) == ("decimal", "0", "100")
    assert rules[f"C{rows['needs']}"].type == "textLength"


def test_the_form_is_in_the_readers_language(client, login_as, lao, report):
    coordinator = login_as("coordinator", node=lao)
    coordinator.locale = "fr"
    db.session.commit()
    sheet = load_workbook(io.BytesIO(client.get(FORM).data)).worksheets[0]
    rows = rows_of(sheet)
    assert sheet[f"B{rows['scenes_received']}"].value == "Scènes reçues"
    assert "Scenes received" not in [c.value for c in sheet["B"]]
    page = client.get(PAGE).get_data(as_text=True)
    assert "Download the form to fill offline" not in page


def test_bad_cells_are_all_named_and_nothing_is_written(client, login_as, lao, report):
    login_as("coordinator", node=lao)
    data = client.get(FORM).data
    rows = rows_of(load_workbook(io.BytesIO(data)).worksheets[0])
    version = report.version
    response = upload(client, filled(data, {"scenes_received": -3, "users_registered": "many",
                                            "t1_push_percent": 140, "highlights": "Changed"}))
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert f"C{rows['scenes_received']} (Scenes received): Cannot be negative." in text
    assert f"C{rows['users_registered']} (Registered users): Enter a whole number" in text
    assert f"C{rows['t1_push_percent']} (Scenes pushed within one day of acquisition (T+1, %)): " \
           "A percentage is between 0 and 100." in text
    report = fresh(report)
    assert (report.scenes_received, report.highlights, report.version) == (100, "Floods mapped", version)


def test_the_rules_across_figures_are_the_services(client, login_as, lao, report):
    login_as("coordinator", node=lao)
    data = client.get(FORM).data
    rows = rows_of(load_workbook(io.BytesIO(data)).worksheets[0])
    response = upload(client, filled(data, {"users_registered": 10, "users_active": 20}))
    assert response.status_code == 422
    assert f"C{rows['users_active']} (Active users): Cannot exceed the registered users" in response.get_data(
        as_text=True)
    assert fresh(report).users_active is None


def test_a_stale_form_is_refused_naming_the_version(client, login_as, api_as, lao, report):
    coordinator = login_as("coordinator", node=lao)
    data = client.get(FORM).data
    old = report.version
    assert api_as(coordinator).put(f"/api/v1{PAGE}", json={"events_held": 2, "version": old}).status_code == 200
    response = upload(client, filled(data, {"scenes_received": 1}))
    assert response.status_code == 409
    assert f"version {old} of the report, which is now at version {old + 1}" in response.get_data(as_text=True)
    assert fresh(report).scenes_received == 100


def test_a_submitted_report_refuses_uploads(client, login_as, lao, make):
    login_as("coordinator", node=lao)
    report = make.quarterly_report(lao, "2025Q1", status="submitted", scenes_received=100)
    page = client.get(PAGE)
    assert b'id="upload-form"' not in page.data
    data = client.get(FORM).data
    response = upload(client, filled(data, {"scenes_received": 1}))
    assert response.status_code == 409 and b"only drafts and returned reports can be edited" in response.data
    assert fresh(report).scenes_received == 100


def test_a_returned_report_takes_an_upload(client, login_as, lao, make):
    login_as("coordinator", node=lao)
    report = make.quarterly_report(lao, "2025Q1", status="returned", scenes_received=100)
    assert upload(client, filled(client.get(FORM).data, {"scenes_received": 120})).status_code == 302
    assert fresh(report).scenes_received == 120 and fresh(report).status == ReportStatus.returned


def test_another_nodes_coordinator_gets_404(client, login_as, make, lao, report):
    login_as("secretariat")
    data = client.get(FORM).data
    client.post("/logout")
    login_as("coordinator", node=make.node(code="NPL"))
    assert client.get(FORM).status_code == 404
    assert upload(client, filled(data, {"scenes_received": 1})).status_code == 404
    assert fresh(report).scenes_received == 100


def test_the_board_may_not_fill_it(client, login_as, make, lao):
    report = make.quarterly_report(lao, "2025Q1", status="accepted")
    login_as("board")
    assert client.get(PAGE).status_code == 200
    assert client.get(FORM).status_code == 403
    assert upload(client, b"PK").status_code == 403
    assert fresh(report).status == ReportStatus.accepted


def test_a_form_of_another_report_or_no_form_at_all_is_refused(client, login_as, make, lao, report):
    login_as("coordinator", node=lao)
    make.quarterly_report(lao, "2024Q4")
    other = client.get("/nodes/LAO/reports/2024Q4/form.xlsx").data
    response = upload(client, filled(other, {"scenes_received": 7}))
    assert response.status_code == 422 and b"This form is for LAO 2024Q4, not for LAO 2025Q1." in response.data
    assert upload(client, b"not a workbook").status_code == 422
    response = upload(client, b"scenes_received\n5\n", name="form.csv")
    assert response.status_code == 422 and b"Upload an .xlsx file." in response.data
    from app.core.exports import to_xlsx
    response = upload(client, to_xlsx({"report": (("a", "b"), [("scenes_received", 5)])}))
    assert response.status_code == 422 and b"not a quarterly report form downloaded from the hub" in response.data
    assert fresh(report).scenes_received == 100


def test_a_form_changed_beyond_its_value_column_is_refused(client, login_as, lao, report):
    login_as("coordinator", node=lao)
    book = load_workbook(io.BytesIO(client.get(FORM).data))
    sheet = book.worksheets[0]
    rows = rows_of(sheet)
    sheet[f"C{rows['scenes_received']}"] = 5
    sheet[f"A{rows['needs']}"] = "status"
    sheet[f"A{rows['problems']}"] = "highlights"
    buffer = io.BytesIO()
    book.save(buffer)
    response = upload(client, buffer.getvalue())
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert f"A{rows['needs']}: This row is not a field of the report" in text
    assert f"A{rows['problems']}: This field is in the form twice" in text
    assert fresh(report).scenes_received == 100


def test_the_upload_needs_the_csrf_token(app, client, login_as, lao, report):
    login_as("coordinator", node=lao)
    data = filled(client.get(FORM).data, {"scenes_received": 1})
    with csrf_enabled(app):
        assert upload(client, data).status_code in (400, 422)
    assert fresh(report).scenes_received == 100


def test_text_that_a_spreadsheet_would_run_is_escaped_and_comes_back_unchanged(client, login_as, lao, make):
    login_as("coordinator", node=lao)
    formula = '=HYPERLINK("http://evil.example","click")'
    report = make.quarterly_report(lao, "2025Q1", highlights=formula, problems="+cmd|' /C calc'!A0",
                                   needs="@SUM(1+1)")
    data = client.get(FORM).data
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    rows = rows_of(sheet)
    for name in ("highlights", "problems", "needs"):
        for column in "CD":
            cell = sheet[f"{column}{rows[name]}"]
            assert cell.data_type == "s" and cell.value.startswith("'"), (name, column, cell.value)
    assert upload(client, data).status_code == 302  # uploaded as downloaded: nothing changes
    report = fresh(report)
    assert (report.highlights, report.problems, report.needs) == (formula, "+cmd|' /C calc'!A0", "@SUM(1+1)")


# --- the API ---------------------------------------------------------------------------------------------

def test_the_api_downloads_and_takes_the_form(api_as, user_factory, lao, report):
    api = api_as(user_factory("coordinator", node=lao))
    download = api.get(API_FORM)
    assert download.status_code == 200 and download.mimetype == XLSX
    rows = rows_of(load_workbook(io.BytesIO(download.data)).worksheets[0])
    bad = api.put(API_FORM, data=filled(download.data, {"scenes_received": -1, "events_held": "x"}),
                  headers={"Content-Type": XLSX})
    assert bad.status_code == 422
    assert set(bad.get_json()["error"]["fields"]) == {f"C{rows['scenes_received']}", f"C{rows['events_held']}"}
    good = api.post(API_FORM, data={"file": (io.BytesIO(filled(download.data, {"scenes_received": 5})), "f.xlsx")},
                    content_type="multipart/form-data")
    assert good.status_code == 200 and good.get_json()["scenes_received"] == 5
    assert history_of(fresh(report))[0].face == "api"
    body = filled(api.get(API_FORM).data, {"scenes_received": 6})
    sent = api.post(API_FORM, data=body, headers={"Content-Type": XLSX, "Idempotency-Key": "form-1"})
    retried = api.post(API_FORM, data=body, headers={"Content-Type": XLSX, "Idempotency-Key": "form-1"})
    assert sent.status_code == retried.status_code == 200  # a retry after a lost answer is replayed, not a 409
    assert retried.headers["Idempotent-Replayed"] == "true" and retried.get_json()["scenes_received"] == 6
    assert api.post(API_FORM, data=body, headers={"Content-Type": XLSX}).status_code == 409  # without the key
    stale = api.put(API_FORM, data=filled(download.data, {"scenes_received": 6}), headers={"Content-Type": XLSX})
    assert stale.status_code == 409 and "version" in stale.get_json()["error"]["fields"]
    assert api.put(API_FORM, data=b"{}", headers={"Content-Type": "application/json"}).status_code == 415
    assert fresh(report).scenes_received == 6


def test_the_api_refuses_other_nodes_and_submitted_reports(api_as, user_factory, make, lao, report):
    other = api_as(user_factory("coordinator", node=make.node(code="NPL")))
    assert other.get(API_FORM).status_code == 404
    assert other.put(API_FORM, data=b"PK", headers={"Content-Type": XLSX}).status_code == 404
    own = api_as(user_factory("coordinator", node=lao))
    data = own.get(API_FORM).data
    own.post(f"/api/v1{PAGE}/submit")
    assert fresh(report).status == ReportStatus.submitted
    refused = own.put(API_FORM, data=filled(data, {"scenes_received": 1}), headers={"Content-Type": XLSX})
    assert refused.status_code == 409 and fresh(report).scenes_received == 100


# --- a quarter whose report has not been started: a blank form, and its upload starts the draft -----------

def counts() -> tuple[int, int]:
    return (db.session.scalar(select(func.count()).select_from(QuarterlyReport)),
            db.session.scalar(select(func.count()).select_from(AuditEvent)))


def test_the_form_of_a_quarter_not_started_is_blank_and_the_download_writes_nothing(client, login_as, lao):
    login_as("coordinator", node=lao)
    db.session.commit()
    before = counts()
    page = client.get(f"{PAGE}/edit")
    assert page.status_code == 200 and b'id="download-form"' in page.data and b'id="upload-form"' in page.data
    download = client.get(FORM)
    assert download.status_code == 200 and download.mimetype == XLSX
    assert 'filename="LAO-2025Q1-report-blank.xlsx"' in download.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(download.data))
    sheet, hub = book.worksheets[0], book["hub"]
    identity = {row[0].value: row[1].value for row in hub.iter_rows()}
    assert identity.items() >= {"node": "LAO", "period": "2025Q1", "version": 0}.items()
    rows = rows_of(sheet)
    assert list(rows) == [name for name, _label, _help in FIELDS]
    assert all(sheet[f"C{row}"].value is None and sheet[f"D{row}"].value is None for row in rows.values())
    assert "not been started" in sheet["B3"].value
    db.session.expire_all()
    assert counts() == before and quarterly.find_report(lao, Quarter.parse("2025Q1")) is None
    assert client.get("/nodes/LAO/reports/2025Q3/form.xlsx").status_code == 422  # the quarter has not begun


def test_uploading_a_blank_form_creates_the_draft_with_its_figures(client, login_as, lao):
    coordinator = login_as("coordinator", node=lao)
    data = client.get(FORM).data
    bad = upload(client, filled(data, {"scenes_received": -1}))
    assert bad.status_code == 422 and b'id="file-errors"' in bad.data and b'id="save-report"' in bad.data
    assert quarterly.find_report(lao, Quarter.parse("2025Q1")) is None
    response = upload(client, filled(data, {"scenes_received": 40, "data_volume_gb": 12.5,
                                            "highlights": "Drought maps"}))
    assert response.status_code == 302 and response.headers["Location"].endswith(PAGE)
    db.session.expire_all()
    report = quarterly.find_report(lao, Quarter.parse("2025Q1"))
    assert report.status == ReportStatus.draft and report.scenes_received == 40
    assert report.data_volume_gb == Decimal("12.50") and report.highlights == "Drought maps"
    assert report.events_held is None
    assert history_of(report)[0].user_id == coordinator.id
    again = upload(client, filled(data, {"scenes_received": 41}))  # the blank form, once the report exists
    assert again.status_code == 409 and "someone has started it since" in again.get_data(as_text=True)
    assert fresh(report).scenes_received == 40


def test_another_nodes_coordinator_may_not_start_it_by_a_form(client, login_as, make, lao):
    login_as("coordinator", node=lao)
    data = client.get(FORM).data
    client.post("/logout")
    login_as("coordinator", node=make.node(code="NPL"))
    assert client.get(FORM).status_code == 404
    assert upload(client, filled(data, {"scenes_received": 1})).status_code == 404
    client.post("/logout")
    login_as("board")
    assert client.get(FORM).status_code == 404
    assert upload(client, filled(data, {"scenes_received": 1})).status_code == 404
    db.session.expire_all()
    assert quarterly.find_report(lao, Quarter.parse("2025Q1")) is None


def test_a_closed_quarter_takes_no_blank_form(client, login_as, user_factory, lao):
    login_as("coordinator", node=lao)
    data = client.get(FORM).data
    locks.lock_period(user_factory("secretariat"), Quarter.parse("2025Q1"), "audited")
    db.session.commit()
    response = upload(client, filled(data, {"scenes_received": 1}))
    assert response.status_code == 409 and b"closed by the secretariat" in response.data
    db.session.expire_all()
    assert quarterly.find_report(lao, Quarter.parse("2025Q1")) is None


def test_the_api_starts_a_report_from_a_blank_form(api_as, user_factory, make, lao):
    api = api_as(user_factory("coordinator", node=lao))
    download = api.get(API_FORM)
    assert download.status_code == 200 and "report-blank.xlsx" in download.headers["Content-Disposition"]
    other = api_as(user_factory("coordinator", node=make.node(code="NPL")))
    assert other.get(API_FORM).status_code == 404
    assert other.put(API_FORM, data=filled(download.data, {"scenes_received": 3}),
                     headers={"Content-Type": XLSX}).status_code == 404
    created = api.put(API_FORM, data=filled(download.data, {"scenes_received": 3}), headers={"Content-Type": XLSX})
    assert created.status_code == 201 and created.get_json()["scenes_received"] == 3
    assert created.headers["Location"].endswith(f"/api/v1{PAGE}")
    assert api.get(f"/api/v1{PAGE}").get_json()["status"] == "draft"
