"""The report PDF, built with ReportLab platypus from a snapshot alone.

Built with ``invariant=1`` and nothing but the snapshot, the status and the version as
input, so the same snapshot gives byte-identical PDFs (an archived report is verifiable).
ReportLab paragraphs interpret markup (``<img src=…>`` would embed a server file, an open
``<b>`` breaks the build), so every value from the snapshot goes through ``esc`` and only
this module's own tags reach a Paragraph.
"""

import io
import re
from datetime import date
from functools import cache

from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal, format_percent
from flask_babel import force_locale, get_locale, ngettext
from flask_babel import gettext as _
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    LongTable,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.core import money
from app.reports import fonts as script_fonts
from app.reports import wording
from app.reports.charts import drawing_for
from app.reports.worldmap import map_drawing

# No remote fetches from inside a PDF build, ever (CVE-2020-28463).
rl_config.trustedHosts = []

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
BODY_WIDTH = PAGE_WIDTH - 2 * MARGIN
BLUE = colors.HexColor("#1f5fa8")
LONG_TEXT = 28  # cells longer than this wrap (as escaped Paragraphs); shorter ones are drawn as plain strings



def fonts() -> tuple[str, str]:
    """(regular, bold): Noto Sans, with a fallback font per script through ``esc``."""
    return script_fonts.base_fonts()


def esc(value, bold: bool = False) -> str:
    """User or data text, made inert for a ReportLab Paragraph, each script in a font that has it."""
    return script_fonts.markup(value, bold=bold)


def t(value) -> str:
    """A label that came with the snapshot, in the report's language (titles with a period or a currency
    in them too)."""
    return wording.label(value)


@cache
def _countries_by_name() -> dict[str, str]:
    import pycountry

    return {c.name: c.alpha_2 for c in pycountry.countries}


def country(value: str) -> str | None:
    """A country's English name (as the snapshot has it) in the report's language, or None if it is not one."""
    code = _countries_by_name().get(value)
    if code is None:
        return None
    locale = get_locale()
    return value if locale is None or locale.language == "en" else (locale.territories.get(code) or value)


def _locale() -> str:
    return str(get_locale() or "en")


def number(value) -> str:
    """A figure as the report's language writes it (1,234.5 · 1 234,5 · 1.234,5)."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, (int, float)):
        return format_decimal(value, format="#,##0.##", locale=_locale())
    return str(value)


def short_day(iso: str) -> str:
    """A date in a table cell: compact in the report's language (2019/1/1, 01/01/2019); ISO in English."""
    if _locale() == "en":
        return iso
    try:
        return format_skeleton("yMd", date.fromisoformat(iso), locale=_locale())
    except ValueError:
        return iso


def day(iso: str) -> str:
    """An ISO date of the snapshot, written in the report's language."""
    try:
        return format_date(date.fromisoformat(iso), "medium", locale=_locale())
    except (TypeError, ValueError):
        return str(iso)


def change(value, previous) -> str:
    if not isinstance(value, (int, float)) or not isinstance(previous, (int, float)):
        return "–"
    delta = value - previous
    text = ("+" if delta > 0 else "") + number(delta)
    if previous:
        text += f" ({'+' if delta > 0 else ''}{format_percent(delta / previous, locale=_locale())})"
    return text


