"""Writes to data requests: asking (with the license check), deciding, delivering, confirming."""

import json
from datetime import date
from decimal import Decimal, InvalidOperation

from app.agreements.licensing import LicenseCheck, check_license
from app.agreements.models import SATELLITES, PermittedUse, ProductLevel
from app.agreements.state import today
from app.auth import policy
from app.core.countries import country_name, is_country
from app.core.errors import ValidationFailed, collect, raise_if
from app.core.records import assign, check_version
from app.datarequests.models import DataDelivery, DataRequest, DeliveryMethod
from app.extensions import db
from app.nodes.models import Node
from app.partners.models import Organization

REQUEST_FIELDS = ("node_id", "organization_id", "title", "area", "countries", "acquired_from", "acquired_to",
                  "satellites", "product_levels", "purpose", "is_free_experiment", "notes")
TEXT_MAX = 10000
MAX_SCENES = 10_000_000
MAX_VOLUME_GB = Decimal("1e9")


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.replace(";", ",").split(",")
    return list(dict.fromkeys(str(v).strip() for v in value if str(v).strip()))


def _enum_list(data: dict, name: str, allowed, errors: dict, what: str) -> None:
    known = {a.upper(): a for a in allowed}
    values = _as_list(data.get(name))
    bad = [v for v in values if v.upper() not in known]
    if bad:
        collect(errors, name, f"Unknown {what}: {', '.join(bad)}; choose from {', '.join(allowed)}.")
    data[name] = [known[v.upper()] for v in values if v.upper() in known]
    if not data[name] and not bad:
        collect(errors, name, f"Choose at least one {what}.")


def _check_request(data: dict, record: DataRequest | None) -> dict:
    """Normalise and check the fields given (all of them on creation); raises ValidationFailed."""
    data = dict(data)
    errors: dict[str, list[str]] = {}
    creating = record is None
    for name in ("title", "notes"):
        if isinstance(data.get(name), str):
            data[name] = data[name].strip() or None
    if (creating or "title" in data) and not data.get("title"):
        collect(errors, "title", "Give the request a short title.")
    elif data.get("title") and len(data["title"]) > 200:
        collect(errors, "title", "At most 200 characters.")
    if data.get("notes") and len(data["notes"]) > TEXT_MAX:
        collect(errors, "notes", f"At most {TEXT_MAX} characters.")
    if "organization_id" in data and data["organization_id"] is not None:
        if db.session.get(Organization, data["organization_id"]) is None:
            collect(errors, "organization_id", f"No organization with id {data['organization_id']}.")
    if "area" in data:
        if data["area"] in (None, "", {}):
            data["area"] = None
        else:
            from app.datarequests import areas  # shapely and numpy load when an area is first read

            try:
                data["area"] = json.dumps(areas.parse_area(data["area"]), separators=(",", ":"))
            except ValidationFailed as error:
                errors.setdefault("area", []).extend(error.fields["area"])
    if "countries" in data:
        data["countries"] = [c.upper() for c in _as_list(data["countries"])]
        bad = [c for c in data["countries"] if not is_country(c)]
        if bad:
            collect(errors, "countries", f"Unknown country code(s): {', '.join(bad)}; use ISO 3166 alpha-3 (LAO).")
    if creating or "satellites" in data:
        _enum_list(data, "satellites", SATELLITES, errors, "satellite")
    if creating or "product_levels" in data:
        _enum_list(data, "product_levels", [p.value for p in ProductLevel], errors, "product level")
    if creating or "purpose" in data:
        purpose = getattr(data.get("purpose"), "value", data.get("purpose"))
        if purpose not in PermittedUse.__members__:
            collect(errors, "purpose", "Choose the purpose among the uses a license permits: "
                                       f"{', '.join(u.value for u in PermittedUse)}.")
        data["purpose"] = purpose
    if "is_free_experiment" in data:
        data["is_free_experiment"] = bool(data["is_free_experiment"])
    merged = {n: data[n] if n in data else getattr(record, n, None) for n in REQUEST_FIELDS}
    if not merged["area"] and not merged["countries"] and "area" not in errors and "countries" not in errors:
        collect(errors, "area", "Draw or upload the area, or list the countries.")
    for name in ("acquired_from", "acquired_to"):
        if merged[name] is None:
            collect(errors, name, "The acquisition window needs a first and a last day.")
    if merged["acquired_from"] and merged["acquired_to"] and merged["acquired_to"] < merged["acquired_from"]:
        collect(errors, "acquired_to", "The last day is before the first day.")
    raise_if(errors)
    return data


