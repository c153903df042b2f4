"""Importing contributions from XLSX and CSV: all rows or none, problems by row and column."""

import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.extensions import db
from app.nodes.contributions.imports import (
    COLUMNS,
    ImportFailed,
    export_rows,
    import_contributions,
    template_csv,
    template_xlsx,
)
from app.nodes.contributions.models import Contribution
from app.nodes.contributions.queries import contributions_query
from tests.factories import SYSTEM


def xlsx(rows, header=COLUMNS, sheet="contributions") -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(lines) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def count() -> int:
    return db.session.scalar(select(func.count(Contribution.id)))


@pytest.fixture
def partners(make):
    lpi = make.organization(name="Lao partner institution", acronym="LPI")
    dlr = make.organization(name="German Aerospace Center", acronym="DLR", country="DEU")
    node = make.node(code="LAO", host=lpi)
    return lpi, dlr, node


def good_row(i=0):
    return ("dlr", "LAO", 2025, "financial", 1000 + i, "EUR", None, None, None, f"Grant {i}", None)


def test_a_good_csv_imports_matching_names_and_acronyms_ignoring_case(partners):
    lpi, dlr, node = partners
    data = csv_bytes([",".join(COLUMNS),
                      "lao partner institution,lao,2024,storage,,usd,20,TB,4000,Storage for the node,",
                      "DLR,,2025,financial,1500.50,EUR,,,,Grant,https://example.org/grant",
                      "Dlr,,2025,staff,,,1,FTE,,Secondment,"])
    assert import_contributions(SYSTEM, "c.csv", data).batch.rows_added == 3
    db.session.commit()
    rows = db.session.scalars(select(Contribution).order_by(Contribution.id)).all()
    assert [(r.organization_id, r.node_id, r.year, r.kind.value, r.amount, r.currency) for r in rows] == [
        (lpi.id, node.id, 2024, "storage", None, "USD"),
        (dlr.id, None, 2025, "financial", Decimal("1500.50"), "EUR"),
        (dlr.id, None, 2025, "staff", None, None)]
    assert rows[0].quantity == Decimal("20.000") and rows[0].estimated_value == Decimal("4000.00")


def test_semicolon_csv_with_a_bom(partners):
    data = ("\ufeff" + ";".join(COLUMNS) + "\nDLR;;2025;financial;10;EUR;;;;;\n").encode()
    assert import_contributions(SYSTEM, "c.csv", data).batch.rows_added == 1


def test_one_bad_row_among_many_writes_nothing_and_names_the_row(partners):
    rows = [good_row(i) for i in range(300)]
    rows[135] = ("DLR", "LAO", 2025, "financial", 500, "EUX", None, None, None, "bad currency", None)
    with pytest.raises(ImportFailed) as raised:
        import_contributions(SYSTEM, "c.xlsx", xlsx(rows))
    problems = raised.value.problems
    assert [(p.row, p.column) for p in problems] == [(137, "currency")]   # header is row 1
    assert "EUX" in problems[0].message
    assert raised.value.status == 422 and "row 137" in raised.value.fields
    db.session.rollback()
    assert count() == 0


def test_every_bad_row_is_reported_by_row_and_column(partners):
    data = csv_bytes([",".join(COLUMNS),
                      "DLR,,2025,financial,100,EUR,,,,,",
                      "Unknown Org,,2025,financial,100,EUR,,,,,",
                      "DLR,ZZZ,2025,gift,-5,EUR,,,,,",
                      "DLR,,20x5,storage,,,3,,,,",
                      ",,,,,,,,,,",          # an empty row is skipped
                      "DLR,,2025,financial,,EUR,,,,,"])
    with pytest.raises(ImportFailed) as raised:
        import_contributions(SYSTEM, "c.csv", data)
    found = {(p.row, p.column) for p in raised.value.problems}
    assert found == {(3, "organization"), (4, "node"), (4, "kind"), (4, "amount"), (5, "year"), (5, "unit"),
                     (7, "amount")}
    assert count() == 0


