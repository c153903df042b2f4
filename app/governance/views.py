"""Pages of governance: bodies, meetings, decisions, action items, the work plan, projects, campaigns.

Each view loads (or 404s), asks the policy, calls one service, renders.
"""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.audit.queries import history_of
from app.auth import policy
from app.auth.forms import EmptyForm
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
    choices,
    label,
)
from app.partners.models import Person
from app.web.pages import save_form

bp = Blueprint("governance", __name__, template_folder="templates", url_prefix="/governance")


@bp.app_template_filter("gov_label")
def _label_filter(value) -> str:
    return label(value)


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
                           kinds=choices(BodyKind), today=date.today())


@bp.route("/bodies/new", methods=["GET", "POST"])
@login_required
def new_body():
    _writer()
    form = BodyForm()
    return _form_page(form, lambda data: services.create_body(current_user, data),
                      lambda b: url_for("governance.body", body_id=b.id), _("New body"), url_for("governance.bodies"))


@bp.route("/bodies/<int:body_id>")
@login_required
def body(body_id: int):
    record = _load(Body, body_id)
    today = date.today()
    decisions = db.session.scalars(queries.decisions_query({"body_id": str(body_id)}).limit(20)).all()
    open_items = queries.open_items_of_body(body_id) if policy.may_view_all_action_items(current_user) else None
    return render_template("governance/body.html", record=record, today=today, decisions=decisions,
                           open_items=open_items, button=EmptyForm(), history_events=_history(record))


@bp.route("/bodies/<int:body_id>/edit", methods=["GET", "POST"])
@login_required
def edit_body(body_id: int):
    record = _load(Body, body_id)
    _writer()
    form = BodyForm(obj=record)
    return _form_page(form, lambda data: services.update_body(current_user, record, data, form.version.data),
                      lambda b: url_for("governance.body", body_id=b.id), _("Edit %(name)s", name=record.name),
                      url_for("governance.body", body_id=record.id))


@bp.route("/bodies/<int:body_id>/archive", methods=["POST"])
@login_required
def archive_body(body_id: int):
    record = _load(Body, body_id)
    done = save_form(EmptyForm(), lambda _data: services.archive_body(current_user, record),
                     lambda _r: url_for("governance.body", body_id=record.id))
    return done or ("", 400)


@bp.route("/bodies/<int:body_id>/members/new", methods=["GET", "POST"])
@login_required
def new_member(body_id: int):
    record = _load(Body, body_id)
    _writer()
    form = MemberForm()
    return _form_page(form, lambda data: services.add_member(current_user, record, data),
                      lambda _m: url_for("governance.body", body_id=record.id, _anchor="members"),
                      _("New member of %(name)s", name=record.name), url_for("governance.body", body_id=record.id))


@bp.route("/members/<int:member_id>/edit", methods=["GET", "POST"])
@login_required
def edit_member(member_id: int):
    member = _load(Membership, member_id)
    _writer()
    form = MemberForm(obj=member)
    back = url_for("governance.body", body_id=member.body_id, _anchor="members")
    return _form_page(form, lambda data: services.update_member(current_user, member, data, form.version.data),
                      lambda _m: back, _("Membership of %(name)s", name=member.member_name), back)


# --- meetings --------------------------------------------------------------------------------

@bp.route("/meetings")
@login_required
def meetings():
    args = request.args
    return render_template("governance/meetings.html", items=_page(queries.meetings_query(args)), args=args,
                           bodies=body_choices()[1:])


@bp.route("/meetings/new", methods=["GET", "POST"])
@login_required
def new_meeting():
    _writer()
    form = MeetingForm()
    if request.method == "GET" and request.args.get("body_id", "").isdigit():
        form.body_id.data = int(request.args["body_id"])
    return _form_page(form, lambda data: services.create_meeting(current_user, data),
                      lambda m: url_for("governance.meeting", meeting_id=m.id), _("New meeting"),
                      url_for("governance.meetings"))


def _meeting_page(record, upload_form=None, status=200):
    documents = (queries.documents_of(services.subject_of(record))
                 if policy.may_view_minutes(current_user, record) else None)
    items = [i for i in record.action_items if policy.may_view_action_item(current_user, i)]
    return render_template("governance/meeting.html", record=record, quorum=record.quorum(), documents=documents,
                           items=items, upload_form=upload_form or DocumentForm(), button=EmptyForm(),
                           today=date.today(), history_events=_history(record)), status


