"""Agreement pages: register, filters, constant query count, forms, renewal, termination, exports."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import event, select

from app.agreements.models import Agreement, AgreementStatus
from tests.conftest import csrf_enabled
from tests.factories import PDF_BYTES

TODAY = date.today()


def refs(html: str) -> list[str]:
    return re.findall(r'<a href="/agreements/\d+">([^<]+)</a>', html)


@pytest.fixture
def register(make):
    lasac = make.organization(name="LASAC", acronym="LASAC", country="CHN")
    uon = make.organization(name="University of Nottingham", acronym="UoN", country="GBR")
    make.agreement(parties=[lasac, uon], reference="MOU-GBR", title="MOU with Nottingham", status="active",
                   expires_on=TODAY + timedelta(days=45))
    make.agreement(reference="MOU-OLD", status="active", effective_from=date(2015, 1, 1), expires_on=date(2018, 1, 1))
    make.agreement(reference="LOI-1", kind="letter_of_intent", status="negotiating")
    make.agreement(reference="MOU-LONG", status="active", expires_on=TODAY + timedelta(days=300))
    return {"lasac": lasac, "uon": uon}


@pytest.mark.parametrize(("query", "expected"), [
    ("", ["LOI-1", "MOU-GBR", "MOU-LONG", "MOU-OLD"]),
    ("state=expiring", ["MOU-GBR"]),
    ("state=expired", ["MOU-OLD"]),
    ("state=negotiating", ["LOI-1"]),
    ("kind=letter_of_intent", ["LOI-1"]),
    ("country=GBR", ["MOU-GBR"]),
    ("q=nottingham", ["MOU-GBR"]),
    ("q=uon", ["MOU-GBR"]),
    ("expiring_within_days=60", ["MOU-GBR"]),
    ("expiring_within_days=365", ["MOU-GBR", "MOU-LONG"]),
    ("sort=-reference", ["MOU-OLD", "MOU-LONG", "MOU-GBR", "LOI-1"]),
    ("sort=expires_on&kind=mou", ["MOU-OLD", "MOU-GBR", "MOU-LONG"]),
    ("per_page=2&page=2", ["MOU-LONG", "MOU-OLD"]),
])
def test_register_filters_search_sort_and_pages(client, login_as, register, query, expected):
    login_as("board")
    response = client.get(f"/agreements?{query}")
    assert response.status_code == 200
    assert refs(response.get_data(as_text=True)) == expected


def test_register_partner_filter(client, login_as, register):
    login_as("secretariat")
    html = client.get(f"/agreements?organization_id={register['uon'].id}").get_data(as_text=True)
    assert refs(html) == ["MOU-GBR"]


def test_a_bad_filter_is_a_400_not_a_500(client, login_as):
    login_as("secretariat")
    assert client.get("/agreements?state=soon").status_code == 400
    assert client.get("/agreements?expiring_within_days=abc").status_code == 400


def _count_statements(db, call):
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        response = call()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert response.status_code == 200
    return len(statements)


def test_the_register_answers_in_a_constant_number_of_queries(client, login_as, make, db):
    login_as("secretariat")
    people = [make.person() for _ in range(2)]

    def add(n):
        for _ in range(n):
            licensee = make.organization()
            make.agreement(kind="data_license", parties=[make.organization(), licensee], status="draft",
                           expires_on=TODAY + timedelta(days=100), signatory_ids=[p.id for p in people],
                           license={"licensee_id": licensee.id, "satellites": ["GF-2"], "product_levels": ["L1"],
                                    "territory": ["LAO"], "permitted_uses": ["research"]})

    url = "/agreements?per_page=200&state=draft&sort=-expires_on"
    add(3)
    few = _count_statements(db, lambda: client.get(url))
    add(40)
    many = _count_statements(db, lambda: client.get(url))
    assert many == few
    html = client.get(url).get_data(as_text=True)
    assert len(refs(html)) == 43
    # The exports read the same way.
    assert _count_statements(db, lambda: client.get("/agreements/export.csv?state=draft")) <= few + 1


def test_exports_neutralise_formulas(client, login_as, make):
    login_as("secretariat")
    make.agreement(reference="=HYPERLINK(1)", title="+cmd|' /C calc'!A0", notes="x",
                   parties=[make.organization(name="-2+3"), make.organization(name="@SUM(A1)")])
    csv_response = client.get("/agreements/export.csv")
    assert csv_response.status_code == 200
    assert csv_response.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(csv_response.get_data(as_text=True).lstrip("\ufeff"))))
    header, row = rows[0], rows[1]
    assert row[header.index("reference")] == "'=HYPERLINK(1)"
    assert row[header.index("title")] == "'+cmd|' /C calc'!A0"
    assert row[header.index("parties")].startswith("'-2+3")
    xlsx_response = client.get("/agreements/export.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx_response.data)).active
    values = [cell.value for cell in sheet[2]]
    assert "'=HYPERLINK(1)" in values and "'+cmd|' /C calc'!A0" in values
    assert all(cell.data_type != "f" for cell in sheet[2])


def test_exports_follow_the_filters(client, login_as, register):
    login_as("secretariat")
    text = client.get("/agreements/export.csv?state=expired").get_data(as_text=True)
    assert "MOU-OLD" in text and "MOU-GBR" not in text


def _form(orgs, **fields):
    data = {"kind": "mou", "reference": "MOU-NEW", "title": "New MOU", "status": "draft",
            "non_commercial": "y", "geoss_principles": "y"}
    for i, org in enumerate(orgs):
        data[f"parties-{i}-organization_id"] = str(org.id)
        data[f"parties-{i}-role"] = "lead" if i == 0 else "partner"
    return data | fields


def test_create_through_the_form(client, login_as, make, db):
    login_as("secretariat")
    orgs = [make.organization(), make.organization()]
    assert client.get("/agreements/new").status_code == 200
    response = client.post("/agreements/new", data=_form(orgs, expires_on="2030-01-31", notice_days="120"))
    assert response.status_code == 302
    record = db.session.scalar(select(Agreement).where(Agreement.reference == "MOU-NEW"))
    assert record.party_organization_ids == {o.id for o in orgs} and record.notice_days == 120
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "MOU-NEW" in detail and orgs[0].name in detail and "History" in detail


def _errors_by_field(html: str) -> dict[str, str]:
    return dict(re.findall(r'<div class="invalid-feedback" id="([\w-]+)-errors">([^<]+)</div>', html))


def test_cross_field_errors_show_next_to_their_fields(client, login_as, make):
    login_as("secretariat")
    orgs = [make.organization()]
    response = client.post("/agreements/new", data=_form(
        orgs, kind="data_license", status="active", effective_from="2025-01-01", expires_on="2024-01-01",
        territory="LAO, XYZ", satellites="GF-2", product_levels="L1", permitted_uses="research"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    errors = _errors_by_field(html)
    assert "after the effective date" in errors["expires_on"]
    assert "needs a licensee" in errors["licensee_id"]
    assert "at least two parties" in html


def test_license_terms_through_the_form(client, login_as, make, db):
    login_as("secretariat")
    orgs = [make.organization(), make.organization()]
    response = client.post("/agreements/new", data=_form(
        orgs, kind="data_license", reference="LIC-F", licensee_id=str(orgs[1].id), territory="lao khm",
        satellites=["GF-2", "ZY-3"], product_levels=["L1"], permitted_uses=["research", "education"]))
    assert response.status_code == 302, _errors_by_field(response.get_data(as_text=True))
    record = db.session.scalar(select(Agreement).where(Agreement.reference == "LIC-F"))
    assert record.license.territory == ["LAO", "KHM"] and record.license.satellites == ["GF-2", "ZY-3"]
    edit = client.get(f"/agreements/{record.id}/edit").get_data(as_text=True)
    assert 'value="LAO, KHM"' in edit


def test_a_stale_edit_answers_409_and_keeps_the_newer_data(client, login_as, make, db):
    login_as("secretariat")
    record = make.agreement(title="Original")
    orgs = [p.organization for p in record.parties]
    stale_version = str(record.version)
    first = client.post(f"/agreements/{record.id}/edit", data=_form(orgs, reference=record.reference,
                                                                    title="First", version=stale_version))
    assert first.status_code == 302
    second = client.post(f"/agreements/{record.id}/edit", data=_form(orgs, reference=record.reference,
                                                                     title="Second", version=stale_version))
    assert second.status_code == 409
    assert "changed by someone else" in second.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Agreement, record.id).title == "First"


def test_renew_and_terminate_pages(client, login_as, make, db):
    login_as("secretariat")
    old = make.agreement(reference="MOU-2020", status="active", effective_from=date(2020, 1, 1),
                         expires_on=date(2024, 12, 31))
    page = client.get(f"/agreements/{old.id}/renew").get_data(as_text=True)
    assert 'value="MOU-2020-R1"' in page and 'value="2025-01-01"' in page
    response = client.post(f"/agreements/{old.id}/renew", data={
        "reference": "MOU-2020-R1", "status": "active", "effective_from": "2025-01-01", "expires_on": "2029-12-31",
        "version": str(old.version)})
    assert response.status_code == 302
    db.session.expire_all()
    new = db.session.scalar(select(Agreement).where(Agreement.reference == "MOU-2020-R1"))
    assert db.session.get(Agreement, old.id).status == AgreementStatus.superseded
    detail = client.get(f"/agreements/{new.id}").get_data(as_text=True)
    assert "MOU-2020" in detail and 'data-state="superseded"' in detail  # the chain shows the predecessor
    refused = client.post(f"/agreements/{new.id}/terminate", data={"ended_on": "2019-01-01", "reason": "",
                                                                   "version": str(new.version)})
    assert refused.status_code == 422
    done = client.post(f"/agreements/{new.id}/terminate", data={"ended_on": TODAY.isoformat(), "reason": "Ended",
                                                                "version": str(new.version)})
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(Agreement, new.id).status == AgreementStatus.terminated


def test_timeline_groups_by_month(client, login_as, register, make):
    login_as("board")
    make.agreement(reference="MOU-OPEN", status="active", expires_on=None)
    html = client.get("/agreements/timeline").get_data(as_text=True)
    soon = TODAY + timedelta(days=45)
    assert f"{soon.year:04d}-{soon.month:02d}" in html
    make.agreement(reference="MOU-FAR", status="active", expires_on=TODAY + timedelta(days=3000))
    html = client.get("/agreements/timeline").get_data(as_text=True)
    assert html.index("MOU-GBR") < html.index("MOU-LONG") < html.index("Ending later") < html.index("MOU-FAR")
    assert html.index("MOU-FAR") < html.index("MOU-OPEN")
    assert "MOU-OLD" not in html  # expired long before the last 90 days
    assert "LOI-1" not in html  # not in force


def test_upload_through_the_page(client, login_as, make, db):
    login_as("secretariat")
    record = make.agreement()
    response = client.post(f"/agreements/{record.id}/documents",
                           data={"file": (io.BytesIO(b"PK\x03\x04 a zip"), "signed.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 415
    assert "not a PDF" in _errors_by_field(response.get_data(as_text=True))["file"]
    response = client.post(f"/agreements/{record.id}/documents",
                           data={"file": (io.BytesIO(PDF_BYTES), "signed.pdf"), "title": "Signed MOU"},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    html = client.get(f"/agreements/{record.id}").get_data(as_text=True)
    link = re.search(r'href="(/agreements/\d+/documents/\d+)">signed.pdf', html).group(1)
    download = client.get(link)
    content = download.data
    download.close()
    assert content == PDF_BYTES and download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"


def test_an_oversize_page_upload_answers_413(client, login_as, make, app):
    login_as("secretariat")
    record = make.agreement()
    before, app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_CONTENT_LENGTH"], 1024
    try:
        response = client.post(f"/agreements/{record.id}/documents",
                               data={"file": (io.BytesIO(PDF_BYTES + b"%" * 4096), "big.pdf")},
                               content_type="multipart/form-data")
    finally:
        app.config["MAX_CONTENT_LENGTH"] = before
    assert response.status_code == 413


def test_forms_need_csrf(app, client, login_as, make):
    login_as("secretariat")
    record = make.agreement()
    with csrf_enabled(app):
        assert client.post(f"/agreements/{record.id}/terminate", data={"reason": "x"}).status_code == 400
        assert client.post(f"/agreements/{record.id}/documents",
                           data={"file": (io.BytesIO(PDF_BYTES), "a.pdf")},
                           content_type="multipart/form-data").status_code == 400


def test_user_text_is_escaped(client, login_as, make):
    login_as("secretariat")
    record = make.agreement(title='"><script>alert(1)</script>')
    html = client.get(f"/agreements/{record.id}").get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_a_draft_is_deleted_from_its_page_and_an_active_one_is_not(client, login_as, make, db):
    login_as("secretariat")
    draft, active = make.agreement(status="draft"), make.agreement(status="active")
    assert "Delete draft" in client.get(f"/agreements/{draft.id}").get_data(as_text=True)
    assert "Delete draft" not in client.get(f"/agreements/{active.id}").get_data(as_text=True)
    assert client.post(f"/agreements/{draft.id}/delete").status_code == 302
    assert client.post(f"/agreements/{active.id}/delete").status_code == 409
    db.session.expire_all()
    assert db.session.get(Agreement, draft.id) is None and db.session.get(Agreement, active.id) is not None