def test_an_ambiguous_acronym_is_refused(partners, make):
    make.organization(name="Deutsches Luftfahrt Register", acronym="DLR")
    data = csv_bytes([",".join(COLUMNS), "DLR,,2025,financial,100,EUR,,,,,",
                      "German Aerospace Center,,2025,financial,100,EUR,,,,,"])
    with pytest.raises(ImportFailed) as raised:
        import_contributions(SYSTEM, "c.csv", data)
    assert [(p.row, p.column) for p in raised.value.problems] == [(2, "organization")]
    assert "several organizations" in raised.value.problems[0].message


@pytest.mark.parametrize(("name", "data", "column"), [
    ("c.csv", b"organization,year,colour\nDLR,2025,red\n", "colour"),
    ("c.csv", b"organization,year\nDLR,2025\n", "kind"),
    ("c.csv", b"", "file"),
    ("c.txt", b"organization,year,kind\n", "file"),
    ("c.xlsx", b"organization,year,kind\n", "file"),
    ("c.csv", "organization,year,kind\nDLR,2025,financial\n".encode("utf-16"), "file"),
    ("c.csv", "organization,year,kind\nSociété,2025,financial\n".encode("latin-1"), "file"),
])
def test_bad_files_are_refused_with_a_reason(partners, name, data, column):
    with pytest.raises(ImportFailed) as raised:
        import_contributions(SYSTEM, name, data)
    assert raised.value.problems[0].column == column


def test_a_header_only_file_imports_nothing(partners):
    with pytest.raises(ImportFailed) as raised:
        import_contributions(SYSTEM, "c.csv", template_csv().encode())
    assert "no rows" in raised.value.problems[0].message


def test_an_xlsx_that_unpacks_into_too_much_is_refused(partners):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<" + "a" * 20_000_000 + "/>")
    with pytest.raises(ImportFailed) as raised:
        import_contributions(SYSTEM, "bomb.xlsx", buffer.getvalue())
    assert "compressed" in raised.value.problems[0].message


def test_ten_thousand_rows_import(partners):
    rows = [good_row(i) for i in range(10_000)]
    assert import_contributions(SYSTEM, "big.xlsx", xlsx(rows)).batch.rows_added == 10_000
    db.session.commit()
    assert count() == 10_000
    assert db.session.scalar(select(func.sum(Contribution.amount))) == sum(Decimal(1000 + i) for i in range(10_000))


def test_the_template_round_trips(partners):
    template = load_workbook(io.BytesIO(template_xlsx()))
    assert template.sheetnames[0] == "contributions"
    sheet = template["contributions"]
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert ("German Aerospace Center", "DLR") in {tuple(r) for r in template["organizations"].iter_rows(
        min_row=2, values_only=True)}
    sheet.append(["DLR", "LAO", 2025, "hardware", None, "USD", 3, "servers", 12000, "=cmd|' /C calc'!A0", None])
    sheet.append(["LPI", None, 2024, "financial", 99.95, "USD", None, None, None, "Cash", "ref-1"])
    buffer = io.BytesIO()
    template.save(buffer)
    assert import_contributions(SYSTEM, "filled.xlsx", buffer.getvalue()).batch.rows_added == 2
    db.session.commit()
    before = _snapshot()
    # Export in the template's columns, delete everything, import the export: the same records.
    exported = list(db.session.scalars(contributions_query()).unique())
    from app.core.exports import to_csv, to_xlsx

    xlsx_export = to_xlsx({"contributions": (COLUMNS, export_rows(SYSTEM, exported))})
    csv_export = to_csv(COLUMNS, export_rows(SYSTEM, exported)).encode()
    for name, data in (("export.xlsx", xlsx_export), ("export.csv", csv_export)):
        for record in db.session.scalars(select(Contribution)):
            db.session.delete(record)
        db.session.commit()
        assert import_contributions(SYSTEM, name, data).batch.rows_added == 2
        db.session.commit()
        assert _snapshot() == before, name


def _snapshot():
    return sorted((c.organization_id, c.node_id, c.year, c.kind.value, c.amount, c.currency, c.quantity, c.unit,
                   c.estimated_value, c.description, c.evidence) for c in db.session.scalars(select(Contribution)))


