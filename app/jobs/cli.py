"""`scheduler`, `jobs run|list`, `backup` and `restore` (flask --app wsgi …)."""

import logging
import signal
from datetime import date
from pathlib import Path

import click
from flask import Blueprint, current_app

from app.backups.archive import BackupError, restore_backup, write_backup
from app.extensions import db
from app.jobs.runner import catalog, run_job

bp = Blueprint("jobs_cli", __name__, cli_group=None)


def _log_to_stderr() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")


@bp.cli.command("scheduler")
def scheduler():
    """Run the scheduled jobs in the foreground (one process; web workers never run jobs)."""
    from app.jobs.scheduler import build_scheduler

    _log_to_stderr()
    app = current_app._get_current_object()
    sched = build_scheduler(app)
    signal.signal(signal.SIGTERM, _interrupt)  # a service manager's stop lets the running job finish
    try:
        for scheduled in sched.get_jobs():
            click.echo(f"  {scheduled.id:<16} {scheduled.trigger}")
        click.echo(f"Scheduler running ({app.config['SCHEDULER_TIMEZONE']}); Ctrl-C stops it.")
        sched.start()
    except KeyboardInterrupt:
        if sched.running:
            sched.shutdown(wait=True)
        click.echo("Scheduler stopped.")


def _interrupt(_signum, _frame):
    raise KeyboardInterrupt


jobs_group = click.Group("jobs", help="Scheduled jobs, one at a time.")
bp.cli.add_command(jobs_group)


@jobs_group.command("list")
def list_jobs():
    """List the jobs and when they run."""
    for name, job_def in catalog().items():
        kind, fields = job_def.trigger(current_app.config)
        click.echo(f"{name:<16} {kind} {fields}  {job_def.description}")


@jobs_group.command("run")
@click.argument("name")
@click.option("--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]), help="The day to run it for (default: today).")
def run(name: str, on):
    """Run one job now, for today or --on a day; does nothing if it already ran for that period."""
    if name not in catalog():
        raise click.ClickException(f"No job {name!r}; known: {', '.join(catalog())}.")
    _log_to_stderr()
    day: date | None = on.date() if on else None
    result = run_job(name, day)
    if result is None:
        click.echo(f"{name}: nothing to do (already run for this period, or nothing due).")
        return
    click.echo(f"{name} {result.period}: {result.status.value}: {result.summary or ''}")
    if result.error:
        raise click.ClickException(result.error.strip().splitlines()[-1])


@bp.cli.command("backup")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="A new or empty folder.")
def backup(out: Path):
    """Write a consistent copy of the database and the documents, with a SHA-256 manifest."""
    try:
        manifest = write_backup(db.engine, Path(current_app.config["CSDR_DATA_DIR"]), out)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backup written to {out}: {manifest['engine']} database and {len(manifest['files']) - 1} file(s).")


@bp.cli.command("restore")
@click.option("--from", "source", required=True, type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="A folder written by `backup`.")
def restore(source: Path):
    """Load a backup into an empty database and documents folder, after checking its manifest."""
    try:
        manifest = restore_backup(db.engine, Path(current_app.config["CSDR_DATA_DIR"]), source)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored the backup of {manifest['created_at']} ({len(manifest['files']) - 1} file(s)).")
