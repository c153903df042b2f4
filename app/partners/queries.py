"""Reads the partner pages and the API need."""

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app.partners.models import Organization, Person


def organizations_query(q=None, country=None, kind=None, status=None, include_archived=False):
    query = select(Organization)
    if q:
        like = f"%{q.strip()}%"
        query = query.where(or_(Organization.name.ilike(like), Organization.acronym.ilike(like)))
    if country:
        query = query.where(Organization.country == country.upper())
    if kind:
        query = query.where(Organization.kind == kind)
    if status:
        query = query.where(Organization.status == status)
    if not include_archived:
        query = query.where(Organization.archived_at.is_(None))
    return query.order_by(Organization.name, Organization.id)


def people_query(q=None, organization_id=None, role=None, include_archived=False):
    query = select(Person).options(selectinload(Person.organization))
    if q:
        like = f"%{q.strip()}%"
        query = query.where(or_(Person.name.ilike(like), Person.email.ilike(like), Person.title.ilike(like)))
    if organization_id:
        query = query.where(Person.organization_id == organization_id)
    if not include_archived:
        query = query.where(Person.archived_at.is_(None))
    query = query.order_by(Person.name, Person.id)
    if role:
        # roles is a JSON list; a LIKE on its text is portable across SQLite and PostgreSQL.
        from sqlalchemy import String, cast

        query = query.where(cast(Person.roles, String).like(f'%"{role}"%'))
    return query


def organization_choices(include_empty=True):
    from app.extensions import db

    rows = db.session.execute(
        select(Organization.id, Organization.name, Organization.acronym)
        .where(Organization.archived_at.is_(None)).order_by(Organization.name)
    ).all()
    choices = [(r.id, f"{r.name} ({r.acronym})" if r.acronym else r.name) for r in rows]
    return ([(None, "—")] if include_empty else []) + choices