def test_a_coordinator_imports_rows_of_their_own_node_only(partners, make, user_factory):
    lpi, dlr, node = partners
    other = make.node(code="NPL")
    coordinator = user_factory("coordinator", node=node)
    data = csv_bytes([",".join(COLUMNS), "DLR,,2025,financial,1,EUR,,,,,", "DLR,NPL,2025,financial,1,EUR,,,,,"])
    with pytest.raises(ImportFailed) as raised:
        import_contributions(coordinator, "c.csv", data)
    assert [(p.row, p.column) for p in raised.value.problems] == [(3, "node")]
    assert other.id not in {c.node_id for c in db.session.scalars(select(Contribution))}
    data = csv_bytes([",".join(COLUMNS), "DLR,,2025,financial,1,EUR,,,,,", "DLR,lao,2025,financial,1,EUR,,,,,"])
    assert import_contributions(coordinator, "c.csv", data).batch.rows_added == 2
    assert {c.node_id for c in db.session.scalars(select(Contribution))} == {node.id}


def test_board_may_not_import(partners, user_factory):
    from app.core.errors import Forbidden

    with pytest.raises(Forbidden):
        import_contributions(user_factory("board"), "c.csv", csv_bytes([",".join(COLUMNS)]))


def test_cli_imports_a_file(partners, runner, tmp_path):
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes([",".join(COLUMNS), "DLR,,2025,financial,10,EUR,,,,,"]))
    result = runner.invoke(args=["import", "contributions", str(good)])
    assert result.exit_code == 0, result.output
    assert "1 contribution added, 0 already recorded and skipped" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([",".join(COLUMNS), "DLR,,2025,financial,10,EUR,,,,,", "DLR,,2025,financial,x,EUR,,,,,"]))
    result = runner.invoke(args=["import", "contributions", str(bad)])
    assert result.exit_code == 1
    assert "row 3, amount" in result.output and "Nothing was imported" in result.output
    assert count() == 1


# --- batches: the same file never twice, rows already recorded skipped ------------------------------------

def _grand_total() -> Decimal:
    return db.session.scalar(select(func.sum(Contribution.amount))) or Decimal(0)


def test_an_import_is_a_recorded_batch_its_contributions_point_to(partners, user_factory):
    import hashlib

    secretariat = user_factory("secretariat")
    data = csv_bytes([",".join(COLUMNS), "DLR,,2025,financial,10,EUR,,,,Grant A,", "LPI,LAO,2024,staff,,,2,FTE,,,"])
    outcome = import_contributions(secretariat, "grants.csv", data)
    db.session.commit()
    batch = outcome.batch
    assert (batch.sha256, batch.filename, batch.imported_by_id, batch.imported_via.value, batch.rows_added,
            batch.rows_skipped) == (hashlib.sha256(data).hexdigest(), "grants.csv", secretariat.id, "page", 2, 0)
    assert batch.imported_at is not None
    assert {c.import_id for c in db.session.scalars(select(Contribution))} == {batch.id}


def test_the_same_file_again_is_refused_naming_the_earlier_batch_and_totals_stay(partners, user_factory):
    from app.core.errors import Conflict

    secretariat = user_factory("secretariat")
    data = xlsx([good_row(1), good_row(2)])
    first = import_contributions(secretariat, "grants.xlsx", data).batch
    db.session.commit()
    total = _grand_total()
    with pytest.raises(Conflict) as raised:
        import_contributions(secretariat, "renamed.xlsx", data)
    db.session.rollback()
    message = raised.value.message
    assert f"import {first.id} (grants.xlsx)" in message and secretariat.name in message
    assert raised.value.fields["file"] == [message]
    assert count() == 2 and _grand_total() == total == Decimal("2003.00")