@bp.route("/meetings/<int:meeting_id>")
@login_required
def meeting(meeting_id: int):
    return _meeting_page(_load(Meeting, meeting_id))


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@login_required
def edit_meeting(meeting_id: int):
    record = _load(Meeting, meeting_id)
    _writer()
    form = MeetingForm(obj=record, editing=True)
    if request.method == "GET":
        form.attendee_ids.data = record.attendee_ids
    return _form_page(form, lambda data: services.update_meeting(current_user, record, data, form.version.data),
                      lambda m: url_for("governance.meeting", meeting_id=m.id),
                      _("Edit %(name)s", name=record.title), url_for("governance.meeting", meeting_id=record.id))


@bp.route("/meetings/<int:meeting_id>/archive", methods=["POST"])
@login_required
def archive_meeting(meeting_id: int):
    record = _load(Meeting, meeting_id)
    done = save_form(EmptyForm(), lambda _data: services.archive_meeting(current_user, record),
                     lambda _r: url_for("governance.meeting", meeting_id=record.id))
    return done or ("", 400)


def _upload(record, page, anchor_url):
    _writer()
    form = DocumentForm()
    if not form.validate_on_submit():
        return page(record, form, 422)
    try:
        services.upload_document(current_user, record, form.file.data.stream, form.file.data.filename,
                                 form.title.data)
    except DomainError as error:
        db.session.rollback()
        form.file.errors = list(form.file.errors) + (error.fields.get("file") or [error.message])
        return page(db.session.get(type(record), record.id), form, error.status)
    flash(_("Document uploaded."), "success")
    return redirect(anchor_url)


@bp.route("/meetings/<int:meeting_id>/documents", methods=["POST"])
@login_required
def upload_meeting_document(meeting_id: int):
    record = _load(Meeting, meeting_id)
    return _upload(record, _meeting_page, url_for("governance.meeting", meeting_id=record.id, _anchor="minutes"))


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
                           bodies=body_choices()[1:], statuses=choices(DecisionStatus))


@bp.route("/decisions/new", methods=["GET", "POST"])
@login_required
def new_decision():
    _writer()
    form = DecisionForm()
    if request.method == "GET" and request.args.get("meeting_id", "").isdigit():
        form.meeting_id.data = int(request.args["meeting_id"])
    return _form_page(form, lambda data: services.record_decision(current_user, data),
                      lambda d: url_for("governance.decision", decision_id=d.id), _("New decision"),
                      url_for("governance.decisions"))


@bp.route("/decisions/<int:decision_id>")
@login_required
def decision(decision_id: int):
    record = _load(Decision, decision_id)
    superseded_by = db.session.query(Decision).filter(Decision.supersedes_id == record.id).all()
    items = [i for i in record.action_items if policy.may_view_action_item(current_user, i)]
    return render_template("governance/decision.html", record=record, superseded_by=superseded_by, items=items,
                           today=date.today(), history_events=_history(record))


@bp.route("/decisions/<int:decision_id>/edit", methods=["GET", "POST"])
@login_required
def edit_decision(decision_id: int):
    record = _load(Decision, decision_id)
    _writer()
    form = DecisionForm(record=record)
    return _form_page(form, lambda data: services.update_decision(current_user, record, data, form.version.data),
                      lambda d: url_for("governance.decision", decision_id=d.id),
                      _("Edit %(name)s", name=record.reference), url_for("governance.decision", decision_id=record.id))


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
                           bodies=body_choices()[1:], statuses=choices(ActionStatus), today=date.today(),
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


@bp.route("/actions/new", methods=["GET", "POST"])
@login_required
def new_action():
    _writer()
    form = ActionItemForm()
    if request.method == "GET":
        for name in ("meeting_id", "decision_id"):
            if request.args.get(name, "").isdigit():
                getattr(form, name).data = int(request.args[name])
    return _form_page(form, lambda data: services.create_action_item(current_user, data),
                      lambda i: url_for("governance.action_item", item_id=i.id), _("New action item"),
                      url_for("governance.action_items"))


@bp.route("/actions/<int:item_id>")
@login_required
def action_item(item_id: int):
    item = _load_item(item_id)
    status_form = ActionStatusForm(obj=item) if policy.may_update_action_status(current_user, item) else None
    return render_template("governance/action.html", record=item, today=date.today(), status_form=status_form,
                           history_events=history_of(item))


