import threading
import time

import pytest

from app.jobs import registry, runner


@pytest.fixture
def counting_job():
    """A job registered for one test: it records each time it acts, slowly enough for races to show."""
    calls = []
    lock = threading.Lock()

    def act(today):
        with lock:
            calls.append(today)
        time.sleep(0.2)
        return f"acted for {today}"

    runner.catalog()
    registry.JOBS["counting"] = registry.Job("counting", "test", act, registry.daily, registry.at("REMINDER_TIME"))
    yield calls
    registry.JOBS.pop("counting", None)


@pytest.fixture
def failing_job():
    state = {"fail": True}

    def act(today):
        if state["fail"]:
            raise RuntimeError("the disk is full")
        return "recovered"

    runner.catalog()
    registry.JOBS["failing"] = registry.Job("failing", "test", act, registry.daily, registry.at("REMINDER_TIME"))
    yield state
    registry.JOBS.pop("failing", None)
