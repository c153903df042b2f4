"""Pages of governance: bodies, meetings, decisions, action items, the work plan, projects, campaigns.

Each view loads (or 404s), asks the policy, calls one service, renders.
"""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from app.audit.queries import history_of
from app.auth import policy
from app.core.errors import DomainError
from app.core.forms import form_status
from app.core.pagination import page_request
from app.extensions import db
from app.governance import plans, queries, services
from app.governance.forms import (
    ActionItemForm,
    ActionStatusForm,
    ActivityForm,
    BodyForm,
    CampaignForm,
    DecisionForm,
    DocumentForm,
    GoalForm,
    MeetingForm,
    MemberForm,
    MilestoneForm,
    OutputForm,
    PlanForm,
    ProjectForm,
    body_choices,
)
from app.governance.models import (
    ActionItem,
    ActionPlan,
    ActionStatus,
    Activity,
    Body,
    BodyKind,
    CalibrationCampaign,
    Decision,
    DecisionStatus,
    Goal,
    GovernanceDocument,
    JointProject,
    Meeting,
    Membership,
    Milestone,
    ProgressKind,
    ProjectOutput,
    ProjectStatus,
)
from app.partners.models import Person
from app.web.crud import RecordPages, register_record_pages
from app.web.pages import save_form

bp = Blueprint("governance", __name__, template_folder="templates", url_prefix="/governance")


def _page(query):
    paging = page_request(default_per_page=25)
    return db.paginate(query, page=paging.page, per_page=paging.per_page, error_out=False)


def _load(model, record_id):
    record = db.session.get(model, record_id)
    if record is None or not policy.may_view_governance(current_user):
        abort(404)
    return record


def _history(record):
    return history_of(record) if policy.may_view_governance_history(current_user) else None


def _form_page(form, save, on_success, heading, cancel):
    """Render a form page, or save it through one service and redirect."""
    done = save_form(form, save, on_success)
    return done or (render_template("governance/form.html", form=form, heading=heading, cancel=cancel),
                    form_status(form))


def _writer():
    policy.require_edit_governance(current_user)


# --- overview --------------------------------------------------------------------------------

@bp.route("/")
@login_required
def index():
    person = queries.person_of(current_user)
    mine = queries.open_items_of_person(person.id) if person else []
    bodies = db.session.scalars(queries.bodies_query()).all()
    upcoming = db.session.scalars(queries.meetings_query().where(Meeting.held_on >= date.today())
                                  .order_by(None).order_by(Meeting.held_on).limit(5)).all()
    return render_template("governance/index.html", bodies=bodies, upcoming=upcoming, mine=mine, person=person,
                           today=date.today())


# --- bodies and members ----------------------------------------------------------------------

@bp.route("/bodies")
@login_required
def bodies():
    args = request.args
    return render_template("governance/bodies.html", items=_page(queries.bodies_query(args)), args=args,
                           kinds=BodyKind.choices(), today=date.today())


# --- meetings --------------------------------------------------------------------------------

@bp.route("/meetings")
@login_required
def meetings():
    args = request.args
    return render_template("governance/meetings.html", items=_page(queries.meetings_query(args)), args=args,
                           bodies=body_choices()[1:])


def _upload(pages, record, anchor_url):
    """Upload a document to a meeting, project or campaign; errors show on its page."""
    _writer()
    form = DocumentForm()
    if not form.validate_on_submit():
        return pages.detail_page(record, upload_form=form), 422
    try:
        services.upload_document(current_user, record, form.file.data.stream, form.file.data.filename,
                                 form.title.data)
    except DomainError as error:
        db.session.rollback()
        form.file.errors = list(form.file.errors) + (error.fields.get("file") or [error.message])
        return pages.detail_page(db.session.get(type(record), record.id), upload_form=form), error.status
    flash(_("Document uploaded."), "success")
    return redirect(anchor_url)


@bp.route("/documents/<int:gdoc_id>")
@login_required
def document(gdoc_id: int):
    """Download a governance document; a meeting's (minutes) only for those who read minutes."""
    from app.agreements.documents import download_response

    found = db.session.get(GovernanceDocument, gdoc_id)
    if found is None or not policy.may_view_governance(current_user):
        abort(404)
    if found.meeting_id is not None and not policy.may_view_minutes(current_user, found):
        abort(404)
    return download_response(found)


