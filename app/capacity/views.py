"""Pages for trainee exchanges, events and their totals."""

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user, login_required

from app.audit.queries import history_of
from app.auth import policy
from app.auth.forms import EmptyForm
from app.capacity import queries, services
from app.capacity.forms import EventForm, TraineeForm, node_choices
from app.capacity.models import Event, EventKind, Gender, Trainee, TraineeKind
from app.core.countries import country_choices
from app.core.pagination import page_request
from app.core.web import form_status, load_visible, save_form
from app.extensions import db
from app.partners.queries import organization_choices

bp = Blueprint("capacity", __name__, template_folder="templates")


def _page(query):
    paging = page_request(default_per_page=25)
    return db.paginate(query, page=paging.page, per_page=paging.per_page, error_out=False)


def _filter_options() -> dict:
    return {"countries": country_choices(), "organizations": organization_choices(include_empty=False),
            "nodes": node_choices()[1:]}


def _history(record):
    return history_of(record) if policy.may_view_history(current_user, record) else None


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


@bp.route("/trainees/new", methods=["GET", "POST"])
@login_required
def new_trainee():
    _require_create("trainee")
    form = TraineeForm(may_choose_node=policy.may_move_to_node(current_user))
    done = save_form(form, lambda data: services.create_trainee(current_user, data),
                     lambda t: url_for("capacity.trainee", trainee_id=t.id))
    return done or (render_template("capacity/trainee_form.html", form=form, record=None), form_status(form))


@bp.route("/trainees/<int:trainee_id>")
@login_required
def trainee(trainee_id: int):
    record = load_visible(Trainee, trainee_id)
    return render_template("capacity/trainee.html", record=record, button=EmptyForm(), history_events=_history(record))


@bp.route("/trainees/<int:trainee_id>/edit", methods=["GET", "POST"])
@login_required
def edit_trainee(trainee_id: int):
    record = load_visible(Trainee, trainee_id)
    policy.require_edit(current_user, record)
    form = TraineeForm(obj=record, may_choose_node=policy.may_move_to_node(current_user))
    done = save_form(form, lambda data: services.update_trainee(current_user, record, data, form.version.data),
                     lambda t: url_for("capacity.trainee", trainee_id=t.id))
    return done or (render_template("capacity/trainee_form.html", form=form, record=record), form_status(form))


@bp.route("/trainees/<int:trainee_id>/archive", methods=["POST"])
@login_required
def archive_trainee(trainee_id: int):
    record = load_visible(Trainee, trainee_id)
    done = save_form(EmptyForm(), lambda _data: services.archive_trainee(current_user, record),
                     lambda _r: url_for("capacity.trainee", trainee_id=record.id))
    return done or ("", 400)


# --- events -----------------------------------------------------------------------------------

@bp.route("/events")
@login_required
def events():
    args = request.args
    return render_template("capacity/events.html", items=_page(queries.events_query(args)), args=args,
                           kind_options=EventKind.choices(),
                           may_create=policy.may_create_any(current_user, "event"), **_filter_options())


def _save_event(form, save):
    return save_form(form, lambda data: save(form.service_data(data)),
                     lambda e: url_for("capacity.event", event_id=e.id))


@bp.route("/events/new", methods=["GET", "POST"])
@login_required
def new_event():
    _require_create("event")
    form = EventForm(may_choose_node=policy.may_move_to_node(current_user))
    done = _save_event(form, lambda data: services.create_event(current_user, data))
    return done or (render_template("capacity/event_form.html", form=form, record=None), form_status(form))


@bp.route("/events/<int:event_id>")
@login_required
def event(event_id: int):
    record = load_visible(Event, event_id)
    return render_template("capacity/event.html", record=record, button=EmptyForm(), history_events=_history(record))


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit_event(event_id: int):
    record = load_visible(Event, event_id)
    policy.require_edit(current_user, record)
    form = EventForm(record=record, may_choose_node=policy.may_move_to_node(current_user))
    done = _save_event(form, lambda data: services.update_event(current_user, record, data, form.version.data))
    return done or (render_template("capacity/event_form.html", form=form, record=record), form_status(form))


@bp.route("/events/<int:event_id>/archive", methods=["POST"])
@login_required
def archive_event(event_id: int):
    record = load_visible(Event, event_id)
    done = save_form(EmptyForm(), lambda _data: services.archive_event(current_user, record),
                     lambda _r: url_for("capacity.event", event_id=record.id))
    return done or ("", 400)


# --- totals -----------------------------------------------------------------------------------

@bp.route("/capacity/totals")
@login_required
def totals():
    """People trained and events held, for the filters given (year, country, node…)."""
    args = request.args
    shared = {k: args[k] for k in ("year", "country", "node", "organization_id") if args.get(k)}
    return render_template("capacity/totals.html", args=args, trainees=queries.trainee_totals(shared),
                           events=queries.event_totals(shared), **_filter_options())
