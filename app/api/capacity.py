"""trainees and events through the API."""

from marshmallow import fields, validate

from app.api.http import RecordId, column_field
from app.api.registry import RecordSchema
from app.capacity import services
from app.capacity.models import Event, EventKind, Gender, Trainee, TraineeKind
from app.capacity.queries import events_query, trainees_query

INT_MAX = 2**31 - 1  # an INTEGER column
NODE_NOTE = "node_id: staff choose it; a coordinator's records always belong to their own node"


class NodeOwnedSchema(RecordSchema):
    node_id = RecordId(allow_none=True, metadata={"description": NODE_NOTE})
    node = fields.Function(lambda r: r.node.code if r.node else None, dump_only=True)


class TraineeSchema(NodeOwnedSchema):
    name = column_field(Trainee.name)
    gender = fields.Enum(Gender, by_value=True, load_default=Gender.undisclosed)
    home_country = fields.String(required=True, validate=validate.Length(equal=3))
    home_organization_id = RecordId(allow_none=True)
    host_organization_id = RecordId(required=True)
    kind = fields.Enum(TraineeKind, by_value=True, load_default=TraineeKind.training)
    topic = column_field(Trainee.topic)
    start_on = fields.Date(required=True)
    end_on = fields.Date(allow_none=True)
    outcome = column_field(Trainee.outcome)


class EventSchema(NodeOwnedSchema):
    kind = fields.Enum(EventKind, by_value=True, required=True)
    title = column_field(Event.title)
    start_on = fields.Date(required=True)
    end_on = fields.Date(allow_none=True)
    country = fields.String(allow_none=True, validate=validate.Length(equal=3))
    city = column_field(Event.city)
    organizer_ids = fields.List(RecordId(), load_default=list)
    participants_total = fields.Integer(allow_none=True, validate=validate.Range(min=0, max=INT_MAX))
    participants_female = fields.Integer(allow_none=True, validate=validate.Range(min=0, max=INT_MAX))
    participants_by_country = fields.Dict(keys=fields.String(validate=validate.Length(equal=3)),
                                          values=fields.Integer(validate=validate.Range(min=0, max=INT_MAX)),
                                          load_default=dict)
    outcomes = column_field(Event.outcomes)


COMMON_FILTERS = {"q": "text contains", "country": "ISO alpha-3", "year": "period touches the year (YYYY)",
                  "organization_id": "organization involved", "node": "owning node (code or id)",
                  "archived": "1 to include archived"}


def register_all(bp, register, Resource, get_by_id):
    register(bp, Resource(
        name="trainees", kind="trainee", schema=TraineeSchema(), tag="Capacity building", query=trainees_query,
        get=get_by_id(Trainee), create=services.create_trainee, update=services.update_trainee,
        remove=services.archive_trainee,
        filters=COMMON_FILTERS | {"country": "home country (ISO alpha-3)", "kind": "kind of exchange",
                                  "gender": "gender", "organization_id": "home or host organization"}))
    register(bp, Resource(
        name="events", kind="event", schema=EventSchema(), tag="Capacity building", query=events_query,
        get=get_by_id(Event), create=services.create_event, update=services.update_event,
        remove=services.archive_event,
        filters=COMMON_FILTERS | {"country": "host country (ISO alpha-3)", "kind": "kind of event",
                                  "organization_id": "organizer"}))
