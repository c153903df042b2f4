"""The derived state: across dates, at the notice boundary, without an end date; SQL == Python."""

import itertools
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.agreements.models import Agreement, AgreementKind, AgreementState, AgreementStatus
from app.agreements.state import (
    agreement_state,
    current_term,
    days_left,
    expiring_within_sql,
    in_force_sql,
    is_in_force,
    last_day,
    last_day_sql,
    next_term,
    state_sql,
)

D = date(2025, 6, 30)  # an expiry date


def agreement(status="active", expires_on=D, notice_days=None, auto_renew=False, ended_on=None,
              effective_from=date(2020, 7, 1), renewal_months=None):
    return Agreement(kind=AgreementKind.mou, reference="X", title="X", status=AgreementStatus(status),
                     expires_on=expires_on, notice_days=notice_days, auto_renew=auto_renew, ended_on=ended_on,
                     effective_from=effective_from, renewal_months=renewal_months)


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
    months = [None, 12]  # no renewal period (the old rule) or a rolling one
    for status, expires, notice, renew, end, start, period in itertools.product(statuses, expiries, notices, renews,
                                                                               ended, effective, months):
        if (renew and expires is None) or (period and not renew):
            continue
        yield dict(status=status.value, expires_on=expires, notice_days=notice, auto_renew=renew, ended_on=end,
                   effective_from=start, renewal_months=period)


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
                           and last_day(r, on) is not None and 0 <= (last_day(r, on) - on).days <= 60}
        assert within == expected_within, on
    # The combinations exercise every state, so the comparison above covers all of them.
    seen = {agreement_state(r, on).value for r in records for on in DAYS}
    assert seen == {s.value for s in AgreementState}


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


# --- auto-renewing agreements roll forward term by term ------------------------------------


def rolling(**fields):
    """A one-year agreement from 2024-07-01 to D (2025-06-30) renewing itself for 12 months, 60 days' notice."""
    return agreement(**({"effective_from": date(2024, 7, 1), "auto_renew": True, "renewal_months": 12,
                         "notice_days": 60} | fields))


@pytest.mark.parametrize(("on", "number", "starts", "ends"), [
    (date(2025, 1, 1), 1, date(2024, 7, 1), D),
    (D, 1, date(2024, 7, 1), D),
    (D + timedelta(days=1), 2, date(2025, 7, 1), date(2026, 6, 30)),
    (date(2026, 6, 30), 2, date(2025, 7, 1), date(2026, 6, 30)),
    (date(2026, 7, 1), 3, date(2026, 7, 1), date(2027, 6, 30)),
    (date(2029, 3, 15), 5, date(2028, 7, 1), date(2029, 6, 30)),
])
def test_the_current_term_rolls_forward_with_its_notice_date(on, number, starts, ends):
    term = current_term(rolling(), on)
    assert (term.number, term.starts_on, term.ends_on) == (number, starts, ends)
    assert term.notice_on == ends - timedelta(days=60)
    assert last_day(rolling(), on) == ends
    assert days_left(rolling(), on) == (ends - on).days


@pytest.mark.parametrize(("on", "expected"), [
    (D - timedelta(days=91), "active"), (D - timedelta(days=90), "expiring"), (D, "expiring"),
    (D + timedelta(days=1), "active"),                   # the second term has begun
    (date(2026, 6, 30) - timedelta(days=91), "active"),
    (date(2026, 6, 30) - timedelta(days=90), "expiring"),  # warned again before the second term ends
    (date(2026, 7, 1), "active"), (date(2031, 6, 30), "expiring"), (date(2031, 7, 1), "active"),
])
def test_a_rolling_agreement_is_never_expired_and_warns_before_each_term_ends(on, expected):
    assert agreement_state(rolling(), on) == AgreementState(expected)
    assert is_in_force(rolling(), on)


