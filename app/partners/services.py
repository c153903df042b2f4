"""Writes to organizations and people: the rules hold for pages, API and CLI alike."""

from app.auth import policy
from app.core.countries import is_country
from app.core.errors import collect, collect_duplicate, raise_if
from app.core.records import add_record, archive, change_record, check_version, exists_other
from app.extensions import db
from app.partners.models import Organization, Person, PersonRole

ORGANIZATION_FIELDS = ("name", "acronym", "country", "kind", "website", "geo_member", "status",
                       "joined_on", "notes")
PERSON_FIELDS = ("name", "email", "organization_id", "title", "roles")


def _check_organization(data: dict, record: Organization | None) -> None:
    errors: dict[str, list[str]] = {}
    if "country" in data and not is_country(data["country"]):
        collect(errors, "country", f"Unknown country code {data['country']!r}; use ISO 3166 alpha-3 (e.g. LAO).")
    if "name" in data and exists_other(Organization, Organization.name, data["name"],
                                       record.id if record else None, case_insensitive=True):
        collect_duplicate(errors, "name", "An organization with this name already exists.")
    raise_if(errors)


def _normalise(data: dict) -> dict:
    data = dict(data)
    if data.get("country"):
        data["country"] = data["country"].strip().upper()
    for key in ("acronym", "website", "notes", "email", "title"):
        if key in data and isinstance(data[key], str):
            data[key] = data[key].strip() or None
    return data


def create_organization(user, data: dict) -> Organization:
    """Add a partner organization."""
    policy.require_create(user, "organization")
    data = _normalise(data)
    _check_organization(data, None)
    return add_record(Organization(), data, ORGANIZATION_FIELDS)


def update_organization(user, organization: Organization, data: dict, version) -> Organization:
    """Change an organization, refusing a stale version."""
    policy.require_edit(user, organization)
    check_version(organization, version)
    data = _normalise(data)
    _check_organization(data, organization)
    return change_record(organization, data, ORGANIZATION_FIELDS)


def archive_organization(user, organization: Organization) -> None:
    """Archive instead of delete: nodes, people and agreements refer to organizations."""
    policy.require(policy.may_archive(user, organization))
    archive(organization)


def _check_person(data: dict) -> None:
    errors: dict[str, list[str]] = {}
    roles = data.get("roles") or []
    unknown = [r for r in roles if r not in PersonRole.__members__]
    if unknown:
        collect(errors, "roles", f"Unknown role(s): {', '.join(map(str, unknown))}.")
    if data.get("organization_id") is not None and db.session.get(Organization, data["organization_id"]) is None:
        collect(errors, "organization_id", f"No organization with id {data['organization_id']}.")
    raise_if(errors)


def create_person(user, data: dict) -> Person:
    """Add a person (a contact, contributor, board member…)."""
    policy.require_create(user, "person")
    data = _normalise(data)
    _check_person(data)
    return add_record(Person(roles=[]), data, PERSON_FIELDS)


def update_person(user, person: Person, data: dict, version) -> Person:
    """Change a person, refusing a stale version."""
    policy.require_edit(user, person)
    check_version(person, version)
    data = _normalise(data)
    _check_person(data)
    return change_record(person, data, PERSON_FIELDS)


def archive_person(user, person: Person) -> None:
    """Archive a person; nodes and agreements may still name them."""
    policy.require(policy.may_archive(user, person))
    archive(person)
