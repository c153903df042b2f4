import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from app.extensions import db
from app.jobs.models import JobRun, RunStatus
from app.jobs.scheduler import build_scheduler

ROOT = Path(__file__).resolve().parents[2]


def test_every_job_is_scheduled_once_coalesced_with_a_grace_time(app):
    scheduler = build_scheduler(app)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert {"email", "backup"} <= set(jobs)
    for job in jobs.values():
        assert job.coalesce is True and job.max_instances == 1
        assert job.misfire_grace_time == app.config["SCHEDULER_MISFIRE_GRACE_SECONDS"]
    assert str(jobs["backup"].trigger).startswith("cron[") and "hour='2', minute='30'" in str(jobs["backup"].trigger)
    assert str(jobs["email"].trigger) == "interval[0:10:00]"


def test_the_scheduler_runs_a_due_job_through_the_database_claim(app, tmp_path):
    scheduler = build_scheduler(app)
    scheduler.modify_job("email", next_run_time=datetime.now(ZoneInfo("UTC")))
    thread = threading.Thread(target=scheduler.start, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            done = db.session.query(JobRun).filter_by(job="email", status=RunStatus.succeeded).count()
            db.session.rollback()  # on SQLite even a read holds the write lock until the transaction ends
            if done:
                break
            time.sleep(0.1)
    finally:
        scheduler.shutdown(wait=True)
        thread.join(timeout=10)
    run = db.session.query(JobRun).filter_by(job="email").one()
    assert run.status == RunStatus.succeeded and run.summary.startswith("0 e-mail(s) sent")


def test_flask_scheduler_runs_in_the_foreground_until_stopped(app, tmp_path):
    env = dict(os.environ, DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], CSDR_DATA_DIR=str(tmp_path))
    process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "scheduler"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        lines = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not any("Scheduler running" in line for line in lines):
            lines.append(process.stdout.readline())
        assert any("Scheduler running" in line for line in lines), lines
        assert process.poll() is None  # still in the foreground
        assert any(line.strip().startswith("reminders") or line.strip().startswith("backup") for line in lines)
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=20)
    assert process.returncode == 0 and "Scheduler stopped" in output


def test_web_workers_never_start_a_scheduler():
    code = "import sys, wsgi; print(sorted(m for m in sys.modules if m.startswith('apscheduler')))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env=dict(os.environ, DATABASE_URL="sqlite://"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