def test_renewal_terms_starting_on_the_31st_start_on_the_last_day_of_shorter_months():
    # First term ends 30 January: renewal terms of one month start on the 31st or the month's last day.
    a = rolling(effective_from=date(2025, 1, 1), expires_on=date(2025, 1, 30), renewal_months=1)
    assert current_term(a, date(2025, 2, 27)) .ends_on == date(2025, 2, 27)
    assert current_term(a, date(2025, 2, 28)).starts_on == date(2025, 2, 28)
    assert current_term(a, date(2025, 2, 28)).ends_on == date(2025, 3, 30)
    assert current_term(a, date(2025, 3, 30)).starts_on == date(2025, 2, 28)
    assert current_term(a, date(2025, 3, 31)).starts_on == date(2025, 3, 31)


def test_the_arithmetic_term_equals_walking_the_terms():
    for expires, months in itertools.product([D, date(2025, 1, 30), date(2024, 2, 28), date(2025, 8, 31)],
                                             [1, 5, 12, 24]):
        a = rolling(expires_on=expires, renewal_months=months)
        term = current_term(a, expires)
        day = expires
        while day < expires + timedelta(days=3 * 366):
            if day > term.ends_on:
                nxt = next_term(a, term)
                assert nxt.starts_on == term.ends_on + timedelta(days=1)
                term = nxt
            assert current_term(a, day) == term, (expires, months, day)
            day += timedelta(days=1)


def test_without_a_renewal_period_an_auto_renewing_agreement_keeps_the_old_rule():
    a = agreement(auto_renew=True, renewal_months=None)
    assert agreement_state(a, D + timedelta(days=400)) == AgreementState.active
    assert last_day(a, D + timedelta(days=400)) == D


def test_a_termination_with_notice_cuts_the_current_term():
    a = rolling(status="terminated", ended_on=date(2026, 3, 1))
    assert last_day(a, date(2025, 12, 1)) == date(2026, 2, 28)
    assert agreement_state(a, date(2025, 11, 30)) == AgreementState.expiring
    assert agreement_state(a, date(2026, 3, 1)) == AgreementState.terminated


def _rolling_combinations():
    for status, expires, notice, months, end, start in itertools.product(
            [AgreementStatus.active, AgreementStatus.terminated, AgreementStatus.superseded],
            [D, date(2025, 1, 30), date(2024, 2, 28), date(2025, 8, 31)], [None, 30, 180], [None, 1, 5, 12],
            [None, date(2027, 3, 1)], [None, date(2023, 7, 1)]):
        yield dict(status=status.value, expires_on=expires, notice_days=notice, auto_renew=True,
                   renewal_months=months, ended_on=end, effective_from=start)


ROLLING_DAYS = sorted({date(2024, 12, 1) + timedelta(days=41 * i) for i in range(45)}
                      | {date(2025, 2, 28), date(2025, 3, 1), date(2025, 3, 30), date(2025, 3, 31),
                         date(2026, 2, 28), date(2028, 2, 29), date(2026, 6, 30), date(2026, 7, 1),
                         date(2025, 9, 1), date(2027, 2, 28), date(2027, 3, 1)})


def test_sql_and_python_agree_on_rolling_terms(db):
    for i, fields in enumerate(_rolling_combinations()):
        record = agreement(**fields)
        record.reference = f"RR{i}"
        db.session.add(record)
    db.session.flush()
    records = db.session.scalars(select(Agreement).order_by(Agreement.id)).all()
    seen = set()
    for on in ROLLING_DAYS:
        rows = db.session.execute(select(Agreement.id, state_sql(on), last_day_sql(on)).order_by(Agreement.id)).all()
        forced = set(db.session.scalars(select(Agreement.id).where(in_force_sql(on))))
        within = set(db.session.scalars(select(Agreement.id).where(expiring_within_sql(45, on))))
        for (record_id, state, end_day), record in zip(rows, records, strict=True):
            assert record_id == record.id
            end = last_day(record, on)
            assert state == agreement_state(record, on).value, (on, record.reference)
            assert end_day == (None if end is None else (end - date(1970, 1, 1)).days), (on, record.reference)
            assert (record.id in forced) == is_in_force(record, on), (on, record.reference)
            seen.add((agreement_state(record, on).value, end is not None and end > record.expires_on))
        expected = {r.id for r in records if agreement_state(r, on).value in ("active", "expiring")
                    and 0 <= (last_day(r, on) - on).days <= 45}
        assert within == expected, on
    assert ("expiring", True) in seen and ("active", True) in seen  # rolled terms were compared
