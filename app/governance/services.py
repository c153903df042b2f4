"""Writes to bodies, memberships, meetings, decisions, action items and governance documents.

The rules hold for pages, API and CLI alike; the policy is asked again in each service.
"""

import re
from datetime import date
from pathlib import PurePath

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.agreements.documents import store_pdf
from app.auth import policy
from app.core.errors import Conflict, collect, raise_if
from app.core.records import add_record, archive, assign, change_record, check_version, exists_other
from app.extensions import db
from app.governance import checks
from app.governance.models import (
    ActionItem,
    ActionStatus,
    Body,
    Decision,
    DecisionStatus,
    GovernanceDocument,
    Meeting,
    MemberRole,
    Membership,
)
from app.partners.models import Organization, Person

BODY_FIELDS = ("code", "name", "kind", "description", "established_on")
MEMBER_FIELDS = ("person_id", "organization_id", "role", "term_from", "term_to")
MEETING_FIELDS = ("title", "held_on", "place", "is_online", "agenda", "notes")
DECISION_FIELDS = ("title", "text", "decided_on", "status", "meeting_id")
ACTION_FIELDS = ("title", "description", "owner_id")
_CODE = re.compile(r"^[A-Z][A-Z0-9]{0,9}$")


# --- bodies and their members -----------------------------------------------------------------

def _check_body(data: dict, record: Body | None) -> dict:
    data = checks.text(dict(data), "code", "name", "description")
    errors: dict[str, list[str]] = {}
    checks.required(data, record, errors, code="The short code is required (e.g. B for the board).",
                    name="The name is required.", kind="The kind of body is required.")
    if data.get("code"):
        data["code"] = data["code"].upper()
        if not _CODE.match(data["code"]):
            collect(errors, "code", "A short code is 1 to 10 letters or digits, starting with a letter (e.g. B, AC).")
        elif exists_other(Body, Body.code, data["code"], record.id if record else None, case_insensitive=True):
            collect(errors, "code", "Another body has this code.")
    if data.get("name") and exists_other(Body, Body.name, data["name"], record.id if record else None,
                                         case_insensitive=True):
        collect(errors, "name", "Another body has this name.")
    raise_if(errors)
    return data


def create_body(user, data: dict) -> Body:
    """Set up a body (board, committee, secretariat, centre, working group)."""
    policy.require_edit_governance(user)
    data = _check_body(data, None)
    body = Body()
    add_record(body, data, BODY_FIELDS)
    return body


def update_body(user, body: Body, data: dict, version) -> Body:
    """Change a body, refusing a stale version. Its code may change: references follow it."""
    policy.require_edit_governance(user)
    check_version(body, version)
    change_record(body, _check_body(data, body), BODY_FIELDS)
    return body


def archive_body(user, body: Body) -> None:
    """Archive a body that no longer meets."""
    policy.require_edit_governance(user)
    archive(body)


def _check_membership(body: Body, data: dict, record: Membership | None) -> dict:
    data = dict(data)
    errors: dict[str, list[str]] = {}
    checks.required(data, record, errors, term_from="The start of the term is required.")
    values = checks.merged(record, data, MEMBER_FIELDS)
    if values["person_id"] is None and values["organization_id"] is None:
        collect(errors, "person_id", "Choose a person, an organization, or both (a person representing it).")
    checks.exists(Person, data.get("person_id"), "person_id", errors, "person")
    checks.exists(Organization, data.get("organization_id"), "organization_id", errors, "organization")
    checks.period(values, errors, "term_from", "term_to")
    if not errors and values["role"] in (MemberRole.chair, "chair"):
        for other in body.members:
            if other is record or other.role != MemberRole.chair:
                continue
            if _overlaps(other, values["term_from"], values["term_to"]):
                collect(errors, "role", f"{other.member_name} chairs the body during this term; "
                                        "end that term first.")
    raise_if(errors)
    return data


