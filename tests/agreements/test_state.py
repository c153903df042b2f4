"""The derived state: across dates, at the notice boundary, without an end date; SQL == Python."""

import itertools
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.agreements.models import Agreement, AgreementKind, AgreementState, AgreementStatus
from app.agreements.state import agreement_state, expiring_within_sql, in_force_sql, is_in_force, state_sql

D = date(2025, 6, 30)  # an expiry date


def agreement(status="active", expires_on=D, notice_days=None, auto_renew=False, ended_on=None,
              effective_from=date(2020, 7, 1)):
    return Agreement(kind=AgreementKind.mou, reference="X", title="X", status=AgreementStatus(status),
                     expires_on=expires_on, notice_days=notice_days, auto_renew=auto_renew, ended_on=ended_on,
                     effective_from=effective_from)


@pytest.mark.parametrize(("on", "expected"), [
    (date(2024, 1, 1), "active"),
    (D - timedelta(days=91), "active"),
    (D - timedelta(days=90), "expiring"),  # the 90-day boundary is inclusive
    (D - timedelta(days=1), "expiring"),
    (D, "expiring"),                       # the last day is still in force
    (D + timedelta(days=1), "expired"),
    (date(2030, 1, 1), "expired"),
])
def test_states_across_dates_with_the_default_90_days(on, expected):
    assert agreement_state(agreement(), on) == AgreementState(expected)


@pytest.mark.parametrize(("days_before", "expected"), [(181, "active"), (180, "expiring"), (179, "expiring")])
def test_expiring_starts_at_a_notice_period_longer_than_90_days(days_before, expected):
    a = agreement(notice_days=180)
    assert agreement_state(a, D - timedelta(days=days_before)) == AgreementState(expected)


def test_a_short_notice_period_still_warns_90_days_ahead():
    a = agreement(notice_days=30)
    assert agreement_state(a, D - timedelta(days=90)) == AgreementState.expiring
    assert agreement_state(a, D - timedelta(days=91)) == AgreementState.active


@pytest.mark.parametrize("on", [date(1990, 1, 1), date(2025, 6, 30), date(2099, 12, 31)])
def test_no_end_date_is_active_on_any_day(on):
    assert agreement_state(agreement(expires_on=None, notice_days=365), on) == AgreementState.active


def test_auto_renewal_keeps_it_active_after_the_expiry_date_but_warns_before():
    a = agreement(auto_renew=True)
    assert agreement_state(a, D - timedelta(days=10)) == AgreementState.expiring
    assert agreement_state(a, D + timedelta(days=400)) == AgreementState.active


@pytest.mark.parametrize("status", ["draft", "negotiating", "superseded"])
def test_recorded_statuses_win_over_dates(status):
    for on in (date(2020, 1, 1), D, date(2030, 1, 1)):
        assert agreement_state(agreement(status=status), on) == AgreementState(status)


def test_termination_with_notice_is_expiring_until_it_takes_effect():
    a = agreement(status="terminated", expires_on=None, ended_on=date(2025, 3, 1))
    assert agreement_state(a, date(2024, 1, 1)) == AgreementState.active
    assert agreement_state(a, date(2025, 2, 28)) == AgreementState.expiring
    assert agreement_state(a, date(2025, 3, 1)) == AgreementState.terminated
    assert agreement_state(agreement(status="terminated", ended_on=None), date(2000, 1, 1)) == AgreementState.terminated


def test_a_superseded_agreement_stays_in_force_until_its_successor_starts():
    a = agreement(status="superseded", ended_on=D + timedelta(days=1))
    assert agreement_state(a, D - timedelta(days=5)) == AgreementState.superseded
    assert is_in_force(a, D)
    assert not is_in_force(a, D + timedelta(days=1))


def test_not_in_force_before_it_takes_effect():
    a = agreement(effective_from=date(2021, 1, 1))
    assert agreement_state(a, date(2020, 12, 1)) == AgreementState.active
    assert not is_in_force(a, date(2020, 12, 31))
    assert is_in_force(a, date(2021, 1, 1))


def _combinations():
    statuses = list(AgreementStatus)
    expiries = [None, D]
    notices = [None, 30, 180]
    renews = [False, True]
    ended = [None, D - timedelta(days=30), D + timedelta(days=30)]
    effective = [None, date(2025, 1, 1)]
    for status, expires, notice, renew, end, start in itertools.product(statuses, expiries, notices, renews, ended,
                                                                       effective):
        if renew and expires is None:
            continue
        yield dict(status=status.value, expires_on=expires, notice_days=notice, auto_renew=renew, ended_on=end,
                   effective_from=start)


DAYS = [date(2024, 12, 31), D - timedelta(days=181), D - timedelta(days=180), D - timedelta(days=91),
        D - timedelta(days=90), D - timedelta(days=31), D - timedelta(days=30), D, D + timedelta(days=1),
        D + timedelta(days=29), D + timedelta(days=30), date(2027, 1, 1)]


def test_sql_and_python_agree_on_every_combination(db):
    rows = list(_combinations())
    for i, fields in enumerate(rows):
        record = agreement(**fields)
        record.reference = f"R{i}"
        db.session.add(record)
    db.session.flush()
    records = db.session.scalars(select(Agreement).order_by(Agreement.id)).all()
    for on in DAYS:
        in_sql = dict(db.session.execute(select(Agreement.id, state_sql(on))).all())
        forced = set(db.session.scalars(select(Agreement.id).where(in_force_sql(on))))
        within = set(db.session.scalars(select(Agreement.id).where(expiring_within_sql(60, on))))
        for record in records:
            assert in_sql[record.id] == agreement_state(record, on).value, (on, record.status, record.expires_on)
            assert (record.id in forced) == is_in_force(record, on), (on, record.reference)
        expected_within = {r.id for r in records if agreement_state(r, on).value in ("active", "expiring")
                           and _end(r) is not None and 0 <= (_end(r) - on).days <= 60}
        assert within == expected_within, on
    # The combinations exercise every state, so the comparison above covers all of them.
    seen = {agreement_state(r, on).value for r in records for on in DAYS}
    assert seen == {s.value for s in AgreementState}


def _end(record):
    from app.agreements.state import last_day

    return last_day(record)


def test_ending_in_finds_the_agreements_a_reminder_is_due_for(make):
    from app.agreements.queries import ending_in

    on = date(2025, 1, 1)
    make.agreement(reference="IN-90", status="active", expires_on=on + timedelta(days=90))
    make.agreement(reference="IN-91", status="active", expires_on=on + timedelta(days=91))
    make.agreement(reference="DRAFT-90", status="draft", expires_on=on + timedelta(days=90))
    ended = make.agreement(reference="ENDS-90", status="active", expires_on=None)
    from app.agreements import services
    from tests.factories import SYSTEM

    services.terminate_agreement(SYSTEM, ended, on + timedelta(days=91), "notice given", ended.version)
    assert [a.reference for a in ending_in(90, on)] == ["ENDS-90", "IN-90"]
    assert [a.reference for a in ending_in(91, on)] == ["IN-91"]
