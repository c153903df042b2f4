import os
import subprocess
import sys
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import time_machine

from app.auth.models import Role
from app.extensions import db
from app.jobs.models import JobRun, RunStatus
from app.jobs.runner import run_job
from app.notifications.models import NoticeKind, Notification

DAY = date(2025, 10, 8)


def test_a_job_runs_once_per_period(counting_job):
    first = run_job("counting", DAY)
    assert first.status == RunStatus.succeeded and first.summary == "acted for 2025-10-08"
    assert first.finished_at >= first.started_at
    assert run_job("counting", DAY) is None
    assert run_job("counting", DAY + timedelta(days=1)).period == "2025-10-09"
    assert counting_job == [DAY, DAY + timedelta(days=1)]
    assert db.session.query(JobRun).count() == 2


def test_the_day_comes_from_the_clock_in_the_scheduler_time_zone(app, counting_job):
    app.config["SCHEDULER_TIMEZONE"] = "Asia/Vientiane"
    try:
        with time_machine.travel(datetime(2025, 10, 7, 20, 0, tzinfo=UTC), tick=False):  # 03:00 on the 8th in Laos
            assert run_job("counting").period == "2025-10-08"
    finally:
        app.config["SCHEDULER_TIMEZONE"] = "UTC"


def test_two_schedulers_racing_in_threads_run_the_job_once(app, counting_job):
    results = []
    barrier = threading.Barrier(4)

    def scheduler():
        with app.app_context():
            barrier.wait()
            run = run_job("counting", DAY)
            results.append(run.id if run else None)
            db.session.remove()

    threads = [threading.Thread(target=scheduler) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert counting_job == [DAY]
    assert results.count(None) == 3 and len(results) == 4
    assert db.session.query(JobRun).count() == 1


def test_two_scheduler_processes_racing_run_the_job_once(app, tmp_path):
    env = dict(os.environ, DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], CSDR_DATA_DIR=str(tmp_path),
               CSDR_BACKUP_DIR=str(tmp_path / "backups"))
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "jobs", "run", "backup", "--on", "2030-01-01"]
    root = Path(__file__).resolve().parents[2]
    processes = [subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    said = sorted(out for out, _err in outputs)
    assert said[0].startswith("backup 2030-01-01: succeeded") and said[1].startswith("backup: nothing to do"), said
    assert [p.name for p in (tmp_path / "backups").iterdir()] == ["2030-01-01"]
    runs = db.session.query(JobRun).all()
    assert [(r.job, r.period, r.status) for r in runs] == [("backup", "2030-01-01", RunStatus.succeeded)]


def test_a_failing_job_is_logged_admins_told_and_retried(failing_job, user_factory):
    admin, secretariat = user_factory("admin"), user_factory("secretariat")
    run = run_job("failing", DAY)
    assert run.status == RunStatus.failed and "the disk is full" in run.error and run.finished_at
    notices = db.session.query(Notification).all()
    assert [(n.recipient_id, n.kind) for n in notices] == [(admin.id, NoticeKind.job_failed)]
    assert "the disk is full" in notices[0].text and secretariat.role == Role.secretariat
    failing_job["fail"] = False
    again = run_job("failing", DAY)
    assert again.status == RunStatus.succeeded and again.attempts == 2 and again.error is None
    assert again.summary == "recovered"
    assert run_job("failing", DAY) is None


def test_a_run_abandoned_while_running_is_taken_over_after_a_while(counting_job):
    db.session.add(JobRun(job="counting", period="2025-10-08", status=RunStatus.running,
                          started_at=datetime.now(UTC) - timedelta(hours=1)))
    db.session.commit()
    assert run_job("counting", DAY) is None  # may still be running elsewhere
    with time_machine.travel(datetime.now(UTC) + timedelta(hours=7)):
        assert run_job("counting", DAY).attempts == 2
    assert counting_job == [DAY]


def test_the_cli_runs_a_job_for_a_day(runner, counting_job):
    result = runner.invoke(args=["jobs", "run", "counting", "--on", "2025-10-08"])
    assert result.exit_code == 0 and "counting 2025-10-08: succeeded: acted for 2025-10-08" in result.output
    result = runner.invoke(args=["jobs", "run", "counting", "--on", "2025-10-08"])
    assert "nothing to do" in result.output
    assert runner.invoke(args=["jobs", "run", "nope"]).exit_code != 0
    assert "backup" in runner.invoke(args=["jobs", "list"]).output


def test_the_email_job_runs_once_per_slot(app):
    with time_machine.travel(datetime(2025, 10, 8, 6, 3, tzinfo=UTC), tick=False):
        assert run_job("email").period == "2025-10-08T06:00"
    with time_machine.travel(datetime(2025, 10, 8, 6, 9, tzinfo=UTC), tick=False):
        assert run_job("email") is None
    with time_machine.travel(datetime(2025, 10, 8, 6, 10, tzinfo=UTC), tick=False):
        assert run_job("email").period == "2025-10-08T06:10"