def _overlaps(member: Membership, start: date, end: date | None) -> bool:
    return (member.term_to is None or member.term_to >= start) and (end is None or end >= member.term_from)


def add_member(user, body: Body, data: dict) -> Membership:
    """Put a person or an organization on a body for a term; one chair at a time."""
    policy.require_edit_governance(user)
    data = _check_membership(body, data, None)
    member = Membership(body=body)
    add_record(member, data, MEMBER_FIELDS)
    return member


def update_member(user, member: Membership, data: dict, version) -> Membership:
    """Change a membership (e.g. end its term), refusing a stale version."""
    policy.require_edit_governance(user)
    check_version(member, version)
    data = _check_membership(member.body, data, member)
    change_record(member, data, MEMBER_FIELDS)
    return member


# --- meetings --------------------------------------------------------------------------------

def _check_meeting(data: dict, record: Meeting | None) -> dict:
    data = checks.text(dict(data), "title", "place", "agenda", "notes")
    errors: dict[str, list[str]] = {}
    checks.required(data, record, errors, title="The title is required.", held_on="The date is required.")
    if record is None:
        checks.required(data, record, errors, body_id="Choose the body that meets.")
        data["body"] = checks.exists(Body, data.get("body_id"), "body_id", errors, "body")
    values = checks.merged(record, data, ("place", "is_online"))
    if not values["place"] and not values["is_online"]:
        collect(errors, "place", "Give the place, or mark the meeting as online.")
    if "attendee_ids" in data:
        data["attendees"] = checks.people(data["attendee_ids"], "attendee_ids", errors)
    raise_if(errors)
    return data


def _set_attendees(meeting: Meeting, data: dict) -> None:
    if "attendees" in data:
        meeting.note_link_change("attendee_ids", meeting.attendee_ids, [p.id for p in data["attendees"]])
        meeting.attendees = data["attendees"]


def create_meeting(user, data: dict) -> Meeting:
    """Record a meeting of a body, with its attendees and agenda."""
    policy.require_edit_governance(user)
    data = _check_meeting(data, None)
    meeting = Meeting(body=data["body"], is_online=bool(data.get("is_online")))
    assign(meeting, data, MEETING_FIELDS)
    _set_attendees(meeting, data)
    db.session.add(meeting)
    db.session.flush()
    return meeting


def update_meeting(user, meeting: Meeting, data: dict, version) -> Meeting:
    """Change a meeting, refusing a stale version (its body stays)."""
    policy.require_edit_governance(user)
    check_version(meeting, version)
    data = _check_meeting(data, meeting)
    assign(meeting, data, MEETING_FIELDS)
    _set_attendees(meeting, data)
    db.session.flush()
    return meeting


def archive_meeting(user, meeting: Meeting) -> None:
    """Archive a meeting recorded by mistake (its decisions and minutes stay)."""
    policy.require_edit_governance(user)
    archive(meeting)


# --- decisions -------------------------------------------------------------------------------

