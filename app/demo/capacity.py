"""Demo trainees and events from the implementation plan (section 3, "Background").

"In 2018 and 2019, 8 technical staff from Laos and 2 from Ghana have completed their training
and joint work in China", and "On September 2019 the Southeast Asian Satellite Application
Workshop was held in China by LASAC and GISTDA ... representatives from 10 countries".
The plan gives neither names nor per-country numbers: trainees are numbered placeholders and
the workshop's dates, participants and countries are illustrative, for the secretariat to correct.
"""

from datetime import date

from sqlalchemy import select

from app.auth.actors import SYSTEM
from app.capacity.services import create_event, create_trainee
from app.extensions import db
from app.nodes.models import Node
from app.partners.models import Organization

ACTOR = SYSTEM  # the demo loader acts through the same services as a person would

# (home node, how many, first start, months of training)
TRAINEE_GROUPS = [("LAO", 4, date(2018, 3, 5), 4), ("LAO", 4, date(2019, 3, 4), 4),
                  ("GHA", 1, date(2018, 9, 3), 3), ("GHA", 1, date(2019, 9, 2), 3)]

WORKSHOP_PARTICIPANTS = {"CHN": 12, "THA": 6, "LAO": 4, "KHM": 3, "MMR": 3, "VNM": 3, "MYS": 2, "IDN": 2,
                         "PHL": 2, "BRN": 1}


def organization(key: str) -> Organization:
    return db.session.scalar(select(Organization).where((Organization.acronym == key) | (Organization.name == key)))


def node(code: str) -> Node:
    return db.session.scalar(select(Node).where(Node.code == code))


def _months_later(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def load_capacity() -> None:
    """The ten trainees of 2018–2019 and the September 2019 workshop."""
    lasac = organization("LASAC")
    number = {"LAO": 0, "GHA": 0}
    for code, count, start, months in TRAINEE_GROUPS:
        home = node(code)
        for _ in range(count):
            number[code] += 1
            create_trainee(ACTOR, {
                "name": f"{home.country_name} trainee {number[code]}", "home_country": home.country,
                "home_organization_id": home.host_organization_id, "host_organization_id": lasac.id,
                "kind": "training", "topic": "Satellite data processing and applications (training and joint work)",
                "start_on": start, "end_on": _months_later(start, months), "node_id": home.id,
                "outcome": "Completed training and joint work at LASAC, China."})
    create_event(ACTOR, {
        "kind": "workshop", "title": "Southeast Asian Satellite Application Workshop",
        "start_on": date(2019, 9, 16), "end_on": date(2019, 9, 18), "country": "CHN", "city": "Beijing",
        "organizer_ids": [lasac.id, organization("GISTDA").id],
        "participants_total": sum(WORKSHOP_PARTICIPANTS.values()), "participants_by_country": WORKSHOP_PARTICIPANTS,
        "outcomes": "Held under the framework of GEO and the guidance of the GEO China Secretariat; "
                    "representatives from 10 countries.", "node_id": node("CHN").id})
