"""Reads of nodes the pages and the API need."""

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app.core.countries import continent
from app.extensions import db
from app.nodes.models import Node


def nodes_query(q=None, country=None, status=None, region=None, include_archived=False):
    query = select(Node).options(selectinload(Node.host_organization), selectinload(Node.coordinator))
    if q:
        like = f"%{q.strip()}%"
        query = query.where(or_(Node.code.ilike(like), Node.name.ilike(like)))
    if country:
        query = query.where(Node.country == country.upper())
    if status:
        query = query.where(Node.status == status)
    if not include_archived:
        query = query.where(Node.archived_at.is_(None))
    query = query.order_by(Node.is_lead.desc(), Node.code)
    if region:
        countries = {c for (c,) in db.session.execute(select(Node.country).distinct()) if continent(c) == region}
        query = query.where(Node.country.in_(countries))
    return query


def node_by_code_or_id(key):
    """A node by its code or its numeric id (the API accepts both)."""
    key = str(key)
    if key.isascii() and key.isdigit():
        return db.session.get(Node, int(key)) if len(key) < 19 else None  # beyond 64 bits: no such node
    return db.session.scalar(select(Node).where(Node.code == key.upper()))
