"""The admin's page of scheduled jobs and their runs."""

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select

from app.auth import policy
from app.core.pagination import page_request
from app.extensions import db
from app.jobs.models import JobRun, RunStatus
from app.jobs.runner import catalog

bp = Blueprint("jobs", __name__, template_folder="templates")


@bp.route("/admin/jobs")
@login_required
def index():
    policy.require(policy.may_view_job_runs(current_user))
    args = request.args
    query = select(JobRun).order_by(JobRun.started_at.desc(), JobRun.id.desc())
    if args.get("job"):
        query = query.where(JobRun.job == args["job"])
    if args.get("status") in RunStatus.__members__:
        query = query.where(JobRun.status == RunStatus(args["status"]))
    paging = page_request(default_per_page=50)
    runs = db.paginate(query, page=paging.page, per_page=paging.per_page, error_out=False)
    schedule = [(name, job_def.description, job_def.trigger(current_app.config)) for name, job_def in catalog().items()]
    return render_template("jobs/index.html", runs=runs, schedule=schedule, args=args,
                           job_options=[(name, name) for name, _d, _t in schedule],
                           statuses=RunStatus.choices(),
                           timezone=current_app.config["SCHEDULER_TIMEZONE"])
