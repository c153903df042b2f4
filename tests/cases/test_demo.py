"""The demo network carries the plan's trainees, workshop and Laos dam-break case."""

from sqlalchemy import select

from app.capacity.models import Event, Trainee
from app.capacity.queries import trainee_totals
from app.cases.models import Case
from app.cases.queries import cases_query
from app.demo.network import load_network


def test_demo_capacity_and_cases(db):
    load_network()
    db.session.commit()
    totals = trainee_totals({})
    assert totals["total"] == 10
    assert {k: v["total"] for k, v in totals["by_country"].items()} == {"LAO": 8, "GHA": 2}
    assert set(totals["by_year"]) == {2018, 2019}
    assert {t.host_organization.acronym for t in db.session.scalars(select(Trainee))} == {"LASAC"}
    workshop = db.session.scalars(select(Event)).one()
    assert workshop.title == "Southeast Asian Satellite Application Workshop"
    assert workshop.start_on.isoformat()[:7] == "2019-09" and workshop.countries_represented == 10
    assert sum(workshop.participants_by_country.values()) == workshop.participants_total
    assert {o.acronym for o in workshop.organizers} == {"LASAC", "GISTDA"}
    relief = db.session.scalars(cases_query({"sdg": "11", "sendai": "B", "country": "LAO"})).one()
    assert "dam-break" in relief.title and relief.start_on.year == 2018 and relief.node.code == "LAO"
    assert db.session.query(Case).count() == 2
