"""Reporting periods, in one place: quarters (quarterly reports, seasonal reports), calendar years
(annual reports), their days, their due dates, `2025Q3` labels, and today's date in UTC."""

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app

from app.core.db import utcnow
from app.core.errors import ValidationFailed

_LABEL = re.compile(r"^(\d{4})[Qq]([1-4])$")

FIRST_YEAR = 2000
KINDS = ("seasonal", "annual")


def quarter_starts_on(year: int, number: int) -> date:
    return date(year, 3 * number - 2, 1)


def quarter_ends_on(year: int, number: int) -> date:
    month = 3 * number
    return date(year, month, monthrange(year, month)[1])


def quarter_before(year: int, number: int) -> tuple[int, int]:
    return (year - 1, 4) if number == 1 else (year, number - 1)


def today() -> date:
    """Today in UTC: due dates and late flags are judged on the UTC calendar everywhere."""
    return utcnow().date()


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    def __post_init__(self):
        if not 1 <= self.number <= 4:
            raise ValueError(f"quarter must be 1 to 4, not {self.number}")
        if not FIRST_YEAR <= self.year <= 9999:
            raise ValueError(f"year must be {FIRST_YEAR} or later")

    @classmethod
    def parse(cls, label: str) -> "Quarter":
        """`2025Q3` (or `2025q3`) → Quarter(2025, 3); anything else raises ValueError."""
        match = _LABEL.match((label or "").strip())
        if not match:
            raise ValueError(f"{label!r} is not a quarter like 2025Q3")
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def containing(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def label(self) -> str:
        return f"{self.year}Q{self.number}"

    def __str__(self) -> str:
        return self.label

    @property
    def starts_on(self) -> date:
        return quarter_starts_on(self.year, self.number)

    @property
    def ends_on(self) -> date:
        return quarter_ends_on(self.year, self.number)

    def next(self) -> "Quarter":
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self) -> "Quarter":
        return Quarter(*quarter_before(self.year, self.number))

    def due_on(self, days: int | None = None) -> date:
        """The day the quarter's report is due: `days` (REPORT_DUE_DAYS) after the quarter's last day."""
        if days is None:
            days = current_app.config["REPORT_DUE_DAYS"]
        return self.ends_on + timedelta(days=days)

    def is_future(self, on: date) -> bool:
        """The quarter has not begun on that day."""
        return self.starts_on > on

    def has_ended(self, on: date) -> bool:
        return self.ends_on < on


def quarters_of(year: int) -> list[Quarter]:
    return [Quarter(year, n) for n in (1, 2, 3, 4)]


def recent_quarters(on: date, count: int) -> list[Quarter]:
    """The `count` quarters ending with the one containing `on`, oldest first."""
    found = [Quarter.containing(on)]
    while len(found) < count and found[-1] > Quarter(FIRST_YEAR, 1):
        found.append(found[-1].previous())
    return list(reversed(found))


@dataclass(frozen=True)
class Period:
    """The period of a generated report: a quarter (seasonal) or a calendar year (annual, quarter None)."""

    year: int
    quarter: int | None = None

    @classmethod
    def of(cls, kind: str, year, quarter=None) -> "Period":
        """The period of a report kind, or a 422 naming the bad field."""
        if kind not in KINDS:
            raise ValidationFailed.on("kind", "The kind must be seasonal or annual.")
        try:
            year = int(year)
        except (TypeError, ValueError):
            raise ValidationFailed.on("year", "The year must be a whole number.") from None
        if not FIRST_YEAR <= year <= 2100:
            raise ValidationFailed.on("year", f"The year must be between {FIRST_YEAR} and 2100.")
        if kind == "annual":
            if quarter not in (None, ""):
                raise ValidationFailed.on("quarter", "An annual report has no quarter.")
            return cls(year)
        try:
            quarter = int(quarter)
        except (TypeError, ValueError):
            raise ValidationFailed.on("quarter", "A seasonal report needs a quarter (1 to 4).") from None
        if quarter not in (1, 2, 3, 4):
            raise ValidationFailed.on("quarter", "The quarter must be 1, 2, 3 or 4.")
        return cls(year, quarter)

    @classmethod
    def parse(cls, key: str) -> "Period":
        """'2025' or '2025Q3'."""
        year, _, quarter = key.upper().partition("Q")
        return cls(int(year), int(quarter) if quarter else None)

    @property
    def kind(self) -> str:
        return "annual" if self.quarter is None else "seasonal"

    @property
    def key(self) -> str:
        return f"{self.year}" if self.quarter is None else f"{self.year}Q{self.quarter}"

    @property
    def label(self) -> str:
        return f"{self.year}" if self.quarter is None else f"Q{self.quarter} {self.year}"

    @property
    def start(self) -> date:
        return date(self.year, 1, 1) if self.quarter is None else quarter_starts_on(self.year, self.quarter)

    @property
    def end(self) -> date:
        return date(self.year, 12, 31) if self.quarter is None else quarter_ends_on(self.year, self.quarter)

    @property
    def quarters(self) -> list[tuple[int, int]]:
        """(year, quarter) pairs the period spans."""
        return [(self.year, q) for q in (range(1, 5) if self.quarter is None else [self.quarter])]

    def previous(self) -> "Period":
        if self.quarter is None:
            return Period(self.year - 1)
        return Period(*quarter_before(self.year, self.quarter))

    def contains(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def is_over(self, today: date) -> bool:
        return today > self.end
