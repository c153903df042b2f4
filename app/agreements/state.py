"""The state of an agreement on a given day, derived from its status and dates, never stored.

The same rule is written twice, once in Python (`agreement_state`) and once as a SQL
expression (`state_sql`) so that the register filters by state in the database; a test
checks that both agree on every combination of status and dates.

The rule, for the day asked (`on`, default today):

- `draft`, `negotiating`, `superseded`: the recorded status (a renewal recorded ahead of
  time takes the old agreement off the "expiring" list at once).
- `terminated`: from `ended_on` (the first day it is no longer in force) on; before that
  day (a termination with notice) it is judged by its dates, `ended_on - 1` being its
  last day.
- in force with no end date: `active`.
- past its last day: `expired`; except an `active` agreement with `auto_renew`, which
  renews itself tacitly and stays `active`.
- its last day within `max(notice_days, 90)` days (inclusive; the last day itself counts):
  `expiring` — the notice period when it is longer than 90 days, else the 90-day warning.
- otherwise `active` (also when signed with an `effective_from` still ahead).

Whether an agreement was *in force* on a day (`is_in_force`, used by license checks) is a
different question: a superseded agreement stays in force until its `ended_on - 1`.
"""

from datetime import date, timedelta

from sqlalchemy import Integer, String, and_, case, literal, literal_column, or_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from app.agreements.models import Agreement, AgreementState, AgreementStatus

EXPIRING_DAYS = 90
_EPOCH = date(1970, 1, 1)
_ENDED = (AgreementStatus.terminated, AgreementStatus.superseded)
IN_FORCE = (AgreementState.active, AgreementState.expiring)


def today() -> date:
    return date.today()


def last_day(agreement: Agreement) -> date | None:
    """The last day the agreement is in force by its dates (None: no end)."""
    end = agreement.expires_on
    if agreement.status in _ENDED and agreement.ended_on is not None:
        cut = agreement.ended_on - timedelta(days=1)
        end = cut if end is None or cut < end else end
    return end


def warning_days(agreement: Agreement) -> int:
    return max(agreement.notice_days or 0, EXPIRING_DAYS)


def _dated_state(agreement: Agreement, on: date) -> AgreementState:
    end = last_day(agreement)
    if end is None:
        return AgreementState.active
    if end < on:
        if agreement.status == AgreementStatus.active and agreement.auto_renew:
            return AgreementState.active
        return AgreementState.expired
    if (end - on).days <= warning_days(agreement):
        return AgreementState.expiring
    return AgreementState.active


def agreement_state(agreement: Agreement, on: date | None = None) -> AgreementState:
    """The state people see on day `on` (default today); see the module docstring."""
    on = on or today()
    status = agreement.status
    if status in (AgreementStatus.draft, AgreementStatus.negotiating, AgreementStatus.superseded):
        return AgreementState(status.value)
    if status == AgreementStatus.terminated and (agreement.ended_on is None or agreement.ended_on <= on):
        return AgreementState.terminated
    return _dated_state(agreement, on)


def is_in_force(agreement: Agreement, on: date | None = None) -> bool:
    """Signed, already effective, not yet ended or expired on day `on`."""
    on = on or today()
    if agreement.status in (AgreementStatus.draft, AgreementStatus.negotiating):
        return False
    if agreement.effective_from is not None and agreement.effective_from > on:
        return False
    if agreement.status in _ENDED and (agreement.ended_on is None or agreement.ended_on <= on):
        return False
    return _dated_state(agreement, on) in IN_FORCE


def days_left(agreement: Agreement, on: date | None = None) -> int | None:
    """Days from `on` to the last day in force (0 on the last day; negative once past)."""
    end = last_day(agreement)
    return None if end is None else (end - (on or today())).days


# --- the same rule in SQL -------------------------------------------------------------


class day_number(FunctionElement):
    """Whole days from 1970-01-01 to a date column, on SQLite and PostgreSQL alike."""

    type = Integer()
    inherit_cache = True


@compiles(day_number)
def _day_number_default(element, compiler, **kw):
    return f"({compiler.process(element.clauses, **kw)} - DATE '1970-01-01')"


@compiles(day_number, "sqlite")
def _day_number_sqlite(element, compiler, **kw):
    return f"CAST(julianday({compiler.process(element.clauses, **kw)}) - 2440587.5 AS INTEGER)"


def day_of(on: date) -> int:
    """The day number of a date, comparable with `day_number` and `last_day_sql`."""
    return (on - _EPOCH).days


def last_day_sql():
    """Day number of the last day in force (NULL: no end), as `last_day`."""
    ended = and_(Agreement.status.in_(_ENDED), Agreement.ended_on.is_not(None))
    cut = day_number(Agreement.ended_on) - 1
    return case(
        (and_(ended, or_(Agreement.expires_on.is_(None), cut < day_number(Agreement.expires_on))), cut),
        else_=day_number(Agreement.expires_on),
    )


def _dated_state_sql(on: date):
    on_day = literal(day_of(on), Integer)
    end = last_day_sql()
    window = case((Agreement.notice_days > EXPIRING_DAYS, Agreement.notice_days), else_=EXPIRING_DAYS)
    renews = and_(Agreement.status == AgreementStatus.active, Agreement.auto_renew.is_(True))
    return [
        (end.is_(None), _text(AgreementState.active)),
        (and_(end < on_day, renews), _text(AgreementState.active)),
        (end < on_day, _text(AgreementState.expired)),
        (end - on_day <= window, _text(AgreementState.expiring)),
    ]


def _text(state: AgreementState):
    return literal_column(f"'{state.value}'", String)


def state_sql(on: date | None = None):
    """A SQL expression giving the state's value on day `on`, as `agreement_state`."""
    on = on or today()
    status = Agreement.status
    return case(
        (status == AgreementStatus.draft, _text(AgreementState.draft)),
        (status == AgreementStatus.negotiating, _text(AgreementState.negotiating)),
        (status == AgreementStatus.superseded, _text(AgreementState.superseded)),
        (and_(status == AgreementStatus.terminated, or_(Agreement.ended_on.is_(None), Agreement.ended_on <= on)),
         _text(AgreementState.terminated)),
        *_dated_state_sql(on),
        else_=_text(AgreementState.active),
    )


def expiring_within_sql(days: int, on: date | None = None):
    """In force on `on` and its last day falls within the next `days` days (inclusive)."""
    on = on or today()
    on_day = literal(day_of(on), Integer)
    end = last_day_sql()
    return and_(state_sql(on).in_([s.value for s in IN_FORCE]), end >= on_day, end - on_day <= days)


def in_force_sql(on: date | None = None):
    """A SQL condition: the agreement is in force on day `on`, as `is_in_force`."""
    on = on or today()
    dated = case(*_dated_state_sql(on), else_=_text(AgreementState.active))
    return and_(
        Agreement.status.in_((AgreementStatus.active, *_ENDED)),
        or_(Agreement.effective_from.is_(None), Agreement.effective_from <= on),
        or_(Agreement.status == AgreementStatus.active, and_(Agreement.ended_on.is_not(None), Agreement.ended_on > on)),
        dated.in_([s.value for s in IN_FORCE]),
    )
