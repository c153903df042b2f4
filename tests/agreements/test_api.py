"""/api/v1/agreements and /api/v1/agreements/<id>/documents, per API.md."""

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import event, func, select

from app.agreements.models import Agreement, AgreementDocument
from tests.factories import PDF_BYTES

TODAY = date.today()


def body(orgs, **fields):
    return {"kind": "mou", "reference": "MOU-API-1", "title": "An MOU", "status": "active",
            "effective_from": (TODAY - timedelta(days=30)).isoformat(),
            "expires_on": (TODAY + timedelta(days=150)).isoformat(), "notice_days": 180,
            "parties": [{"organization_id": orgs[0].id, "role": "lead"},
                        {"organization_id": orgs[1].id, "role": "partner"}]} | fields


@pytest.fixture
def orgs(make):
    return [make.organization(name="LASAC", acronym="LASAC", country="CHN"),
            make.organization(name="Lao institute", country="LAO")]


def test_create_read_and_list(api_as, orgs):
    api = api_as("secretariat")
    response = api.post("/api/v1/agreements", json=body(orgs, state="expired"))
    assert response.status_code == 201, response.json
    record = response.json
    assert response.headers["Location"].endswith(f"/api/v1/agreements/{record['id']}")
    assert record["state"] == "expiring"  # read-only: derived (180-day notice), the "expired" sent is ignored
    assert record["version"] == 1 and record["non_commercial"] is True
    assert [p["organization_name"] for p in record["parties"]] == ["LASAC", "Lao institute"]
    assert api.get(f"/api/v1/agreements/{record['id']}").json["reference"] == "MOU-API-1"
    listing = api.get("/api/v1/agreements").json
    assert listing["total"] == 1 and listing["items"][0]["id"] == record["id"]


def test_validation_errors_name_the_fields(api_as, orgs):
    api = api_as("secretariat")
    response = api.post("/api/v1/agreements", json=body(orgs, expires_on="2000-01-01", kind="data_license"))
    assert response.status_code == 422
    fields = response.json["error"]["fields"]
    assert "expires_on" in fields and "license.licensee_id" in fields
    bad = api.post("/api/v1/agreements", json=body(orgs, kind="treaty", parties=[{"organization_id": "x"}]))
    assert bad.status_code == 422 and {"kind", "parties"} <= set(bad.json["error"]["fields"])


def test_a_license_through_the_api(api_as, orgs):
    api = api_as("secretariat")
    assert api.post("/api/v1/agreements", json=body(orgs)).status_code == 201
    license_body = body(orgs, kind="data_license", reference="LIC-API", license={
        "licensee_id": orgs[1].id, "satellites": ["GF-2"], "product_levels": ["L1"], "territory": ["LAO"],
        "permitted_uses": ["research"]})
    response = api.post("/api/v1/agreements", json=license_body)
    assert response.status_code == 201, response.json
    assert response.json["license"] == {"licensee_id": orgs[1].id, "satellites": ["GF-2"], "product_levels": ["L1"],
                                        "territory": ["LAO"], "permitted_uses": ["research"]}
    patched = api.patch(f"/api/v1/agreements/{response.json['id']}",
                        json={"license": {"territory": ["LAO", "KHM"]}, "version": response.json["version"]})
    assert patched.status_code == 200, patched.json
    assert patched.json["license"]["territory"] == ["LAO", "KHM"]
    assert patched.json["license"]["satellites"] == ["GF-2"]  # license fields not sent stay as they were


def test_patch_needs_the_current_version(api_as, orgs, db):
    api = api_as("secretariat")
    record = api.post("/api/v1/agreements", json=body(orgs)).json
    url = f"/api/v1/agreements/{record['id']}"
    assert api.patch(url, json={"title": "No version"}).status_code == 422
    changed = api.patch(url, json={"title": "Renamed", "version": record["version"], "state": "terminated"})
    assert changed.status_code == 200 and changed.json["version"] == 2 and changed.json["state"] == "expiring"
    assert changed.json["parties"] == record["parties"]  # absent fields stay as they are
    stale = api.patch(url, json={"title": "Lost update", "version": record["version"]})
    assert stale.status_code == 409 and stale.json["error"]["code"] == "stale_version"
    db.session.expire_all()
    assert db.session.get(Agreement, record["id"]).title == "Renamed"


