"""The jobs and their schedules: each job module registers its functions here with @job.

Job modules import this registry, never the runner; the runner imports the job modules
(in `catalog()`), so imports flow one way.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Job:
    name: str
    description: str
    action: Callable[[date], str]                           # does the work, returns what it did
    period: Callable[[date, datetime], str | None]          # which period a run today acts for; None: nothing due
    trigger: Callable[[dict], tuple[str, dict]]             # APScheduler trigger from the settings


JOBS: dict[str, Job] = {}


def job(name: str, description: str, *, period, trigger):
    """Register a function as a scheduled job."""
    def register(action):
        JOBS[name] = Job(name, description, action, period, trigger)
        return action
    return register


# --- periods and triggers the jobs share --------------------------------------------------

def daily(today: date, _now: datetime) -> str:
    return today.isoformat()


def at(setting: str):
    """A daily cron trigger at the HH:MM of a setting."""
    def trigger(config: dict) -> tuple[str, dict]:
        hour, minute = (int(part) for part in config[setting].split(":"))
        return "cron", {"hour": hour, "minute": minute}
    return trigger
