import threading
import time

import pytest

from app.jobs import runner


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
    runner.JOBS["counting"] = runner.Job("counting", "test", act, runner.daily, runner.at("REMINDER_TIME"))
    yield calls
    runner.JOBS.pop("counting", None)


@pytest.fixture
def failing_job():
    state = {"fail": True}

    def act(today):
        if state["fail"]:
            raise RuntimeError("the disk is full")
        return "recovered"

    runner.catalog()
    runner.JOBS["failing"] = runner.Job("failing", "test", act, runner.daily, runner.at("REMINDER_TIME"))
    yield state
    runner.JOBS.pop("failing", None)
