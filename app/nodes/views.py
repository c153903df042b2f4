"""Pages for nodes."""

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select

from app.core.countries import country_choices
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
from app.web.crud import SHORT_NAMES, RecordPages, register_record_pages

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


def _detail_context(record):
    reports = node_reports(current_user, record)
    return {"node_reports": reports, "node_chart": node_figure(reports), "today": today(),
            "current_quarter": Quarter.containing(today())}


register_record_pages(bp, RecordPages(
    model=Node, kind="node", stem="node", path="/nodes", endpoints=SHORT_NAMES,
    template="nodes/detail.html", form_template="nodes/form.html", form=_node_form, context=_detail_context,
    create=services.create_node, update=services.update_node, archive=services.archive_node))
