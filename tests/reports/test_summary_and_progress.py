"""The executive summary (written on the draft, frozen on publishing) and the public progress page."""

from datetime import date

import pytest

from app.core.columns import limits
from app.core.errors import Conflict
from app.reports import services
from app.reports.models import Report
from tests.reports.pdf_text import raw


@pytest.fixture
def draft(make):
    make.node("LAO", host=make.organization(name="Lao host", country="LAO"), established_on=date(2019, 1, 1))
    return make.report("annual", 2025)


def test_secretariat_writes_the_summary_on_the_draft_page(client, login_as, draft, db):
    login_as("secretariat")
    page = client.get(f"/reports/{draft.id}").get_data(as_text=True)
    assert 'id="summary-form"' in page
    old_pdf = draft.pdf_sha256
    response = client.post(f"/reports/{draft.id}/summary",
                           data={"summary": "A year of growth.\r\n\r\nSecond <b>paragraph</b> & more."})
    assert response.status_code == 303
    db.session.expire_all()
    report = db.session.get(Report, draft.id)
    assert report.summary == "A year of growth.\n\nSecond <b>paragraph</b> & more."
    assert report.pdf_sha256 != old_pdf
    pdf = client.get(f"/reports/{draft.id}/report.pdf").data
    assert "A year of growth. Second <b>paragraph</b> & more." in raw(pdf)
    page = client.get(f"/reports/{draft.id}").get_data(as_text=True)
    assert "Second &lt;b&gt;paragraph&lt;/b&gt;" in page  # escaped on the page too


def test_a_too_long_summary_is_a_field_error(client, login_as, draft, db):
    login_as("secretariat")
    response = client.post(f"/reports/{draft.id}/summary", data={"summary": "x" * 20_001})
    assert response.status_code == 422 and "invalid-feedback" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Report, draft.id).summary is None


def test_a_refused_summary_leaves_the_draft_and_its_files_as_they_were(client, login_as, draft, db, api_as):
    """The summary is checked before its PDF is built: a refused text writes nothing, not even a file."""
    login_as("secretariat")
    assert client.post(f"/reports/{draft.id}/summary", data={"summary": "Kept"}).status_code == 303
    db.session.expire_all()
    kept = db.session.get(Report, draft.id).pdf_sha256
    files = sorted(services.reports_dir().iterdir())
    for text in ("A bell \x07 rings", "x" * 20_001):
        response = client.post(f"/reports/{draft.id}/summary", data={"summary": text})
        assert response.status_code == 422
        assert 'id="summary"' in (page := response.get_data(as_text=True)) and "invalid-feedback" in page
        refused = api_as("secretariat").put(f"/api/v1/reports/{draft.id}/summary", json={"summary": text})
        assert refused.status_code == 422 and list(refused.json["error"]["fields"]) == ["summary"]
        db.session.expire_all()
        report = db.session.get(Report, draft.id)
        assert (report.summary, report.pdf_sha256) == ("Kept", kept)
        assert sorted(services.reports_dir().iterdir()) == files


def test_the_summary_limit_is_the_columns_and_a_line_break_counts_once(client, login_as, draft, db):
    assert limits(Report.summary).max_length == 20_000
    login_as("secretariat")
    text = "A paragraph.\r\n\r\n" * 1_300  # 20,800 characters as sent, 18,198 as stored
    assert client.post(f"/reports/{draft.id}/summary", data={"summary": text}).status_code == 303
    db.session.expire_all()
    assert len(db.session.get(Report, draft.id).summary) == 18_198


def test_published_summary_never_changes(client, login_as, draft, db, api_as):
    login_as("secretariat")
    client.post(f"/reports/{draft.id}/summary", data={"summary": "Kept with the edition"})
    client.post(f"/reports/{draft.id}/publish")
    db.session.expire_all()
    report = db.session.get(Report, draft.id)
    assert report.is_published and "Kept with the edition" in raw(services.read_pdf(report))
    page = client.get(f"/reports/{draft.id}").get_data(as_text=True)
    assert 'id="summary-form"' not in page and "Kept with the edition" in page
    response = client.post(f"/reports/{draft.id}/summary", data={"summary": "Changed"}, follow_redirects=True)
    assert "never changes" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Report, draft.id).summary == "Kept with the edition"
    api = api_as("secretariat")
    refused = api.put(f"/api/v1/reports/{draft.id}/summary", json={"summary": "Changed"})
    assert refused.status_code == 409 and refused.json["error"]["code"] == "conflict"
    with pytest.raises(Conflict):
        services.set_summary(report.published_by, report, "Changed")
    # a correction starts from the published summary
    correction = services.correct_report(report.published_by, report)
    assert correction.summary == "Kept with the edition"


def test_summary_through_the_api(api_as, draft):
    api = api_as("secretariat")
    response = api.put(f"/api/v1/reports/{draft.id}/summary", json={"summary": "From the API"})
    assert response.status_code == 200 and response.json["summary"] == "From the API"
    bad = api.put(f"/api/v1/reports/{draft.id}/summary", json={"summary": "x" * 20_001})
    assert bad.status_code == 422 and "summary" in bad.json["error"]["fields"]
    assert api_as("board").put(f"/api/v1/reports/{draft.id}/summary", json={"summary": "x"}).status_code == 404


def test_board_cannot_write_it(client, login_as, draft):
    login_as("board")
    assert client.post(f"/reports/{draft.id}/summary", data={"summary": "x"}).status_code == 404  # a draft


def test_progress_page_shows_the_map_completed_cases_and_published_reports(client, make):
    lao = make.organization(name="Lao host", country="LAO")
    make.node("LAO", host=lao, established_on=date(2019, 1, 1))
    make.node("GHA", host=make.organization(name="Ghana host", country="GHA"), established_on=date(2019, 1, 1))
    make.case(title="Dam-break <script>alert(1)</script> mapping", status="completed", start_on=date(2025, 1, 5),
              end_on=date(2025, 6, 1), partner_ids=[lao.id], outcomes="Flood maps", satellites=["GF-1"])
    make.case(title="Unfinished case", status="ongoing", start_on=date(2025, 1, 5))
    before = client.get("/progress").get_data(as_text=True)
    assert "Dam-break" not in before and "<svg" not in before  # nothing published yet
    make.report("annual", 2025, publish=True)
    page = client.get("/progress").get_data(as_text=True)
    assert page.count("<circle") == 2 and "<title>LAO</title>" in page and "<polygon" in page
    assert "Dam-break &lt;script&gt;alert(1)&lt;/script&gt; mapping" in page and "<script>alert" not in page
    assert "Flood maps" in page and "GF-1" in page and "Lao host" in page
    assert "Unfinished case" not in page
    assert "Annual report 2025" in page