def test_filters(api_as, make, orgs):
    api = api_as("secretariat")
    make.agreement(parties=orgs, status="active", expires_on=TODAY + timedelta(days=30), reference="SOON")
    later = make.agreement(status="active", expires_on=TODAY + timedelta(days=400), reference="LATER")
    make.agreement(status="draft", reference="DRAFT", kind="letter_of_intent")

    def refs(query):
        response = api.get(f"/api/v1/agreements?{query}")
        assert response.status_code == 200, response.json
        return [item["reference"] for item in response.json["items"]]

    assert refs("state=expiring") == ["SOON"]
    assert refs("state=active") == ["LATER"]
    assert refs("kind=letter_of_intent") == ["DRAFT"]
    assert refs(f"organization_id={orgs[1].id}") == ["SOON"]
    assert refs("expiring_within_days=60") == ["SOON"]
    assert refs("expiring_within_days=500") == ["LATER", "SOON"]
    assert refs("expiring_within_days=500&sort=-expires_on") == ["LATER", "SOON"]
    assert refs("expiring_within_days=500&sort=expires_on") == ["SOON", "LATER"]
    assert refs("country=CHN") == ["SOON"]  # LASAC, a party of SOON only (factory organizations are in LAO)
    assert later.id
    for bad in ("state=bogus", "kind=treaty", "expiring_within_days=soon", "expiring_within_days=-1",
                "organization_id=x", "sort=password"):
        response = api.get(f"/api/v1/agreements?{bad}")
        assert response.status_code == 400, bad
        assert response.json["error"]["fields"], bad


def test_the_list_answers_in_a_constant_number_of_queries(api_as, make, db):
    api = api_as("secretariat")

    def count(n_more):
        for _ in range(n_more):
            licensee = make.organization()
            make.agreement(status="draft", kind="data_license", parties=[make.organization(), licensee],
                           license={"licensee_id": licensee.id, "satellites": ["GF-1"], "product_levels": ["L1"],
                                    "territory": ["LAO"], "permitted_uses": ["research"]},
                           signatory_ids=[make.person().id])
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            response = api.get("/api/v1/agreements?per_page=200&state=draft")
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        assert response.status_code == 200
        return len(statements), response.json["total"]

    few, total = count(2)
    many, total_many = count(25)
    assert (total, total_many) == (2, 27)
    assert many == few


def _upload(api, agreement_id, content=PDF_BYTES, filename="signed.pdf", **extra):
    return api.post(f"/api/v1/agreements/{agreement_id}/documents",
                    data={"file": (io.BytesIO(content), filename), **extra}, content_type="multipart/form-data",
                    headers=extra.pop("headers", None))


def test_documents_upload_list_download(api_as, make, db):
    api = api_as("secretariat")
    agreement = make.agreement()
    response = _upload(api, agreement.id, title="Signed MOU")
    assert response.status_code == 201, response.json
    document = response.json
    assert {"id", "filename", "size", "sha256", "version", "uploaded_at"} <= set(document)
    assert document["version"] == 1 and document["size"] == len(PDF_BYTES) and document["filename"] == "signed.pdf"
    again = _upload(api, agreement.id, title="Signed MOU").json
    assert again["version"] == 2
    listing = api.get(f"/api/v1/agreements/{agreement.id}/documents").json
    assert [d["version"] for d in listing["items"]] == [2, 1] and listing["total"] == 2
    download = api.get(response.headers["Location"])
    content = download.data
    download.close()
    assert download.status_code == 200 and content == PDF_BYTES
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Cache-Control"] == "no-store"
    other = make.agreement()
    assert api.get(f"/api/v1/agreements/{other.id}/documents/{document['id']}").status_code == 404


