"""The scheduler process: APScheduler's BlockingScheduler with an in-memory job store.

Each scheduler keeps its own store (stores must never be shared between schedulers); the
database claim in run_job is what keeps two schedulers from running a job twice.
"""

import logging
from zoneinfo import ZoneInfo

from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from app.jobs.runner import catalog, run_job

log = logging.getLogger("csdr.jobs")


def _run_in_app(app: Flask, name: str) -> None:
    with app.app_context():
        run_job(name)


def build_scheduler(app: Flask) -> BlockingScheduler:
    """A scheduler with every job on its trigger from the settings."""
    config = app.config
    # A missed run (the process was down) runs once when it comes back within the grace time.
    defaults = {"coalesce": True, "max_instances": 1, "misfire_grace_time": config["SCHEDULER_MISFIRE_GRACE_SECONDS"]}
    scheduler = BlockingScheduler(timezone=ZoneInfo(config["SCHEDULER_TIMEZONE"]), job_defaults=defaults)
    for name, job_def in catalog().items():
        kind, fields = job_def.trigger(config)
        scheduler.add_job(_run_in_app, kind, args=(app, name), id=name, name=job_def.description,
                          replace_existing=True, **defaults, **fields)
    return scheduler
