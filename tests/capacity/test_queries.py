from datetime import date

import pytest

from app.capacity import queries
from app.core.errors import DomainError
from app.extensions import db


@pytest.fixture
def trainees(make):
    lasac = make.organization(acronym="LASAC", country="CHN")
    uenr = make.organization(acronym="UENR", country="GHA")
    lao_node, gha_node = make.node(code="LAO"), make.node(code="GHA", country="GHA")
    make.trainee(name="L1", gender="female", home_country="LAO", host=lasac, start_on=date(2018, 3, 1),
                 end_on=date(2018, 7, 1), node_id=lao_node.id)
    make.trainee(name="L2", gender="male", home_country="LAO", host=lasac, start_on=date(2018, 11, 1),
                 end_on=date(2019, 2, 1), node_id=lao_node.id, kind="staff_exchange")
    make.trainee(name="L3", gender="female", home_country="LAO", host=lasac, start_on=date(2019, 3, 1),
                 node_id=lao_node.id)
    make.trainee(name="G1", gender="male", home_country="GHA", home_organization_id=uenr.id, host=lasac,
                 start_on=date(2019, 9, 1), node_id=gha_node.id)
    return lasac, uenr


def names(**args):
    return [t.name for t in db.session.scalars(queries.trainees_query(args))]


@pytest.mark.parametrize(("args", "expected"), [
    ({"country": "LAO"}, {"L1", "L2", "L3"}),
    ({"country": "gha"}, {"G1"}),
    ({"gender": "female"}, {"L1", "L3"}),
    ({"kind": "staff_exchange"}, {"L2"}),
    ({"year": "2018"}, {"L1", "L2"}),
    ({"year": "2019"}, {"L2", "L3", "G1"}),
    ({"node": "GHA"}, {"G1"}),
    ({"q": "l"}, {"L1", "L2", "L3"}),
    ({"gender": "male", "year": "2019"}, {"L2", "G1"}),
])
def test_trainee_filters(trainees, args, expected):
    assert set(names(**args)) == expected


def test_the_organization_filter_matches_home_or_host(trainees):
    lasac, uenr = trainees
    assert set(names(organization_id=str(uenr.id))) == {"G1"}
    assert len(names(organization_id=str(lasac.id))) == 4
    assert set(names(organization=str(uenr.id))) == {"G1"}


@pytest.mark.parametrize("args", [{"year": "soon"}, {"gender": "x"}, {"kind": "nap"}, {"organization_id": "a"}])
def test_bad_filters_are_400(args):
    with pytest.raises(DomainError) as error:
        queries.trainees_query(args)
    assert error.value.status == 400 and set(args) & set(error.value.fields)


def test_people_trained_by_country_gender_and_year(trainees):
    totals = queries.trainee_totals({})
    assert totals["total"] == 4
    assert totals["by_gender"] == {"female": 2, "male": 2}
    assert totals["by_country"]["LAO"] == {"female": 2, "male": 1, "total": 3}
    assert totals["by_country"]["GHA"] == {"male": 1, "total": 1}
    assert list(totals["by_country"]) == ["LAO", "GHA"]
    assert totals["by_year"] == {2018: {"female": 1, "male": 1, "total": 2}, 2019: {"female": 1, "male": 1, "total": 2}}
    assert queries.trainee_totals({"country": "GHA"})["total"] == 1


def test_events_and_participants_by_kind_and_country(make):
    lasac = make.organization(acronym="LASAC", country="CHN")
    make.event(kind="workshop", country="CHN", participants_total=10, participants_female=4,
               participants_by_country={"LAO": 6, "THA": 4}, organizer_ids=[lasac.id])
    make.event(kind="workshop", country="THA", participants_by_country={"LAO": 2, "KHM": 3}, start_on=date(2020, 1, 5))
    make.event(kind="field_investigation", country="LAO", participants_total=3)
    totals = queries.event_totals({})
    assert (totals["events"], totals["participants"], totals["female"]) == (3, 18, 4)
    assert totals["female_reported"] == 1
    assert totals["by_kind"] == {"field_investigation": {"events": 1, "participants": 3},
                                 "workshop": {"events": 2, "participants": 15, "female": 4, "female_reported": 1}}
    assert queries.event_totals({"kind": "field_investigation"})["female"] is None
    assert totals["by_host_country"]["CHN"]["participants"] == 10
    assert totals["participants_by_country"] == {"LAO": 8, "THA": 4, "KHM": 3}
    assert queries.event_totals({"year": "2020"})["participants_by_country"] == {"KHM": 3, "LAO": 2}
    assert [e.title for e in db.session.scalars(queries.events_query({"organization_id": str(lasac.id)}))] \
        == [db.session.scalars(queries.events_query({"country": "CHN"})).one().title]
    assert len(db.session.scalars(queries.events_query({"kind": "workshop"})).all()) == 2
