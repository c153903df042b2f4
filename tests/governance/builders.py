"""Governance records built through the services, as the secretariat would build them."""

import io
import itertools
from datetime import date

from app.extensions import db
from app.governance import plans, services
from tests import factories
from tests.factories import PDF_BYTES, SYSTEM

_n = itertools.count(1)


def _commit(record):
    db.session.commit()
    return record


def body(code=None, **fields):
    data = {"code": code or f"W{next(_n)}", "name": f"Body {next(_n)}", "kind": "board"} | fields
    return _commit(services.create_body(SYSTEM, data))


def member(of, person="new", **fields):
    """A membership of a new person, of the person given, or of no person (person=None)."""
    person = factories.person() if person == "new" else person
    data = {"person_id": getattr(person, "id", None), "role": "member", "term_from": date(2020, 1, 1)} | fields
    return _commit(services.add_member(SYSTEM, of, data))


def meeting(of=None, **fields):
    of = of or body()
    data = {"body_id": of.id, "title": f"Meeting {next(_n)}", "held_on": date(2026, 3, 12),
            "is_online": True} | fields
    return _commit(services.create_meeting(SYSTEM, data))


def decision(of=None, **fields):
    data = {"title": f"Decision {next(_n)}", "decided_on": date(2026, 3, 12)} | fields
    if "meeting_id" not in data and "body_id" not in data:
        data["body_id"] = (of or body()).id
    return _commit(services.record_decision(SYSTEM, data))


def action_item(owner=None, **fields):
    owner = owner or factories.person()
    data = {"title": f"Action {next(_n)}", "owner_id": owner.id, "due_on": date(2026, 6, 30)} | fields
    if "meeting_id" not in data and "decision_id" not in data:
        data["meeting_id"] = meeting().id
    return _commit(services.create_action_item(SYSTEM, data))


def goal(**fields):
    return _commit(plans.create_goal(SYSTEM, {"title": f"Goal {next(_n)}", "from_year": 2020, "to_year": 2030}
                                     | fields))


def plan(year=2026, **fields):
    return _commit(plans.create_plan(SYSTEM, {"year": year, "title": f"Action plan {year}"} | fields))


def activity(of=None, **fields):
    return _commit(plans.add_activity(SYSTEM, of or plan(), {"title": f"Activity {next(_n)}"} | fields))


def project(**fields):
    lead = fields.pop("lead", None) or factories.organization(country="CHN")
    data = {"title": f"Project {next(_n)}", "lead_organization_id": lead.id, "start_on": date(2025, 1, 1),
            "status": "ongoing"} | fields
    return _commit(plans.create_project(SYSTEM, data))


def milestone(of, **fields):
    return _commit(plans.add_milestone(SYSTEM, of, {"title": f"Milestone {next(_n)}",
                                                    "due_on": date(2026, 6, 30)} | fields))


def output(of, **fields):
    return _commit(plans.add_output(SYSTEM, of, {"title": f"Output {next(_n)}"} | fields))


def campaign(**fields):
    data = {"title": f"Campaign {next(_n)}", "start_on": date(2026, 8, 1), "satellites": ["GF-1"]} | fields
    return _commit(plans.create_campaign(SYSTEM, data))


def document(record, content=PDF_BYTES, filename="minutes.pdf", title=None):
    return _commit(services.upload_document(SYSTEM, record, io.BytesIO(content), filename, title))


def world(other_person_email="someone.else@example.org") -> dict:
    """One of everything, owned by nobody a test user is, for URLs of the access matrix."""
    b = body(code="MX")
    m = member(b)
    mt = meeting(b)
    d = decision(meeting_id=mt.id)
    owner = factories.person(email=other_person_email)
    item = action_item(owner=owner, meeting_id=mt.id)
    g = goal()
    p = plan()
    a = activity(p)
    pr = project()
    ms = milestone(pr)
    out = output(pr)
    c = campaign()
    doc = document(mt)
    return {"body_id": b.id, "member_id": m.id, "meeting_id": mt.id, "decision_id": d.id, "item_id": item.id,
            "goal_id": g.id, "plan_id": p.id, "activity_id": a.id, "project_id": pr.id, "milestone_id": ms.id,
            "output_id": out.id, "campaign_id": c.id, "gdoc_id": doc.id, "owner_id": owner.id,
            "key": {"bodies": b.id, "meetings": mt.id, "decisions": d.id, "action-items": item.id, "plans": p.id,
                    "projects": pr.id, "calibration-campaigns": c.id}}
