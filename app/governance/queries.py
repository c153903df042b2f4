"""Reads the governance pages, the API, the reminders and the annual report need."""

from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from app.extensions import db
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
    MilestoneStatus,
    ProjectStatus,
)
from app.partners.models import Person


def _int(value):
    value = str(value) if value is not None else ""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


def _member(enum, value):
    """The enum member a filter names, or None (an unknown value filters nothing out)."""
    return enum(value) if value in {m.value for m in enum} else None


def bodies_query(args=None):
    args = args or {}
    query = select(Body).options(selectinload(Body.members).selectinload(Membership.person))
    if _member(BodyKind, args.get("kind")):
        query = query.where(Body.kind == args["kind"])
    if args.get("archived") != "1":
        query = query.where(Body.archived_at.is_(None))
    return query.order_by(Body.kind, Body.name)


def meetings_query(args=None):
    args = args or {}
    query = select(Meeting).options(selectinload(Meeting.body), selectinload(Meeting.attendees))
    if _int(args.get("body_id")):
        query = query.where(Meeting.body_id == _int(args["body_id"]))
    if 1 <= (_int(args.get("year")) or 0) <= 9999:
        year = _int(args["year"])
        query = query.where(Meeting.held_on >= date(year, 1, 1), Meeting.held_on <= date(year, 12, 31))
    if args.get("archived") != "1":
        query = query.where(Meeting.archived_at.is_(None))
    return query.order_by(Meeting.held_on.desc(), Meeting.id.desc())


def decisions_query(args=None):
    args = args or {}
    query = select(Decision).options(selectinload(Decision.body), selectinload(Decision.supersedes))
    if _int(args.get("body_id")):
        query = query.where(Decision.body_id == _int(args["body_id"]))
    if _int(args.get("year")):
        query = query.where(Decision.year == _int(args["year"]))
    if _member(DecisionStatus, args.get("status")):
        query = query.where(Decision.status == args["status"])
    if args.get("q"):
        like = f"%{args['q'].strip()}%"
        query = query.where(or_(Decision.title.ilike(like), Decision.text.ilike(like)))
    return query.order_by(Decision.year.desc(), Decision.body_id, Decision.number.desc())


def person_of(user) -> Person | None:
    """The person a user is: the one (not archived) with the user's e-mail address."""
    email = (getattr(user, "email", None) or "").strip().lower()
    if not email:
        return None
    return db.session.scalar(select(Person).where(func.lower(Person.email) == email, Person.archived_at.is_(None))
                             .order_by(Person.id).limit(1))


def action_items_query(args=None, *, visible_to=None):
    """Action items by body, owner, status; `visible_to` a coordinator: only the items they own."""
    args = args or {}
    query = select(ActionItem).options(selectinload(ActionItem.owner), selectinload(ActionItem.body))
    if visible_to is not None:
        email = (visible_to.email or "").strip().lower()
        query = query.join(Person, ActionItem.owner_id == Person.id).where(func.lower(Person.email) == email)
    if _int(args.get("body_id")):
        query = query.where(ActionItem.body_id == _int(args["body_id"]))
    if _int(args.get("owner_id")):
        query = query.where(ActionItem.owner_id == _int(args["owner_id"]))
    if _member(ActionStatus, args.get("status")):
        query = query.where(ActionItem.status == args["status"])
    if args.get("overdue") == "1":
        query = query.where(ActionItem.status == ActionStatus.open, ActionItem.due_on < date.today())
    return query.order_by(ActionItem.due_on, ActionItem.id)


def open_items_of_person(person_id: int) -> list[ActionItem]:
    return list(db.session.scalars(action_items_query({"owner_id": str(person_id), "status": "open"})))


def open_items_of_body(body_id: int) -> list[ActionItem]:
    return list(db.session.scalars(action_items_query({"body_id": str(body_id), "status": "open"})))


def documents_of(subject: str) -> list[GovernanceDocument]:
    return list(db.session.scalars(
        select(GovernanceDocument).where(GovernanceDocument.subject == subject)
        .options(selectinload(GovernanceDocument.uploaded_by))
        .order_by(GovernanceDocument.title, GovernanceDocument.version.desc())))


def goals_query(args=None):
    args = args or {}
    query = select(Goal)
    if args.get("archived") != "1":
        query = query.where(Goal.archived_at.is_(None))
    return query.order_by(Goal.from_year, Goal.id)


def plans_query(args=None):
    args = args or {}
    query = select(ActionPlan).options(selectinload(ActionPlan.activities).selectinload(Activity.links))
    if _int(args.get("year")):
        query = query.where(ActionPlan.year == _int(args["year"]))
    return query.order_by(ActionPlan.year.desc())


