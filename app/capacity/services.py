"""Writes to trainee exchanges and events: the rules hold for pages, API and CLI alike."""

from sqlalchemy import select

from app.auth import policy
from app.capacity.models import Event, Trainee
from app.core.countries import is_country
from app.core.errors import collect, raise_if
from app.core.records import add_record, archive, assign, change_record, check_version
from app.extensions import db
from app.nodes.models import Node
from app.partners.models import Organization

TRAINEE_FIELDS = ("name", "gender", "home_country", "home_organization_id", "host_organization_id", "kind",
                  "topic", "start_on", "end_on", "outcome", "node_id")
EVENT_FIELDS = ("kind", "title", "start_on", "end_on", "country", "city", "participants_total",
                "participants_female", "participants_by_country", "outcomes", "node_id")


def owning_node(user, data: dict, record=None, errors: dict | None = None) -> dict:
    """The data with node_id as the policy allows: a coordinator's own node, or staff's choice.

    A coordinator's node_id is never trusted: on creation it becomes their node, on update it
    is dropped. A node that does not exist is a validation error.
    """
    data = dict(data)
    if record is None:
        data["node_id"] = policy.node_for_new_record(user, data.get("node_id"))
    elif "node_id" in data and not policy.may_move_to_node(user):
        del data["node_id"]
    node_id = data.get("node_id")
    if node_id is not None and db.session.get(Node, node_id) is None:
        if errors is None:
            raise_if({"node_id": [f"No node with id {node_id}."]})
        collect(errors, "node_id", f"No node with id {node_id}.")  # raised with the record's other errors
    return data


def _text(data: dict, *names) -> dict:
    for name in names:
        if isinstance(data.get(name), str):
            data[name] = data[name].strip() or None
    return data


def _country(data: dict, name: str, errors: dict) -> None:
    if isinstance(data.get(name), str):
        data[name] = data[name].strip().upper() or None
    if data.get(name) is not None and not is_country(data[name]):
        collect(errors, name, f"Unknown country code {data[name]!r}; use ISO 3166 alpha-3 (e.g. LAO).")


def _merged(record, data: dict, fields) -> dict:
    """The values the record will hold once data is applied (for checks across fields)."""
    return {name: data[name] if name in data else getattr(record, name, None) for name in fields}


def _check_period(values: dict, errors: dict) -> None:
    if values.get("start_on") and values.get("end_on") and values["end_on"] < values["start_on"]:
        collect(errors, "end_on", "The end date is before the start date.")


def _organizations_exist(ids, field: str, errors: dict) -> dict[int, Organization]:
    ids = [i for i in ids if i is not None]
    found = {o.id: o for o in db.session.scalars(select(Organization).where(Organization.id.in_(ids)))} if ids else {}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        collect(errors, field, f"No organization with id {', '.join(missing)}.")
    return found


# --- trainees ---------------------------------------------------------------------------------

def _check_trainee(data: dict, record: Trainee | None, errors: dict | None = None) -> dict:
    data = _text(dict(data), "name", "topic", "outcome")
    errors = {} if errors is None else errors
    _country(data, "home_country", errors)
    if "name" in data and not data["name"]:
        collect(errors, "name", "The trainee's name is required.")
    if record is None or "home_country" in data:
        if not data.get("home_country") and "home_country" not in errors:
            collect(errors, "home_country", "The home country is required.")
    if (record is None or "host_organization_id" in data) and data.get("host_organization_id") is None:
        collect(errors, "host_organization_id", "The host organization is required.")
    if (record is None or "start_on" in data) and data.get("start_on") is None:
        collect(errors, "start_on", "The start date is required.")
    for field in ("home_organization_id", "host_organization_id"):
        if data.get(field) is not None:
            _organizations_exist([data[field]], field, errors)
    _check_period(_merged(record, data, ("start_on", "end_on")), errors)
    raise_if(errors)
    return data


def create_trainee(user, data: dict) -> Trainee:
    """Record a trainee exchange (a coordinator's always belongs to their own node)."""
    errors: dict[str, list[str]] = {}
    data = owning_node(user, data, errors=errors)
    policy.require_create(user, "trainee", data["node_id"])
    data = _check_trainee(data, None, errors)
    return add_record(Trainee(), data, TRAINEE_FIELDS)


def update_trainee(user, trainee: Trainee, data: dict, version) -> Trainee:
    """Change a trainee exchange, refusing a stale version."""
    policy.require_edit(user, trainee)
    check_version(trainee, version)
    errors: dict[str, list[str]] = {}
    data = _check_trainee(owning_node(user, data, trainee, errors), trainee, errors)
    return change_record(trainee, data, TRAINEE_FIELDS)


