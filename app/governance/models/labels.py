"""Closed sets of the governance domain, each with the words a person reads for its values
(app/core/labels.LabeledEnum: ``member.label``, ``Enum.choices()``, the ``label`` template filter)."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _p

from app.core.labels import LabeledEnum


class BodyKind(LabeledEnum):
    board = "board"
    advisory_committee = "advisory_committee"
    secretariat = "secretariat"
    joint_research_centre = "joint_research_centre"
    working_group = "working_group"

    __labels__ = {
        "board": _l("Administration board"),
        "advisory_committee": _l("Advisory committee"),
        "secretariat": _l("Secretariat"),
        "joint_research_centre": _l("Joint research centre"),
        "working_group": _l("Working group"),
    }


class MemberRole(LabeledEnum):
    chair = "chair"
    vice_chair = "vice_chair"
    member = "member"
    observer = "observer"

    __labels__ = {
        "chair": _l("Chair"),
        "vice_chair": _l("Vice-chair"),
        "member": _l("Member"),
        "observer": _l("Observer"),
    }


class DecisionStatus(LabeledEnum):
    adopted = "adopted"
    implemented = "implemented"
    superseded = "superseded"
    withdrawn = "withdrawn"

    __labels__ = {
        "adopted": _l("Adopted"),
        "implemented": _l("Implemented"),
        "superseded": _l("Superseded"),
        "withdrawn": _l("Withdrawn"),
    }


class ActionStatus(LabeledEnum):
    open = "open"
    done = "done"
    cancelled = "cancelled"

    __labels__ = {
        # an adjective ("still to do"), with its own context: the notifications' "Open" button is a verb
        "open": _p("action item status", "Open"),
        "done": _l("Done"),
        "cancelled": _l("Cancelled"),
    }


class GoalStatus(LabeledEnum):
    active = "active"
    achieved = "achieved"
    dropped = "dropped"

    __labels__ = {
        "active": _l("Active"),
        "achieved": _l("Achieved"),
        "dropped": _l("Dropped"),
    }


class ActivityStatus(LabeledEnum):
    planned = "planned"
    ongoing = "ongoing"
    done = "done"
    delayed = "delayed"
    cancelled = "cancelled"

    __labels__ = {
        "planned": _l("Planned"),
        "ongoing": _l("Ongoing"),
        "done": _l("Done"),
        "delayed": _l("Delayed"),
        "cancelled": _l("Cancelled"),
    }


class ProgressKind(LabeledEnum):
    event = "event"
    case = "case"
    project = "project"
    node = "node"

    __labels__ = {
        "event": _l("Event"),
        "case": _l("Application case"),
        "project": _l("Joint project"),
        "node": _l("Node"),
    }


class ProjectStatus(LabeledEnum):
    planned = "planned"
    ongoing = "ongoing"
    completed = "completed"
    suspended = "suspended"

    __labels__ = {
        "planned": _l("Planned"),
        "ongoing": _l("Ongoing"),
        "completed": _l("Completed"),
        "suspended": _l("Suspended"),
    }


class MilestoneStatus(LabeledEnum):
    planned = "planned"
    reached = "reached"
    cancelled = "cancelled"

    __labels__ = {
        "planned": _l("Planned"),
        "reached": _l("Reached"),
        "cancelled": _l("Cancelled"),
    }


class OutputKind(LabeledEnum):
    output = "output"
    publication = "publication"
    dataset = "dataset"
    software = "software"

    __labels__ = {
        "output": _l("Output"),
        "publication": _l("Publication"),
        "dataset": _l("Data set"),
        "software": _l("Software"),
    }


SETS = (BodyKind, MemberRole, DecisionStatus, ActionStatus, GoalStatus, ActivityStatus, ProgressKind, ProjectStatus,
        MilestoneStatus, OutputKind)


def label(value) -> str:
    """The words for a governance value given as a member or as its bare code (the annual report's
    figures keep codes); sets that share a code ("planned", "done") share their words."""
    if isinstance(value, LabeledEnum):
        return value.label
    if value is None or value == "":
        return ""
    for enum in SETS:
        if value in enum.__members__:
            return enum(value).label
    return str(value)