@bp.route("/actions/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit_action(item_id: int):
    item = _load_item(item_id)
    _writer()
    form = ActionItemForm(record=item)
    return _form_page(form, lambda data: services.update_action_item(current_user, item, data, form.version.data),
                      lambda i: url_for("governance.action_item", item_id=i.id),
                      _("Edit %(name)s", name=item.title), url_for("governance.action_item", item_id=item.id))


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


@bp.route("/goals/new", methods=["GET", "POST"])
@login_required
def new_goal():
    _writer()
    return _form_page(GoalForm(), lambda data: plans.create_goal(current_user, data),
                      lambda g: url_for("governance.goal", goal_id=g.id), _("New long-term goal"),
                      url_for("governance.plans_index"))


@bp.route("/goals/<int:goal_id>")
@login_required
def goal(goal_id: int):
    record = _load(Goal, goal_id)
    return render_template("governance/goal.html", record=record, history_events=_history(record))


@bp.route("/goals/<int:goal_id>/edit", methods=["GET", "POST"])
@login_required
def edit_goal(goal_id: int):
    record = _load(Goal, goal_id)
    _writer()
    form = GoalForm(obj=record)
    return _form_page(form, lambda data: plans.update_goal(current_user, record, data, form.version.data),
                      lambda g: url_for("governance.goal", goal_id=g.id), _("Edit %(name)s", name=record.title),
                      url_for("governance.goal", goal_id=record.id))


@bp.route("/plans/new", methods=["GET", "POST"])
@login_required
def new_plan():
    _writer()
    return _form_page(PlanForm(), lambda data: plans.create_plan(current_user, data),
                      lambda p: url_for("governance.plan", plan_id=p.id), _("New action plan"),
                      url_for("governance.plans_index"))


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


@bp.route("/plans/<int:plan_id>")
@login_required
def plan(plan_id: int):
    record = _load(ActionPlan, plan_id)
    return render_template("governance/plan.html", record=record, linked=_progress_records(record),
                           history_events=_history(record))


@bp.route("/plans/<int:plan_id>/edit", methods=["GET", "POST"])
@login_required
def edit_plan(plan_id: int):
    record = _load(ActionPlan, plan_id)
    _writer()
    form = PlanForm(obj=record)
    return _form_page(form, lambda data: plans.update_plan(current_user, record, data, form.version.data),
                      lambda p: url_for("governance.plan", plan_id=p.id), _("Edit %(name)s", name=record.title),
                      url_for("governance.plan", plan_id=record.id))


@bp.route("/plans/<int:plan_id>/activities/new", methods=["GET", "POST"])
@login_required
def new_activity(plan_id: int):
    record = _load(ActionPlan, plan_id)
    _writer()
    return _form_page(ActivityForm(), lambda data: plans.add_activity(current_user, record, data),
                      lambda _a: url_for("governance.plan", plan_id=record.id),
                      _("New activity of %(name)s", name=record.title), url_for("governance.plan", plan_id=record.id))


@bp.route("/activities/<int:activity_id>/edit", methods=["GET", "POST"])
@login_required
def edit_activity(activity_id: int):
    activity = _load(Activity, activity_id)
    _writer()
    form = ActivityForm(record=activity)
    back = url_for("governance.plan", plan_id=activity.plan_id)
    return _form_page(form, lambda data: plans.update_activity(current_user, activity, data, form.version.data),
                      lambda _a: back, _("Edit %(name)s", name=activity.title), back)


# --- joint projects --------------------------------------------------------------------------

@bp.route("/projects")
@login_required
def projects():
    args = request.args
    return render_template("governance/projects.html", items=_page(queries.projects_query(args)), args=args,
                           statuses=choices(ProjectStatus))


@bp.route("/projects/new", methods=["GET", "POST"])
@login_required
def new_project():
    _writer()
    return _form_page(ProjectForm(), lambda data: plans.create_project(current_user, data),
                      lambda p: url_for("governance.project", project_id=p.id), _("New joint project"),
                      url_for("governance.projects"))


def _project_page(record, upload_form=None, status=200):
    return render_template("governance/project.html", record=record, today=date.today(),
                           documents=queries.documents_of(services.subject_of(record)),
                           upload_form=upload_form or DocumentForm(), button=EmptyForm(),
                           history_events=_history(record)), status


@bp.route("/projects/<int:project_id>")
@login_required
def project(project_id: int):
    return _project_page(_load(JointProject, project_id))


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@login_required
def edit_project(project_id: int):
    record = _load(JointProject, project_id)
    _writer()
    form = ProjectForm(obj=record)
    if request.method == "GET":
        form.partner_ids.data = record.partner_ids
    return _form_page(form, lambda data: plans.update_project(current_user, record, data, form.version.data),
                      lambda p: url_for("governance.project", project_id=p.id),
                      _("Edit %(name)s", name=record.title), url_for("governance.project", project_id=record.id))


@bp.route("/projects/<int:project_id>/archive", methods=["POST"])
@login_required
def archive_project(project_id: int):
    record = _load(JointProject, project_id)
    done = save_form(EmptyForm(), lambda _data: plans.archive_project(current_user, record),
                     lambda _r: url_for("governance.project", project_id=record.id))
    return done or ("", 400)


@bp.route("/projects/<int:project_id>/milestones/new", methods=["GET", "POST"])
@login_required
def new_milestone(project_id: int):
    record = _load(JointProject, project_id)
    _writer()
    back = url_for("governance.project", project_id=record.id, _anchor="milestones")
    return _form_page(MilestoneForm(), lambda data: plans.add_milestone(current_user, record, data),
                      lambda _m: back, _("New milestone of %(name)s", name=record.title), back)


@bp.route("/milestones/<int:milestone_id>/edit", methods=["GET", "POST"])
@login_required
def edit_milestone(milestone_id: int):
    milestone = _load(Milestone, milestone_id)
    _writer()
    form = MilestoneForm(obj=milestone)
    back = url_for("governance.project", project_id=milestone.project_id, _anchor="milestones")
    return _form_page(form, lambda data: plans.update_milestone(current_user, milestone, data, form.version.data),
                      lambda _m: back, _("Edit %(name)s", name=milestone.title), back)


@bp.route("/projects/<int:project_id>/outputs/new", methods=["GET", "POST"])
@login_required
def new_output(project_id: int):
    record = _load(JointProject, project_id)
    _writer()
    back = url_for("governance.project", project_id=record.id, _anchor="outputs")
    return _form_page(OutputForm(), lambda data: plans.add_output(current_user, record, data),
                      lambda _o: back, _("New output of %(name)s", name=record.title), back)


@bp.route("/outputs/<int:output_id>/edit", methods=["GET", "POST"])
@login_required
def edit_output(output_id: int):
    output = _load(ProjectOutput, output_id)
    _writer()
    form = OutputForm(obj=output)
    back = url_for("governance.project", project_id=output.project_id, _anchor="outputs")
    return _form_page(form, lambda data: plans.update_output(current_user, output, data, form.version.data),
                      lambda _o: back, _("Edit %(name)s", name=output.title), back)


@bp.route("/projects/<int:project_id>/documents", methods=["POST"])
@login_required
def upload_project_document(project_id: int):
    record = _load(JointProject, project_id)
    return _upload(record, _project_page, url_for("governance.project", project_id=record.id, _anchor="documents"))


# --- calibration campaigns -------------------------------------------------------------------

@bp.route("/campaigns")
@login_required
def campaigns():
    args = request.args
    return render_template("governance/campaigns.html", items=_page(queries.campaigns_query(args)), args=args)


@bp.route("/campaigns/new", methods=["GET", "POST"])
@login_required
def new_campaign():
    _writer()
    form = CampaignForm()
    return _form_page(form, lambda data: plans.create_campaign(current_user, data),
                      lambda c: url_for("governance.campaign", campaign_id=c.id), _("New calibration campaign"),
                      url_for("governance.campaigns"))


def _campaign_page(record, upload_form=None, status=200):
    return render_template("governance/campaign.html", record=record,
                           documents=queries.documents_of(services.subject_of(record)),
                           upload_form=upload_form or DocumentForm(), button=EmptyForm(),
                           history_events=_history(record)), status


@bp.route("/campaigns/<int:campaign_id>")
@login_required
def campaign(campaign_id: int):
    return _campaign_page(_load(CalibrationCampaign, campaign_id))


@bp.route("/campaigns/<int:campaign_id>/edit", methods=["GET", "POST"])
@login_required
def edit_campaign(campaign_id: int):
    record = _load(CalibrationCampaign, campaign_id)
    _writer()
    form = CampaignForm(record=record)
    if request.method == "GET":
        form.partner_ids.data = record.partner_ids
    return _form_page(form, lambda data: plans.update_campaign(current_user, record, data, form.version.data),
                      lambda c: url_for("governance.campaign", campaign_id=c.id),
                      _("Edit %(name)s", name=record.title), url_for("governance.campaign", campaign_id=record.id))


@bp.route("/campaigns/<int:campaign_id>/archive", methods=["POST"])
@login_required
def archive_campaign(campaign_id: int):
    record = _load(CalibrationCampaign, campaign_id)
    done = save_form(EmptyForm(), lambda _data: plans.archive_campaign(current_user, record),
                     lambda _r: url_for("governance.campaign", campaign_id=record.id))
    return done or ("", 400)


@bp.route("/campaigns/<int:campaign_id>/documents", methods=["POST"])
@login_required
def upload_campaign_document(campaign_id: int):
    record = _load(CalibrationCampaign, campaign_id)
    return _upload(record, _campaign_page,
                   url_for("governance.campaign", campaign_id=record.id, _anchor="documents"))

