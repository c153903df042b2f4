from datetime import date

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.cases import services
from app.cases.models import CaseTag
from app.core.errors import StaleVersion, ValidationFailed
from app.extensions import db
from tests.factories import SYSTEM


def tag_rows(case):
    rows = db.session.execute(select(CaseTag.framework, CaseTag.code, CaseTag.is_direct)
                              .where(CaseTag.case_id == case.id)).all()
    return {(f, c): d for f, c, d in rows}


def test_an_indicator_tag_is_stored_with_its_target_and_goal(make):
    case = make.case(sdg=["11.5.2"], sendai=["B-1"], paris=["adaptation"])
    assert case.sdg == ["11.5.2"] and case.sendai == ["B-1"]
    assert tag_rows(case) == {("sdg", "11.5.2"): True, ("sdg", "11.5"): False, ("sdg", "11"): False,
                              ("sendai", "B-1"): True, ("sendai", "B"): False, ("paris", "adaptation"): True}


def test_codes_are_normalised_deduplicated_and_ordered(make):
    case = make.case(sdg="11.5.2, 1.5.1 11.5.2;6.A", sendai=["b-1", "B"])
    assert case.sdg == ["1.5.1", "6.a", "11.5.2"]
    assert case.sendai == ["B", "B-1"]
    assert tag_rows(case)[("sendai", "B")] is True


@pytest.mark.parametrize(("framework", "codes", "named"), [
    ("sdg", ["11.5.2", "99.1"], "99.1"),
    ("sdg", ["11.5.9"], "11.5.9"),
    ("sendai", ["B-9"], "B-9"),
    ("paris", ["adaptaton"], "adaptaton"),
])
def test_an_unknown_code_is_refused_by_name_and_nothing_is_stored(make, framework, codes, named):
    with pytest.raises(ValidationFailed) as error:
        make.case(**{framework: codes})
    assert named in error.value.fields[framework][0]
    db.session.rollback()
    assert db.session.scalar(select(CaseTag.id)) is None


def test_several_unknown_codes_are_all_named(make):
    with pytest.raises(ValidationFailed) as error:
        make.case(sdg=["18", "11.5.2", "0.1"])
    assert "18" in error.value.fields["sdg"][0] and "0.1" in error.value.fields["sdg"][0]


def test_changing_tags_keeps_shared_ancestors_and_drops_the_rest(make):
    case = make.case(sdg=["11.5.2"])
    services.update_case(SYSTEM, case, {"sdg": ["11.5.1", "11.5.2"]}, case.version)
    db.session.commit()
    assert set(tag_rows(case)) == {("sdg", c) for c in ("11.5.1", "11.5.2", "11.5", "11")}
    services.update_case(SYSTEM, case, {"sdg": ["13.1"]}, case.version)
    db.session.commit()
    assert tag_rows(case) == {("sdg", "13.1"): True, ("sdg", "13"): False}
    services.update_case(SYSTEM, case, {"sdg": ["13.1.1", "13"]}, case.version)
    db.session.commit()
    assert tag_rows(case) == {("sdg", "13.1.1"): True, ("sdg", "13.1"): False, ("sdg", "13"): True}


@pytest.mark.parametrize(("fields", "field", "text"), [
    ({"countries": []}, "countries", "at least one"),
    ({"countries": ["LAO", "XXX"]}, "countries", "XXX"),
    ({"domains": ["space"]}, "domains", "space"),
    ({"satellites": ["GF-2", "Landsat-9"]}, "satellites", "Landsat-9"),
    ({"links": ["javascript:alert(1)"]}, "links", "javascript:"),
    ({"partner_ids": [9999]}, "partner_ids", "9999"),
    ({"start_on": date(2020, 1, 2), "end_on": date(2020, 1, 1)}, "end_on", "before"),
    ({"title": "  "}, "title", "required"),
])
def test_case_fields_are_checked(make, fields, field, text):
    with pytest.raises(ValidationFailed) as error:
        make.case(**fields)
    assert text in error.value.fields[field][0]


def test_satellite_names_take_the_listed_spelling(make):
    assert make.case(satellites=["gf-2", "ZY-1 02D"]).satellites == ["GF-2", "ZY-1 02D"]


def test_a_stale_version_is_refused(make):
    case = make.case()
    with pytest.raises(StaleVersion):
        services.update_case(SYSTEM, case, {"title": "New"}, case.version - 1)


def test_partner_and_tag_changes_are_in_the_history_and_move_the_version(make):
    lasac, gistda = make.organization(acronym="LASAC"), make.organization(acronym="GISTDA")
    case = make.case(partner_ids=[lasac.id], sdg=["11.5"])
    version = case.version
    services.update_case(SYSTEM, case, {"partner_ids": [lasac.id, gistda.id]}, case.version)
    db.session.commit()
    assert case.version == version + 1
    assert set(case.partner_ids) == {lasac.id, gistda.id}
    services.update_case(SYSTEM, case, {"sdg": ["11.5.2"]}, case.version)
    db.session.commit()
    changes = [e.changes for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.record_type == "cases", AuditEvent.action == "update")
        .order_by(AuditEvent.id))]
    assert changes[0] == {"partner_ids": [[lasac.id], sorted([lasac.id, gistda.id])]}
    assert changes[1] == {"sdg": [["11.5"], ["11.5.2"]]}


def test_the_same_partner_list_writes_nothing(make):
    org = make.organization()
    case = make.case(partner_ids=[org.id])
    version = case.version
    services.update_case(SYSTEM, case, {"partner_ids": [org.id]}, case.version)
    db.session.commit()
    assert case.version == version


def test_archiving_is_staff_work(make, user_factory):
    node = make.node()
    case = make.case(node_id=node.id)
    coordinator = user_factory("coordinator", node=node)
    from app.core.errors import Forbidden

    with pytest.raises(Forbidden):
        services.archive_case(coordinator, case)
    services.archive_case(SYSTEM, case)
    assert case.is_archived