def _check_decision(data: dict, record: Decision | None) -> dict:
    data = checks.text(dict(data), "title", "text")
    errors: dict[str, list[str]] = {}
    checks.required(data, record, errors, title="The title is required.", decided_on="The date is required.")
    if record is None:
        data["meeting"] = checks.exists(Meeting, data.get("meeting_id"), "meeting_id", errors, "meeting")
        body_id = data["meeting"].body_id if data["meeting"] else data.get("body_id")
        if body_id is None:
            collect(errors, "body_id", "Choose the body that decided, or the meeting.")
        data["body"] = checks.exists(Body, body_id, "body_id", errors, "body")
    elif data.get("meeting_id") is not None:
        meeting = checks.exists(Meeting, data["meeting_id"], "meeting_id", errors, "meeting")
        if meeting is not None and meeting.body_id != record.body_id:
            collect(errors, "meeting_id", "The meeting is of another body.")
    if record is not None and "decided_on" in data and data["decided_on"] and data["decided_on"].year != record.year:
        collect(errors, "decided_on", f"The decision is numbered in {record.year}; its date stays in that year.")
    status = data.get("status")
    if status is not None and str(status) == DecisionStatus.superseded and (
            record is None or record.status != DecisionStatus.superseded):
        collect(errors, "status", "A decision becomes superseded when a newer one names it under "
                                  "'supersedes'; set it there.")
    if "supersedes_id" in data:
        older = checks.exists(Decision, data["supersedes_id"], "supersedes_id", errors, "decision")
        if older is not None and record is not None and older.id == record.id:
            collect(errors, "supersedes_id", "A decision cannot supersede itself.")
        elif older is not None and older.status == DecisionStatus.withdrawn:
            collect(errors, "supersedes_id", f"{older.reference} was withdrawn; there is nothing to supersede.")
        elif older is not None and _superseded_by_other(older, record):
            collect(errors, "supersedes_id", f"{older.reference} is already superseded by another decision.")
        data["supersedes"] = older
    raise_if(errors)
    return data


def _superseded_by_other(older: Decision, record: Decision | None) -> bool:
    query = select(Decision.id).where(Decision.supersedes_id == older.id)
    if record is not None:
        query = query.where(Decision.id != record.id)
    return db.session.execute(query.limit(1)).first() is not None


def _supersede(decision: Decision, data: dict) -> None:
    """Setting `supersedes` marks the older decision superseded; clearing it restores the older one."""
    if "supersedes" not in data:
        return
    previous, older = decision.supersedes, data["supersedes"]
    if previous is not None and previous is not older and previous.status == DecisionStatus.superseded:
        previous.status = DecisionStatus.adopted
    decision.supersedes = older
    if older is not None:
        older.status = DecisionStatus.superseded


def next_decision_number(body: Body, year: int) -> int:
    return (db.session.scalar(select(func.max(Decision.number)).where(Decision.body_id == body.id,
                                                                       Decision.year == year)) or 0) + 1


def record_decision(user, data: dict) -> Decision:
    """Record a decision under the next number of its body and year (B-2026-03)."""
    policy.require_edit_governance(user)
    data = _check_decision(data, None)
    body, year = data["body"], data["decided_on"].year
    meeting_id = data["meeting"].id if data["meeting"] else None
    decision = Decision(body=body, meeting_id=meeting_id, year=year, number=next_decision_number(body, year))
    assign(decision, data, ("title", "text", "decided_on", "status"))
    decision.status = decision.status or DecisionStatus.adopted
    try:
        with db.session.begin_nested():
            db.session.add(decision)
    except IntegrityError:
        raise Conflict("Another decision took this number at the same moment; try again.") from None
    _supersede(decision, data)
    db.session.flush()
    return decision


def update_decision(user, decision: Decision, data: dict, version) -> Decision:
    """Change a decision's text, status or what it supersedes; its number never changes."""
    policy.require_edit_governance(user)
    check_version(decision, version)
    data = _check_decision(data, decision)
    assign(decision, data, DECISION_FIELDS)
    _supersede(decision, data)
    db.session.flush()
    return decision


# --- action items ----------------------------------------------------------------------------

def _check_action(data: dict, record: ActionItem | None) -> dict:
    data = checks.text(dict(data), "title", "description")
    errors: dict[str, list[str]] = {}
    checks.required(data, record, errors, title="The title is required.", owner_id="Choose the owner.")
    checks.exists(Person, data.get("owner_id"), "owner_id", errors, "person")
    if record is None:
        checks.required(data, record, errors, due_on="The due date is required.")
        data["meeting"] = checks.exists(Meeting, data.get("meeting_id"), "meeting_id", errors, "meeting")
        data["decision"] = checks.exists(Decision, data.get("decision_id"), "decision_id", errors, "decision")
        if data.get("meeting_id") is None and data.get("decision_id") is None:
            collect(errors, "meeting_id", "An action item comes from a meeting or a decision: choose one.")
        if data["meeting"] and data["decision"] and data["meeting"].body_id != data["decision"].body_id:
            collect(errors, "decision_id", "The decision is of another body than the meeting.")
    elif "due_on" in data and data["due_on"] is not None and data["due_on"] != record.due_on:
        collect(errors, "due_on", "The due date is fixed when the item is created and never moves; "
                                  "cancel this item and create a new one if the plan changed.")
    raise_if(errors)
    return data


