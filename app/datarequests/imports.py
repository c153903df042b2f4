"""SatCloud's push log in: every row or none, and the same scene never twice.

The log is a CSV (UTF-8, comma or semicolon separated) or XLSX file with the columns
`scene_id`, `satellite`, `node` (a node's code), `acquired_at`, `pushed_at` (ISO 8601; a time
without a zone is UTC) and `size` (megabytes, optional). Every row is checked first; if any
is wrong, nothing is written and each problem is named by its row (the header is row 1) and
column. A scene already in the hub — from an earlier import, or earlier in the same file — is
skipped and counted, so importing the same log again changes nothing.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from flask import current_app
from sqlalchemy import insert, select

from app.agreements.models import SATELLITES
from app.auth import policy
from app.core import spreadsheets
from app.core.db import utcnow
from app.datarequests.models import DeliveryLogImport, ScenePush
from app.extensions import db
from app.nodes.models import Node

Problem, ImportFailed = spreadsheets.Problem, spreadsheets.ImportFailed  # one reader, one error, for every import

COLUMNS = ("scene_id", "satellite", "node", "acquired_at", "pushed_at", "size")
REQUIRED = ("scene_id", "satellite", "node", "acquired_at", "pushed_at")
ALIASES = {"scene": "scene_id", "sceneid": "scene_id", "size_mb": "size", "size_(mb)": "size",
           "node_code": "node", "acquired": "acquired_at", "pushed": "pushed_at"}
MAX_ROWS = 1_000_000
LIMITS = spreadsheets.Limits(max_rows=MAX_ROWS, max_unpacked_bytes=1024 * 1024 * 1024)
CHUNK = {"sqlite": 900}  # scene ids per IN (…) look-up: under SQLite's variable limit; others 10,000
WITHIN = timedelta(hours=24)


@dataclass(frozen=True)
class ImportResult:
    rows: int
    imported: int
    skipped: int
    log: DeliveryLogImport


_fail = spreadsheets.fail


# --- reading ------------------------------------------------------------------------------------

def read_rows(filename: str, data: bytes):
    """(row number, {column: value}) for every non-empty row below the header (app/core/spreadsheets.py)."""
    return spreadsheets.read_rows(filename, data, columns=COLUMNS, required=REQUIRED, aliases=ALIASES,
                                  limits=LIMITS, csv_suffixes=(".csv", ".txt"),
                                  unknown_column="unknown column; the log's columns are " + ", ".join(COLUMNS))


# --- checking ---------------------------------------------------------------------------------------

def _satellite_key(name: str) -> str:
    return re.sub(r"[\s\-_]", "", name).upper()


_SATELLITES = {_satellite_key(s): s for s in SATELLITES}


def _timestamp(value) -> datetime | None:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        return None  # a day without a time cannot say whether a push was within 24 hours
    else:
        text = str(value or "").strip()
        if not text or len(text) < 16:
            return None
        try:
            moment = datetime.fromisoformat(text.replace(" UTC", "Z").replace("Z", "+00:00"))
        except ValueError:
            return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _text(value) -> str:
    return str(value).strip() if value is not None else ""


def _check_row(number: int, record: dict, nodes: dict[str, int]) -> tuple[dict | None, list[Problem]]:
    problems = []
    scene_id = _text(record.get("scene_id"))
    if not scene_id:
        problems.append(Problem(number, "scene_id", "the scene id is missing"))
    elif len(scene_id) > 120:
        problems.append(Problem(number, "scene_id", "at most 120 characters"))
    satellite = _SATELLITES.get(_satellite_key(_text(record.get("satellite"))))
    if satellite is None:
        shown = _text(record.get("satellite"))[:40]
        problems.append(Problem(number, "satellite", f"unknown satellite {shown!r}" if shown else "missing"))
    code = _text(record.get("node")).upper()
    node_id = nodes.get(code)
    if node_id is None:
        problems.append(Problem(number, "node", f"no node with code {code[:12]!r}" if code else "missing"))
    times = {}
    for column in ("acquired_at", "pushed_at"):
        times[column] = _timestamp(record.get(column))
        if times[column] is None:
            problems.append(Problem(number, column, "not a date and time (e.g. 2025-07-01T08:30:00Z)"))
    acquired, pushed = times["acquired_at"], times["pushed_at"]
    if acquired and pushed and pushed < acquired:
        problems.append(Problem(number, "pushed_at", "pushed before it was acquired"))
    size = None
    if _text(record.get("size")):
        try:
            size = Decimal(_text(record["size"]).replace(",", "."))
            if not size.is_finite() or size < 0 or size >= Decimal("1e11"):
                raise InvalidOperation
            size = size.quantize(Decimal("0.001"))
        except InvalidOperation:
            problems.append(Problem(number, "size", "not a size in megabytes (a number, 0 or more)"))
    if problems:
        return None, problems
    return {"scene_id": scene_id, "satellite": satellite, "node_id": node_id, "acquired_at": acquired,
            "pushed_at": pushed, "size_mb": size, "year": pushed.year, "quarter": (pushed.month - 1) // 3 + 1,
            "is_within_day": pushed - acquired <= WITHIN}, []


def _known_scenes(scene_ids: list[str]) -> set[str]:
    known: set[str] = set()
    size = CHUNK.get(db.session.get_bind().dialect.name, 10_000)
    for start in range(0, len(scene_ids), size):
        chunk = scene_ids[start:start + size]
        known.update(db.session.scalars(select(ScenePush.scene_id).where(ScenePush.scene_id.in_(chunk))))
    return known


def import_deliveries(user, filename: str, data: bytes) -> ImportResult:
    """Import SatCloud's push log, all rows or none; scenes already known are skipped and counted."""
    policy.require(policy.may_import_deliveries(user), "Only the secretariat imports delivery logs.")
    nodes = {code.upper(): node_id for node_id, code in db.session.execute(select(Node.id, Node.code))}
    rows, problems = [], []
    count = 0
    for number, record in read_rows(filename, data):
        count += 1
        row, row_problems = _check_row(number, record, nodes)
        if row_problems:
            problems.extend(row_problems)
        else:
            rows.append(row)
    if problems:
        raise ImportFailed(problems)
    if not count:
        _fail("The file has no rows below its header.")
    known = _known_scenes(list({r["scene_id"] for r in rows}))
    fresh, seen = [], set()
    for row in rows:
        if row["scene_id"] in known or row["scene_id"] in seen:
            continue
        seen.add(row["scene_id"])
        fresh.append(row)
    log = DeliveryLogImport(filename=(filename or "")[:255], sha256=hashlib.sha256(data).hexdigest(), rows=count,
                            imported=len(fresh), skipped=count - len(fresh), imported_at=utcnow(),
                            imported_by_id=getattr(user, "id", None))
    db.session.add(log)
    db.session.flush()
    for start in range(0, len(fresh), 5000):
        batch = [r | {"import_id": log.id} for r in fresh[start:start + 5000]]
        db.session.execute(insert(ScenePush.__table__), batch)
    current_app.logger.info("imported %d of %d scene pushes from %r", len(fresh), count,
                            (filename or "").replace("\n", " "))
    return ImportResult(count, len(fresh), count - len(fresh), log)
