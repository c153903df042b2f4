"""The governance pages: lists, details, forms with errors next to fields, documents, history."""

import io
import re
from datetime import date

from app.extensions import db
from app.governance.models import ActionItem, Body, Decision, DecisionStatus, GovernanceDocument
from tests.factories import PDF_BYTES
from tests.governance import builders


def test_the_navbar_has_one_governance_entry(login_as, client):
    login_as("board")
    page = client.get("/").get_data(as_text=True)
    assert page.count('href="/governance/"') == 1


def test_a_body_page_shows_members_terms_chair_and_open_items(login_as, client, make):
    board = builders.body(code="B", name="Administration Board", kind="advisory_committee")
    chair = make.person(name="Tang Xinming")
    builders.member(board, chair, role="chair", term_from=date(2020, 6, 15))
    builders.member(board, make.person(name="Former Member"), term_to=date(2021, 1, 1))
    item = builders.action_item(owner=chair, meeting_id=builders.meeting(board).id, title="Draft the rules")
    login_as("secretariat")
    page = client.get(f"/governance/bodies/{board.id}").get_data(as_text=True)
    assert "Advisory committee" in page and "advisory_committee" not in page.split('id="history"')[0]
    assert "Tang Xinming" in page and "Chair" in page and "Former Member" in page
    assert "Draft the rules" in page and 'id="open-actions"' in page and 'id="history"' in page
    listing = client.get("/governance/bodies").get_data(as_text=True)
    assert "Tang Xinming" in listing  # the chair today
    person_page = client.get(f"/governance/people/{chair.id}/actions").get_data(as_text=True)
    assert item.title in person_page


def test_the_meeting_page_says_the_quorum_and_its_rule(login_as, client, make):
    board = builders.body(code="B")
    a, b = make.person(), make.person()
    builders.member(board, a)
    builders.member(board, b)
    meeting = builders.meeting(board, attendee_ids=[a.id], held_on=date(2026, 3, 1))
    login_as("board")
    page = client.get(f"/governance/meetings/{meeting.id}").get_data(as_text=True)
    assert "not reached" in page and "1 of 2 voting members attended; 2 needed" in page
    assert "more than half of the body" in page
    assert 'id="minutes"' in page  # the board reads minutes