def test_a_renamed_non_pdf_is_refused_with_415(api_as, make, db):
    api = api_as("secretariat")
    agreement = make.agreement()
    response = _upload(api, agreement.id, content=b"GIF89a not a pdf", filename="scan.pdf")
    assert response.status_code == 415 and "file" in response.json["error"]["fields"]
    missing = api.post(f"/api/v1/agreements/{agreement.id}/documents", data={}, content_type="multipart/form-data")
    assert missing.status_code == 400 and "file" in missing.json["error"]["fields"]
    assert db.session.scalar(select(func.count(AgreementDocument.id))) == 0


def test_an_oversize_upload_is_refused_with_413(api_as, make, app, db):
    api = api_as("secretariat")
    agreement = make.agreement()
    before = app.config["MAX_CONTENT_LENGTH"]
    app.config["MAX_CONTENT_LENGTH"] = 2048
    try:
        big = PDF_BYTES.replace(b"%%EOF", b"%" + b"x" * 4096 + b"\n%%EOF")
        response = _upload(api, agreement.id, content=big)
    finally:
        app.config["MAX_CONTENT_LENGTH"] = before
    assert response.status_code == 413 and response.json["error"]["code"] == "too_large"
    assert db.session.scalar(select(func.count(AgreementDocument.id))) == 0


def test_an_upload_retried_with_its_idempotency_key_is_stored_once(api_as, make, db):
    api = api_as("secretariat")
    agreement = make.agreement()
    first = _upload(api, agreement.id, headers={"Idempotency-Key": "upload-1"})
    second = _upload(api, agreement.id, headers={"Idempotency-Key": "upload-1"})
    assert first.status_code == second.status_code == 201
    assert second.headers.get("Idempotent-Replayed") == "true" and second.json == first.json
    assert db.session.scalar(select(func.count(AgreementDocument.id))) == 1
    other = _upload(api, agreement.id, content=PDF_BYTES.replace(b"Catalog", b"Catalog "),
                    headers={"Idempotency-Key": "upload-1"})
    assert other.status_code == 400  # the same key with another file is an error, not a replay


def test_renew_and_terminate_through_the_api(api_as, make, orgs):
    api = api_as("secretariat")
    old = make.agreement(parties=orgs, status="active", effective_from=date(2020, 1, 1), expires_on=date(2024, 12, 31))
    stale = api.post(f"/api/v1/agreements/{old.id}/renew", json={"reference": "R-2", "version": old.version + 5})
    assert stale.status_code == 409
    renewed = api.post(f"/api/v1/agreements/{old.id}/renew", json={"reference": "R-2", "version": old.version})
    assert renewed.status_code == 201, renewed.json
    assert renewed.json["supersedes_id"] == old.id and renewed.json["effective_from"] == "2025-01-01"
    assert api.get(f"/api/v1/agreements/{old.id}").json["state"] == "superseded"
    new = renewed.json
    ended = api.post(f"/api/v1/agreements/{new['id']}/terminate", json={"reason": "withdrawn",
                                                                       "version": new["version"]})
    assert ended.status_code == 200 and ended.json["state"] == "terminated"
    again = api.post(f"/api/v1/agreements/{new['id']}/terminate", json={"reason": "x",
                                                                       "version": ended.json["version"]})
    assert again.status_code == 409


def test_only_drafts_are_deleted(api_as, make):
    api = api_as("secretariat")
    draft, active = make.agreement(status="draft"), make.agreement(status="active")
    assert api.delete(f"/api/v1/agreements/{draft.id}").status_code == 204
    assert api.delete(f"/api/v1/agreements/{active.id}").status_code == 409


def test_openapi_lists_the_agreement_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {"/api/v1/agreements", "/api/v1/agreements/{key}", "/api/v1/agreements/{key}/documents",
            "/api/v1/agreements/{key}/documents/{document_id}"} <= set(paths)
    assert "post" in paths["/api/v1/agreements/{key}/documents"]
