"""Pages for nodes."""

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from app.audit.queries import history_of
from app.auth import policy
from app.auth.forms import EmptyForm
from app.core.countries import country_choices
from app.core.forms import form_status
from app.core.pagination import page_request
from app.core.periods import Quarter, today
from app.extensions import db
from app.nodes import services
from app.nodes.forms import NodeForm
from app.nodes.models import Node, NodeStatus
from app.nodes.quarterly.charts import node_figure
from app.nodes.quarterly.queries import node_reports
from app.nodes.queries import nodes_query
from app.partners.models import Person
from app.partners.queries import organization_choices
from app.web.pages import load_visible, save_form

bp = Blueprint("nodes", __name__, template_folder="templates")

REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania")


def _node_form(record=None):
    form = NodeForm(obj=record)
    form.host_organization_id.choices = organization_choices()
    people = db.session.execute(select(Person.id, Person.name).where(Person.archived_at.is_(None))
                                .order_by(Person.name)).all()
    form.coordinator_id.choices = [(None, "—")] + [(p.id, p.name) for p in people]
    return form


@bp.route("/nodes")
@login_required
def index():
    args = request.args
    query = nodes_query(q=args.get("q"), country=args.get("country"), status=args.get("status"),
                        region=args.get("region"), include_archived=args.get("archived") == "1")
    paging = page_request(default_per_page=25)
    items = db.paginate(query, page=paging.page, per_page=paging.per_page, error_out=False)
    return render_template("nodes/index.html", items=items, args=args, countries=country_choices(),
                           status_options=NodeStatus.choices(),
                           region_options=[(r, r) for r in REGIONS])


@bp.route("/nodes/new", methods=["GET", "POST"])
@login_required
def new():
    policy.require_create(current_user, "node")
    form = _node_form()
    done = save_form(form, lambda data: services.create_node(current_user, data),
                     lambda n: url_for("nodes.detail", node_id=n.id))
    return done or (render_template("nodes/form.html", form=form, record=None), form_status(form))


@bp.route("/nodes/<int:node_id>")
@login_required
def detail(node_id: int):
    record = load_visible(Node, node_id)
    reports = node_reports(current_user, record)
    return render_template("nodes/detail.html", record=record, button=EmptyForm(),
                           history_events=history_of(record) if policy.may_view_history(current_user, record) else None,
                           node_reports=reports, node_chart=node_figure(reports), today=today(),
                           current_quarter=Quarter.containing(today()))


@bp.route("/nodes/<int:node_id>/edit", methods=["GET", "POST"])
@login_required
def edit(node_id: int):
    record = load_visible(Node, node_id)
    policy.require_edit(current_user, record)
    form = _node_form(record)
    done = save_form(form, lambda data: services.update_node(current_user, record, data, form.version.data),
                     lambda n: url_for("nodes.detail", node_id=n.id))
    return done or (render_template("nodes/form.html", form=form, record=record), form_status(form))


@bp.route("/nodes/<int:node_id>/archive", methods=["POST"])
@login_required
def archive(node_id: int):
    record = load_visible(Node, node_id)
    form = EmptyForm()
    done = save_form(form, lambda _data: services.archive_node(current_user, record),
                     lambda _r: url_for("nodes.detail", node_id=record.id))
    return done or ("", 400)
