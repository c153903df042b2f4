"""Models of the governance domain."""

from app.governance.models.bodies import (
    ActionItem,
    Body,
    Decision,
    GovernanceDocument,
    Meeting,
    Membership,
    Quorum,
)
from app.governance.models.labels import (
    ActionStatus,
    ActivityStatus,
    BodyKind,
    DecisionStatus,
    GoalStatus,
    MemberRole,
    MilestoneStatus,
    OutputKind,
    ProgressKind,
    ProjectStatus,
    label,
)
from app.governance.models.work import (
    ActionPlan,
    Activity,
    CalibrationCampaign,
    Goal,
    JointProject,
    Milestone,
    ProgressLink,
    ProjectOutput,
)

__all__ = ["ActionItem", "ActionPlan", "ActionStatus", "Activity", "ActivityStatus", "Body", "BodyKind",
           "CalibrationCampaign", "Decision", "DecisionStatus", "Goal", "GoalStatus", "GovernanceDocument",
           "JointProject", "Meeting", "MemberRole", "Membership", "Milestone", "MilestoneStatus", "OutputKind",
           "ProgressKind", "ProgressLink", "ProjectOutput", "ProjectStatus", "Quorum", "label"]
