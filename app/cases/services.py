"""Writes to application cases: field rules, framework tags, node ownership."""

import re

from sqlalchemy import select

from app.agreements.models import SATELLITES
from app.auth import policy
from app.capacity.services import owning_node
from app.cases.models import Case, CaseDomain, CaseStatus, CaseTag
from app.cases.vocabularies import LABELS, expand, vocabulary
from app.core.countries import is_country
from app.core.errors import collect, raise_if
from app.core.records import archive, assign, check_version
from app.extensions import db
from app.partners.models import Organization

CASE_FIELDS = ("title", "summary", "countries", "domains", "satellites", "start_on", "end_on", "status",
               "outcomes", "links", "sdg", "sendai", "paris", "node_id")
MAX_LINKS = 20
_SPLIT = re.compile(r"[,;\s]+")


def as_list(value) -> list:
    """A list from a list, or from text separated by commas, semicolons or spaces."""
    if value is None:
        return []
    if isinstance(value, str):
        return [v for v in _SPLIT.split(value) if v]
    return list(value)


def _dedupe(values) -> list:
    return list(dict.fromkeys(values))


def tag_codes(framework: str, value, record: Case | None, errors: dict) -> list[str]:
    """The framework's codes, normalised and in vocabulary order; an unknown code is named in an error.

    Codes a later vocabulary dropped stay acceptable on a record that already holds them,
    so an old case can still be edited.
    """
    vocab = vocabulary(framework)
    codes = _dedupe(vocab.normalise(c) for c in as_list(value) if str(c).strip())
    kept = set(record.tags(framework)) if record is not None else set()
    unknown = [c for c in codes if c not in vocab and c not in kept]
    if unknown:
        plural = "s" if len(unknown) > 1 else ""
        collect(errors, framework, f"Unknown {LABELS[framework]} code{plural}: {', '.join(unknown)}.")
    return sorted(codes, key=vocab.sort_key)


def _check_lists(data: dict, record: Case | None, errors: dict) -> None:
    if "countries" in data:
        data["countries"] = _dedupe(str(c).strip().upper() for c in as_list(data["countries"]) if str(c).strip())
        bad = [c for c in data["countries"] if not is_country(c)]
        if bad:
            collect(errors, "countries", f"Unknown country code(s): {', '.join(bad)}; use ISO 3166 alpha-3.")
    if "domains" in data:
        data["domains"] = _dedupe(str(getattr(d, "value", d)).strip() for d in as_list(data["domains"]))
        bad = [d for d in data["domains"] if d not in CaseDomain.__members__]
        if bad:
            collect(errors, "domains", f"Unknown domain(s): {', '.join(bad)}.")
    if "satellites" in data:
        # A name the admin later drops from the list stays acceptable on a case that has it.
        known = {s.upper(): s for s in [*SATELLITES, *(record.satellites if record else [])]}
        wanted = _dedupe(str(s).strip() for s in (data["satellites"] or []) if str(s).strip())
        bad = [s for s in wanted if s.upper() not in known]
        if bad:
            collect(errors, "satellites", f"Unknown satellite(s): {', '.join(bad)}; "
                                          f"known: {', '.join(SATELLITES)}.")
        data["satellites"] = [known.get(s.upper(), s) for s in wanted]
    if "links" in data:
        links = _dedupe(str(u).strip() for u in (data["links"] if isinstance(data["links"], list)
                                                 else str(data["links"] or "").splitlines()) if str(u).strip())
        bad = [u for u in links if not re.match(r"^https?://[^\s/]+", u) or len(u) > 500]
        if bad:
            collect(errors, "links", f"Not a web address (http:// or https://): {bad[0]}")
        if len(links) > MAX_LINKS:
            collect(errors, "links", f"At most {MAX_LINKS} links.")
        data["links"] = links


def _check_case(data: dict, record: Case | None, errors: dict | None = None) -> dict:
    data = dict(data)
    for name in ("title", "summary", "outcomes"):
        if isinstance(data.get(name), str):
            data[name] = data[name].strip() or None
    errors = {} if errors is None else errors
    if (record is None or "title" in data) and not data.get("title"):
        collect(errors, "title", "The title is required.")
    _check_lists(data, record, errors)
    if (record is None or "countries" in data) and not data.get("countries") and "countries" not in errors:
        collect(errors, "countries", "Name at least one country.")
    if data.get("status") is None and "status" in data:
        data["status"] = CaseStatus.planned
    for framework in ("sdg", "sendai", "paris"):
        if framework in data:
            data[framework] = tag_codes(framework, data[framework], record, errors)
    if "partner_ids" in data:
        data["partners"] = _partners(data["partner_ids"], errors)
    start = data["start_on"] if "start_on" in data else getattr(record, "start_on", None)
    end = data["end_on"] if "end_on" in data else getattr(record, "end_on", None)
    if start and end and end < start:
        collect(errors, "end_on", "The end date is before the start date.")
    raise_if(errors)
    return data


def _partners(value, errors: dict) -> list[Organization]:
    raw = as_list(value)
    ids = _dedupe(int(i) for i in raw if str(i).strip().isdigit())
    found = {o.id: o for o in db.session.scalars(select(Organization).where(Organization.id.in_(ids)))} if ids else {}
    missing = [str(i) for i in raw if not str(i).strip().isdigit() or int(i) not in found]
    if missing:
        collect(errors, "partner_ids", f"No organization with id {', '.join(missing)}.")
    return [found[i] for i in ids if i in found]


def sync_tags(case: Case) -> None:
    """Make the case's tag rows hold each tagged code and every code above it, no more."""
    wanted = {(framework, code): direct for framework in ("sdg", "sendai", "paris")
              for code, direct in expand(framework, case.tags(framework)).items()}
    for row in list(case.tag_rows):
        key = (row.framework, row.code)
        if key in wanted:
            row.is_direct = wanted.pop(key)
        else:
            case.tag_rows.remove(row)
    for (framework, code), direct in wanted.items():
        case.tag_rows.append(CaseTag(framework=framework, code=code, is_direct=direct))


def _apply(case: Case, data: dict) -> None:
    assign(case, data, CASE_FIELDS)
    if "partners" in data:
        case.note_link_change("partner_ids", case.partner_ids, [o.id for o in data["partners"]])
        case.partners = data["partners"]
    sync_tags(case)


def create_case(user, data: dict) -> Case:
    """Record an application case (a coordinator's always belongs to their own node)."""
    errors: dict[str, list[str]] = {}
    data = owning_node(user, data, errors=errors)
    policy.require_create(user, "case", data["node_id"])
    data = _check_case(data, None, errors)
    case = Case(countries=[], domains=[], satellites=[], links=[], sdg=[], sendai=[], paris=[])
    _apply(case, data)
    db.session.add(case)
    db.session.flush()
    return case


def update_case(user, case: Case, data: dict, version) -> Case:
    """Change a case and its tags, refusing a stale version."""
    policy.require_edit(user, case)
    check_version(case, version)
    errors: dict[str, list[str]] = {}
    data = _check_case(owning_node(user, data, case, errors), case, errors)
    _apply(case, data)
    db.session.flush()
    return case


def archive_case(user, case: Case) -> None:
    """Archive a case: it leaves the register and the coverage view, its history stays."""
    policy.require(policy.may_archive(user, case))
    archive(case)
