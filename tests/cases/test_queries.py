from datetime import date

import pytest

from app.cases import services
from app.cases.queries import cases_query, coverage
from app.core.errors import DomainError
from app.extensions import db
from tests.factories import SYSTEM


@pytest.fixture
def crafted(make):
    """Four cases: three live, one archived."""
    a = make.case(title="A", sdg=["11.5.2"], sendai=["B-1"], paris=["adaptation"], countries=["LAO"],
                  domains=["disaster_risk_reduction"], status="completed",
                  start_on=date(2018, 7, 24), end_on=date(2018, 8, 31))
    b = make.case(title="B", sdg=["11.5"], sendai=["B"], countries=["KHM"], domains=["water"], status="ongoing",
                  start_on=date(2019, 6, 1), end_on=date(2020, 3, 1))
    c = make.case(title="C", sdg=["15.1.1"], paris=["mitigation"], countries=["LAO", "THA"], domains=["forestry"],
                  status="planned")
    d = make.case(title="D", sdg=["1.1"], sendai=["A-1"], countries=["LAO"])
    services.archive_case(SYSTEM, d)
    db.session.commit()
    return a, b, c, d


def titles(**args):
    return [c.title for c in db.session.scalars(cases_query(args))]


@pytest.mark.parametrize(("args", "expected"), [
    ({"sdg": "11"}, {"A", "B"}),
    ({"sdg": "11.5"}, {"A", "B"}),
    ({"sdg": "11.5.2"}, {"A"}),
    ({"sdg": "11.5.1"}, set()),
    ({"sdg": "15"}, {"C"}),
    ({"sdg": "15.1"}, {"C"}),
    ({"sdg": "1"}, set()),
    ({"sendai": "B"}, {"A", "B"}),
    ({"sendai": "b-1"}, {"A"}),
    ({"sendai": "A"}, set()),
    ({"paris": "adaptation"}, {"A"}),
    ({"paris": "Mitigation"}, {"C"}),
    ({"domain": "water"}, {"B"}),
    ({"country": "LAO"}, {"A", "C"}),
    ({"country": "tha"}, {"C"}),
    ({"status": "ongoing"}, {"B"}),
    ({"year": "2018"}, {"A"}),
    ({"year": "2020"}, {"B"}),
    ({"year": "2021"}, set()),
    ({"sdg": "11", "country": "LAO"}, {"A"}),
    ({"sdg": "1", "archived": "1"}, {"D"}),
    ({"q": "b"}, {"B"}),
    ({}, {"A", "B", "C"}),
])
def test_register_filters_at_every_level(crafted, args, expected):
    assert set(titles(**args)) == expected


def test_a_partner_filter_finds_cases_with_that_partner(make):
    org = make.organization()
    make.case(title="with", partner_ids=[org.id])
    make.case(title="without")
    assert titles(organization_id=str(org.id)) == ["with"]


@pytest.mark.parametrize(("args", "name"), [
    ({"sdg": "eleven"}, "sdg"), ({"sendai": "Z-1"}, "sendai"), ({"year": "20x9"}, "year"),
    ({"status": "done"}, "status"), ({"domain": "space"}, "domain"), ({"country": "LA%"}, "country"),
])
def test_a_malformed_filter_is_a_400_naming_it(args, name):
    with pytest.raises(DomainError) as error:
        cases_query(args)
    assert error.value.status == 400 and name in error.value.fields


def test_coverage_of_a_crafted_dataset(crafted):
    cover = coverage()
    goals = {g.code: g for g in cover.sdg_goals}
    targets = {t.code: t for t in cover.sdg_targets}
    assert cover.cases == 3
    assert goals["11"].cases == 2 and goals["15"].cases == 1 and goals["1"].cases == 0
    assert targets["11.5"].cases == 2 and targets["15.1"].cases == 1 and targets["1.1"].cases == 0
    indicators = {i.code: i.cases for i in targets["11.5"].children}
    assert indicators == {"11.5.1": 0, "11.5.2": 1, "11.5.3": 0}
    sendai = {t.code: t.cases for t in cover.sendai_targets}
    assert sendai == {"A": 0, "B": 2, "C": 0, "D": 0, "E": 0, "F": 0, "G": 0}
    assert {i.code: i.cases for i in cover.sendai_targets[1].children}["B-1"] == 1
    paris = {a.code: a.cases for a in cover.paris_areas}
    assert paris["adaptation"] == 1 and paris["mitigation"] == 1 and paris["finance"] == 0
    assert cover.summary() == {
        "cases": 3, "sdg_goals": {"addressed": 2, "not_addressed": 15},
        "sdg_targets": {"addressed": 2, "not_addressed": 167},
        "sendai_targets": {"addressed": 1, "not_addressed": 6},
        "paris_areas": {"addressed": 2, "not_addressed": 6}}
    missing = cover.as_json()["not_addressed"]
    assert missing["sendai_targets"] == ["A", "C", "D", "E", "F", "G"]
    assert "11" not in missing["sdg_goals"] and "1" in missing["sdg_goals"] and len(missing["sdg_goals"]) == 15


def test_a_case_tagged_twice_under_one_target_counts_once(make):
    make.case(sdg=["11.5.1", "11.5.2", "11"])
    cover = coverage()
    assert {g.code: g.cases for g in cover.sdg_goals}["11"] == 1
    assert {t.code: t.cases for t in cover.sdg_targets}["11.5"] == 1


def test_coverage_follows_the_register_filters(crafted):
    cover = coverage({"country": "KHM"})
    assert cover.cases == 1
    assert {g.code: g.cases for g in cover.sdg_goals}["11"] == 1
    assert {a.code: a.cases for a in cover.paris_areas}["adaptation"] == 0


def test_list_filters_match_whole_values_only(make):
    make.case(title="relief", domains=["disaster_risk_reduction"], satellites=["GF-2"], countries=["LAO", "KHM"])
    assert titles(domain="disaster_risk_reduction") == ["relief"]
    assert titles(satellite="GF-2") == ["relief"]
    for wildcard in ("%", "GF_2", "GF-"):
        assert titles(satellite=wildcard) == [], wildcard
    assert titles(country="KHM") == ["relief"]