def _owning_node(user, data: dict, record: DataRequest | None) -> dict:
    """A coordinator's request is always their own node's; staff choose (and may move it)."""
    data = dict(data)
    if not policy.is_staff(user):
        if record is None:
            data["node_id"] = user.node_id
        else:
            data.pop("node_id", None)
    if record is None or "node_id" in data:
        node = db.session.get(Node, data["node_id"]) if data.get("node_id") is not None else None
        if node is None:
            raise_if({"node_id": ["Choose the node the request comes through." if data.get("node_id") is None
                                  else f"No node with id {data['node_id']}."]})
        if record is None and data.get("organization_id") is None:
            data["organization_id"] = node.host_organization_id  # the node's host asks, unless told
    return data


def judge_license(request: DataRequest, on: date | None = None) -> LicenseCheck:
    """Run the license check for the request and keep its answer on the request.

    The countries judged are those listed and those the area reaches into. When the area
    crosses into a country no license covers, that is said first, in so many words.
    """
    from app.datarequests import areas  # shapely and numpy load when an area is first read

    on = on or today()
    request.area_countries = areas.countries_of(request.area_geometry) if request.area else []
    countries = request.checked_countries or None
    ask = {"satellites": request.satellites, "use": request.purpose, "on": on, "levels": request.product_levels}
    result = check_license(request.organization_id, countries=countries, **ask)
    reasons = list(result.reasons)
    if not result.covered and request.area_countries:
        crossings = [c for c in request.area_countries
                     if not check_license(request.organization_id, countries=[c], **ask).covered]
        listed = set(request.countries or [])
        reasons = [f"The area reaches into {country_name(c)} ({c}), "
                   + ("which the request does not list and " if listed and c not in listed else "")
                   + "which no license of the requester covers for this request." for c in crossings] + reasons
    request.license_covered = result.covered
    request.license_reasons = reasons
    request.license_references = [a.reference for a in result.licenses]
    request.license_checked_on = on
    return LicenseCheck(result.covered, reasons, result.licenses)


def create_request(user, data: dict) -> DataRequest:
    """Ask for data (a coordinator for their own node); the license check runs at once."""
    policy.require(policy.may_request_data(user), "You may not request data.")
    data = _check_request(_owning_node(user, data, None), None)
    request = DataRequest(countries=[], area_countries=[], satellites=[], product_levels=[],
                          license_reasons=[], license_references=[], submitted_by_id=getattr(user, "id", None))
    assign(request, data, REQUEST_FIELDS)
    judge_license(request)
    db.session.add(request)
    db.session.flush()
    return request


def update_request(user, request: DataRequest, data: dict, version) -> DataRequest:
    """Change a request still waiting for a decision; the license check runs again."""
    policy.require_data_request_step(user, request, policy.may_edit_data_request(user, request),
                                     "You may not change this request.")
    check_version(request, version)
    request.require_editable()
    data = _check_request(_owning_node(user, data, request), request)
    assign(request, data, REQUEST_FIELDS)
    judge_license(request)
    db.session.flush()
    return request


def _reason(text: str | None, required: bool) -> str | None:
    text = (text or "").strip() or None
    if required and not text:
        raise ValidationFailed.on("reason", "Say why the request is declined.")
    if text and len(text) > TEXT_MAX:
        raise ValidationFailed.on("reason", f"At most {TEXT_MAX} characters.")
    return text


def approve_request(user, request: DataRequest, reason: str | None = None) -> DataRequest:
    """The secretariat approves a submitted request (optionally saying why or on what terms)."""
    policy.require_data_request_step(user, request, policy.may_decide_data_request(user, request),
                                     "Only the secretariat approves data requests.")
    request.approve(user, _reason(reason, required=False))
    db.session.flush()
    return request


def decline_request(user, request: DataRequest, reason: str | None) -> DataRequest:
    """The secretariat declines a submitted request, with a reason."""
    policy.require_data_request_step(user, request, policy.may_decide_data_request(user, request),
                                     "Only the secretariat declines data requests.")
    request.decline(user, _reason(reason, required=True))
    db.session.flush()
    return request


