"""Writes to the work plan (goals, yearly plans, activities), joint projects and calibration campaigns."""

from sqlalchemy import select

from app.agreements.models import SATELLITES
from app.auth import policy
from app.core.errors import collect, raise_if
from app.core.records import add_record, archive, assign, change_record, check_version, exists_other
from app.extensions import db
from app.governance import checks
from app.governance.models import (
    ActionPlan,
    Activity,
    CalibrationCampaign,
    Goal,
    JointProject,
    Milestone,
    MilestoneStatus,
    ProgressKind,
    ProgressLink,
    ProjectOutput,
)

GOAL_FIELDS = ("title", "description", "from_year", "to_year", "status")
PLAN_FIELDS = ("year", "title", "summary")
ACTIVITY_FIELDS = ("goal_id", "title", "description", "status")
PROJECT_FIELDS = ("title", "acronym", "summary", "lead_organization_id", "countries", "start_on", "end_on", "status")
MILESTONE_FIELDS = ("title", "due_on", "status", "reached_on")
OUTPUT_FIELDS = ("kind", "title", "url", "citation", "published_on")
CAMPAIGN_FIELDS = ("title", "summary", "sites", "satellites", "sensors", "countries", "start_on", "end_on", "status",
                   "results")
LINK_FIELDS = {ProgressKind.event: "event_ids", ProgressKind.case: "case_ids", ProgressKind.project: "project_ids",
               ProgressKind.node: "node_ids"}


def _years(values: dict, errors: dict) -> None:
    start, end = values.get("from_year"), values.get("to_year")
    for name, year in (("from_year", start), ("to_year", end)):
        if year is not None and not 2000 <= year <= 2100:
            collect(errors, name, "Give a year between 2000 and 2100.")
    if start and end and end < start:
        collect(errors, "to_year", "The last year is before the first.")


# --- goals and yearly plans ------------------------------------------------------------------

def _check_goal(data: dict, record: Goal | None) -> dict:
    data = checks.text(dict(data), "title", "description")
    errors: dict[str, list[str]] = {}
    checks.required(data, record, errors, title="The title is required.", from_year="The first year is required.")
    _years(checks.merged(record, data, ("from_year", "to_year")), errors)
    raise_if(errors)
    return data


def create_goal(user, data: dict) -> Goal:
    """Add a long-term development goal."""
    policy.require_edit_governance(user)
    goal = Goal()
    add_record(goal, _check_goal(data, None), GOAL_FIELDS)
    return goal


def update_goal(user, goal: Goal, data: dict, version) -> Goal:
    """Change a goal, refusing a stale version."""
    policy.require_edit_governance(user)
    check_version(goal, version)
    change_record(goal, _check_goal(data, goal), GOAL_FIELDS)
    return goal


def _check_plan(data: dict, record: ActionPlan | None) -> dict:
    data = checks.text(dict(data), "title", "summary")
    errors: dict[str, list[str]] = {}
    checks.required(data, record, errors, title="The title is required.", year="The year is required.")
    if data.get("year") is not None:
        _years({"from_year": data["year"]}, errors)
        if exists_other(ActionPlan, ActionPlan.year, data["year"], record.id if record else None):
            collect(errors, "year", f"There is already an action plan for {data['year']}.")
    raise_if(errors)
    return data


def create_plan(user, data: dict) -> ActionPlan:
    """Start the action plan of a year."""
    policy.require_edit_governance(user)
    plan = ActionPlan()
    add_record(plan, _check_plan(data, None), PLAN_FIELDS)
    return plan


def update_plan(user, plan: ActionPlan, data: dict, version) -> ActionPlan:
    """Change a yearly plan, refusing a stale version."""
    policy.require_edit_governance(user)
    check_version(plan, version)
    change_record(plan, _check_plan(data, plan), PLAN_FIELDS)
    return plan


def _progress_targets(kind: ProgressKind):
    from app.capacity.models import Event
    from app.cases.models import Case
    from app.nodes.models import Node

    return {ProgressKind.event: (Event, "event"), ProgressKind.case: (Case, "case"),
            ProgressKind.project: (JointProject, "joint project"), ProgressKind.node: (Node, "node")}[kind]