# --- decisions -------------------------------------------------------------------------------

@bp.route("/decisions")
@login_required
def decisions():
    args = request.args
    return render_template("governance/decisions.html", items=_page(queries.decisions_query(args)), args=args,
                           bodies=body_choices()[1:], statuses=DecisionStatus.choices())


# --- action items ----------------------------------------------------------------------------

def _load_item(item_id: int) -> ActionItem:
    item = db.session.get(ActionItem, item_id)
    if not policy.may_view_action_item(current_user, item):
        abort(404)
    return item


@bp.route("/actions")
@login_required
def action_items():
    args = request.args
    everyone = policy.may_view_all_action_items(current_user)
    query = queries.action_items_query(args, visible_to=None if everyone else current_user)
    return render_template("governance/actions.html", items=_page(query), args=args, everyone=everyone,
                           bodies=body_choices()[1:], statuses=ActionStatus.choices(), today=date.today(),
                           person=None)


@bp.route("/people/<int:person_id>/actions")
@login_required
def person_actions(person_id: int):
    person = db.session.get(Person, person_id)
    own = queries.person_of(current_user)
    if person is None or not (policy.may_view_all_action_items(current_user) or (own and own.id == person.id)):
        abort(404)
    items = db.session.scalars(queries.action_items_query({"owner_id": str(person.id), "status": "open"})).all()
    return render_template("governance/person_actions.html", person=person, items=items, today=date.today())


@bp.route("/actions/<int:item_id>/status", methods=["GET", "POST"])
@login_required
def action_status(item_id: int):
    item = _load_item(item_id)
    policy.require_update_action_status(current_user, item)
    form = ActionStatusForm(obj=item)
    return _form_page(form, lambda data: services.set_action_status(current_user, item, data, form.version.data),
                      lambda i: url_for("governance.action_item", item_id=i.id),
                      _("Update %(name)s", name=item.title), url_for("governance.action_item", item_id=item.id))


# --- the work plan ---------------------------------------------------------------------------

@bp.route("/plans")
@login_required
def plans_index():
    goals = db.session.scalars(queries.goals_query(request.args)).all()
    action_plans = db.session.scalars(queries.plans_query(request.args)).all()
    return render_template("governance/plans.html", goals=goals, plans=action_plans)


def _progress_records(plan: ActionPlan) -> dict:
    """The events, cases, projects and nodes the plan's activities link to, by (kind, id)."""
    from app.capacity.models import Event
    from app.cases.models import Case
    from app.nodes.models import Node

    models = {ProgressKind.event: Event, ProgressKind.case: Case, ProgressKind.project: JointProject,
              ProgressKind.node: Node}
    found = {}
    for activity in plan.activities:
        for link in activity.links:
            found[(link.kind, link.target_id)] = db.session.get(models[link.kind], link.target_id)
    return found


# --- joint projects --------------------------------------------------------------------------

@bp.route("/projects")
@login_required
def projects():
    args = request.args
    return render_template("governance/projects.html", items=_page(queries.projects_query(args)), args=args,
                           statuses=ProjectStatus.choices())


# --- calibration campaigns -------------------------------------------------------------------

@bp.route("/campaigns")
@login_required
def campaigns():
    args = request.args
    return render_template("governance/campaigns.html", items=_page(queries.campaigns_query(args)), args=args)


# --- new, detail, edit and archive pages (app/web/crud.py) -----------------------------------

def _prefill(form, *names):
    """A new record's form takes its meeting, body… from the link that opened it (?meeting_id=3)."""
    if request.method == "GET":
        for name in names:
            if request.args.get(name, "").isdigit():
                getattr(form, name).data = int(request.args[name])
    return form


def _edit_form(form, record, **lists):
    """An edit form whose many-to-many fields (attendees, partners) start from the record."""
    if request.method == "GET":
        for name, value in lists.items():
            getattr(form, name).data = value
    return form


def _pages(model, stem, path, *, index, new_heading, title, template=None, **more) -> RecordPages:
    """The pages of one kind of governance record: everyone signed in reads, staff write, the
    form page has a heading and a Cancel link (back to the list, or to the record)."""
    def form_context(_form, record):
        if record is None:
            return {"heading": new_heading, "cancel": url_for(f"governance.{index}")}
        return {"heading": _("Edit %(name)s", name=title(record)),
                "cancel": url_for(f"governance.{stem}", **{more.get("id_arg") or f"{stem}_id": record.id})}

    hooks = {"load": lambda record_id: _load(model, record_id), "history": _history,
             "require_create": lambda _user: _writer(), "require_edit": lambda _user, _record: _writer()}
    return RecordPages(model=model, kind="governance", stem=stem, path=path,
                       template=template or f"governance/{stem}.html", form_template="governance/form.html",
                       form_context=form_context, **(hooks | more))