def test_secretariat_records_a_decision_and_the_form_shows_errors_next_to_fields(login_as, client):
    board = builders.body(code="B")
    older = builders.decision(board, decided_on=date(2025, 2, 1))
    login_as("secretariat")
    refused = client.post("/governance/decisions/new", data={"body_id": str(board.id), "title": "New rules",
                                                            "decided_on": "2026-03-12", "status": "superseded"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "is-invalid" in page and "set it there" in page
    assert db.session.query(Decision).count() == 1
    done = client.post("/governance/decisions/new", data={"body_id": str(board.id), "title": "New rules",
                                                         "decided_on": "2026-03-12", "status": "adopted",
                                                         "supersedes_id": str(older.id)})
    assert done.status_code == 302
    new = db.session.query(Decision).filter_by(title="New rules").one()
    assert new.reference == "B-2026-01"
    db.session.refresh(older)
    assert older.status == DecisionStatus.superseded
    page = client.get(f"/governance/decisions/{older.id}").get_data(as_text=True)
    assert "B-2026-01" in page and "Superseded" in page


def test_the_action_item_form_fixes_the_due_date(login_as, client, make):
    meeting = builders.meeting()
    owner = make.person()
    login_as("secretariat")
    response = client.post("/governance/actions/new", data={"meeting_id": str(meeting.id), "title": "Write it",
                                                            "owner_id": str(owner.id), "due_on": "2026-06-30"})
    assert response.status_code == 302
    item = db.session.query(ActionItem).one()
    form = client.get(f"/governance/actions/{item.id}/edit").get_data(as_text=True)
    assert 'name="due_on"' not in form
    client.post(f"/governance/actions/{item.id}/edit", data={"title": "Write it well", "owner_id": str(owner.id),
                                                            "due_on": "2027-01-01", "version": str(item.version)})
    db.session.refresh(item)
    assert item.title == "Write it well" and item.due_on == date(2026, 6, 30)


def test_a_duplicate_body_code_is_an_error_next_to_the_field(login_as, client):
    builders.body(code="B")
    login_as("secretariat")
    response = client.post("/governance/bodies/new", data={"code": "b", "name": "Another", "kind": "board"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Another body has this code." in page
    assert 'id="code-errors"' in page
    assert db.session.query(Body).count() == 1


def test_minutes_are_uploaded_as_pdf_versions_and_downloaded_by_staff_and_board(login_as, client, user_factory,
                                                                                 login, make):
    meeting = builders.meeting()
    login_as("secretariat")
    refused = client.post(f"/governance/meetings/{meeting.id}/documents",
                          data={"file": (io.BytesIO(b"<html>not a pdf</html>"), "minutes.pdf"), "title": "Minutes"},
                          content_type="multipart/form-data")
    assert refused.status_code == 415 and "not a PDF" in refused.get_data(as_text=True)
    for _ in range(2):
        ok = client.post(f"/governance/meetings/{meeting.id}/documents",
                         data={"file": (io.BytesIO(PDF_BYTES), "minutes.pdf"), "title": "Minutes"},
                         content_type="multipart/form-data")
        assert ok.status_code == 302
    documents = db.session.query(GovernanceDocument).order_by(GovernanceDocument.version).all()
    assert [d.version for d in documents] == [1, 2]
    download = client.get(f"/governance/documents/{documents[0].id}")
    assert download.status_code == 200 and download.data == PDF_BYTES
    assert "attachment" in download.headers["Content-Disposition"]
    download.close()
    coordinator = user_factory("coordinator", node=make.node())
    client.post("/logout")
    login(coordinator)
    assert client.get(f"/governance/documents/{documents[0].id}").status_code == 404
    assert 'id="minutes"' not in client.get(f"/governance/meetings/{meeting.id}").get_data(as_text=True)


def test_typed_markup_shows_literally(login_as, client):
    project = builders.project(title='"><script>alert(1)</script>', summary="<b>bold</b>")
    login_as("board")
    page = client.get(f"/governance/projects/{project.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page


def test_project_page_shows_milestones_outputs_and_late_ones(login_as, client, make):
    project = builders.project(countries=["CHN", "LAO"])
    builders.milestone(project, title="DOM of Laos", due_on=date(2019, 12, 31))
    builders.output(project, title="Paper", kind="publication", url="https://example.org/paper")
    login_as("coordinator", node=make.node())
    page = client.get(f"/governance/projects/{project.id}").get_data(as_text=True)
    assert "DOM of Laos" in page and "late" in page and "Publication" in page and "Lao" in page
    assert "https://example.org/paper" in page


def test_the_plan_page_shows_activities_and_what_shows_their_progress(login_as, client, make):
    node = make.node(code="LAO")
    project = builders.project(title="Digital Mekong")
    plan = builders.plan(2020)
    builders.activity(plan, title="Build more nodes", status="ongoing", node_ids=[node.id],
                      project_ids=[project.id])
    login_as("board")
    page = client.get(f"/governance/plans/{plan.id}").get_data(as_text=True)
    assert "Build more nodes" in page and "Ongoing" in page and "LAO" in page and "Digital Mekong" in page


def test_the_campaign_form_takes_sites_as_lines_and_keeps_them(login_as, client, make):
    turkey = make.organization(country="TUR")
    login_as("secretariat")
    response = client.post("/governance/campaigns/new", data={
        "title": "Calibration 2020", "start_on": "2020-08-01", "end_on": "2020-07-01", "status": "completed",
        "sites": "Baotou\nDunhuang", "satellites": ["GF-1"], "sensors": "PMS, WFV",
        "partner_ids": [str(turkey.id)], "countries": ["TUR", "JOR"]})
    assert response.status_code == 422 and "before the start date" in response.get_data(as_text=True)
    response = client.post("/governance/campaigns/new", data={
        "title": "Calibration 2020", "start_on": "2020-08-01", "status": "completed",
        "sites": "Baotou\nDunhuang", "satellites": ["GF-1"], "sensors": "PMS, WFV",
        "partner_ids": [str(turkey.id)], "countries": ["TUR", "JOR"]})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Dunhuang" in page and "PMS, WFV" in page and "Jordan" in page
    edit = client.get(response.headers["Location"] + "/edit").get_data(as_text=True)
    assert "Baotou\nDunhuang" in edit and "PMS, WFV" in edit


def test_hostile_filters_filter_nothing_out_and_never_fail(login_as, client):
    builders.meeting(title="Kept")
    login_as("board")
    for url in ("/governance/meetings?year=99999&body_id=x", "/governance/decisions?status=bogus&year=abc",
                "/governance/actions?status=is_lead&body_id=%F1", "/governance/bodies?kind=%F1%BA",
                "/governance/projects?status=accept", "/governance/campaigns?year=0"):
        assert client.get(url).status_code == 200, url
    assert "Kept" in client.get("/governance/meetings?year=99999").get_data(as_text=True)


def test_every_governance_record_has_its_new_detail_and_edit_pages(login_as, client, make):
    board = builders.body(code="B")
    meeting = builders.meeting(board)
    project = builders.project()
    records = {"bodies": board, "meetings": meeting, "decisions": builders.decision(board),
               "actions": builders.action_item(meeting_id=meeting.id), "goals": builders.goal(),
               "plans": builders.plan(), "projects": project, "campaigns": builders.campaign()}
    login_as("secretariat")
    for path, record in records.items():
        assert client.get(f"/governance/{path}/new").status_code == 200, path
        assert client.get(f"/governance/{path}/{record.id}").status_code == 200, path
        edit = client.get(f"/governance/{path}/{record.id}/edit")
        assert edit.status_code == 200 and "Cancel" in edit.get_data(as_text=True), path
    client.post("/logout")
    login_as("board")
    assert client.get(f"/governance/bodies/{board.id}/edit").status_code == 403
    assert client.get("/governance/bodies/999999").status_code == 404


def test_the_parts_of_a_record_are_added_and_changed_from_its_page(login_as, client, make):
    board, plan, project = builders.body(code="B"), builders.plan(), builders.project()
    person = make.person(name="Li Wei")
    login_as("secretariat")
    page = client.get(f"/governance/bodies/{board.id}/members/new").get_data(as_text=True)
    assert "New member of" in page
    added = client.post(f"/governance/bodies/{board.id}/members/new",
                        data={"person_id": str(person.id), "role": "member", "term_from": "2024-01-01"})
    assert added.status_code == 302 and added.headers["Location"].endswith(f"/bodies/{board.id}#members")
    refused = client.post(f"/governance/plans/{plan.id}/activities/new", data={"title": ""})
    assert refused.status_code == 422 and "is-invalid" in refused.get_data(as_text=True)
    milestone, output = builders.milestone(project), builders.output(project)
    for path, part, anchor in ((f"/governance/milestones/{milestone.id}/edit", milestone, "#milestones"),
                               (f"/governance/outputs/{output.id}/edit", output, "#outputs")):
        form = client.get(path).get_data(as_text=True)
        assert part.title in form and f"/projects/{project.id}{anchor}" in form
    moved = client.post(f"/governance/milestones/{milestone.id}/edit",
                        data={"title": "Calibrated", "due_on": "2026-09-30", "status": "planned",
                              "version": str(milestone.version)})
    assert moved.status_code == 302 and moved.headers["Location"].endswith(f"/projects/{project.id}#milestones")
    db.session.refresh(milestone)
    assert milestone.title == "Calibrated"
    activity = builders.activity(plan)
    assert client.get(f"/governance/activities/{activity.id}/edit").status_code == 200
    client.post("/logout")
    login_as("board")
    assert client.get(f"/governance/projects/{project.id}/outputs/new").status_code == 403


def test_an_open_action_item_reads_as_open_not_as_the_open_button_in_french(login_as, client, make):
    """The status "Open" (an adjective) and the notifications' "Open" button (a verb) are two messages."""
    from app.notifications import services as notices
    from app.notifications.models import NoticeKind

    item = builders.action_item(title="Rédiger le règlement")
    user = login_as("secretariat")
    assert client.post("/profile/preferences", data={"locale": "fr", "time_zone": "Europe/Paris"}).status_code == 303
    page = client.get(f"/governance/actions/{item.id}").get_data(as_text=True)
    assert '<html lang="fr"' in page
    badge = re.search(r'<span class="badge bg-light text-dark border">([^<]*)</span>', page).group(1)
    assert badge == "Ouverte"
    assert "Ouverte" in client.get("/governance/actions").get_data(as_text=True)
    notices.notify([user], NoticeKind.action_due, "Action", key="open-button", link="/governance/actions")
    db.session.commit()
    button = re.search(r'<button[^>]*name="open"[^>]*>([^<]*)</button>', client.get("/notifications").get_data(
        as_text=True)).group(1)
    assert button == "Ouvrir"