@cache
def styles() -> dict[str, ParagraphStyle]:
    regular, bold = fonts()
    base = getSampleStyleSheet()
    # shaping: words in Indic and South-East Asian scripts are shaped by HarfBuzz (app/reports/fonts).
    body = ParagraphStyle("Body", parent=base["BodyText"], fontName=regular, fontSize=9.5, leading=13, shaping=1)
    return {
        "body": body,
        "small": ParagraphStyle("Small", parent=body, fontSize=7.5, leading=9),
        "cell": ParagraphStyle("Cell", parent=body, fontSize=7.5, leading=9, spaceBefore=0, spaceAfter=0),
        "cell_right": ParagraphStyle("CellRight", parent=body, fontSize=7.5, leading=9, spaceBefore=0, spaceAfter=0,
                                     alignment=TA_RIGHT),
        "figure": ParagraphStyle("Figure", parent=body, fontSize=8.5, leading=10.5, spaceBefore=0, spaceAfter=0),
        "figure_right": ParagraphStyle("FigureRight", parent=body, fontSize=8.5, leading=10.5, spaceBefore=0,
                                       spaceAfter=0, alignment=TA_RIGHT),
        "title": ParagraphStyle("Title", parent=body, fontName=bold, fontSize=26, leading=32, textColor=BLUE,
                                spaceAfter=12),
        "subtitle": ParagraphStyle("Subtitle", parent=body, fontSize=13, leading=17, spaceAfter=6),
        "h1": ParagraphStyle("H1", parent=body, fontName=bold, fontSize=16, leading=20, textColor=BLUE,
                             spaceBefore=6, spaceAfter=8),
        "h2": ParagraphStyle("H2", parent=body, fontName=bold, fontSize=11, leading=14, spaceBefore=8,
                             spaceAfter=4),
        "caption": ParagraphStyle("Caption", parent=body, fontSize=8, leading=10, textColor=colors.grey,
                                  alignment=TA_CENTER),
        "toc1": ParagraphStyle("TOC1", parent=body, fontSize=10.5, leading=16),
    }


def _numbered_canvas(footer: str, status: str, stamp: str):
    """A canvas class that writes 'page N of M', the period and the status on every page."""
    regular, bold = fonts()
    page_of = _("Page %(number)s of %(total)s")

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []
            self.contents_marks = []  # this page's contents entries, numbered at save (see Contents)
            self.heading_pages = {}  # a heading's key -> its page number (ReportDocument.afterFlowable)

        def beginText(self, x=0, y=0, direction=None):  # noqa: N802 - ReportLab's name
            return script_fonts.TextObject(self, x, y, direction=direction)  # shaped text reads back as typed

        def showPage(self):  # noqa: N802 - ReportLab's name
            self._pages.append(dict(self.__dict__))
            self.contents_marks = []
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._number_contents()
                self._decorate(total)
                super().showPage()
            super().save()

        def _number_contents(self):
            """Dots and the page number after each contents entry of this page, now that every page is known."""
            self.saveState()
            for key, style, (x, y), right in self.contents_marks:
                number = str(self.heading_pages.get(key, ""))
                width = stringWidth(number, style.fontName, style.fontSize)
                dot = " ."
                dots = max(0, int((right - x - width - 4) / stringWidth(dot, style.fontName, style.fontSize)))
                self.setFont(style.fontName, style.fontSize)
                self.setFillColor(style.textColor)
                self.drawString(x, y, dot * dots)
                self.drawRightString(right, y, number)
                self.linkRect("", key, (right - width, y, right, y + style.leading), relative=0)
            self.restoreState()

        def _decorate(self, total: int):
            self.saveState()
            self.setStrokeColor(colors.lightgrey)
            self.line(MARGIN, 14 * mm, PAGE_WIDTH - MARGIN, 14 * mm)
            self.setFillColor(colors.grey)
            script_fonts.draw(self, MARGIN, 10 * mm, footer, 8)
            script_fonts.draw(self, PAGE_WIDTH - MARGIN, 10 * mm,
                              page_of % {"number": self._pageNumber, "total": total}, 8, anchor="end")
            self.setFillColor(colors.HexColor("#c23b4b") if status == "DRAFT" else BLUE)
            script_fonts.draw(self, PAGE_WIDTH / 2, 10 * mm, stamp, 8, bold=True, anchor="middle")
            script_fonts.draw(self, PAGE_WIDTH - MARGIN, PAGE_HEIGHT - 10 * mm, stamp, 8, bold=True, anchor="end")
            if status == "DRAFT":
                self.setFillColor(colors.Color(0.85, 0.2, 0.25, alpha=0.08))
                self.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
                self.rotate(45)
                script_fonts.draw(self, 0, 0, stamp, 90, bold=True, anchor="middle")
            self.restoreState()

    return NumberedCanvas


class ReportDocument(BaseDocTemplate):
    """Notes the page of each heading of the contents as it is laid out (with a bookmark and an outline entry)."""

    def afterFlowable(self, flowable):  # noqa: N802 - ReportLab's name
        key = getattr(flowable, "contents_key", None)
        if key is None:
            return
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.plain, key, level=0)
        self.canv.heading_pages[key] = self.page


