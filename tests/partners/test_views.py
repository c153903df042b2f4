from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.partners.models import Organization

GOOD = {"name": "Survey Department", "acronym": "SD", "country": "NPL", "kind": "government", "status": "active"}


def test_create_organization_through_the_form_shows_it_with_history(client, login_as, db):
    login_as("secretariat")
    response = client.post("/organizations/new", data=GOOD)
    assert response.status_code == 302
    organization = db.session.scalar(select(Organization))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Survey Department" in page and "Nepal" in page
    assert 'id="history"' in page and "Created" in page

    edit = client.post(f"/organizations/{organization.id}/edit", data={**GOOD, "acronym": "SDN", "version": 1})
    assert edit.status_code == 302
    page = client.get(f"/organizations/{organization.id}").get_data(as_text=True)
    assert "SDN" in page and "Changed" in page
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "update")).one()
    assert event.face == "page" and event.changes == {"acronym": ["SD", "SDN"]}


def test_form_errors_appear_next_to_fields_and_nothing_is_written(client, login_as, db):
    login_as("secretariat")
    response = client.post("/organizations/new", data={**GOOD, "name": "", "country": "XXX"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "invalid-feedback" in page and "is-invalid" in page
    response = client.post("/organizations/new", data={**GOOD, "name": "n" * 201})
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(Organization.id))) == 0


def test_stale_form_is_refused_and_says_so(client, login_as, make, db):
    organization = make.organization(name="Before")
    login_as("secretariat")
    assert client.post(f"/organizations/{organization.id}/edit",
                       data={**GOOD, "name": "First", "version": 1}).status_code == 302
    stale = client.post(f"/organizations/{organization.id}/edit", data={**GOOD, "name": "Second", "version": 1})
    assert stale.status_code == 422
    assert "changed by someone else" in stale.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Organization, organization.id).name == "First"


def test_hostile_text_is_escaped(client, login_as, make):
    organization = make.organization(name='"><script>alert(1)</script>')
    login_as("board")
    page = client.get(f"/organizations/{organization.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_list_search_filter_and_pagination(client, login_as, make):
    for i in range(30):
        make.organization(name=f"Org {i:02d}", country="GHA" if i < 5 else "LAO")
    login_as("board")
    page = client.get("/organizations").get_data(as_text=True)
    assert "Org 00" in page and "Org 29" not in page and "30 records" in page
    assert "Org 29" in client.get("/organizations?page=2").get_data(as_text=True)
    filtered = client.get("/organizations?country=GHA").get_data(as_text=True)
    assert "5 records" in filtered
    assert "1 records" in client.get("/organizations?q=org 07").get_data(as_text=True)


def test_archive_hides_from_list_but_keeps_the_record(client, login_as, make):
    organization = make.organization(name="Former Partner")
    login_as("secretariat")
    assert client.post(f"/organizations/{organization.id}/archive").status_code == 302
    assert "Former Partner" not in client.get("/organizations").get_data(as_text=True)
    assert "Former Partner" in client.get("/organizations?archived=1").get_data(as_text=True)
    assert client.get(f"/organizations/{organization.id}").status_code == 200


def test_people_form_and_roles(client, login_as, make, db):
    organization = make.organization()
    login_as("secretariat")
    response = client.post("/people/new", data={"name": "Ye Fanghong", "organization_id": organization.id,
                                                "roles": ["contact", "lead"]})
    assert response.status_code == 302
    assert "contact" in client.get("/people?role=contact").get_data(as_text=True)
    assert "Ye Fanghong" not in client.get("/people?role=board").get_data(as_text=True)
