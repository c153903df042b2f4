"""organizations, people and nodes through the API."""

from marshmallow import Schema, fields, validate

from app.api.http import RecordId, column_field
from app.nodes import services as node_services
from app.nodes.models import Node, NodeStatus
from app.nodes.queries import node_by_code_or_id, nodes_query
from app.partners import services as partner_services
from app.partners.models import Organization, OrganizationKind, OrganizationStatus, Person, PersonRole
from app.partners.queries import organizations_query, people_query


def _choice(enum_cls):
    return validate.OneOf([e.value for e in enum_cls])


class RecordSchema(Schema):
    id = fields.Integer(dump_only=True)
    version = fields.Integer(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)
    archived_at = fields.DateTime(dump_only=True)


class OrganizationSchema(RecordSchema):
    name = column_field(Organization.name)
    acronym = column_field(Organization.acronym)
    country = column_field(Organization.country, validate=[validate.Length(equal=3)])
    kind = fields.Enum(OrganizationKind, by_value=True, required=True)
    website = column_field(Organization.website, fields.Url)
    geo_member = fields.Boolean(load_default=False)
    status = fields.Enum(OrganizationStatus, by_value=True, load_default=OrganizationStatus.active)
    joined_on = fields.Date(allow_none=True)
    notes = column_field(Organization.notes)


class PersonSchema(RecordSchema):
    name = column_field(Person.name)
    email = column_field(Person.email, fields.Email)
    organization_id = RecordId(allow_none=True)
    title = column_field(Person.title)
    roles = fields.List(fields.String(validate=_choice(PersonRole)), load_default=list)


class NodeSchema(RecordSchema):
    code = column_field(Node.code)
    name = column_field(Node.name)
    country = column_field(Node.country, validate=[validate.Length(equal=3)])
    host_organization_id = RecordId(required=True)
    coordinator_id = RecordId(allow_none=True)
    status = fields.Enum(NodeStatus, by_value=True, load_default=NodeStatus.planned)
    established_on = fields.Date(allow_none=True)
    is_lead = fields.Boolean(load_default=False)
    infrastructure = column_field(Node.infrastructure)
    region = fields.String(dump_only=True)


def _archived(args) -> bool:
    return args.get("archived") in {"1", "true"}


def register_all(bp, register, Resource, get_by_id):
    from app.api.resources import choice, flag, number, text

    register(bp, Resource(
        name="organizations", kind="organization", schema=OrganizationSchema(), tag="Registry",
        query=lambda a: organizations_query(a.get("q"), a.get("country"), a.get("kind"), a.get("status"), _archived(a)),
        get=get_by_id(Organization), create=partner_services.create_organization,
        update=partner_services.update_organization, remove=partner_services.archive_organization,
        filters={"q": text("name or acronym contains"), "country": text("ISO alpha-3"),
                 "kind": choice(OrganizationKind), "status": choice(OrganizationStatus), "archived": flag()}))
    register(bp, Resource(
        name="people", kind="person", schema=PersonSchema(), tag="Registry",
        query=lambda a: people_query(a.get("q"), a.get("organization_id", type=int), a.get("role"), _archived(a)),
        get=get_by_id(Person), create=partner_services.create_person,
        update=partner_services.update_person, remove=partner_services.archive_person,
        filters={"q": text("name, e-mail or title contains"), "organization_id": number("organization"),
                 "role": choice(PersonRole, "CSDR role"), "archived": flag()}))
    register(bp, Resource(
        name="nodes", kind="node", schema=NodeSchema(), tag="Registry",
        query=lambda a: nodes_query(a.get("q"), a.get("country"), a.get("status"), a.get("region"), _archived(a)),
        get=node_by_code_or_id, create=node_services.create_node,
        update=node_services.update_node, remove=node_services.archive_node,
        filters={"q": text("code or name contains"), "country": text("ISO alpha-3"), "status": choice(NodeStatus),
                 "region": text("continent"), "archived": flag()}))
