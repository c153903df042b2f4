"""The network of the implementation plan: LASAC and the 15 SatCloud partner countries."""

import secrets
from datetime import date

from app.auth.actors import SYSTEM
from app.auth.services import create_user
from app.demo.agreements import load_agreements
from app.extensions import db
from app.nodes.models import Node, NodeStatus
from app.partners.models import Organization, OrganizationKind, OrganizationStatus, Person

# (node code, country, host organization, acronym, kind); hosts the plan names are used as
# written, the others are placeholders a secretariat would correct.
NODES = [
    ("AUT", "AUT", "University of Vienna", "UNIVIE", OrganizationKind.research),
    ("NOR", "NOR", "Norwegian partner institution", None, OrganizationKind.research),
    ("GBR", "GBR", "University of Nottingham", "UoN", OrganizationKind.research),
    ("KEN", "KEN", "Kenyan partner institution", None, OrganizationKind.government),
    ("UGA", "UGA", "Ugandan partner institution", None, OrganizationKind.government),
    ("GHA", "GHA", "University of Energy and Natural Resources, Sunyani", "UENR", OrganizationKind.research),
    ("VEN", "VEN", "Agencia Bolivariana para Actividades Espaciales", "ABAE", OrganizationKind.government),
    ("JOR", "JOR", "Jordanian partner institution", None, OrganizationKind.government),
    ("LAO", "LAO", "Lao partner institution", None, OrganizationKind.government),
    ("MNG", "MNG", "Mongolian partner institution", None, OrganizationKind.government),
    ("LKA", "LKA", "Sri Lankan partner institution", None, OrganizationKind.government),
    ("BGD", "BGD", "Bangladeshi partner institution", None, OrganizationKind.government),
    ("THA", "THA", "Geo-Informatics and Space Technology Development Agency", "GISTDA", OrganizationKind.government),
    ("NPL", "NPL", "Survey Department", None, OrganizationKind.government),
    ("KHM", "KHM", "Cambodian partner institution", None, OrganizationKind.government),
]

OTHER_ORGANIZATIONS = [
    ("Commonwealth Scientific and Industrial Research Organisation", "CSIRO", "AUS", OrganizationKind.research),
    ("German Aerospace Center", "DLR", "DEU", OrganizationKind.research),
]

# (name, organization acronym or name, title, roles)
PEOPLE = [
    ("TANG Xinming", "LASAC", "Dr.", ["lead"]),
    ("Wolfgang Kainz", "UNIVIE", "Dr.", ["contributor"]),
    ("Peter Caccetta", "CSIRO", "Dr.", ["contributor"]),
    ("Paul Cleary", "CSIRO", "Dr.", ["contributor"]),
    ("Peter Reinartz", "DLR", "Dr.", ["contributor"]),
    ("MENG Xiaolin", "UoN", "Dr.", ["contributor"]),
    ("Amos T. Kabo-bah", "UENR", "Dr.", ["contributor"]),
    ("Mariano Imbert", "ABAE", "Dr.", ["contributor"]),
    ("Susheel Dangol", "Survey Department", "Mr.", ["contributor", "coordinator"]),
    ("Ye Fanghong", "LASAC", "Ms.", ["contact"]),
]

# When each node joined: the plan's first partners in 2018–2019, the others over the five years after.
ESTABLISHED = {"AUT": date(2018, 5, 2), "LAO": date(2018, 3, 1), "GHA": date(2018, 9, 1), "THA": date(2018, 6, 1),
               "NPL": date(2019, 2, 1), "GBR": date(2019, 9, 1), "NOR": date(2020, 6, 1), "VEN": date(2020, 11, 10),
               "MNG": date(2021, 7, 1), "LKA": date(2022, 4, 1), "UGA": date(2022, 10, 5), "KEN": date(2023, 1, 1),
               "BGD": date(2023, 3, 1), "JOR": date(2024, 10, 1), "KHM": date(2025, 7, 1)}

COORDINATOR_OF = {"Susheel Dangol": "NPL", "Amos T. Kabo-bah": "GHA", "Mariano Imbert": "VEN",
                  "Wolfgang Kainz": "AUT", "MENG Xiaolin": "GBR"}


def load_network() -> list[tuple[str, str, str]]:
    """Create organizations, people, nodes and demo users; return (role, email, password)."""
    lasac = Organization(name="Land Satellite Remote Sensing Application Center, MNR", acronym="LASAC",
                         country="CHN", kind=OrganizationKind.government, geo_member=True,
                         status=OrganizationStatus.active, website="http://www.lasac.cn",
                         joined_on=date(2019, 1, 1))
    by_key = {"LASAC": lasac}
    db.session.add(lasac)
    for name, acronym, country, kind in OTHER_ORGANIZATIONS:
        org = Organization(name=name, acronym=acronym, country=country, kind=kind, geo_member=True,
                           status=OrganizationStatus.active)
        db.session.add(org)
        by_key[acronym] = org
    hosts = {}
    for code, country, name, acronym, kind in NODES:
        org = Organization(name=name, acronym=acronym, country=country, kind=kind,
                           status=OrganizationStatus.active, joined_on=date(2019, 1, 1))
        db.session.add(org)
        hosts[code] = org
        by_key[acronym or name] = org
    people = {}
    for name, org_key, title, roles in PEOPLE:
        person = Person(name=name, organization=by_key[org_key], title=title, roles=roles)
        db.session.add(person)
        people[name] = person
    db.session.flush()
    coordinators = {code: people[name] for name, code in COORDINATOR_OF.items()}
    nodes = {"CHN": Node(code="CHN", name="LASAC SatCloud lead centre (Beijing)", country="CHN",
                         host_organization=lasac, coordinator=people["Ye Fanghong"], is_lead=True,
                         status=NodeStatus.active, established_on=date(2016, 1, 1),
                         infrastructure="SatCloud platform; data instant push; ZY-3, GF series archive")}
    for code, country, _name, _acronym, _kind in NODES:
        nodes[code] = Node(code=code, name=f"SatCloud node {code}", country=country, host_organization=hosts[code],
                           coordinator=coordinators.get(code), status=NodeStatus.active,
                           established_on=ESTABLISHED[code], infrastructure="Computers and data storage")
    db.session.add_all(nodes.values())
    db.session.flush()
    load_agreements(lasac, hosts, people)
    from app.demo.capacity import load_capacity
    load_capacity()
    from app.demo.cases import load_cases
    load_cases()
    from app.demo.history import load_history
    load_history()
    from app.demo.datarequests import load_data_requests
    load_data_requests()

    logins = []
    for role, email, name, node in (
        ("admin", "admin@csdr.example", "Demo Admin", None),
        ("secretariat", "secretariat@csdr.example", "Demo Secretariat", None),
        ("coordinator", "coordinator.lao@csdr.example", "Demo Coordinator (LAO)", nodes["LAO"]),
        ("board", "board@csdr.example", "Demo Board Member", None),
    ):
        password = secrets.token_urlsafe(9)
        create_user(SYSTEM, email=email, name=name, role=role, node_id=node.id if node else None, password=password)
        logins.append((role, email, password))
    from app.demo.reporting import load_reporting
    load_reporting(nodes)
    return logins
