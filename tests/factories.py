"""Test records built through the services, as a user of the app would build them."""

import itertools

from app.auth import services as auth_services
from app.auth.actors import SYSTEM
from app.auth.models import User
from app.extensions import db
from app.nodes import services as node_services
from app.partners import services as partner_services

_n = itertools.count(1)




def user(role="secretariat", node=None, password="correct horse battery staple", email=None) -> User:
    created, _ = auth_services.create_user(SYSTEM, email=email or f"user{next(_n)}@example.org", name=f"{role} user",
                                           role=role, node_id=node.id if node else None, password=password)
    db.session.commit()
    return created


def token(user) -> str:
    _, plain = auth_services.create_token(user, "test")
    db.session.commit()
    return plain


def organization(**fields):
    data = {"name": f"Organization {next(_n)}", "country": "LAO", "kind": "government"} | fields
    record = partner_services.create_organization(SYSTEM, data)
    db.session.commit()
    return record


def person(**fields):
    data = {"name": f"Person {next(_n)}"} | fields
    record = partner_services.create_person(SYSTEM, data)
    db.session.commit()
    return record


def node(code=None, **fields):
    host = fields.pop("host", None) or organization()
    data = {"code": code or f"N{next(_n)}", "name": "A node", "country": host.country,
            "host_organization_id": host.id, "status": "active"} | fields
    record = node_services.create_node(SYSTEM, data)
    db.session.commit()
    return record


def report(kind="annual", year=2025, quarter=None, publish=False):
    """A generated report (a draft, or published)."""
    from app.reports import services as report_services

    record = report_services.generate_report(SYSTEM, kind, year, quarter)
    if publish:
        report_services.publish_report(SYSTEM, record)
    db.session.commit()
    return record

def agreement(parties=None, **fields):
    """An agreement recorded through the service; parties: organizations (first one the lead)."""
    from app.agreements import services as agreement_services

    if parties is None:
        parties = [organization(), organization()]
    data = {"kind": "mou", "reference": f"AGR-{next(_n)}", "title": "An agreement", "status": "draft",
            "parties": [{"organization_id": o.id, "role": "lead" if i == 0 else "partner"}
                        for i, o in enumerate(parties)]} | fields
    record = agreement_services.create_agreement(SYSTEM, data)
    db.session.commit()
    return record


def quarterly_report(node, period="2025Q1", status="draft", by=None, **figures):
    """A node's report for a period ("2025Q1"), walked through the workflow up to `status`."""
    from app.core.periods import Quarter
    from app.nodes.quarterly import services as quarterly

    actor = by or SYSTEM
    report, _ = quarterly.save_report(actor, node, Quarter.parse(period), figures)
    if status in ("submitted", "returned", "accepted"):
        quarterly.submit_report(actor, report)
    if status == "returned":
        quarterly.return_report(SYSTEM, report, "Please complete the figures.")
    if status == "accepted":
        quarterly.accept_report(SYSTEM, report)
    db.session.commit()
    return report


def contribution(org=None, **fields):
    """A contribution (financial, 1,000 USD in 2025 unless told)."""
    from app.nodes.contributions import services as contributions

    org = org or organization()
    data = {"organization_id": org.id, "year": 2025, "kind": "financial", "amount": "1000",
            "currency": "USD"} | fields
    record = contributions.create_contribution(SYSTEM, data)
    db.session.commit()
    return record


PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def agreement_document(agreement, content=b"%PDF-1.4\n% test document\n%%EOF\n", filename="signed.pdf"):
    """A PDF uploaded to an agreement through the documents service."""
    import io

    from app.agreements.documents import upload_document

    document = upload_document(SYSTEM, agreement, io.BytesIO(content), filename)
    db.session.commit()
    return document


# --- capacity building and application cases -----------------------------------------------

def trainee(actor=None, **fields):
    from datetime import date

    from app.capacity import services as capacity_services

    host = fields.pop("host", None) or organization(country="CHN")
    data = {"name": f"Trainee {next(_n)}", "home_country": "LAO", "host_organization_id": host.id,
            "start_on": date(2019, 3, 1)} | fields
    record = capacity_services.create_trainee(actor or SYSTEM, data)
    db.session.commit()
    return record


def event(actor=None, **fields):
    from datetime import date

    from app.capacity import services as capacity_services

    data = {"kind": "workshop", "title": f"Workshop {next(_n)}", "start_on": date(2019, 9, 10)} | fields
    record = capacity_services.create_event(actor or SYSTEM, data)
    db.session.commit()
    return record


def case(actor=None, **fields):
    from app.cases import services as case_services

    data = {"title": f"Case {next(_n)}", "countries": ["LAO"]} | fields
    record = case_services.create_case(actor or SYSTEM, data)
    db.session.commit()
    return record


def exchange_rate(year, currency, rate):
    from app.nodes.contributions import services as contributions

    record = contributions.set_exchange_rate(SYSTEM, year, currency, rate)
    db.session.commit()
    return record


def data_request(node, actor=None, **fields):
    """A submitted data request of a node (GF-2 over Laos, for disaster response)."""
    from datetime import date

    from app.datarequests import services as request_services

    data = {"node_id": node.id, "title": f"Data request {next(_n)}", "countries": ["LAO"],
            "acquired_from": date(2025, 8, 1), "acquired_to": date(2025, 9, 30), "satellites": ["GF-2"],
            "product_levels": ["L1"], "purpose": "disaster_response"} | fields
    record = request_services.create_request(actor or SYSTEM, data)
    db.session.commit()
    return record