def _body_context(record):
    decisions = db.session.scalars(queries.decisions_query({"body_id": str(record.id)}).limit(20)).all()
    open_items = queries.open_items_of_body(record.id) if policy.may_view_all_action_items(current_user) else None
    return {"today": date.today(), "decisions": decisions, "open_items": open_items}


def _meeting_context(record):
    documents = (queries.documents_of(services.subject_of(record))
                 if policy.may_view_minutes(current_user, record) else None)
    items = [i for i in record.action_items if policy.may_view_action_item(current_user, i)]
    return {"quorum": record.quorum(), "documents": documents, "items": items, "upload_form": DocumentForm(),
            "today": date.today()}


def _decision_context(record):
    superseded_by = db.session.query(Decision).filter(Decision.supersedes_id == record.id).all()
    items = [i for i in record.action_items if policy.may_view_action_item(current_user, i)]
    return {"superseded_by": superseded_by, "items": items, "today": date.today()}


def _action_context(item):
    status_form = ActionStatusForm(obj=item) if policy.may_update_action_status(current_user, item) else None
    return {"today": date.today(), "status_form": status_form}


def _documents_context(record):
    return {"documents": queries.documents_of(services.subject_of(record)), "upload_form": DocumentForm()}


BODIES = _pages(
    Body, "body", "/bodies", index="bodies", new_heading=_l("New body"), title=lambda r: r.name,
    form=lambda record: BodyForm(obj=record), context=_body_context,
    create=services.create_body, update=services.update_body, archive=services.archive_body)

MEETINGS = _pages(
    Meeting, "meeting", "/meetings", index="meetings", new_heading=_l("New meeting"), title=lambda r: r.title,
    form=lambda record: (_edit_form(MeetingForm(obj=record, editing=True), record, attendee_ids=record.attendee_ids)
                         if record else _prefill(MeetingForm(), "body_id")),
    context=_meeting_context,
    create=services.create_meeting, update=services.update_meeting, archive=services.archive_meeting)

DECISIONS = _pages(
    Decision, "decision", "/decisions", index="decisions", new_heading=_l("New decision"),
    title=lambda r: r.reference,
    form=lambda record: DecisionForm(record=record) if record else _prefill(DecisionForm(), "meeting_id"),
    context=_decision_context, create=services.record_decision, update=services.update_decision)

ACTION_ITEMS = _pages(
    ActionItem, "action_item", "/actions", index="action_items", new_heading=_l("New action item"),
    title=lambda r: r.title, template="governance/action.html", id_arg="item_id",
    endpoints={"new": "new_action", "edit": "edit_action"},
    # who sees an item (staff, the board, its owner) also sees its history
    load=_load_item, history=history_of,
    form=lambda record: (ActionItemForm(record=record) if record
                         else _prefill(ActionItemForm(), "meeting_id", "decision_id")),
    context=_action_context, create=services.create_action_item, update=services.update_action_item)

GOALS = _pages(
    Goal, "goal", "/goals", index="plans_index", new_heading=_l("New long-term goal"), title=lambda r: r.title,
    form=lambda record: GoalForm(obj=record), create=plans.create_goal, update=plans.update_goal)

PLANS = _pages(
    ActionPlan, "plan", "/plans", index="plans_index", new_heading=_l("New action plan"), title=lambda r: r.title,
    form=lambda record: PlanForm(obj=record), context=lambda record: {"linked": _progress_records(record)},
    create=plans.create_plan, update=plans.update_plan)

PROJECTS = _pages(
    JointProject, "project", "/projects", index="projects", new_heading=_l("New joint project"),
    title=lambda r: r.title,
    form=lambda record: (_edit_form(ProjectForm(obj=record), record, partner_ids=record.partner_ids) if record
                         else ProjectForm()),
    context=lambda record: {"today": date.today()} | _documents_context(record),
    create=plans.create_project, update=plans.update_project, archive=plans.archive_project)

