"""Pages for trainee exchanges, events and their totals."""

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from app.auth import policy
from app.capacity import queries, services
from app.capacity.forms import EventForm, TraineeForm, node_choices
from app.capacity.models import Event, EventKind, Gender, Trainee, TraineeKind
from app.core.countries import country_choices
from app.core.pagination import page_request
from app.extensions import db
from app.partners.queries import organization_choices
from app.web.crud import RecordPages, register_record_pages

bp = Blueprint("capacity", __name__, template_folder="templates")


def _page(query):
    paging = page_request(default_per_page=25)
    return db.paginate(query, page=paging.page, per_page=paging.per_page, error_out=False)


def _filter_options() -> dict:
    return {"countries": country_choices(), "organizations": organization_choices(include_empty=False),
            "nodes": node_choices()[1:]}


def _require_create(kind: str) -> None:
    # Which node the record belongs to is decided by the service; here: may this user add any?
    policy.require(policy.may_create_any(current_user, kind), "You may not create this record.")


# --- trainees -------------------------------------------------------------------------------

@bp.route("/trainees")
@login_required
def trainees():
    args = request.args
    return render_template("capacity/trainees.html", items=_page(queries.trainees_query(args)), args=args,
                           kind_options=TraineeKind.choices(),
                           gender_options=Gender.choices(),
                           may_create=policy.may_create_any(current_user, "trainee"), **_filter_options())


# --- events -----------------------------------------------------------------------------------

@bp.route("/events")
@login_required
def events():
    args = request.args
    return render_template("capacity/events.html", items=_page(queries.events_query(args)), args=args,
                           kind_options=EventKind.choices(),
                           may_create=policy.may_create_any(current_user, "event"), **_filter_options())


register_record_pages(bp, RecordPages(
    model=Trainee, kind="trainee", stem="trainee", path="/trainees",
    template="capacity/trainee.html", form_template="capacity/trainee_form.html",
    form=lambda record: TraineeForm(obj=record, may_choose_node=policy.may_move_to_node(current_user)),
    require_create=lambda user: _require_create("trainee"), create=services.create_trainee,
    update=services.update_trainee, archive=services.archive_trainee))

register_record_pages(bp, RecordPages(
    model=Event, kind="event", stem="event", path="/events",
    template="capacity/event.html", form_template="capacity/event_form.html",
    form=lambda record: EventForm(record=record, may_choose_node=policy.may_move_to_node(current_user)),
    data=lambda form, data: form.service_data(data),
    require_create=lambda user: _require_create("event"), create=services.create_event,
    update=services.update_event, archive=services.archive_event))


# --- totals -----------------------------------------------------------------------------------

@bp.route("/capacity/totals")
@login_required
def totals():
    """People trained and events held, for the filters given (year, country, node…)."""
    args = request.args
    shared = {k: args[k] for k in ("year", "country", "node", "organization_id") if args.get(k)}
    return render_template("capacity/totals.html", args=args, trainees=queries.trainee_totals(shared),
                           events=queries.event_totals(shared), **_filter_options())
