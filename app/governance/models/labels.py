"""Closed sets of the governance domain, and the words a person reads for each value."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class BodyKind(StrEnum):
    board = "board"
    advisory_committee = "advisory_committee"
    secretariat = "secretariat"
    joint_research_centre = "joint_research_centre"
    working_group = "working_group"


class MemberRole(StrEnum):
    chair = "chair"
    vice_chair = "vice_chair"
    member = "member"
    observer = "observer"


class DecisionStatus(StrEnum):
    adopted = "adopted"
    implemented = "implemented"
    superseded = "superseded"
    withdrawn = "withdrawn"


class ActionStatus(StrEnum):
    open = "open"
    done = "done"
    cancelled = "cancelled"


class GoalStatus(StrEnum):
    active = "active"
    achieved = "achieved"
    dropped = "dropped"


class ActivityStatus(StrEnum):
    planned = "planned"
    ongoing = "ongoing"
    done = "done"
    delayed = "delayed"
    cancelled = "cancelled"


class ProgressKind(StrEnum):
    event = "event"
    case = "case"
    project = "project"
    node = "node"


class ProjectStatus(StrEnum):
    planned = "planned"
    ongoing = "ongoing"
    completed = "completed"
    suspended = "suspended"


class MilestoneStatus(StrEnum):
    planned = "planned"
    reached = "reached"
    cancelled = "cancelled"


class OutputKind(StrEnum):
    output = "output"
    publication = "publication"
    dataset = "dataset"
    software = "software"


LABELS = {
    BodyKind.board: _l("Administration board"),
    BodyKind.advisory_committee: _l("Advisory committee"),
    BodyKind.secretariat: _l("Secretariat"),
    BodyKind.joint_research_centre: _l("Joint research centre"),
    BodyKind.working_group: _l("Working group"),
    MemberRole.chair: _l("Chair"),
    MemberRole.vice_chair: _l("Vice-chair"),
    MemberRole.member: _l("Member"),
    MemberRole.observer: _l("Observer"),
    DecisionStatus.adopted: _l("Adopted"),
    DecisionStatus.implemented: _l("Implemented"),
    DecisionStatus.superseded: _l("Superseded"),
    DecisionStatus.withdrawn: _l("Withdrawn"),
    ActionStatus.open: _l("Open"),
    ActionStatus.done: _l("Done"),
    ActionStatus.cancelled: _l("Cancelled"),
    GoalStatus.active: _l("Active"),
    GoalStatus.achieved: _l("Achieved"),
    GoalStatus.dropped: _l("Dropped"),
    ActivityStatus.planned: _l("Planned"),
    ActivityStatus.ongoing: _l("Ongoing"),
    ActivityStatus.done: _l("Done"),
    ActivityStatus.delayed: _l("Delayed"),
    ActivityStatus.cancelled: _l("Cancelled"),
    ProgressKind.event: _l("Event"),
    ProgressKind.case: _l("Application case"),
    ProgressKind.project: _l("Joint project"),
    ProgressKind.node: _l("Node"),
    ProjectStatus.planned: _l("Planned"),
    ProjectStatus.ongoing: _l("Ongoing"),
    ProjectStatus.completed: _l("Completed"),
    ProjectStatus.suspended: _l("Suspended"),
    MilestoneStatus.planned: _l("Planned"),
    MilestoneStatus.reached: _l("Reached"),
    MilestoneStatus.cancelled: _l("Cancelled"),
    OutputKind.output: _l("Output"),
    OutputKind.publication: _l("Publication"),
    OutputKind.dataset: _l("Data set"),
    OutputKind.software: _l("Software"),
}


def label(value) -> str:
    """The words for a value of one of these sets; an empty value reads as nothing.

    Members of different sets with the same value ("planned", "done") share their words.
    """
    if value is None or value == "":
        return ""
    return str(LABELS.get(str(value), value))


def choices(enum) -> list[tuple[str, str]]:
    """(value, words) pairs of an enum, for a select list."""
    return [(member.value, LABELS[member]) for member in enum]
