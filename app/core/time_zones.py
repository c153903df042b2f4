"""Time zones a person may choose for the times shown to them (UTC unless they choose one)."""

from functools import cache
from zoneinfo import available_timezones

UTC = "UTC"


@cache
def names() -> tuple[str, ...]:
    """Region/City zones, sorted; no legacy aliases (US/Pacific, Etc/GMT+3)."""
    regions = ("Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/",
               "Pacific/")
    return tuple(sorted(z for z in available_timezones() if z.startswith(regions)))


def is_known(name) -> bool:
    return name == UTC or name in names()


def choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in names()]