class Contents(Flowable):
    """The table of contents, laid out in the same single pass as the rest (no second build, as ReportLab's
    TableOfContents needs): its entries are the story's headings, known before the layout, and their page
    numbers are written when the document is saved (``NumberedCanvas._number_contents``), once every page is
    known. An entry is a line whatever its page number, so the numbers never move the layout."""

    def __init__(self, story: list):
        super().__init__()
        self.headings = [f for f in story if getattr(f, "toc", False)]
        for number, flowable in enumerate(self.headings):
            flowable.contents_key = f"section-{number}"
        self._table = None

    def wrap(self, available_width, available_height):
        style = styles()["toc1"]

        def entry_end(canv, _kind, key):
            x, y = canv._curr_tx_info["cur_x"], canv._curr_tx_info["cur_y"]
            canv.contents_marks.append((key, style, canv.absolutePosition(x, y),
                                        canv.absolutePosition(available_width, y)[0]))

        self.canv.setNamedCB("contents_entry_end", entry_end)
        rows = [[Paragraph(f'<a href="#{f.contents_key}">{f.toc_markup}</a>'
                           f'<onDraw name="contents_entry_end" label="{f.contents_key}"/>', style)]
                for f in self.headings]
        self._table = Table(rows or [[""]], colWidths=(available_width,),
                            style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                              ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                              ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        self.width, self.height = self._table.wrapOn(self.canv, available_width, available_height)
        return self.width, self.height

    def split(self, available_width, available_height):
        return self._table.splitOn(self.canv, available_width, available_height)

    def drawOn(self, canv, x, y, _sW=0):  # noqa: N802, N803 - ReportLab's names
        self._table.drawOn(canv, x, y, _sW)


def heading(text: str, level: int = 1, toc: bool = True) -> Paragraph:
    paragraph = Paragraph(esc(text, bold=True), styles()["h1" if level == 1 else "h2"])
    paragraph.toc = toc
    paragraph.plain = str(text)
    paragraph.toc_markup = esc(text)  # the contents list shows it in regular weight
    return paragraph


ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _cell(value, right: bool = False):
    if isinstance(value, (dict, list)):  # a message cell (snapshot.is_message)
        value = wording.cell(value)
    if isinstance(value, str):
        text = short_day(value) if ISO_DAY.match(value) else (country(value) or t(value))  # dates, countries, labels
    else:
        text = number(value)
    if len(text) > LONG_TEXT or script_fonts.needs_fallback(text):
        return Paragraph(esc(text), styles()["cell_right" if right else "cell"])
    return text


def numeric_columns(rows: list[list]) -> set[int]:
    """Columns holding numbers (and gaps) in every row: right-aligned, their headers too."""
    width = max((len(r) for r in rows), default=0)
    found = set()
    for i in range(width):
        values = [r[i] for r in rows if i < len(r) and r[i] is not None]
        if values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            found.add(i)
    return found


def data_table(spec: dict, widths=None) -> list:
    """A snapshot table as a platypus table (or a line saying it is empty)."""
    _regular, bold = fonts()
    parts = [heading(t(spec["title"]), 2, toc=False)]
    if not spec["rows"]:
        parts.append(Paragraph(esc(_("None in this period.")), styles()["small"]))
        return parts
    numeric = numeric_columns(spec["rows"])
    header = [Paragraph(f"<b>{esc(t(c), bold=True)}</b>", styles()["cell_right" if i in numeric else "cell"])
              for i, c in enumerate(spec["columns"])]
    tagged = {i for i, c in enumerate(spec["columns"]) if c == "SDG, Sendai, Paris"}
    rows = [[_cell(wording.tags(v) if i in tagged and isinstance(v, str) else v, i in numeric)
             for i, v in enumerate(row)] for row in spec["rows"]]
    cls = LongTable if len(rows) > 40 else Table
    grid = cls([header] + rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    commands = [
        ("FONT", (0, 0), (-1, -1), fonts()[0], 7.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef7")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, BLUE),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f6f7f9")]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    commands += [("ALIGN", (i, 0), (i, -1), "RIGHT") for i in sorted(numeric)]
    grid.setStyle(TableStyle(commands))
    parts.append(grid)
    if spec.get("note"):
        parts.append(Paragraph(esc(t(spec["note"])), styles()["small"]))
    return parts


def translated(spec: dict) -> dict:
    """A chart with its title, categories and series names in the report's language (its figures untouched).

    SDG goals are named with their titles (a bar each, horizontal so that the titles have room)."""
    categories = [(country(c) or t(c)) if isinstance(c, str) else c for c in spec["categories"]]
    extra = {}
    if (goals := wording.sdg_categories(spec["categories"])) is not None:
        categories = goals
        extra = {"kind": "hbar"} if spec["kind"] == "bar" else {}
    return {**spec, **extra, "title": t(spec["title"]), "categories": categories,
            "series": [{**s, "name": t(s["name"])} for s in spec["series"]]}


def chart_block(spec: dict) -> list:
    spec = translated(spec)
    drawing = script_fonts.drawing_in_runs(drawing_for(
        spec, BODY_WIDTH, font=fonts()[0], number=number,
        percent=lambda share: format_percent(share, locale=_locale())))
    if drawing is None:
        return []
    return [KeepTogether([heading(spec["title"], 2, toc=False), drawing])]


def _with_unit(value, unit: str) -> str:
    """A figure with its unit; money in the report language's currency format."""
    return "–" if value is None else money.quantity(value, unit, locale=_locale())


def headline_table(figures: list[dict], previous_label: str, year_ago_label: str | None = None) -> Table:
    """Figure, this period, the previous one and the change (a quarter also against the same quarter a year
    before): every value a right-aligned paragraph that wraps inside its own column (never into the next)."""
    s = styles()
    right = s["figure_right"]
    titles = [_("This period"), _("Previous (%(period)s)", period=wording.period(previous_label)), _("Change")]
    if year_ago_label:
        titles += [_("A year before (%(period)s)", period=wording.period(year_ago_label)), _("Change")]
    rows = [[Paragraph(f"<b>{esc(_('Figure'), bold=True)}</b>", s["figure"])]
            + [Paragraph(f"<b>{esc(c, bold=True)}</b>", right) for c in titles]]
    for f in figures:
        cells = [_with_unit(f["value"], f["unit"]), _with_unit(f["previous"], f["unit"]),
                 change(f["value"], f["previous"])]
        if year_ago_label:
            cells += [_with_unit(f.get("year_ago"), f["unit"]), change(f["value"], f.get("year_ago"))]
        rows.append([Paragraph(esc(t(f["label"])), s["figure"])] + [Paragraph(esc(c), right) for c in cells])
    first = 0.37 if not year_ago_label else 0.25
    rest = (1 - first) / (len(titles))
    grid = Table(rows, colWidths=[BODY_WIDTH * first] + [BODY_WIDTH * rest] * len(titles),
                 repeatRows=1, hAlign="LEFT")
    grid.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), fonts()[0], 8.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef7")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, BLUE),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f6f7f9")]),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
    ]))
    return grid