def _delivery_values(data: dict) -> dict:
    errors: dict[str, list[str]] = {}
    values = {}
    scenes = data.get("scenes")
    try:
        values["scenes"] = int(scenes)
        if isinstance(scenes, float | Decimal) and scenes != int(scenes):
            raise ValueError
        if not 0 < values["scenes"] <= MAX_SCENES:
            collect(errors, "scenes", "Give the number of scenes sent (at least 1).")
    except (TypeError, ValueError):
        collect(errors, "scenes", "The number of scenes is a whole number.")
    try:
        volume = Decimal(str(data.get("volume_gb")).strip())
        if not volume.is_finite() or volume < 0 or volume >= MAX_VOLUME_GB:
            raise InvalidOperation
        values["volume_gb"] = volume.quantize(Decimal("0.001"))
    except (InvalidOperation, ValueError):
        collect(errors, "volume_gb", "The volume is a number of gigabytes (0 or more).")
    delivered_on = data.get("delivered_on")
    if isinstance(delivered_on, str):
        try:
            delivered_on = date.fromisoformat(delivered_on.strip())
        except ValueError:
            delivered_on = None
    if not isinstance(delivered_on, date):
        collect(errors, "delivered_on", "Give the day the data was sent (YYYY-MM-DD).")
    elif delivered_on > today():
        collect(errors, "delivered_on", "A delivery cannot be recorded ahead of its day.")
    values["delivered_on"] = delivered_on
    method = getattr(data.get("method"), "value", data.get("method"))
    if method not in DeliveryMethod.__members__:
        collect(errors, "method", f"Choose how the data went: {', '.join(m.value for m in DeliveryMethod)}.")
    else:
        values["method"] = DeliveryMethod(method)
    note = (data.get("note") or "").strip() or None
    if note and len(note) > TEXT_MAX:
        collect(errors, "note", f"At most {TEXT_MAX} characters.")
    values["note"] = note
    raise_if(errors)
    return values


def record_delivery(user, request: DataRequest, data: dict) -> DataDelivery:
    """The secretariat records data sent for an approved (or already delivered) request."""
    policy.require_data_request_step(user, request, policy.may_record_delivery(user, request),
                                     "Only the secretariat records deliveries.")
    request.require_step("deliver")  # the state decides before the fields are read
    delivery = DataDelivery(recorded_by_id=getattr(user, "id", None), **_delivery_values(data))
    request.add_delivery(delivery)
    db.session.flush()
    return delivery


def confirm_receipt(user, request: DataRequest) -> DataRequest:
    """The requesting node confirms the data arrived; the request is closed."""
    policy.require_data_request_step(user, request, policy.may_confirm_receipt(user, request),
                                     "Only the requesting node's coordinator confirms receipt.")
    request.confirm_receipt(user)
    db.session.flush()
    return request


def ask_license(user, organization_id, satellites, countries=None, levels=None, use=None, on=None) -> LicenseCheck:
    """The license question of the check page and `GET /licenses/check`, its inputs checked by field.

    `on` is a date or `YYYY-MM-DD` (default today); lists may be given as lists or comma-separated.
    """
    policy.require(policy.may_check_licenses(user))
    errors: dict[str, list[str]] = {}
    try:
        organization_id = int(organization_id)
    except (TypeError, ValueError):
        organization_id = None
    if organization_id is None:
        collect(errors, "organization_id", "Name the organization (its id) whose licenses to check.")
    elif db.session.get(Organization, organization_id) is None:
        collect(errors, "organization_id", f"No organization with id {organization_id}.")
    data = {"satellite": satellites, "level": levels}
    _enum_list(data, "satellite", SATELLITES, errors, "satellite")
    wanted_countries = [c.upper() for c in _as_list(countries)]
    bad = [c for c in wanted_countries if not is_country(c)]
    if bad:
        collect(errors, "country", f"Unknown country code(s): {', '.join(bad)}; use ISO 3166 alpha-3 (LAO).")
    if _as_list(levels):
        _enum_list(data, "level", [p.value for p in ProductLevel], errors, "product level")
    use = getattr(use, "value", use) or None
    if use is not None and use not in PermittedUse.__members__:
        collect(errors, "use", f"Unknown use {str(use)[:40]!r}; one of {', '.join(u.value for u in PermittedUse)}.")
    if isinstance(on, str) and on.strip():
        try:
            on = date.fromisoformat(on.strip())
        except ValueError:
            collect(errors, "on", "A day as YYYY-MM-DD.")
    elif not isinstance(on, date):
        on = None
    raise_if(errors)
    return check_license(organization_id, data["satellite"], countries=wanted_countries or None, use=use,
                         on=on or today(), levels=data["level"] if _as_list(levels) else None)
