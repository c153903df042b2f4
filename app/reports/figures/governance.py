"""Governance in the annual report: meetings, decisions, action items, the work plan, projects, campaigns.

The figures come from app.governance.queries.governance_figures; this module only lays them out.
A seasonal report has no governance section.
"""

from datetime import date

from flask_babel import force_locale

from app.governance.models import ActionStatus
from app.governance.models import label as _label
from app.governance.queries import governance_figures
from app.reports.figures.context import Context
from app.reports.snapshot import figure, said, section, table


def label(value) -> str:
    """The English words for a status (the report is built outside any request)."""
    with force_locale("en"):
        return _label(value)


def governance(ctx: Context) -> dict | None:
    """The year's meetings, decisions, action items, plan activities, joint projects and campaigns."""
    if ctx.period.kind != "annual":
        return None
    year = ctx.period.year
    now = governance_figures(year, today=min(ctx.as_of, date(year, 12, 31)))
    before = governance_figures(year - 1)
    actions = now["actions"]
    plan = now["plan"]
    return section(
        "governance", "Governance",
        summary=f"{len(now['meetings'])} meetings of the network's bodies and {len(now['decisions'])} decisions; "
                f"{actions['done']} of {actions['due']} action items due in the year done "
                f"({actions['done_on_time']} on time), {actions['overdue']} overdue; "
                f"{now['projects_running']} joint projects running and {len(now['campaigns'])} calibration campaigns.",
        said=[said("%(meetings)s and %(decisions)s; %(done)s of %(due)s (%(on_time)s on time), %(overdue)s overdue; "
                   "%(projects)s and %(campaigns)s.",
                   meetings=said("%(count)s meeting of the network's bodies",
                                 "%(count)s meetings of the network's bodies", len(now["meetings"])),
                   decisions=said("%(count)s decision", "%(count)s decisions", len(now["decisions"])),
                   done=actions["done"],
                   due=said("%(count)s action item due in the year done", "%(count)s action items due in the year done",
                            actions["due"]),
                   on_time=actions["done_on_time"], overdue=actions["overdue"],
                   projects=said("%(count)s joint project running", "%(count)s joint projects running",
                                 now["projects_running"]),
                   campaigns=said("%(count)s calibration campaign", "%(count)s calibration campaigns",
                                  len(now["campaigns"])))],
        headline=[
            figure("governance_meetings", "Governance meetings", len(now["meetings"]), len(before["meetings"]),
                   public=False),
            figure("governance_decisions", "Decisions taken", len(now["decisions"]), len(before["decisions"]),
                   public=False),
            figure("governance_actions_overdue", "Action items overdue", actions["overdue"],
                   before["actions"]["overdue"], public=False),
        ],
        tables=[
            table("governance_meetings", "Meetings", ["Body", "Meeting", "Date", "Attendees", "Quorum"],
                  [[m["body"], m["title"], m["held_on"], m["attendees"], "reached" if m["quorum"] else "not reached"]
                   for m in now["meetings"]],
                  note="Quorum: more than half of the body's voting members attended."),
            table("governance_decisions", "Decisions", ["Number", "Decision", "Status"],
                  [[d["reference"], d["title"], label(d["status"])] for d in now["decisions"]]),
            table("governance_actions", "Action items due in the year", ["Status", "Action items"],
                  [[label(ActionStatus.done), actions["done"]], [label(ActionStatus.open), actions["open"]],
                   ["of which overdue", actions["overdue"]], [label(ActionStatus.cancelled), actions["cancelled"]]]),
            table("governance_plan", plan["title"] if plan else f"Action plan {year}", ["Activity", "Status"],
                  [[a["title"], label(a["status"])] for a in (plan["activities"] if plan else [])],
                  note="" if plan else "No action plan recorded for the year."),
            table("governance_projects", "Joint projects", ["Project", "Status", "Organizations"],
                  [[p["title"], label(p["status"]), p["partners"]] for p in now["projects"]],
                  note=f"Milestones due in the year: {now['milestones']['reached']} of "
                       f"{now['milestones']['due']} reached."),
            table("governance_campaigns", "Calibration campaigns", ["Campaign", "From", "To", "Partners", "Sites"],
                  [[c["title"], c["start_on"], c["end_on"], c["partners"], c["sites"]] for c in now["campaigns"]]),
        ],
    )
