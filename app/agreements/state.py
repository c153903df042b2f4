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
- an agreement with `auto_renew` and a renewal period (`renewal_months`) rolls forward:
  once its first term (`effective_from` … `expires_on`) is over, its *current term* is the
  renewal term containing the day asked, each `renewal_months` long in calendar months
  counted from the day after `expires_on` (a term starting on the 31st starts on the last
  day of shorter months). Its last day is the end of the current term (or `ended_on - 1`
  when that comes first), and the notice date of each term is its end minus `notice_days`.
- past its last day: `expired`; except an `active` agreement with `auto_renew` but no
  renewal period (older records), which renews itself tacitly and stays `active`.
- its last day within `max(notice_days, 90)` days (inclusive; the last day itself counts):
  `expiring` — the notice period when it is longer than 90 days, else the 90-day warning.
- otherwise `active` (also when signed with an `effective_from` still ahead).

Whether an agreement was *in force* on a day (`is_in_force`, used by license checks) is a
different question: a superseded agreement stays in force until its `ended_on - 1`.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import Integer, String, and_, case, func, literal, literal_column, or_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from app.agreements.models import Agreement, AgreementState, AgreementStatus

EXPIRING_DAYS = 90
_EPOCH = date(1970, 1, 1)
_ENDED = (AgreementStatus.terminated, AgreementStatus.superseded)
IN_FORCE = (AgreementState.active, AgreementState.expiring)


def today() -> date:
    return date.today()


@dataclass(frozen=True)
class Term:
    """One term of an agreement: the first (number 1) or a tacit renewal (2, 3 …)."""

    number: int
    starts_on: date | None
    ends_on: date
    notice_on: date | None  # the last day to give notice so that it ends with this term


def rolls(agreement: Agreement) -> bool:
    """Renews itself term after term: auto_renew, an expiry date and a renewal period."""
    return bool(agreement.auto_renew and agreement.expires_on is not None and agreement.renewal_months
                and agreement.renewal_months > 0)


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _term(agreement: Agreement, number: int) -> Term:
    if number <= 1:
        start, end = agreement.effective_from or agreement.signed_on, agreement.expires_on
    else:
        renewed = agreement.expires_on + timedelta(days=1)
        step = agreement.renewal_months
        start = renewed + relativedelta(months=(number - 2) * step)
        end = renewed + relativedelta(months=(number - 1) * step) - timedelta(days=1)
    notice = end - timedelta(days=agreement.notice_days) if agreement.notice_days is not None else None
    return Term(number, start, end, notice)


def current_term(agreement: Agreement, on: date | None = None) -> Term | None:
    """The term containing day `on` (the first one until it ends; None without an expiry date).

    Only an agreement that rolls has terms after the first; the renewal term is found by
    arithmetic (as `current_term_end_sql` does in SQL), not by walking the terms.
    """
    on = on or today()
    if agreement.expires_on is None:
        return None
    if not rolls(agreement) or on <= agreement.expires_on:
        return _term(agreement, 1)
    renewed = agreement.expires_on + timedelta(days=1)
    months = _month_index(on) - _month_index(renewed)
    index = months // agreement.renewal_months
    first_day = min(renewed.day, calendar.monthrange(on.year, on.month)[1])
    if months % agreement.renewal_months == 0 and first_day > on.day:
        index -= 1  # the renewal day of this month is still ahead
    return _term(agreement, index + 2)


def first_term_months(starts_on: date | None, ends_on: date) -> int:
    """The length of a first term in whole months (a half month or more counts; 12 without a start)."""
    if starts_on is None or ends_on < starts_on:
        return 12
    span = relativedelta(ends_on + timedelta(days=1), starts_on)
    return max(1, min(120, span.years * 12 + span.months + (1 if span.days >= 15 else 0)))


def next_term(agreement: Agreement, term: Term) -> Term | None:
    """The term after `term`, for an agreement that rolls."""
    return _term(agreement, term.number + 1) if rolls(agreement) else None


def last_day(agreement: Agreement, on: date | None = None) -> date | None:
    """The last day the agreement is in force by its dates as seen on day `on` (None: no end).

    For an agreement that rolls, the end of its current term."""
    term = current_term(agreement, on) if rolls(agreement) else None
    end = term.ends_on if term is not None else agreement.expires_on
    if agreement.status in _ENDED and agreement.ended_on is not None:
        cut = agreement.ended_on - timedelta(days=1)
        end = cut if end is None or cut < end else end
    return end


def warning_days(agreement: Agreement) -> int:
    return max(agreement.notice_days or 0, EXPIRING_DAYS)