def report_title(annual: bool, label: str) -> str:
    label = wording.period(label)
    return _("Annual report %(period)s", period=label) if annual else _("Seasonal report %(period)s", period=label)


def _cover(snapshot: dict, stamp: str, version: int, data_sha256: str, annual: bool) -> list:
    s = styles()
    period = snapshot["period"]
    parts = [Spacer(1, 40 * mm if annual else 5 * mm),
             Paragraph(esc(_("CSDR partner network")), s["subtitle"]),
             Paragraph(esc(report_title(annual, period["label"]), bold=True), s["title"]),
             Paragraph(esc(_("Chinese High-resolution Satellite Data Resources — a GEO Community Activity")),
                       s["subtitle"]),
             Spacer(1, 6 * mm)]
    facts = [(_("Period"), _("%(start)s to %(end)s", start=day(period["start"]), end=day(period["end"]))),
             (_("Status"), stamp), (_("Version"), str(version)),
             (_("Figures as of"), day(snapshot["meta"]["as_of"])),
             (_("Reporting currency"), _currency_name(snapshot["meta"]["currency"])),
             (_("Data SHA-256"), data_sha256)]
    rows = [[Paragraph(f"<b>{esc(name, bold=True)}</b>", s["body"]),
             Paragraph(esc(value), s["small" if len(value) > 40 else "body"])] for name, value in facts]
    grid = Table(rows, colWidths=[40 * mm, BODY_WIDTH - 40 * mm], hAlign="LEFT")
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    parts.append(grid)
    return parts


