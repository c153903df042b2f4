"""Test records built through the services, as a user of the app would build them."""

import itertools

from app.auth import services as auth_services
from app.auth.models import Role, User
from app.extensions import db
from app.nodes import services as node_services
from app.partners import services as partner_services

_n = itertools.count(1)


class _System:
    """The acting user for setup: the secretariat."""

    is_authenticated = True
    is_active = True
    role = Role.secretariat
    node_id = None
    id = None


SYSTEM = _System()


def user(role="secretariat", node=None, password="correct horse battery staple", email=None) -> User:
    created, _ = auth_services.create_user(None, email=email or f"user{next(_n)}@example.org", name=f"{role} user",
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


def quarterly_report(node, period="2025Q1", status="draft", by=None, **figures):
    """A node's report for a period ("2025Q1"), walked through the workflow up to `status`."""
    from app.nodes import quarterly
    from app.nodes.quarters import Quarter

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
    from app.nodes import contributions

    org = org or organization()
    data = {"organization_id": org.id, "year": 2025, "kind": "financial", "amount": "1000",
            "currency": "USD"} | fields
    record = contributions.create_contribution(SYSTEM, data)
    db.session.commit()
    return record


def exchange_rate(year, currency, rate):
    from app.nodes import contributions

    record = contributions.set_exchange_rate(SYSTEM, year, currency, rate)
    db.session.commit()
    return record