def projects_query(args=None):
    args = args or {}
    query = select(JointProject).options(selectinload(JointProject.partners),
                                         selectinload(JointProject.lead_organization))
    if _member(ProjectStatus, args.get("status")):
        query = query.where(JointProject.status == args["status"])
    if args.get("q"):
        like = f"%{args['q'].strip()}%"
        query = query.where(or_(JointProject.title.ilike(like), JointProject.acronym.ilike(like)))
    if args.get("archived") != "1":
        query = query.where(JointProject.archived_at.is_(None))
    return query.order_by(JointProject.start_on.desc(), JointProject.id)


def campaigns_query(args=None):
    args = args or {}
    query = select(CalibrationCampaign).options(selectinload(CalibrationCampaign.partners))
    if 1 <= (_int(args.get("year")) or 0) <= 9999:
        year = _int(args["year"])
        query = query.where(CalibrationCampaign.start_on <= date(year, 12, 31),
                            or_(CalibrationCampaign.end_on.is_(None), CalibrationCampaign.end_on >= date(year, 1, 1)))
    if args.get("archived") != "1":
        query = query.where(CalibrationCampaign.archived_at.is_(None))
    return query.order_by(CalibrationCampaign.start_on.desc(), CalibrationCampaign.id)


def _touches(model, start, end, year: int):
    return select(model).where(getattr(model, start) <= date(year, 12, 31),
                               or_(getattr(model, end).is_(None), getattr(model, end) >= date(year, 1, 1)))


def governance_figures(year: int, today: date | None = None) -> dict:
    """The governance figures of a year for the annual report: plain numbers and short lists.

    Meetings held and decisions taken in the year; action items due in the year by status
    (open ones past their date counted as overdue on `today`, the end of the year by default);
    activities of the year's plan by status; projects and campaigns running in the year, with
    the milestones due in it.
    """
    today = today or date(year, 12, 31)
    first, last = date(year, 1, 1), date(year, 12, 31)
    meetings = db.session.scalars(select(Meeting).where(Meeting.held_on.between(first, last),
                                                        Meeting.archived_at.is_(None))
                                  .options(selectinload(Meeting.body)).order_by(Meeting.held_on)).all()
    decisions = db.session.scalars(select(Decision).where(Decision.year == year)
                                   .options(selectinload(Decision.body))
                                   .order_by(Decision.body_id, Decision.number)).all()
    items = db.session.scalars(select(ActionItem).where(ActionItem.due_on.between(first, last))).all()
    plan = db.session.scalar(select(ActionPlan).where(ActionPlan.year == year))
    projects = db.session.scalars(_touches(JointProject, "start_on", "end_on", year)
                                  .where(JointProject.archived_at.is_(None)).order_by(JointProject.title)).all()
    campaigns = db.session.scalars(_touches(CalibrationCampaign, "start_on", "end_on", year)
                                   .where(CalibrationCampaign.archived_at.is_(None))
                                   .order_by(CalibrationCampaign.start_on)).all()
    milestones = [m for p in projects for m in p.milestones if first <= m.due_on <= last]
    return {
        "year": year,
        "meetings": [{"body": m.body.name, "title": m.title, "held_on": m.held_on,
                      "attendees": len(m.attendees), "quorum": m.quorum().reached} for m in meetings],
        "decisions": [{"reference": d.reference, "title": d.title, "status": d.status.value} for d in decisions],
        "decisions_by_status": {s.value: sum(1 for d in decisions if d.status == s) for s in DecisionStatus},
        "actions": {"due": len(items),
                    "done": sum(1 for i in items if i.status == ActionStatus.done),
                    "done_on_time": sum(1 for i in items if i.status == ActionStatus.done and i.done_on
                                        and i.done_on <= i.due_on),
                    "cancelled": sum(1 for i in items if i.status == ActionStatus.cancelled),
                    "open": sum(1 for i in items if i.status == ActionStatus.open),
                    "overdue": sum(1 for i in items if i.is_overdue(today))},
        "plan": None if plan is None else {
            "title": plan.title,
            "activities": [{"title": a.title, "status": a.status.value} for a in plan.activities]},
        "projects": [{"title": p.title, "status": p.status.value, "partners": len(p.partners) + 1}
                     for p in projects],
        "projects_running": sum(1 for p in projects if p.status == ProjectStatus.ongoing),
        "milestones": {"due": len(milestones),
                       "reached": sum(1 for m in milestones if m.status == MilestoneStatus.reached)},
        "campaigns": [{"title": c.title, "start_on": c.start_on, "end_on": c.end_on,
                       "partners": len(c.partners), "sites": len(c.sites or [])} for c in campaigns],
    }
