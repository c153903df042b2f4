"""Generated reports through the API (API.md: Generated reports)."""

import json

from app.reports.snapshot import sha256_text
from tests.reports.pdf_text import text


def test_generate_publish_and_download(api_as, make):
    make.node("LAO")
    api = api_as("secretariat")
    response = api.post("/api/v1/reports", json={"kind": "seasonal", "year": 2025, "quarter": 3})
    assert response.status_code == 201, response.json
    body = response.json
    assert {k: body[k] for k in ("kind", "year", "quarter", "status", "version")} == {
        "kind": "seasonal", "year": 2025, "quarter": 3, "status": "draft", "version": 1}
    assert len(body["sha256"]) == 64 and response.headers["Location"].endswith(f"/api/v1/reports/{body['id']}")
    assert body["pdf_url"] == f"/api/v1/reports/{body['id']}/pdf"
    assert body["data_url"] == f"/api/v1/reports/{body['id']}/data"

    again = api.post("/api/v1/reports", json={"kind": "seasonal", "year": 2025, "quarter": 3})
    assert again.status_code == 200 and again.json["id"] == body["id"]  # the open draft, rebuilt

    pdf = api.get(body["pdf_url"])
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and "DRAFT" in text(pdf.data)
    data = api.get(body["data_url"])
    assert sha256_text(data.get_data(as_text=True)) == again.json["data_sha256"]
    assert json.loads(data.data)["period"]["key"] == "2025Q3"

    published = api.post(f"/api/v1/reports/{body['id']}/publish")
    assert published.status_code == 200 and published.json["status"] == "published"
    assert published.json["data_sha256"] == again.json["data_sha256"]
    assert api.post(f"/api/v1/reports/{body['id']}/publish").status_code == 409
    refused = api.post("/api/v1/reports", json={"kind": "seasonal", "year": 2025, "quarter": 3})
    assert refused.status_code == 409 and refused.json["error"]["code"] == "conflict"
    correction = api.post("/api/v1/reports", json={"kind": "seasonal", "year": 2025, "quarter": 3,
                                                   "correction": True})
    assert correction.status_code == 201
    assert (correction.json["version"], correction.json["supersedes_id"]) == (2, body["id"])


def test_board_lists_and_reads_published_reports_only(api_as, make):
    make.node("LAO")
    published = make.report("annual", 2024, publish=True)
    draft = make.report("annual", 2025)
    api = api_as("board")
    listing = api.get("/api/v1/reports")
    assert listing.status_code == 200
    assert [r["id"] for r in listing.json["items"]] == [published.id] and listing.json["total"] == 1
    assert api.get(f"/api/v1/reports/{published.id}").json["status"] == "published"
    assert api.get(f"/api/v1/reports/{published.id}/pdf").status_code == 200
    for url in (f"/api/v1/reports/{draft.id}", f"/api/v1/reports/{draft.id}/pdf", f"/api/v1/reports/{draft.id}/data"):
        response = api.get(url)
        assert response.status_code == 404 and response.json["error"]["code"] == "not_found", url
    assert api.post(f"/api/v1/reports/{draft.id}/publish").status_code == 404
    assert api.post("/api/v1/reports", json={"kind": "annual", "year": 2023}).status_code == 403
    staff = api_as("secretariat").get("/api/v1/reports?status=draft")
    assert [r["id"] for r in staff.json["items"]] == [draft.id]


def test_bad_requests_name_the_fields(api_as):
    api = api_as("secretariat")
    response = api.post("/api/v1/reports", json={"kind": "monthly", "year": "soon"})
    assert response.status_code == 422
    assert {"kind", "year"} <= set(response.json["error"]["fields"])
    response = api.post("/api/v1/reports", json={"kind": "seasonal", "year": 2025})
    assert response.status_code == 422 and "quarter" in response.json["error"]["fields"]
    assert api.post("/api/v1/reports", data="kind=annual").status_code == 415
    assert api.get("/api/v1/reports?year=abc").status_code == 200  # an unreadable filter is ignored, not a 500


def test_idempotent_generation(api_as, make, db):
    from app.reports.models import Report

    make.node("LAO")
    api = api_as("secretariat")
    headers = {"Idempotency-Key": "gen-2025"}
    first = api.post("/api/v1/reports", json={"kind": "annual", "year": 2025}, headers=headers)
    second = api.post("/api/v1/reports", json={"kind": "annual", "year": 2025}, headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.headers["Idempotent-Replayed"] == "true" and second.json == first.json
    assert db.session.scalar(db.select(db.func.count(Report.id))) == 1


def test_openapi_lists_the_report_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert "post" in paths["/api/v1/reports"] and "get" in paths["/api/v1/reports"]
    for path in ("/api/v1/reports/{report_id}/publish", "/api/v1/reports/{report_id}/pdf",
                 "/api/v1/reports/{report_id}/data", "/api/v1/reports/{key}"):
        assert path in paths
