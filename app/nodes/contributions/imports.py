"""Contributions in and out of spreadsheets: the template, the import (all rows or none), the export.

The import reads `.xlsx` (the first sheet, or one named "contributions") or `.csv` (UTF-8,
comma or semicolon separated) with the template's header. Every row is checked by the same
rules as a contribution typed in a form; if any row is wrong nothing is written and every
problem is reported by its row number (as the spreadsheet shows it: the header is row 1)
and its column. Organizations are matched by name, else by acronym, ignoring case.

An import is a recorded batch (ContributionImport): the file's SHA-256, its name, who imported
it and when, how many rows it added and how many it skipped. The same file a second time is
refused, naming the earlier batch. A row that is already recorded — same organization, node,
year, kind, amount, quantity, currency and description — is skipped and reported, not added
again (as many times as it is already recorded: two equal rows against one record add one).

The file is read by the hub's one spreadsheet reader (app/core/spreadsheets.py: bounded, the
archive checked before parsing, openpyxl read-only with defusedxml).
"""

import hashlib
from collections import Counter
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal

from flask import current_app
from sqlalchemy import select, tuple_
from sqlalchemy.exc import IntegrityError

from app.auth import policy
from app.auth.models import Role
from app.core import spreadsheets
from app.core.errors import Conflict
from app.core.exports import to_csv, to_xlsx
from app.extensions import db
from app.nodes.contributions.models import Contribution, ContributionImport, ContributionKind, ImportVia
from app.nodes.contributions.services import CONTRIBUTION_FIELDS, check_contribution, clean_contribution
from app.nodes.models import Node
from app.partners.models import Organization

Problem, ImportFailed = spreadsheets.Problem, spreadsheets.ImportFailed  # one reader, one error, for every import

COLUMNS = ("organization", "node", "year", "kind", "amount", "currency", "quantity", "unit", "estimated_value",
           "description", "evidence", "status")
REQUIRED_COLUMNS = ("organization", "year", "kind")
FIELD_COLUMN = {"organization_id": "organization", "node_id": "node"}
SHEET = "contributions"
MAX_ROWS = 50_000
LIMITS = spreadsheets.Limits(max_rows=MAX_ROWS, max_unpacked_bytes=200 * 1024 * 1024)

HELP = [
    ("organization", "yes", "Name or acronym of a partner organization in the hub (case does not matter)"),
    ("node", "no", "Code of the node the contribution belongs to (e.g. LAO); coordinators: their own node"),
    ("year", "yes", "The year of the contribution, e.g. 2025"),
    ("kind", "yes", ", ".join(k.value for k in ContributionKind)),
    ("amount", "financial only", "Money given, a number with a dot for decimals"),
    ("currency", "with amount or value", "ISO 4217 code, e.g. USD, EUR, CNY"),
    ("quantity", "no", "How much was given in kind, e.g. 20"),
    ("unit", "with quantity", "Unit of the quantity, e.g. TB, FTE, licences"),
    ("estimated_value", "no", "What an in-kind contribution is worth, in the currency"),
    ("description", "no", "What was contributed"),
    ("evidence", "no", "Where it is documented (a reference or a link)"),
    ("status", "no", "pledged (a commitment for the year) or received; empty means received"),
]


_fail = spreadsheets.fail


def read_rows(filename: str, data: bytes):
    """(row number, {column: value}) for every non-empty row below the header (app/core/spreadsheets.py)."""
    return spreadsheets.read_rows(filename, data, columns=COLUMNS, required=REQUIRED_COLUMNS, sheet=SHEET,
                                  limits=LIMITS)


# --- checking and writing -------------------------------------------------------------------------

class _Directory:
    """Organizations by name and acronym, nodes by code: loaded once for the whole file."""

    def __init__(self):
        organizations = db.session.scalars(select(Organization).where(Organization.archived_at.is_(None))).all()
        self.organizations = {o.id: o for o in organizations}
        self.by_name = {o.name.strip().lower(): o for o in organizations}
        self.by_acronym: dict[str, list[Organization]] = {}
        for o in organizations:
            if o.acronym:
                self.by_acronym.setdefault(o.acronym.strip().lower(), []).append(o)
        self.nodes = {n.code.upper(): n for n in db.session.scalars(select(Node))}
        self.nodes_by_id = {n.id: n for n in self.nodes.values()}

    def organization(self, text) -> tuple[Organization | None, str | None]:
        key = str(text).strip().lower()
        if key in self.by_name:
            return self.by_name[key], None
        matches = self.by_acronym.get(key, [])
        if len(matches) == 1:
            return matches[0], None
        if matches:
            return None, f"the acronym {text!r} belongs to several organizations; use the full name"
        return None, f"no organization named or abbreviated {text!r}"


def _row_values(number: int, record: dict, directory: _Directory, user) -> tuple[dict, list[Problem]]:
    problems: list[Problem] = []
    data = {k: v for k, v in record.items() if k not in ("organization", "node")}
    data.setdefault("status", None)  # the column is optional: no status means received
    organization = node = None
    if record.get("organization") not in (None, ""):
        organization, error = directory.organization(record["organization"])
        if error:
            problems.append(Problem(number, "organization", error))
    code = record.get("node")
    if code not in (None, ""):
        node = directory.nodes.get(str(code).strip().upper())
        if node is None:
            problems.append(Problem(number, "node", f"no node with code {code!r}"))
    if getattr(user, "role", None) == Role.coordinator:
        own = directory.nodes_by_id.get(user.node_id)
        if node is not None and node is not own:
            problems.append(Problem(number, "node", "you may import contributions of your own node only"))
        node = own
    data["organization_id"] = organization.id if organization else None
    data["node_id"] = node.id if node else None
    clean, errors = clean_contribution(data)
    rules = check_contribution(clean)
    named = {p.column for p in problems}
    for field, messages in list(errors.items()) + [(f, m) for f, m in rules.items() if f not in errors]:
        column = FIELD_COLUMN.get(field, field)
        if column not in named:
            problems.extend(Problem(number, column, message) for message in messages)
    clean["organization"], clean["node"] = organization, node
    return clean, problems