def _check_activity(data: dict, record: Activity | None) -> dict:
    data = checks.text(dict(data), "title", "description")
    errors: dict[str, list[str]] = {}
    checks.required(data, record, errors, title="The title is required.")
    checks.exists(Goal, data.get("goal_id"), "goal_id", errors, "goal")
    links = {}
    for kind, field in LINK_FIELDS.items():
        if field in data:
            model, noun = _progress_targets(kind)
            ids = list(dict.fromkeys(i for i in (data[field] or []) if i is not None))
            found = set(db.session.scalars(select(model.id).where(model.id.in_(ids)))) if ids else set()
            missing = [str(i) for i in ids if i not in found]
            if missing:
                collect(errors, field, f"No {noun} with id {', '.join(missing)}.")
            links[kind] = ids
    raise_if(errors)
    data["links"] = links
    return data


def _set_links(activity: Activity, links: dict) -> None:
    if not links:
        return
    before = activity.link_summary
    kept = [link for link in activity.links if link.kind not in links]
    for kind, ids in links.items():
        existing = {link.target_id: link for link in activity.links if link.kind == kind}
        kept += [existing.get(i) or ProgressLink(kind=kind, target_id=i) for i in ids]
    activity.links = kept
    activity.note_link_change("progress", before, activity.link_summary)


def add_activity(user, plan: ActionPlan, data: dict) -> Activity:
    """Add an activity to a yearly plan, with the records that show its progress."""
    policy.require_edit_governance(user)
    data = _check_activity(data, None)
    activity = Activity(plan=plan)
    assign(activity, data, ACTIVITY_FIELDS)
    _set_links(activity, data["links"])
    db.session.add(activity)
    db.session.flush()
    return activity


def update_activity(user, activity: Activity, data: dict, version) -> Activity:
    """Change an activity (status, links …), refusing a stale version."""
    policy.require_edit_governance(user)
    check_version(activity, version)
    data = _check_activity(data, activity)
    assign(activity, data, ACTIVITY_FIELDS)
    _set_links(activity, data["links"])
    db.session.flush()
    return activity


# --- joint projects --------------------------------------------------------------------------

def _check_project(data: dict, record: JointProject | None) -> dict:
    data = checks.text(dict(data), "title", "acronym", "summary")
    errors: dict[str, list[str]] = {}
    checks.required(data, record, errors, title="The title is required.", start_on="The start date is required.",
                    lead_organization_id="Choose the lead organization.")
    if data.get("title") and exists_other(JointProject, JointProject.title, data["title"],
                                          record.id if record else None, case_insensitive=True):
        collect(errors, "title", "Another project has this title.")
    from app.partners.models import Organization

    checks.exists(Organization, data.get("lead_organization_id"), "lead_organization_id", errors, "organization")
    if "countries" in data:
        data["countries"] = checks.countries(data["countries"], "countries", errors)
    if "partner_ids" in data:
        data["partners"] = checks.organizations(data["partner_ids"], "partner_ids", errors)
    checks.period(checks.merged(record, data, ("start_on", "end_on")), errors)
    raise_if(errors)
    return data


def _set_partners(record, data: dict) -> None:
    if "partners" in data:
        record.note_link_change("partner_ids", record.partner_ids, [o.id for o in data["partners"]])
        record.partners = data["partners"]


def create_project(user, data: dict) -> JointProject:
    """Record a joint research or technical project."""
    policy.require_edit_governance(user)
    data = _check_project(data, None)
    project = JointProject(countries=[])
    assign(project, data, PROJECT_FIELDS)
    _set_partners(project, data)
    db.session.add(project)
    db.session.flush()
    return project


def update_project(user, project: JointProject, data: dict, version) -> JointProject:
    """Change a project, refusing a stale version."""
    policy.require_edit_governance(user)
    check_version(project, version)
    data = _check_project(data, project)
    assign(project, data, PROJECT_FIELDS)
    _set_partners(project, data)
    db.session.flush()
    return project


def archive_project(user, project: JointProject) -> None:
    """Archive a project recorded by mistake."""
    policy.require_edit_governance(user)
    archive(project)