def _currency_name(code: str) -> str:
    from babel.numbers import get_currency_name

    name = get_currency_name(code, locale=_locale()) if code else ""
    return _("%(name)s (%(code)s)", name=name, code=code) if name and name != code else str(code or "")




def _summary(snapshot: dict) -> list:
    s = styles()
    period = snapshot["period"]
    year_ago = period.get("year_ago")
    label, previous = wording.period(period["label"]), wording.period(period["previous"])
    compared = (_("Headline figures of %(period)s, compared with %(previous)s and with %(year_ago)s.",
                  period=label, previous=previous, year_ago=wording.period(year_ago)) if year_ago else
                _("Headline figures of %(period)s, compared with %(previous)s.", period=label, previous=previous))
    parts = [heading(_("Executive summary")), Paragraph(esc(compared), s["body"]),
             Spacer(1, 3 * mm), headline_table(snapshot["headline"], period["previous"], year_ago), Spacer(1, 4 * mm)]
    parts += [Paragraph(esc(_("%(section)s. %(summary)s", section="\x00", summary=wording.summary(sec)))
                        .replace("\x00", f"<b>{esc(t(sec['title']), bold=True)}</b>", 1), s["body"])
              for sec in snapshot["sections"] if sec["summary"]]
    return parts


def _items(sec: dict) -> list:
    """Highlights, problems and other text from the accepted reports, escaped."""
    s = styles()
    parts = []
    for group in sec["items"]:
        parts.append(heading(t(group["title"]), 2, toc=False))
        if not group["entries"]:
            parts.append(Paragraph(esc(_("None reported.")), s["small"]))
        for entry in group["entries"]:
            parts.append(Paragraph(f"<b>{esc(_source(entry['source']), bold=True)}</b> — {esc(entry['text'])}",
                                   s["body"]))
    return parts


SOURCE = re.compile(r"^(?P<node>\S+) (?P<period>Q[1-4] \d{4})$")


def _source(text: str) -> str:
    """Where a text came from ("LAO Q3 2025"), its quarter in the report's language."""
    found = SOURCE.match(text or "")
    return _("%(node)s %(period)s", node=found["node"], period=wording.period(found["period"])) if found else text


def _section(sec: dict, annual: bool) -> list:
    s = styles()
    parts = [PageBreak() if annual else CondPageBreak(60 * mm), heading(t(sec["title"]))]
    if sec["summary"]:
        parts.append(Paragraph(esc(wording.summary(sec)), s["body"]))
    for chart in sec["charts"]:
        parts += chart_block(chart)
    for spec in sec["tables"]:
        parts += data_table(_capped(spec), _widths(spec))
    parts += _items(sec)
    return parts


def _annex(snapshot: dict) -> list:
    spec = snapshot["annex"]["nodes"]
    widths = [w * BODY_WIDTH for w in (0.08, 0.2, 0.13, 0.06, 0.09, 0.24, 0.09, 0.11)]
    return [PageBreak(), heading(_("Annex: nodes of the network"))] + data_table(_capped(spec), widths)[1:]


# Column shares of the wide tables that name things (the others size themselves).
WIDTHS = {
    "achievements": (0.2, 0.09, 0.19, 0.12, 0.1, 0.18, 0.12),
    "events": (0.22, 0.1, 0.1, 0.1, 0.1, 0.1, 0.07, 0.21),
    "with_parties": (0.09, 0.15, 0.24, 0.16, 0.24, 0.12),
    "pledged_received": (0.28, 0.16, 0.16, 0.14, 0.26),
}


