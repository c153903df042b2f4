"""Writes to agreements: cross-field checks, renewal chain, termination, stale versions, audit."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.agreements import services
from app.agreements.models import Agreement, AgreementState, AgreementStatus
from app.agreements.state import agreement_state
from app.audit.models import AuditEvent
from app.core.errors import Conflict, Duplicate, Forbidden, StaleVersion, ValidationFailed
from tests.factories import SYSTEM

TODAY = date.today()


def _fields(error) -> dict:
    return error.value.fields


def active_mou(make, licensee, **fields):
    lasac = make.organization(name=f"LASAC {licensee.id}", country="CHN")
    return make.agreement(parties=[lasac, licensee], status="active", signed_on=TODAY - timedelta(days=400),
                          effective_from=TODAY - timedelta(days=400), expires_on=TODAY + timedelta(days=1000),
                          **fields)


def license_data(make, licensee, **fields):
    lasac = make.organization(country="CHN")
    return {"kind": "data_license", "reference": fields.pop("reference", "LIC-1"), "title": "Data license",
            "status": "active", "effective_from": TODAY - timedelta(days=10),
            "expires_on": TODAY + timedelta(days=700),
            "parties": [{"organization_id": lasac.id, "role": "licensor"},
                        {"organization_id": licensee.id, "role": "licensee"}],
            "license": {"licensee_id": licensee.id, "satellites": ["GF-2", "zy-3"], "product_levels": ["L1", "DOM"],
                        "territory": ["lao", "KHM"], "permitted_uses": ["research"]}} | fields


def test_create_records_parties_signatories_and_terms(make, db):
    a, b = make.organization(acronym="LASAC"), make.organization(acronym="UoN")
    person = make.person()
    record = services.create_agreement(SYSTEM, {
        "kind": "mou", "reference": "MOU-2024-01", "title": "MOU", "status": "active",
        "parties": [{"organization_id": a.id, "role": "lead"}, {"organization_id": b.id, "role": "partner"}],
        "signatory_ids": [person.id], "signed_on": date(2024, 1, 10), "effective_from": date(2024, 2, 1),
        "expires_on": date(2029, 1, 31), "notice_days": 180, "attribution": "© LASAC"})
    db.session.commit()
    assert [(p.organization_id, p.role.value) for p in record.parties] == [(a.id, "lead"), (b.id, "partner")]
    assert record.signatory_ids == [person.id]
    assert record.non_commercial and record.geoss_principles
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.record_type == "agreements"))
    assert event.action == "create"
    assert event.changes["parties"] == [[], ["LASAC (lead)", "UoN (partner)"]]


@pytest.mark.parametrize(("fields", "field"), [
    ({"effective_from": date(2025, 1, 1), "expires_on": date(2024, 12, 31)}, "expires_on"),
    ({"effective_from": date(2025, 1, 1), "expires_on": date(2025, 1, 1)}, "expires_on"),
    ({"signed_on": date(2025, 1, 1), "expires_on": date(2024, 6, 1)}, "expires_on"),
    ({"notice_days": -1}, "notice_days"),
    ({"auto_renew": True, "expires_on": None}, "auto_renew"),
    ({"status": "terminated"}, "status"),
    ({"status": "superseded"}, "status"),
    ({"kind": "amendment"}, "supersedes_id"),
    ({"reference": "  "}, "reference"),
    ({"title": ""}, "title"),
    ({"kind": "treaty"}, "kind"),
    ({"signatory_ids": [999999]}, "signatory_ids"),
    ({"supersedes_id": 999999}, "supersedes_id"),
    ({"license": {"licensee_id": 1, "satellites": ["GF-2"]}}, "license"),
])
def test_cross_field_errors_name_the_field(make, fields, field):
    data = {"kind": "mou", "reference": "R-1", "title": "T", "status": "draft"} | fields
    with pytest.raises(ValidationFailed) as error:
        services.create_agreement(SYSTEM, data)
    assert field in _fields(error)


def test_an_active_agreement_needs_two_parties(make):
    only = make.organization()
    with pytest.raises(ValidationFailed) as error:
        services.create_agreement(SYSTEM, {"kind": "mou", "reference": "R", "title": "T", "status": "active",
                                           "parties": [{"organization_id": only.id, "role": "lead"}]})
    assert "at least two parties" in _fields(error)["parties"][0]


def test_parties_must_exist_and_not_repeat(make):
    org = make.organization()
    with pytest.raises(ValidationFailed) as error:
        services.create_agreement(SYSTEM, {"kind": "mou", "reference": "R", "title": "T", "parties": [
            {"organization_id": org.id, "role": "lead"}, {"organization_id": org.id, "role": "partner"},
            {"organization_id": 424242, "role": "partner"}, {"organization_id": org.id, "role": "emperor"}]})
    messages = " ".join(_fields(error)["parties"])
    assert "424242" in messages and "twice" in messages and "emperor" in messages


def test_reference_is_unique_whatever_the_case(make):
    make.agreement(reference="MOU-1")
    with pytest.raises(Duplicate) as error:  # a taken unique value is a 409 (API.md)
        make.agreement(reference="mou-1")
    assert "reference" in _fields(error)


def test_a_license_needs_a_licensee(make):
    with pytest.raises(ValidationFailed) as error:
        services.create_agreement(SYSTEM, {"kind": "data_license", "reference": "L", "title": "T"})
    assert "license.licensee_id" in _fields(error)


def test_license_terms_are_checked_one_by_one(make):
    licensee = make.organization()
    data = license_data(make, licensee, status="draft")
    data["license"] = {"licensee_id": licensee.id, "satellites": ["Sputnik"], "product_levels": [],
                       "territory": ["XXX"], "permitted_uses": ["commercial"]}
    with pytest.raises(ValidationFailed) as error:
        services.create_agreement(SYSTEM, data)
    fields = _fields(error)
    assert "Sputnik" in fields["license.satellites"][0]
    assert "license.product_levels" in fields
    assert "XXX" in fields["license.territory"][0]
    assert "non-commercial" in fields["license.permitted_uses"][0]


def test_a_license_cannot_be_active_without_a_binding_mou(make):
    licensee = make.organization()
    with pytest.raises(ValidationFailed) as error:
        services.create_agreement(SYSTEM, license_data(make, licensee))
    assert "binds its licensee" in _fields(error)["status"][0]


def test_a_license_can_be_active_while_an_mou_binds_the_licensee(make, db):
    licensee = make.organization()
    active_mou(make, licensee)
    record = services.create_agreement(SYSTEM, license_data(make, licensee))
    db.session.commit()
    assert record.license.satellites == ["GF-2", "ZY-3"]  # canonical names
    assert record.license.territory == ["LAO", "KHM"]


def test_an_expired_or_draft_mou_does_not_bind(make):
    licensee = make.organization()
    lasac = make.organization()
    make.agreement(parties=[lasac, licensee], status="active", effective_from=date(2015, 1, 1),
                   expires_on=date(2018, 1, 1))
    make.agreement(parties=[lasac, licensee], status="draft")
    with pytest.raises(ValidationFailed):
        services.create_agreement(SYSTEM, license_data(make, licensee))


def test_an_amendment_cannot_outlive_what_it_amends(make):
    mou = make.agreement(status="active", effective_from=date(2020, 1, 1), expires_on=date(2025, 12, 31))
    for expires in (date(2026, 1, 1), None):
        with pytest.raises(ValidationFailed) as error:
            make.agreement(kind="amendment", supersedes_id=mou.id, expires_on=expires)
        assert "cannot outlive" in _fields(error)["expires_on"][0]
    amendment = make.agreement(kind="amendment", supersedes_id=mou.id, expires_on=date(2025, 12, 31))
    # …and the amended agreement cannot be shortened below its amendment.
    with pytest.raises(ValidationFailed) as error:
        services.update_agreement(SYSTEM, mou, {"expires_on": date(2024, 12, 31)}, mou.version)
    assert amendment.reference in _fields(error)["expires_on"][0]


def test_the_chain_cannot_loop(make):
    first = make.agreement()
    second = make.agreement(supersedes_id=first.id)
    with pytest.raises(ValidationFailed) as error:
        services.update_agreement(SYSTEM, first, {"supersedes_id": second.id}, first.version)
    assert "supersedes_id" in _fields(error)


def test_a_stale_edit_is_refused_and_writes_nothing(make, db):
    record = make.agreement(title="Before")
    version = record.version
    services.update_agreement(SYSTEM, record, {"title": "First"}, version)
    db.session.commit()
    with pytest.raises(StaleVersion):
        services.update_agreement(SYSTEM, record, {"title": "Second"}, version)
    db.session.rollback()
    assert db.session.get(Agreement, record.id).title == "First"


def test_changing_only_the_parties_bumps_the_version_and_is_audited(make, db):
    record = make.agreement()
    third = make.organization(acronym="NEW")
    version = record.version
    parties = [{"organization_id": p.organization_id, "role": p.role} for p in record.parties]
    services.update_agreement(SYSTEM, record, {"parties": parties + [{"organization_id": third.id,
                                                                      "role": "observer"}]}, version)
    db.session.commit()
    assert record.version == version + 1
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.record_id == record.id,
                                                        AuditEvent.action == "update")).one()
    assert event.changes["parties"][1][-1] == "NEW (observer)"


def test_only_staff_write(make, user_factory):
    node = make.node()
    for role in ("coordinator", "board"):
        user = user_factory(role, node=node if role == "coordinator" else None)
        with pytest.raises(Forbidden):
            services.create_agreement(user, {"kind": "mou", "reference": "R", "title": "T"})


def test_renewal_creates_the_successor_and_supersedes_the_old_one(make, db):
    person = make.person()
    old = make.agreement(status="active", signed_on=date(2019, 12, 1), effective_from=date(2020, 1, 1),
                         expires_on=date(2024, 12, 31), notice_days=120, reference="MOU-2020",
                         signatory_ids=[person.id])
    new = services.renew_agreement(SYSTEM, old, {"reference": "MOU-2025", "signed_on": date(2024, 12, 1)},
                                   old.version)
    db.session.commit()
    assert new.supersedes_id == old.id and old.successors == [new]
    assert old.status == AgreementStatus.superseded and old.ended_on == date(2025, 1, 1)
    assert new.effective_from == date(2025, 1, 1)
    assert new.expires_on == date(2029, 12, 31)  # five calendar years again, leap days or not
    assert new.party_organization_ids == old.party_organization_ids
    assert new.notice_days == 120 and new.signatory_ids == []
    assert agreement_state(old) == AgreementState.superseded
    # A second renewal of the same agreement is refused: it is superseded.
    with pytest.raises(Conflict):
        services.renew_agreement(SYSTEM, old, {"reference": "MOU-X"}, old.version)


def test_a_license_renewal_copies_its_terms(make, db):
    licensee = make.organization()
    active_mou(make, licensee)
    old = services.create_agreement(SYSTEM, license_data(make, licensee))
    db.session.commit()
    new = services.renew_agreement(SYSTEM, old, {"reference": "LIC-2"}, old.version)
    db.session.commit()
    assert new.license.summary() == old.license.summary()


def test_a_failed_renewal_leaves_the_old_agreement_untouched(make, db):
    taken = make.agreement(reference="TAKEN")
    old = make.agreement(status="active", expires_on=date(2030, 1, 1))
    with pytest.raises(Duplicate):
        services.renew_agreement(SYSTEM, old, {"reference": taken.reference}, old.version)
    db.session.rollback()
    assert db.session.get(Agreement, old.id).status == AgreementStatus.active
    assert db.session.scalar(select(Agreement).where(Agreement.supersedes_id == old.id)) is None


def test_renewal_needs_a_signed_agreement_and_the_current_version(make):
    draft = make.agreement(status="draft")
    with pytest.raises(Conflict):
        services.renew_agreement(SYSTEM, draft, {"reference": "R2"}, draft.version)
    active = make.agreement(status="active")
    with pytest.raises(StaleVersion):
        services.renew_agreement(SYSTEM, active, {"reference": "R3"}, active.version - 1)


def test_termination_records_day_and_reason(make, db):
    record = make.agreement(status="active", effective_from=date(2020, 1, 1))
    with pytest.raises(ValidationFailed) as error:
        services.terminate_agreement(SYSTEM, record, date(2019, 1, 1), "", record.version)
    assert {"reason", "ended_on"} <= set(_fields(error))
    services.terminate_agreement(SYSTEM, record, TODAY, "Partner withdrew", record.version)
    db.session.commit()
    assert agreement_state(record) == AgreementState.terminated
    with pytest.raises(Conflict):
        services.terminate_agreement(SYSTEM, record, TODAY, "again", record.version)
    with pytest.raises(ValidationFailed) as error:
        services.update_agreement(SYSTEM, record, {"status": "active"}, record.version)
    assert "cannot be reopened" in _fields(error)["status"][0]


def test_only_drafts_without_documents_are_deleted(make, db):
    draft = make.agreement(status="draft")
    services.delete_agreement(SYSTEM, draft)
    db.session.commit()
    assert db.session.get(Agreement, draft.id) is None
    active = make.agreement(status="active")
    with pytest.raises(Conflict):
        services.delete_agreement(SYSTEM, active)


def test_changing_the_kind_away_from_license_drops_the_terms(make, db):
    licensee = make.organization()
    record = services.create_agreement(SYSTEM, license_data(make, licensee, status="draft"))
    db.session.commit()
    services.update_agreement(SYSTEM, record, {"kind": "mou"}, record.version)
    db.session.commit()
    assert record.license is None
