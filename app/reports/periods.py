"""Reporting periods: a quarter (seasonal reports) or a calendar year (annual reports)."""

from dataclasses import dataclass
from datetime import date, timedelta

from app.core.errors import ValidationFailed

KINDS = ("seasonal", "annual")


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int | None = None  # None: the whole year

    @classmethod
    def of(cls, kind: str, year, quarter=None) -> "Period":
        """The period of a report kind, or a 422 naming the bad field."""
        if kind not in KINDS:
            raise ValidationFailed.on("kind", "The kind must be seasonal or annual.")
        try:
            year = int(year)
        except (TypeError, ValueError):
            raise ValidationFailed.on("year", "The year must be a whole number.") from None
        if not 2000 <= year <= 2100:
            raise ValidationFailed.on("year", "The year must be between 2000 and 2100.")
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
        return date(self.year, 1 if self.quarter is None else 3 * self.quarter - 2, 1)

    @property
    def end(self) -> date:
        if self.quarter is None or self.quarter == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.quarter + 1, 1) - timedelta(days=1)

    @property
    def quarters(self) -> list[tuple[int, int]]:
        """(year, quarter) pairs the period spans."""
        return [(self.year, q) for q in (range(1, 5) if self.quarter is None else [self.quarter])]

    def previous(self) -> "Period":
        if self.quarter is None:
            return Period(self.year - 1)
        if self.quarter == 1:
            return Period(self.year - 1, 4)
        return Period(self.year, self.quarter - 1)

    def contains(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def is_over(self, today: date) -> bool:
        return today > self.end