NAMED_ROWS = 80  # the PDF names this many cases, events, agreements or late reports; the exports hold all
MAX_NODE_PAGES = 40  # a larger network gets one table of its nodes instead of a page each
# Tables with a row per node or partner: a large network's PDF names the first NAMED_ROWS (the exports hold all).
LONG_LISTS = {"late_or_missing", "completeness", "by_partner", "nodes", "nodes_at_a_glance"}


def _capped(spec: dict) -> dict:
    """A naming table cut to NAMED_ROWS rows in the PDF, saying how many more the exports hold."""
    if spec["id"] not in WIDTHS and spec["id"] not in LONG_LISTS or len(spec["rows"]) <= NAMED_ROWS:
        return spec
    more = len(spec["rows"]) - NAMED_ROWS
    note = ngettext("The first %(shown)s of %(total)s; the other %(count)s is in this report's XLSX and CSV.",
                    "The first %(shown)s of %(total)s; the other %(count)s are in this report's XLSX and CSV.", more,
                    shown=number(NAMED_ROWS), total=number(len(spec["rows"])), count=number(more))
    notes = [t(spec["note"]) if spec.get("note") else "", note]
    return spec | {"rows": spec["rows"][:NAMED_ROWS], "note": " ".join(filter(None, notes))}


def _nodes_at_a_glance(pages: list[dict]) -> list:
    """Every node in one table (a network too large for a page per node)."""
    rows = [[p["code"], p["name"], t(p["status"]),
             _("%(accepted)s of %(quarters)s", accepted=number(p.get("accepted", 0)),
               quarters=number(p.get("quarters", 0))),
             p["t1"], p["table"]["rows"][1][-1] if len(p["table"]["rows"]) > 1 else None] for p in pages]
    spec = {"id": "nodes_at_a_glance", "title": _("Every node: accepted reports, T+1 and scenes distributed"),
            "columns": [_("Node"), _("Name"), _("Status"), _("Reports accepted"), _("T+1 (%)"),
                        _("Scenes distributed")],
            "rows": rows, "note": ""}
    return data_table(_capped(spec), [w * BODY_WIDTH for w in (0.1, 0.36, 0.12, 0.14, 0.12, 0.16)])


def _widths(spec: dict):
    shares = WIDTHS.get(spec["id"])
    if shares is None or len(shares) != len(spec["columns"]):
        return None
    return [w * BODY_WIDTH for w in shares]


def _written_summary(parts: list, summary: str | None) -> list:
    """The secretariat's executive summary, escaped, placed under the summary's heading (before the figures)."""
    if not summary or not summary.strip():
        return parts
    s = styles()
    paragraphs = [p.strip() for p in summary.replace("\r\n", "\n").split("\n\n") if p.strip()]
    written = [Paragraph(esc(p).replace("\n", "<br/>"), s["body"]) for p in paragraphs]
    return parts[:1] + written + [Spacer(1, 3 * mm)] + parts[1:]


def _year_to_date(parts: list, snapshot: dict) -> list:
    """A seasonal report's year to date against the same months of the year before, after its headline."""
    period = snapshot["period"]
    if not period.get("ytd"):
        return parts
    s = styles()
    figures = [f | {"value": f.get("ytd"), "previous": f.get("ytd_before")} for f in snapshot["headline"]]
    table_ = headline_table(figures, period["ytd_before"])
    intro = Paragraph(esc(_("Year to date: %(period)s compared with %(before)s.",
                            period=wording.period(period["ytd"]), before=wording.period(period["ytd_before"]))),
                      s["body"])
    at = next((i for i, p in enumerate(parts) if isinstance(p, Table)), len(parts) - 1) + 1
    return parts[:at] + [Spacer(1, 3 * mm), heading(_("Year to date"), 2, toc=False), intro, Spacer(1, 2 * mm),
                         table_] + parts[at:]