def archive_trainee(user, trainee: Trainee) -> None:
    """Archive a trainee record (it stays in past totals' history, not in registers)."""
    policy.require(policy.may_archive(user, trainee))
    archive(trainee)


# --- events -------------------------------------------------------------------------------------

def _whole(value, field: str, errors: dict):
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except ValueError:
            collect(errors, field, f"{value!r} is not a whole number.")
            return None
    if value < 0:
        collect(errors, field, "A number of people cannot be negative.")
    return value


def participants_table(value, errors: dict) -> dict[str, int]:
    """{"LAO": 8} from a mapping or from table rows [{"country": "LAO", "participants": 8}].

    Empty rows are skipped; a country twice, an unknown country or a bad number is an error.
    """
    if value is None:
        return {}
    if isinstance(value, dict):
        rows = [{"country": k, "participants": v} for k, v in value.items()]
    elif isinstance(value, list | tuple):
        rows = list(value)
    else:
        collect(errors, "participants_by_country", 'Give participants by country as {"LAO": 8}.')
        return {}
    table: dict[str, int] = {}
    for row in rows:
        country = str(row.get("country") or "").strip().upper()
        count = _whole(row.get("participants"), "participants_by_country", errors)
        if not country and count in (None, 0):
            continue
        if not is_country(country):
            collect(errors, "participants_by_country", f"Unknown country code {country!r} in participants.")
        elif country in table:
            collect(errors, "participants_by_country", f"{country} is listed twice in participants.")
        elif count is None:
            collect(errors, "participants_by_country", f"Give the number of participants from {country}.")
        elif count > 0:
            table[country] = count
    return dict(sorted(table.items()))


def _check_event(data: dict, record: Event | None, errors: dict | None = None) -> dict:
    data = _text(dict(data), "title", "city", "outcomes")
    errors = {} if errors is None else errors
    _country(data, "country", errors)
    if (record is None or "title" in data) and not data.get("title"):
        collect(errors, "title", "The title is required.")
    if (record is None or "kind" in data) and not data.get("kind"):
        collect(errors, "kind", "The kind of event is required.")
    if (record is None or "start_on" in data) and data.get("start_on") is None:
        collect(errors, "start_on", "The start date is required.")
    for field in ("participants_total", "participants_female"):
        if field in data:
            data[field] = _whole(data[field], field, errors)
    if "participants_by_country" in data:
        data["participants_by_country"] = participants_table(data["participants_by_country"], errors)
    if "organizer_ids" in data:
        data["organizers"] = _organizations_exist(data.get("organizer_ids") or [], "organizer_ids", errors)
    values = _merged(record, data, ("start_on", "end_on", "participants_total", "participants_female",
                                    "participants_by_country"))
    _check_period(values, errors)
    _check_participants(values, data, errors)
    raise_if(errors)
    return data


def _check_participants(values: dict, data: dict, errors: dict) -> None:
    """Female participants and the by-country table must fit the total (taken as their sum if absent)."""
    total, female = values["participants_total"], values["participants_female"]
    table = values["participants_by_country"]
    by_country = sum((table or {}).values())
    if total is None and table:
        total = data["participants_total"] = by_country
    if female is not None and total is None:
        collect(errors, "participants_total", "Give the total number of participants too.")
    elif female is not None and female > total:
        collect(errors, "participants_female",
                f"{female} female participants is more than the {total} participants in total.")
    if table and total is not None and by_country != total:
        collect(errors, "participants_by_country",
                f"The participants by country add up to {by_country}, but the total is {total}.")


def _set_organizers(event: Event, data: dict) -> None:
    if "organizers" in data:
        ids = list(data["organizers"])
        event.note_link_change("organizer_ids", event.organizer_ids, ids)
        event.organizers = [data["organizers"][i] for i in ids]


def create_event(user, data: dict) -> Event:
    """Record an event (a coordinator's always belongs to their own node)."""
    errors: dict[str, list[str]] = {}
    data = owning_node(user, data, errors=errors)
    policy.require_create(user, "event", data["node_id"])
    data = _check_event(data, None, errors)
    event = Event(participants_by_country={})
    assign(event, data, EVENT_FIELDS)
    _set_organizers(event, data)
    db.session.add(event)
    db.session.flush()
    return event


def update_event(user, event: Event, data: dict, version) -> Event:
    """Change an event, refusing a stale version."""
    policy.require_edit(user, event)
    check_version(event, version)
    errors: dict[str, list[str]] = {}
    data = _check_event(owning_node(user, data, event, errors), event, errors)
    assign(event, data, EVENT_FIELDS)
    _set_organizers(event, data)
    db.session.flush()
    return event


def archive_event(user, event: Event) -> None:
    """Archive an event."""
    policy.require(policy.may_archive(user, event))
    archive(event)
