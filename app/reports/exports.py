"""A snapshot as XLSX (one sheet per area) or as one long CSV; formula-injection safe (core.exports)."""

from flask_babel import force_locale

from app.core import languages
from app.core.exports import to_csv, to_xlsx
from app.reports import wording
from app.reports.snapshot import is_message


def _value(value):
    """A cell as the export writes it: a message cell in English, like the export's titles."""
    if not is_message(value):
        return value
    with force_locale(languages.DEFAULT):
        return wording.cell(value)


def _section_rows(sec: dict) -> list[list]:
    rows: list[list] = []
    for spec in sec["tables"]:
        rows += [[spec["title"]], list(spec["columns"])] + [[_value(v) for v in r] for r in spec["rows"]] + [[]]
    for group in sec["items"]:
        rows += [[group["title"]], ["Source", "Text"]] + [[e["source"], e["text"]] for e in group["entries"]] + [[]]
    return rows


def _sheet_name(title: str, taken: set[str]) -> str:
    name = "".join(c for c in title if c not in "[]:*?/\\")[:31] or "Sheet"
    base, n = name, 2
    while name in taken:
        name = f"{base[:28]} {n}"
        n += 1
    taken.add(name)
    return name


def snapshot_xlsx(snapshot: dict) -> bytes:
    """Headline figures, then one sheet per area, then the annex of nodes."""
    period = snapshot["period"]
    taken: set[str] = set()
    sheets = {_sheet_name("Headline", taken): (
        ["Figure", period["label"], period["previous"], "Unit"],
        [[f["label"], f["value"], f["previous"], f["unit"]] for f in snapshot["headline"]])}
    for sec in snapshot["sections"]:
        sheets[_sheet_name(sec["title"], taken)] = ([sec["title"]], _section_rows(sec))
    annex = snapshot["annex"]["nodes"]
    sheets[_sheet_name("Nodes", taken)] = (annex["columns"], annex["rows"])
    pages = snapshot["annex"].get("node_pages") or []
    if pages:  # every node's figures by quarter, one block of rows per node
        columns = ["Node", *pages[0]["table"]["columns"]]
        sheets[_sheet_name("Nodes by quarter", taken)] = (
            columns, [[p["code"], *row] for p in pages for row in p["table"]["rows"] + p["reports"]["rows"]])
    return to_xlsx(sheets)


def snapshot_csv(snapshot: dict) -> str:
    """Every table cell as one row: area, table, row number, column, value."""
    def rows():
        for f in snapshot["headline"]:
            yield ["headline", "headline", f["key"], "value", f["value"]]
            yield ["headline", "headline", f["key"], "previous", f["previous"]]
        for sec in snapshot["sections"]:
            for spec in sec["tables"]:
                for number, row in enumerate(spec["rows"], start=1):
                    for column, value in zip(spec["columns"], row, strict=True):
                        yield [sec["key"], spec["id"], number, column, _value(value)]
            for group in sec["items"]:
                for number, entry in enumerate(group["entries"], start=1):
                    yield [sec["key"], group["id"], number, entry["source"], entry["text"]]
        annex = snapshot["annex"]["nodes"]
        for number, row in enumerate(annex["rows"], start=1):
            for column, value in zip(annex["columns"], row, strict=True):
                yield ["annex", "nodes", number, column, value]
        for page in snapshot["annex"].get("node_pages") or []:
            for spec in (page["table"], page["reports"]):
                for number, row in enumerate(spec["rows"], start=1):
                    for column, value in zip(spec["columns"], row, strict=True):
                        yield ["nodes", spec["id"], number, column or "Row", value]

    return to_csv(["area", "table", "row", "column", "value"], rows())
