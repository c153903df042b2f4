from datetime import date

import pytest

from app.capacity.models import Event, Trainee
from app.extensions import db
from tests.sql import count_statements


def test_trainee_register_filters_and_detail_with_history(login_as, client, make):
    make.trainee(name="Souk", gender="female", home_country="LAO")
    ghana = make.trainee(name="Kwame", gender="male", home_country="GHA")
    login_as("secretariat")
    page = client.get("/trainees?country=GHA").get_data(as_text=True)
    assert "Kwame" in page and "Souk" not in page
    assert "Souk" in client.get("/trainees?gender=female").get_data(as_text=True)
    detail = client.get(f"/trainees/{ghana.id}").get_data(as_text=True)
    assert "Ghana" in detail and 'id="history"' in detail and "Created" in detail


def test_secretariat_records_a_trainee_through_the_form(login_as, client, make):
    host = make.organization(acronym="LASAC", country="CHN")
    login_as("secretariat")
    response = client.post("/trainees/new", data={"name": "Phonsavanh", "gender": "female", "home_country": "LAO",
                                                   "host_organization_id": str(host.id), "kind": "training",
                                                   "start_on": "2018-03-05", "end_on": "2018-07-05"})
    assert response.status_code == 302
    trainee = db.session.query(Trainee).one()
    assert (trainee.name, trainee.home_country, trainee.node_id) == ("Phonsavanh", "LAO", None)
    edit = client.post(f"/trainees/{trainee.id}/edit", data={
        "name": "Phonsavanh S.", "gender": "female", "home_country": "LAO", "host_organization_id": str(host.id),
        "kind": "training", "start_on": "2018-03-05", "end_on": "2018-02-01", "version": str(trainee.version)})
    assert edit.status_code == 422 and "before the start date" in edit.get_data(as_text=True)


def test_the_event_form_takes_participants_as_a_table(login_as, client, make):
    org = make.organization(acronym="GISTDA", country="THA")
    login_as("secretariat")
    form = client.get("/events/new").get_data(as_text=True)
    assert form.count("<tr data-participant-row>") == 3 and "participants.js" in form
    data = {"kind": "workshop", "title": "Southeast Asian Satellite Application Workshop", "start_on": "2019-09-16",
            "country": "CHN", "organizer_ids": [str(org.id)], "participants_total": "12", "participants_female": "5",
            "participants-0-country": "LAO", "participants-0-participants": "8",
            "participants-1-country": "THA", "participants-1-participants": "3",
            "participants-2-country": "", "participants-2-participants": ""}
    refused = client.post("/events/new", data=data)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "add up to 11, but the total is 12" in page
    assert db.session.query(Event).count() == 0
    data["participants-2-country"], data["participants-2-participants"] = "KHM", "1"
    assert client.post("/events/new", data=data).status_code == 302
    event = db.session.query(Event).one()
    assert event.participants_by_country == {"KHM": 1, "LAO": 8, "THA": 3}
    assert event.organizer_ids == [org.id]
    edit = client.get(f"/events/{event.id}/edit").get_data(as_text=True)
    assert edit.count("<tr data-participant-row>") == 3 + 3 and 'value="8"' in edit
    detail = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "Lao People" in detail and "3 countries" in detail


def test_totals_page(login_as, client, make):
    make.trainee(home_country="LAO", gender="female", start_on=date(2018, 5, 1))
    make.trainee(home_country="GHA", gender="male", start_on=date(2019, 5, 1))
    make.event(participants_by_country={"LAO": 8, "THA": 2})
    login_as("board")
    page = client.get("/capacity/totals").get_data(as_text=True)
    assert "People trained: 2" in page and "Ghana" in page and "2018" in page
    assert "Events: 1, with 10 participants" in page and "female participants not reported" in page
    assert "People trained: 1" in client.get("/capacity/totals?year=2019").get_data(as_text=True)


def test_user_text_is_escaped(login_as, client, make):
    make.event(title='"><script>alert(1)</script>', city="<b>x</b>")
    login_as("board")
    page = client.get("/events").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_a_bad_filter_is_a_400_page(login_as, client):
    login_as("board")
    assert client.get("/trainees?year=abc").status_code == 400


@pytest.mark.parametrize(("url", "build"), [
    ("/trainees", lambda make, orgs, node: make.trainee(host=orgs[0], home_organization_id=orgs[1].id,
                                                          node_id=node.id)),
    ("/events", lambda make, orgs, node: make.event(organizer_ids=[o.id for o in orgs], node_id=node.id,
                                                      participants_by_country={"LAO": 2})),
    ("/capacity/totals", lambda make, orgs, node: (make.trainee(node_id=node.id),
                                                   make.event(participants_by_country={"LAO": 2}))),
])
def test_registers_answer_in_a_constant_number_of_queries(login_as, client, make, url, build):
    orgs = [make.organization(), make.organization()]
    nodes = [make.node(), make.node()]
    login_as("secretariat")

    def statements():
        with count_statements() as seen:
            assert client.get(url).status_code == 200
        return seen.count

    build(make, orgs, nodes[0])
    few = statements()
    for i in range(8):
        build(make, [make.organization(), make.organization()], nodes[i % 2])
    assert statements() == few