@dataclass
class ImportOutcome:
    """What an import did: its batch, and the rows skipped because they are already recorded."""

    batch: ContributionImport
    skipped: list[Problem] = dataclass_field(default_factory=list)


def _amount_key(value, places: int):
    return None if value is None else Decimal(value).quantize(Decimal(1).scaleb(-places))


def _text_key(value) -> str:
    return " ".join((value or "").split()).casefold()


def same_contribution_key(values) -> tuple:
    """What makes two contributions the same one recorded twice (a dict of clean values or a record)."""
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name)
    kind, status = get("kind"), get("status")
    return (get("organization_id"), get("node_id"), get("year"), getattr(kind, "value", kind),
            getattr(status, "value", status) or "received",
            _amount_key(get("amount"), 2), _amount_key(get("quantity"), 3), get("currency") or None,
            _text_key(get("description")))


def _recorded(records) -> tuple[Counter, dict]:
    """How many times each row of the file is recorded already, and one such contribution's id."""
    pairs = {(r["organization_id"], r["year"]) for r in records}
    counts: Counter = Counter()
    ids: dict = {}
    for chunk in (list(pairs)[i:i + 500] for i in range(0, len(pairs), 500)):
        for existing in db.session.scalars(select(Contribution).where(
                tuple_(Contribution.organization_id, Contribution.year).in_(chunk))):
            key = same_contribution_key(existing)
            counts[key] += 1
            ids.setdefault(key, existing.id)
    return counts, ids


def find_import(sha256: str) -> ContributionImport | None:
    return db.session.scalar(select(ContributionImport).where(ContributionImport.sha256 == sha256))


def _refuse_again(earlier: ContributionImport):
    who = earlier.imported_by.name if earlier.imported_by else "a command on the server"
    message = (f"This file was imported already: import {earlier.id} ({earlier.filename}), "
               f"on {earlier.imported_at:%Y-%m-%d %H:%M} UTC by {who}. Nothing was imported.")
    raise Conflict(message, {"file": [message]})


def import_contributions(user, filename: str, data: bytes, via: ImportVia = ImportVia.page) -> ImportOutcome:
    """Import the file's rows not recorded yet, all of them or none, as one recorded batch; refuse a file
    imported before, naming that batch; raises ImportFailed listing every bad row."""
    policy.require(policy.may_import_contributions(user), "You may not import contributions.")
    sha256 = hashlib.sha256(data).hexdigest()
    earlier = find_import(sha256)
    if earlier is not None:
        _refuse_again(earlier)
    directory = _Directory()
    records, problems = [], []
    for number, record in read_rows(filename, data):
        clean, row_problems = _row_values(number, record, directory, user)
        problems.extend(row_problems)
        if not row_problems:
            clean["row"] = number
            records.append(clean)
    if problems:
        raise ImportFailed(problems)
    if not records:
        _fail("The file has no rows below its header.")
    recorded, ids = _recorded(records)
    batch = ContributionImport(sha256=sha256, filename=(filename or "")[:255], imported_via=via,
                               imported_by_id=getattr(user, "id", None))
    fields = [f for f in CONTRIBUTION_FIELDS if f not in ("organization_id", "node_id")]
    objects, skipped = [], []
    for clean in records:
        key = same_contribution_key(clean)
        if recorded[key] > 0:
            recorded[key] -= 1
            skipped.append(Problem(clean["row"], "contribution", f"already recorded (contribution {ids[key]})"))
            continue
        contribution = Contribution(organization=clean["organization"], node=clean["node"], batch=batch)
        for name in fields:
            setattr(contribution, name, clean.get(name))
        objects.append(contribution)
    batch.rows_added, batch.rows_skipped = len(objects), len(skipped)
    db.session.add(batch)
    db.session.add_all(objects)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        earlier = find_import(sha256)
        if earlier is None:
            raise
        _refuse_again(earlier)
    current_app.logger.info("import %d: %d contributions added, %d skipped, from %r", batch.id, len(objects),
                            len(skipped), filename.replace("\n", " "))
    return ImportOutcome(batch, skipped)


# --- the template and the export -----------------------------------------------------------------

def template_xlsx() -> bytes:
    """An empty import sheet, a help sheet, and the organizations and nodes the import knows."""
    organizations = db.session.execute(select(Organization.name, Organization.acronym)
                                       .where(Organization.archived_at.is_(None)).order_by(Organization.name)).all()
    nodes = db.session.execute(select(Node.code, Node.name).where(Node.archived_at.is_(None))
                               .order_by(Node.code)).all()
    return to_xlsx({
        SHEET: (COLUMNS, []),
        "help": (("column", "required", "what to enter"), HELP),
        "organizations": (("name", "acronym"), [(o.name, o.acronym) for o in organizations]),
        "nodes": (("code", "name"), [(n.code, n.name) for n in nodes]),
    })


def template_csv() -> str:
    return to_csv(COLUMNS, [])


def export_rows(user, contributions) -> list[list]:
    """Rows in the template's columns; money the user may not see is left empty."""
    rows = []
    for c in contributions:
        money = policy.may_view_money(user, c)
        rows.append([c.organization.name, c.node.code if c.node else None, c.year, c.kind.value,
                     c.amount if money else None, c.currency if money else None, c.quantity, c.unit,
                     c.estimated_value if money else None, c.description, c.evidence, c.status.value])
    return rows