def _map_section(snapshot: dict, annual: bool) -> list:
    """The map of the nodes, drawn as vector graphics from the vendored map data."""
    points = snapshot.get("annex", {}).get("map")
    if points is None:
        return []
    s = styles()
    countries = len({p["iso"] for p in points})
    where = ngettext("in %(count)s country", "in %(count)s countries", countries, count=number(countries))
    text = ngettext("%(count)s node %(where)s, at the end of the period.",
                    "%(count)s nodes %(where)s, at the end of the period.", len(points), count=number(len(points)),
                    where=where)
    return [PageBreak() if annual else CondPageBreak(110 * mm), heading(_("Map of the nodes")),
            Paragraph(esc(text), s["body"]),
            Spacer(1, 2 * mm), script_fonts.drawing_in_runs(map_drawing(points, BODY_WIDTH, font=fonts()[0],
                                                                      labels=len(points) <= MAX_NODE_PAGES)),
            Paragraph(esc(_("Map data: Natural Earth (public domain); nodes at their country's centre.")),
                      s["caption"])]


def _node_pages(snapshot: dict, annual: bool) -> list:
    """One page per node: its figures through the quarters, its T+1 share (weighted by scenes), its reports."""
    pages = snapshot.get("annex", {}).get("node_pages") or []
    s = styles()
    if len(pages) > MAX_NODE_PAGES:
        return [PageBreak(), heading(_("The nodes, one by one")),
                Paragraph(esc(_("%(num)s nodes: too many for a page each, so one line each here; the figures of "
                                "every node by quarter are in this report's XLSX and CSV.", num=number(len(pages)))),
                          s["body"]),
                *_nodes_at_a_glance(pages)[1:]]
    parts = []
    for i, page in enumerate(pages):
        parts.append(PageBreak() if annual or i == 0 else CondPageBreak(90 * mm))
        if i == 0:
            parts.append(heading(_("The nodes, one by one")))
        parts.append(heading(_("Node %(code)s: %(name)s", code=page["code"], name=page["name"]), 2, toc=False))
        t1 = "–" if page.get("t1") is None else format_percent(page["t1"] / 100, "#,##0.##%", locale=_locale())
        parts.append(Paragraph(esc(_("%(country)s · hosted by %(host)s · %(status)s · scenes pushed within a day "
                                     "(T+1): %(t1)s", country=country(page["country"]) or page["country"],
                                     host=page["host"], status=t(page["status"]), t1=t1)), s["body"]))
        parts += data_table(page["table"])
        parts += data_table(page["reports"])
    return parts


def render_pdf(snapshot: dict, *, status: str, version: int, data_sha256: str, lang: str = "en",
               summary: str | None = None) -> bytes:
    """The PDF of a snapshot in a language: seasonal (a quarter) or annual (a year) layout.

    The language changes the words, dates and number formats only; the figures are the snapshot's.
    """
    with force_locale(lang):
        return _render(snapshot, status=status, version=version, data_sha256=data_sha256, lang=lang,
                       summary=summary)


def _render(snapshot: dict, *, status: str, version: int, data_sha256: str, lang: str,
            summary: str | None = None) -> bytes:
    annual = snapshot["period"]["kind"] == "annual"
    stamp_key = "PUBLISHED" if status == "published" else "DRAFT"
    stamp = _("PUBLISHED") if status == "published" else _("DRAFT")
    title = "CSDR · " + report_title(annual, snapshot["period"]["label"])
    buffer = io.BytesIO()
    doc = ReportDocument(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                         bottomMargin=20 * mm, title=title, author="CSDR Hub", subject=f"{title} ({stamp})",
                         creator="CSDR Hub", lang=lang, invariant=1)
    frame = Frame(MARGIN, 20 * mm, BODY_WIDTH, PAGE_HEIGHT - MARGIN - 20 * mm, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    story = _cover(snapshot, stamp, version, data_sha256, annual)
    story += [PageBreak()] if annual else [Spacer(1, 8 * mm)]
    at = len(story)
    story += [PageBreak()] if annual else [CondPageBreak(80 * mm)]
    story += _written_summary(_year_to_date(_summary(snapshot), snapshot), summary)
    story += _map_section(snapshot, annual)
    for sec in snapshot["sections"]:
        story += _section(sec, annual)
    story += _node_pages(snapshot, annual)
    story += _annex(snapshot)
    story[at:at] = [heading(_("Contents"), toc=False), Contents(story)]
    story.insert(0, NextPageTemplate("page"))
    doc.build(story, canvasmaker=_numbered_canvas(f"CSDR Hub · {title}", stamp_key, stamp))
    return buffer.getvalue()