def _dated_state(agreement: Agreement, on: date) -> AgreementState:
    end = last_day(agreement, on)
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
    on = on or today()
    end = last_day(agreement, on)
    return None if end is None else (end - on).days


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


class _next_day_part(FunctionElement):
    """Year, month or day (as an integer) of the day after a date column."""

    type = Integer()
    inherit_cache = True

    def __init__(self, column, part: str):
        self.part = part
        super().__init__(column)


_PARTS = {"year": "%Y", "month": "%m", "day": "%d"}


@compiles(_next_day_part)
def _next_day_part_default(element, compiler, **kw):
    return f"CAST(EXTRACT({element.part.upper()} FROM ({compiler.process(element.clauses, **kw)} + 1)) AS INTEGER)"


@compiles(_next_day_part, "sqlite")
def _next_day_part_sqlite(element, compiler, **kw):
    column = compiler.process(element.clauses, **kw)
    return f"CAST(strftime('{_PARTS[element.part]}', {column}, '+1 day') AS INTEGER)"


class _int_div(FunctionElement):
    """Integer division of two integer expressions (operands are never negative where used)."""

    type = Integer()
    inherit_cache = True


@compiles(_int_div)
def _int_div_default(element, compiler, **kw):
    a, b = (compiler.process(c, **kw) for c in element.clauses)
    return f"(({a}) / ({b}))"


class _renewal_start(FunctionElement):
    """Day number of the day after `expires_on` plus `months` calendar months, the day of the
    month cut to the month's length (as dateutil's relativedelta does)."""

    type = Integer()
    inherit_cache = True


@compiles(_renewal_start)
def _renewal_start_default(element, compiler, **kw):
    column, months = (compiler.process(c, **kw) for c in element.clauses)
    # PostgreSQL adds months as relativedelta does: 31 January + 1 month is 28 (29) February.
    return f"(CAST(({column} + 1) + make_interval(months => CAST({months} AS INTEGER)) AS DATE) - DATE '1970-01-01')"


def _sqlite_month_start(index: str) -> str:
    return f"CAST(julianday(printf('%04d-%02d-01', ({index}) / 12, ({index}) % 12 + 1)) - 2440587.5 AS INTEGER)"


@compiles(_renewal_start, "sqlite")
def _renewal_start_sqlite(element, compiler, **kw):
    column, months = (compiler.process(c, **kw) for c in element.clauses)
    day = f"CAST(strftime('%d', {column}, '+1 day') AS INTEGER)"
    index = (f"(CAST(strftime('%Y', {column}, '+1 day') AS INTEGER) * 12 "
             f"+ CAST(strftime('%m', {column}, '+1 day') AS INTEGER) - 1 + ({months}))")
    first, following = _sqlite_month_start(index), _sqlite_month_start(f"{index} + 1")
    return f"({first} + MIN({day}, {following} - {first}) - 1)"


def _smaller(a, b):
    return case((a > b, b), else_=a)


def rolls_sql():
    """A SQL condition: the agreement rolls, as `rolls`."""
    return and_(Agreement.auto_renew.is_(True), Agreement.expires_on.is_not(None), Agreement.renewal_months > 0)


def current_term_end_sql(on: date):
    """Day number of the end of the renewal term containing day `on`, for an agreement that
    rolls and whose first term ended before `on` (as `current_term`)."""
    renewed_day = _next_day_part(Agreement.expires_on, "day")
    first_month = _next_day_part(Agreement.expires_on, "year") * 12 + _next_day_part(Agreement.expires_on, "month") - 1
    step = func.nullif(Agreement.renewal_months, 0)
    months = literal(_month_index(on), Integer) - first_month
    days_in_month = literal(calendar.monthrange(on.year, on.month)[1], Integer)
    still_ahead = and_(months % step == 0, _smaller(renewed_day, days_in_month) > literal(on.day, Integer))
    index = _int_div(months, step) - case((still_ahead, 1), else_=0)
    return _renewal_start(Agreement.expires_on, (index + 1) * step) - 1


def last_day_sql(on: date | None = None):
    """Day number of the last day in force as seen on day `on` (NULL: no end), as `last_day`."""
    on = on or today()
    term_end = case((and_(rolls_sql(), Agreement.expires_on < on), current_term_end_sql(on)),
                    else_=day_number(Agreement.expires_on))
    ended = and_(Agreement.status.in_(_ENDED), Agreement.ended_on.is_not(None))
    cut = day_number(Agreement.ended_on) - 1
    return case(
        (and_(ended, or_(Agreement.expires_on.is_(None), cut < term_end)), cut),
        else_=term_end,
    )


def _dated_state_sql(on: date):
    on_day = literal(day_of(on), Integer)
    end = last_day_sql(on)
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
    end = last_day_sql(on)
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
