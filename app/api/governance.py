"""Governance through the API: bodies, meetings, decisions, action items, plans, projects, campaigns.

Declared like every collection (app/api/resources.py on flask-smorest). Action items have their
own PATCH: the secretariat changes any field but the fixed due date; the owner (a coordinator
whose e-mail is the owner's) changes only the status and the day done.
"""

from flask import g
from marshmallow import Schema, fields, validate

from app.api.http import RecordId, column_field
from app.api.registry import RecordSchema
from app.api.resources import choice, flag, number, sent_version, text
from app.api.spec import before, errors
from app.auth import policy
from app.core.errors import NotFound
from app.extensions import db
from app.governance import plans, queries, services
from app.governance.models import (
    ActionItem,
    ActionPlan,
    ActionStatus,
    ActivityStatus,
    Body,
    BodyKind,
    CalibrationCampaign,
    Decision,
    DecisionStatus,
    JointProject,
    Meeting,
    MemberRole,
    MilestoneStatus,
    OutputKind,
    ProgressKind,
    ProjectStatus,
)

TAG = "Governance"
KIND = "governance"  # no coordinator kind: only staff create


class MemberSchema(Schema):
    id = fields.Integer()
    person_id = RecordId(allow_none=True)
    organization_id = RecordId(allow_none=True)
    name = fields.String(attribute="member_name")
    role = fields.Enum(MemberRole, by_value=True)
    term_from = fields.Date()
    term_to = fields.Date(allow_none=True)


class BodySchema(RecordSchema):
    code = column_field(Body.code)
    name = column_field(Body.name)
    kind = fields.Enum(BodyKind, by_value=True, required=True)
    description = column_field(Body.description)
    established_on = fields.Date(allow_none=True)
    members = fields.List(fields.Nested(MemberSchema), dump_only=True)


class QuorumSchema(Schema):
    members = fields.Integer()
    present = fields.Integer()
    needed = fields.Integer()
    reached = fields.Boolean()


class MeetingSchema(RecordSchema):
    body_id = RecordId(required=True, metadata={"description": "set on creation only"})
    title = column_field(Meeting.title)
    held_on = fields.Date(required=True)
    place = column_field(Meeting.place)
    is_online = fields.Boolean(load_default=False)
    agenda = column_field(Meeting.agenda)
    notes = column_field(Meeting.notes)
    attendee_ids = fields.List(RecordId(), load_default=list)
    quorum = fields.Function(lambda m: QuorumSchema().dump(m.quorum()), dump_only=True,
                             metadata={"description": "more than half of the voting members on the day attend"})
    decision_ids = fields.Function(lambda m: [d.id for d in m.decisions], dump_only=True)


class DecisionSchema(RecordSchema):
    body_id = RecordId(allow_none=True, metadata={"description": "needed unless meeting_id is given"})
    meeting_id = RecordId(allow_none=True)
    reference = fields.String(dump_only=True, metadata={"description": "body code, year, number: B-2026-03"})
    year = fields.Integer(dump_only=True)
    number = fields.Integer(dump_only=True)
    title = column_field(Decision.title)
    text = column_field(Decision.text)
    decided_on = fields.Date(required=True)
    status = fields.Enum(DecisionStatus, by_value=True, load_default=DecisionStatus.adopted)
    supersedes_id = RecordId(allow_none=True, metadata={"description": "marks that decision superseded"})


class ActionItemSchema(RecordSchema):
    body_id = fields.Integer(dump_only=True)
    meeting_id = RecordId(allow_none=True)
    decision_id = RecordId(allow_none=True)
    title = column_field(ActionItem.title)
    description = column_field(ActionItem.description)
    owner_id = RecordId(required=True, metadata={"description": "a person"})
    due_on = fields.Date(required=True, metadata={"description": "fixed on creation: it never moves"})
    status = fields.Enum(ActionStatus, by_value=True, dump_only=True)
    done_on = fields.Date(dump_only=True)


class ActionStatusSchema(Schema):
    status = fields.Enum(ActionStatus, by_value=True)
    done_on = fields.Date(allow_none=True)


class ActivitySchema(Schema):
    id = fields.Integer()
    goal_id = RecordId(allow_none=True)
    goal = fields.Function(lambda a: a.goal.title if a.goal else None)
    title = fields.String()
    description = fields.String(allow_none=True)
    status = fields.Enum(ActivityStatus, by_value=True)
    links = fields.Function(lambda a: {f"{k.value}_ids": a.link_ids(k) for k in ProgressKind})


class PlanSchema(RecordSchema):
    year = fields.Integer(required=True, validate=validate.Range(min=2000, max=2100))
    title = column_field(ActionPlan.title)
    summary = column_field(ActionPlan.summary)
    activities = fields.List(fields.Nested(ActivitySchema), dump_only=True)


class MilestoneSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    due_on = fields.Date()
    status = fields.Enum(MilestoneStatus, by_value=True)
    reached_on = fields.Date(allow_none=True)


class OutputSchema(Schema):
    id = fields.Integer()
    kind = fields.Enum(OutputKind, by_value=True)
    title = fields.String()
    url = fields.String(allow_none=True)
    citation = fields.String(allow_none=True)
    published_on = fields.Date(allow_none=True)


class DocumentSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    version = fields.Integer()
    filename = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    uploaded_at = fields.DateTime()


def _documents(record):
    return DocumentSchema(many=True).dump(queries.documents_of(services.subject_of(record)))