CAMPAIGNS = _pages(
    CalibrationCampaign, "campaign", "/campaigns", index="campaigns", new_heading=_l("New calibration campaign"),
    title=lambda r: r.title,
    form=lambda record: (_edit_form(CampaignForm(record=record), record, partner_ids=record.partner_ids) if record
                         else CampaignForm()),
    context=_documents_context,
    create=plans.create_campaign, update=plans.update_campaign, archive=plans.archive_campaign)

for _kind in (BODIES, MEETINGS, DECISIONS, ACTION_ITEMS, GOALS, PLANS, PROJECTS, CAMPAIGNS):
    register_record_pages(bp, _kind)


def _register_uploads(pages, anchor):
    """POST a document to a meeting (its minutes), a project or a campaign."""
    def upload(**kwargs):
        record = pages.load_record(kwargs[pages.id_name])
        return _upload(pages, record, url_for(f"governance.{pages.stem}", **kwargs, _anchor=anchor))

    bp.add_url_rule(f"{pages.path}/<int:{pages.id_name}>/documents", f"upload_{pages.stem}_document",
                    login_required(upload), methods=["POST"])


_register_uploads(MEETINGS, "minutes")
_register_uploads(PROJECTS, "documents")
_register_uploads(CAMPAIGNS, "documents")


# --- the parts of a record: a body's members, a plan's activities, a project's milestones and outputs

def _register_part_pages(stem, model, path, *, parent, anchor, form, add, update, new_heading, edit_heading):
    """The new and edit pages of a part of a record; both go back to the record's page, at the parts.

    `parent` is the record's (model, stem, path); the part's model has `<stem>_id` to it."""
    parent_model, parent_stem, parent_path = parent
    parent_id = f"{parent_stem}_id"

    def back(record_id):
        return url_for(f"governance.{parent_stem}", **{parent_id: record_id}, _anchor=anchor)

    def new(**kwargs):
        record = _load(parent_model, kwargs[parent_id])
        _writer()
        return _form_page(form(None), lambda data: add(current_user, record, data), lambda _part: back(record.id),
                          new_heading(record), back(record.id))

    def edit(**kwargs):
        part = _load(model, kwargs[f"{stem}_id"])
        _writer()
        part_form = form(part)
        return _form_page(part_form, lambda data: update(current_user, part, data, part_form.version.data),
                          lambda _part: back(getattr(part, parent_id)), edit_heading(part),
                          back(getattr(part, parent_id)))

    bp.add_url_rule(f"{parent_path}/<int:{parent_id}>{path}/new", f"new_{stem}", login_required(new),
                    methods=["GET", "POST"])
    bp.add_url_rule(f"{path}/<int:{stem}_id>/edit", f"edit_{stem}", login_required(edit), methods=["GET", "POST"])


_register_part_pages(
    "member", Membership, "/members", parent=(Body, "body", "/bodies"), anchor="members",
    form=lambda member: MemberForm(obj=member), add=services.add_member, update=services.update_member,
    new_heading=lambda body: _("New member of %(name)s", name=body.name),
    edit_heading=lambda member: _("Membership of %(name)s", name=member.member_name))

_register_part_pages(
    "activity", Activity, "/activities", parent=(ActionPlan, "plan", "/plans"), anchor=None,
    form=lambda activity: ActivityForm(record=activity), add=plans.add_activity, update=plans.update_activity,
    new_heading=lambda plan: _("New activity of %(name)s", name=plan.title),
    edit_heading=lambda activity: _("Edit %(name)s", name=activity.title))

_register_part_pages(
    "milestone", Milestone, "/milestones", parent=(JointProject, "project", "/projects"), anchor="milestones",
    form=lambda milestone: MilestoneForm(obj=milestone), add=plans.add_milestone, update=plans.update_milestone,
    new_heading=lambda project: _("New milestone of %(name)s", name=project.title),
    edit_heading=lambda milestone: _("Edit %(name)s", name=milestone.title))

_register_part_pages(
    "output", ProjectOutput, "/outputs", parent=(JointProject, "project", "/projects"), anchor="outputs",
    form=lambda output: OutputForm(obj=output), add=plans.add_output, update=plans.update_output,
    new_heading=lambda project: _("New output of %(name)s", name=project.title),
    edit_heading=lambda output: _("Edit %(name)s", name=output.title))