def test_rows_already_recorded_are_skipped_and_reported_not_added(partners, make):
    lpi, dlr, node = partners
    first = make.contribution(dlr, node_id=node.id, amount="1001", currency="EUR", description="Grant 1")
    second = make.contribution(dlr, node_id=node.id, amount="1002", currency="EUR", description="Grant 2")
    rows = [good_row(1),
            ("DLR", "LAO", 2025, "financial", 1002, "EUR", None, None, None, "  grant  2 ", None),  # spacing, case
            good_row(3),
            ("DLR", "LAO", 2025, "financial", 1001, "EUR", None, None, None, "Grant 1 (second)", None),
            ("DLR", None, 2025, "financial", 1001, "EUR", None, None, None, "Grant 1", None)]  # no node: another
    outcome = import_contributions(SYSTEM, "grants.xlsx", xlsx(rows))
    db.session.commit()
    assert (outcome.batch.rows_added, outcome.batch.rows_skipped) == (3, 2)
    assert [(p.row, p.message) for p in outcome.skipped] == [
        (2, f"already recorded (contribution {first.id})"), (3, f"already recorded (contribution {second.id})")]
    assert count() == 5
    assert sorted(c.description for c in db.session.scalars(
        select(Contribution).where(Contribution.import_id == outcome.batch.id))) == [
        "Grant 1", "Grant 1 (second)", "Grant 3"]


def test_two_equal_rows_against_one_record_add_one(partners, make):
    lpi, dlr, node = partners
    make.contribution(dlr, node_id=node.id, amount="1000", currency="EUR", description="Grant 0")
    outcome = import_contributions(SYSTEM, "c.xlsx", xlsx([good_row(0), good_row(0)]))
    assert (outcome.batch.rows_added, outcome.batch.rows_skipped) == (1, 1)


def test_a_refused_or_failed_import_records_no_batch(partners):
    from app.nodes.contributions.models import ContributionImport

    bad = csv_bytes([",".join(COLUMNS), "DLR,,2025,financial,x,EUR,,,,,"])
    with pytest.raises(ImportFailed):
        import_contributions(SYSTEM, "c.csv", bad)
    db.session.rollback()
    assert db.session.scalar(select(func.count(ContributionImport.id))) == 0


def test_cli_refuses_the_same_file_again_and_reports_known_rows(partners, runner, tmp_path):
    first = tmp_path / "first.csv"
    first.write_bytes(csv_bytes([",".join(COLUMNS), "DLR,,2025,financial,10,EUR,,,,A,"]))
    assert runner.invoke(args=["import", "contributions", str(first)]).exit_code == 0
    result = runner.invoke(args=["import", "contributions", str(first)])
    assert result.exit_code == 1
    assert "imported already: import 1 (first.csv)" in result.output and "a command on the server" in result.output
    second = tmp_path / "second.csv"
    second.write_bytes(csv_bytes([",".join(COLUMNS), "DLR,,2025,financial,10,EUR,,,,A,",
                                  "DLR,,2025,financial,5,EUR,,,,B,"]))
    result = runner.invoke(args=["import", "contributions", str(second)])
    assert result.exit_code == 0, result.output
    assert "Skipped row 2, contribution: already recorded" in result.output
    assert "Import 2: 1 contribution added, 1 already recorded and skipped" in result.output
    assert count() == 2 and _grand_total() == Decimal("15.00")


def _with_sheet_xml(sheet_xml: str) -> bytes:
    """A real .xlsx whose first worksheet's XML is replaced."""
    source = zipfile.ZipFile(io.BytesIO(xlsx([good_row()])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = sheet_xml.encode() if item.filename == "xl/worksheets/sheet1.xml" else source.read(item.filename)
            target.writestr(item, data)
    return buffer.getvalue()


def test_xml_entities_in_an_xlsx_are_refused(partners):
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML  # openpyxl parses with defusedxml
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
              '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>')
    with pytest.raises(ImportFailed) as raised:
        import_contributions(SYSTEM, "laughs.xlsx", _with_sheet_xml(laughs))
    assert raised.value.problems[0].column == "file", raised.value.problems
    assert "could not be read" in raised.value.problems[0].message
    assert count() == 0


def test_a_broken_worksheet_is_a_clear_problem_not_a_crash(partners):
    broken = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>organization</t></is></c></row><row r="2">')
    with pytest.raises(ImportFailed) as raised:
        import_contributions(SYSTEM, "broken.xlsx", _with_sheet_xml(broken))
    assert "could not be read" in raised.value.problems[0].message