def create_action_item(user, data: dict) -> ActionItem:
    """Give someone an action from a meeting or decision, due on a fixed date."""
    policy.require_edit_governance(user)
    data = _check_action(data, None)
    source = data["meeting"] or data["decision"]
    item = ActionItem(body_id=source.body_id, meeting_id=source.id if data["meeting"] else None,
                      decision_id=data["decision"].id if data["decision"] else None,
                      due_on=data["due_on"], status=ActionStatus.open)
    add_record(item, data, ACTION_FIELDS)
    return item


def update_action_item(user, item: ActionItem, data: dict, version) -> ActionItem:
    """Change an item's title, description or owner (the due date stays), refusing a stale version."""
    policy.require_view_action_item(user, item)
    policy.require_edit_governance(user)
    check_version(item, version)
    data = _check_action(data, item)
    assign(item, data, ACTION_FIELDS)
    if "status" in data or "done_on" in data:
        _apply_status(item, data)
    db.session.flush()
    return item


def _apply_status(item: ActionItem, data: dict, today: date | None = None) -> None:
    today = today or date.today()
    status = data.get("status", item.status)
    errors: dict[str, list[str]] = {}
    if status not in set(ActionStatus):
        collect(errors, "status", "Choose open, done or cancelled.")
        raise_if(errors)
    status = ActionStatus(status)
    done_on = data.get("done_on") if "done_on" in data else item.done_on
    if status == ActionStatus.done:
        done_on = done_on or today
        if done_on > today:
            collect(errors, "done_on", "The day it was done cannot be in the future.")
    else:
        done_on = None
    raise_if(errors)
    item.status, item.done_on = status, done_on


def set_action_status(user, item: ActionItem, data: dict, version) -> ActionItem:
    """Mark an item done (on a day, today by default), cancelled or open again: its owner or the secretariat."""
    policy.require_update_action_status(user, item)
    check_version(item, version)
    _apply_status(item, {k: data[k] for k in ("status", "done_on") if k in data})
    db.session.flush()
    return item


# --- documents (minutes, outputs, campaign results) ------------------------------------------

SUBJECTS = {"meeting": "meeting_id", "project": "project_id", "campaign": "campaign_id"}


def subject_of(record) -> str:
    name = {"governance_meetings": "meeting", "governance_projects": "project",
            "governance_campaigns": "campaign"}[record.__tablename__]
    return f"{name}:{record.id}"


def upload_document(user, record, stream, filename: str | None, title: str | None = None) -> GovernanceDocument:
    """Add a PDF to a meeting (minutes), project or campaign, as the next version of its title."""
    policy.require_edit_governance(user)
    sha256, size, filename = store_pdf(stream, filename)
    title = (title or "").strip()[:200] or PurePath(filename).stem[:200] or "document"
    subject = subject_of(record)
    latest = db.session.scalar(select(func.max(GovernanceDocument.version)).where(
        GovernanceDocument.subject == subject, GovernanceDocument.title == title))
    document = GovernanceDocument(subject=subject, title=title, version=(latest or 0) + 1, filename=filename,
                                  size=size, sha256=sha256, uploaded_by_id=getattr(user, "id", None))
    setattr(document, SUBJECTS[subject.split(":")[0]], record.id)
    try:
        with db.session.begin_nested():
            db.session.add(document)
    except IntegrityError:
        raise Conflict("Another version of this document was uploaded at the same moment; try again.") from None
    return document