class ProjectSchema(RecordSchema):
    title = column_field(JointProject.title)
    acronym = column_field(JointProject.acronym)
    summary = column_field(JointProject.summary)
    lead_organization_id = RecordId(required=True)
    partner_ids = fields.List(RecordId(), load_default=list)
    countries = fields.List(fields.String(validate=validate.Length(equal=3)), load_default=list)
    start_on = fields.Date(required=True)
    end_on = fields.Date(allow_none=True)
    status = fields.Enum(ProjectStatus, by_value=True, load_default=ProjectStatus.planned)
    milestones = fields.List(fields.Nested(MilestoneSchema), dump_only=True)
    outputs = fields.List(fields.Nested(OutputSchema), dump_only=True)
    documents = fields.Function(_documents, dump_only=True)


class CampaignSchema(RecordSchema):
    title = column_field(CalibrationCampaign.title)
    summary = column_field(CalibrationCampaign.summary)
    sites = fields.List(fields.String(validate=validate.Length(max=200)), load_default=list)
    satellites = fields.List(fields.String(), load_default=list)
    sensors = fields.List(fields.String(validate=validate.Length(max=100)), load_default=list)
    partner_ids = fields.List(RecordId(), load_default=list)
    countries = fields.List(fields.String(validate=validate.Length(equal=3)), load_default=list)
    start_on = fields.Date(required=True)
    end_on = fields.Date(allow_none=True)
    status = fields.Enum(ProjectStatus, by_value=True, load_default=ProjectStatus.planned)
    results = column_field(CalibrationCampaign.results)
    documents = fields.Function(_documents, dump_only=True)


def _visible_items(args):
    user = g.api_user
    return queries.action_items_query(args, visible_to=None if policy.may_view_all_action_items(user) else user)


def _get_item(key):
    item = db.session.get(ActionItem, int(key)) if str(key).isdigit() else None
    return item if policy.may_view_action_item(g.api_user, item) else None


class ActionItemPatchSchema(ActionItemSchema):
    status = fields.Enum(ActionStatus, by_value=True, metadata={"description": "the owner may change it"})
    done_on = fields.Date(allow_none=True, metadata={"description": "the owner may change it; empty: today"})


def _may_update_item(key):
    item = _get_item(key)
    if item is None:
        raise NotFound("No such action item.")
    policy.require_update_action_status(g.api_user, item)


def _update_item(data, key):
    """The secretariat changes any field but the due date; the owner the status and day done."""
    item = _get_item(key)
    status = {k: data.pop(k) for k in ("status", "done_on") if k in data}
    if policy.may_edit_governance(g.api_user):
        services.update_action_item(g.api_user, item, data | status, sent_version())
    else:  # the owner: other fields are ignored, as a coordinator's node_id is elsewhere
        services.set_action_status(g.api_user, item, status, sent_version())
    return item


def register_all(bp, register, Resource, get_by_id):
    register(bp, Resource(
        name="bodies", kind=KIND, schema=BodySchema(), tag=TAG, query=queries.bodies_query, get=get_by_id(Body),
        create=services.create_body, update=services.update_body, remove=services.archive_body,
        filters={"kind": choice(BodyKind, "kind of body"), "archived": flag()}))
    register(bp, Resource(
        name="meetings", kind=KIND, schema=MeetingSchema(), tag=TAG, query=queries.meetings_query,
        get=get_by_id(Meeting), create=services.create_meeting, update=services.update_meeting,
        remove=services.archive_meeting,
        filters={"body_id": number("the body"), "year": number("held in the year", 2000, 2100),
                 "archived": flag()}))
    register(bp, Resource(
        name="decisions", kind=KIND, schema=DecisionSchema(), tag=TAG, query=queries.decisions_query,
        get=get_by_id(Decision), create=services.record_decision, update=services.update_decision,
        filters={"body_id": number("the body"), "year": number("numbered in the year", 2000, 2100),
                 "status": choice(DecisionStatus, "status"), "q": text("title or text contains")}))
    register(bp, Resource(
        name="action-items", kind=KIND, schema=ActionItemSchema(), tag=TAG, query=_visible_items, get=_get_item,
        create=services.create_action_item,
        filters={"body_id": number("the body"), "owner_id": number("the owner (a person)"),
                 "status": choice(ActionStatus, "status"), "overdue": flag("1: open items past their due date")}))

    @bp.route("/action-items/<key>", endpoint="action_items_update", methods=["PATCH"], tags=[TAG])
    @before(_may_update_item)
    @bp.arguments(ActionItemPatchSchema(partial=True))
    @bp.response(200, ActionItemSchema)
    @errors(400, 403, 404, 409, 415, 422)
    def update_action_item(data, key):
        return _update_item(data, key)

    register(bp, Resource(
        name="plans", kind=KIND, schema=PlanSchema(), tag=TAG, query=queries.plans_query, get=get_by_id(ActionPlan),
        create=plans.create_plan, update=plans.update_plan, filters={"year": number("the plan's year", 2000, 2100)}))
    register(bp, Resource(
        name="projects", kind=KIND, schema=ProjectSchema(), tag=TAG, query=queries.projects_query,
        get=get_by_id(JointProject), create=plans.create_project, update=plans.update_project,
        remove=plans.archive_project,
        filters={"status": choice(ProjectStatus, "status"), "q": text("title or short name contains"),
                 "archived": flag()}))
    register(bp, Resource(
        name="calibration-campaigns", kind=KIND, schema=CampaignSchema(), tag=TAG, query=queries.campaigns_query,
        get=get_by_id(CalibrationCampaign), create=plans.create_campaign, update=plans.update_campaign,
        remove=plans.archive_campaign,
        filters={"year": number("running in the year", 2000, 2100), "archived": flag()}))