def _check_milestone(data: dict, record: Milestone | None) -> dict:
    data = checks.text(dict(data), "title")
    errors: dict[str, list[str]] = {}
    checks.required(data, record, errors, title="The title is required.", due_on="The date is required.")
    values = checks.merged(record, data, ("status", "reached_on"))
    if str(values["status"] or "") == MilestoneStatus.reached and not values["reached_on"]:
        collect(errors, "reached_on", "Give the day the milestone was reached.")
    if str(values["status"] or "") != MilestoneStatus.reached and values["reached_on"]:
        data["reached_on"] = None
    raise_if(errors)
    return data


def add_milestone(user, project: JointProject, data: dict) -> Milestone:
    """Add a dated milestone to a project."""
    policy.require_edit_governance(user)
    milestone = Milestone(project=project)
    add_record(milestone, _check_milestone(data, None), MILESTONE_FIELDS)
    return milestone


def update_milestone(user, milestone: Milestone, data: dict, version) -> Milestone:
    """Change a milestone (reached, cancelled …), refusing a stale version."""
    policy.require_edit_governance(user)
    check_version(milestone, version)
    change_record(milestone, _check_milestone(data, milestone), MILESTONE_FIELDS)
    return milestone


def _check_output(data: dict, record: ProjectOutput | None) -> dict:
    data = checks.text(dict(data), "title", "url", "citation")
    errors: dict[str, list[str]] = {}
    checks.required(data, record, errors, title="The title is required.")
    checks.web_address(data.get("url"), "url", errors)
    raise_if(errors)
    return data


def add_output(user, project: JointProject, data: dict) -> ProjectOutput:
    """Add an output or publication (a link; a document is uploaded to the project)."""
    policy.require_edit_governance(user)
    output = ProjectOutput(project=project)
    add_record(output, _check_output(data, None), OUTPUT_FIELDS)
    return output


def update_output(user, output: ProjectOutput, data: dict, version) -> ProjectOutput:
    """Change an output, refusing a stale version."""
    policy.require_edit_governance(user)
    check_version(output, version)
    change_record(output, _check_output(data, output), OUTPUT_FIELDS)
    return output


# --- calibration campaigns -------------------------------------------------------------------

def _check_campaign(data: dict, record: CalibrationCampaign | None) -> dict:
    data = checks.text(dict(data), "title", "summary", "results")
    errors: dict[str, list[str]] = {}
    checks.required(data, record, errors, title="The title is required.", start_on="The start date is required.")
    for name in ("sites", "sensors"):
        if name in data:
            data[name] = checks.words(data[name])
    if "satellites" in data:
        known = {s.upper(): s for s in [*SATELLITES, *(record.satellites if record else [])]}
        wanted = checks.words(data["satellites"])
        bad = [s for s in wanted if s.upper() not in known]
        if bad:
            collect(errors, "satellites", f"Unknown satellite(s): {', '.join(bad)}; known: {', '.join(SATELLITES)}.")
        data["satellites"] = [known.get(s.upper(), s) for s in wanted]
    if "countries" in data:
        data["countries"] = checks.countries(data["countries"], "countries", errors)
    if "partner_ids" in data:
        data["partners"] = checks.organizations(data["partner_ids"], "partner_ids", errors)
    checks.period(checks.merged(record, data, ("start_on", "end_on")), errors)
    raise_if(errors)
    return data


def create_campaign(user, data: dict) -> CalibrationCampaign:
    """Record a calibration campaign."""
    policy.require_edit_governance(user)
    data = _check_campaign(data, None)
    campaign = CalibrationCampaign(sites=[], satellites=[], sensors=[], countries=[])
    assign(campaign, data, CAMPAIGN_FIELDS)
    _set_partners(campaign, data)
    db.session.add(campaign)
    db.session.flush()
    return campaign


def update_campaign(user, campaign: CalibrationCampaign, data: dict, version) -> CalibrationCampaign:
    """Change a campaign, refusing a stale version."""
    policy.require_edit_governance(user)
    check_version(campaign, version)
    data = _check_campaign(data, campaign)
    assign(campaign, data, CAMPAIGN_FIELDS)
    _set_partners(campaign, data)
    db.session.flush()
    return campaign


def archive_campaign(user, campaign: CalibrationCampaign) -> None:
    """Archive a campaign recorded by mistake."""
    policy.require_edit_governance(user)
    archive(campaign)
