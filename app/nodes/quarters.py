"""Quarters, the reporting periods: their days, their due dates, and today's date in UTC."""

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app

from app.core.db import utcnow

_LABEL = re.compile(r"^(\d{4})[Qq]([1-4])$")

FIRST_YEAR = 2000


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
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def ends_on(self) -> date:
        month = 3 * self.number
        return date(self.year, month, monthrange(self.year, month)[1])

    def next(self) -> "Quarter":
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self) -> "Quarter":
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

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
