"""Sync: the change feed as a token may read it, a batch of node changes applied on the hub, a page of
hub changes applied on a node, and the conflicts a person resolves. One writer per record (issue 12):
the hub writes the registry and the review of reports; a node writes its own reports, contributions,
trainees, events and cases.
"""

from sqlalchemy import func, or_, select, text, tuple_

from app.audit.recorder import set_author
from app.auth import policy
from app.core.db import Archivable, utcnow
from app.core.errors import DomainError, NotFound
from app.core.records import archive, unarchive
from app.extensions import db
from app.sync.models import SyncChange, SyncConflict, SyncLink, SyncState
from app.sync.registry import CODECS, NODE_OWNED

MAX_LIMIT = 500
NAME_OF = {"organization": "organizations", "person": "people", "node": "nodes", "agreement": "agreements",
           "quarterly_report": "quarterly_reports", "report_step": "quarterly_report_steps",
           "contribution": "contributions", "trainee": "trainees", "event": "events", "case": "cases",
           "exchange_rate": "exchange_rates", "period_lock": "period_locks", "report": "reports"}


class Rejected(DomainError):
    status = 422
    code = "rejected"


# --- state of this instance -------------------------------------------------------------------------

def get_state(name: str, default: str | None = None) -> str | None:
    row = db.session.get(SyncState, name)
    return row.value if row is not None and row.value is not None else default


def set_state(name: str, value) -> None:
    row = db.session.get(SyncState, name)
    if row is None:
        db.session.add(SyncState(name=name, value=None if value is None else str(value)))
    else:
        row.value = None if value is None else str(value)
    db.session.flush()


def link_for(uid: str) -> SyncLink | None:
    return db.session.get(SyncLink, uid)


def remember_link(type_: str, uid: str, remote_version, local_version) -> None:
    link = link_for(uid)
    if link is None:
        link = SyncLink(uid=uid, type=type_)
        db.session.add(link)
    link.remote_version, link.local_version = remote_version, local_version
    db.session.flush()


def record_by_uid(type_: str, uid: str):
    codec = CODECS[type_]
    return db.session.scalar(select(codec.model).where(codec.model.uid == uid))


# --- reading the feed -------------------------------------------------------------------------------

def may_read_change(user, type_: str, record) -> bool:
    """What a token sees of the feed: staff everything; a coordinator the hub's records it may view and
    its own node's records, never another node's (policy.may_sync_read)."""
    return policy.may_sync_read(user, type_, record)


def _wait_for_writers(query) -> None:
    """A change is numbered when written but seen when committed: on PostgreSQL, change 10 can be
    committed after change 11 was read, and a reader whose cursor moved to 11 would never see it.
    Waiting for the transactions writing to the feed (SHARE conflicts with their ROW EXCLUSIVE, until
    this read's transaction ends) makes every change up to the newest one read committed.

    The lock is taken only when the reader has something after its cursor: a poll that finds nothing
    (most of them) leaves the cursor where it was, so a change still being written is read next time,
    and it neither waits for writers nor holds them up. The read after the lock takes a new snapshot
    (READ COMMITTED, PostgreSQL's default). Cheaper schemes (serving only ids below the oldest writer
    still in flight) need the writer's transaction id on each row: a schema change, not worth it while
    only a poll with something to read takes the lock. SQLite writes one transaction at a time: nothing to wait for."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    if db.session.scalar(query.with_only_columns(SyncChange.seq).limit(1)) is not None:
        db.session.execute(text("LOCK TABLE sync_changes IN SHARE MODE"))


def changes_since(user, since: int, limit: int, echo: bool = True) -> tuple[list[dict], int, bool]:
    """A page of the feed after `since`: the newest state of each record changed, as the user may see it.

    Each change names its `author` ({"name"}) when a person made it here (hub_authors), else None.
    Returns (changes, cursor, more). The cursor is the last seq looked at, so a page filtered to
    nothing still moves the reader on. `echo=False` leaves out what this user's own sync pushes wrote
    to its node's records: a node instance learnt those versions from the push answers, and would
    otherwise download again everything it sent up (a fresh instance asks with echo, to get it all).
    """
    policy.require(policy.may_sync(user), "This account does not sync.")
    limit = max(1, min(limit, MAX_LIMIT))
    query = select(SyncChange).where(SyncChange.seq > since).order_by(SyncChange.seq).limit(limit + 1)
    if not policy.is_staff(user):
        query = query.where(or_(SyncChange.node_id.is_(None), SyncChange.node_id == user.node_id))
    _wait_for_writers(query)
    rows = db.session.scalars(query).all()
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = rows[-1].seq if rows else since
    if not echo:
        rows = [row for row in rows if not (row.face == "sync" and row.user_id == user.id and row.type in NODE_OWNED)]
    latest: dict[str, SyncChange] = {}
    for row in rows:
        latest.pop(row.uid, None)
        latest[row.uid] = row  # keeps the order of each record's last change
    readable = []
    for row in latest.values():
        codec = CODECS.get(row.type)
        if codec is None:
            continue
        record = db.session.get(codec.model, row.record_id)
        if record is not None and may_read_change(user, row.type, record):
            readable.append((row, codec, record))
    authors = hub_authors([record for _, _, record in readable])
    out = []
    for row, codec, record in readable:
        archived = getattr(record, "archived_at", None) is not None
        out.append({"type": row.type, "uid": record.uid, "version": getattr(record, "version", None) or 1,
                    "op": "archive" if archived else "upsert", "data": codec.dump(user, record),
                    "changed_at": row.changed_at.isoformat(), "seq": row.seq,
                    "author": authors.get((record.__tablename__, record.id))})
    return out, cursor, more


# --- applying a node's batch on the hub ------------------------------------------------------------

def _diff(fields, local: dict, remote: dict) -> dict:
    return {name: [local.get(name), remote.get(name)] for name in fields
            if name in remote and _same(local.get(name)) != _same(remote.get(name))}


def _same(value):
    """Compare across JSON: 12 and 12.0 and "12.00" are one figure."""
    if isinstance(value, bool) or value is None:
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


def _check_item(user, item) -> tuple[str, str, dict, object]:
    if not isinstance(item, dict):
        raise Rejected("Each change is an object.", {"change": ["not an object"]})
    type_, uid, data = item.get("type"), item.get("uid"), item.get("data")
    if type_ not in CODECS:
        raise Rejected("Unknown type.", {"type": ["unknown type"]})
    if not isinstance(uid, str) or len(uid) != 36:
        raise Rejected("uid must be a UUID.", {"uid": ["not a UUID"]})
    if not isinstance(data, dict):
        raise Rejected("data must be an object.", {"data": ["not an object"]})
    if type_ not in NODE_OWNED or not policy.may_sync_write(user, type_):
        raise Rejected("The hub owns this type; a node cannot write it.", {"type": ["hub-owned"]})
    if item.get("op", "upsert") not in ("upsert", "archive") or (
            item.get("op") == "archive" and not issubclass(CODECS[type_].model, Archivable)):
        raise Rejected("op is upsert, or archive for a record that is archived.", {"op": ["upsert or archive"]})
    base = item.get("base_version")
    if base is not None and (not isinstance(base, int) or isinstance(base, bool)):
        raise Rejected("base_version must be a whole number.", {"base_version": ["not a whole number"]})
    return type_, uid, data, base


def apply_one(user, item) -> dict:
    """One change sent up by a node: applied, a conflict (kept for a person), or rejected (nothing written).

    The audit rows it writes carry the face `sync`, the token's user, and the author the node names
    (the person who made the change there) with the node's code.
    """
    type_, uid, data, base = _check_item(user, item)
    set_author(_author_text(item.get("author")), user.node.code if getattr(user, "node", None) else None)
    try:
        return _apply_one(user, item, type_, uid, data, base)
    finally:
        set_author(None)


def _author_text(author) -> str | None:
    if not isinstance(author, dict):
        return None
    name, email = author.get("name"), author.get("email")
    name = name.strip()[:150] if isinstance(name, str) else ""
    email = email.strip()[:150] if isinstance(email, str) else ""
    if name and email:
        return f"{name} <{email}>"
    return name or email or None


def _apply_one(user, item, type_, uid, data, base) -> dict:
    archive_it = item.get("op") == "archive"
    codec = CODECS[type_]
    record = record_by_uid(type_, uid)
    if record is None:
        if db.session.scalar(select(func.count()).select_from(SyncChange).where(SyncChange.uid == uid)):
            raise Rejected("No such record.", {"uid": ["unknown"]})
    elif not policy.may_sync_read(user, type_, record) or not policy.may_edit_synced(user, record):
        raise Rejected("No such record.", {"uid": ["unknown"]})  # another node's: as if absent
    if record is not None:
        current = codec.dump(user, record)
        diff = _diff(codec.fields, current, data)
        if not diff and (not archive_it or record.archived_at is not None):
            return {"uid": uid, "status": "applied", "version": record.version, "errors": {}}  # already holds it
        if base != record.version:
            keep_conflict(type_, uid, getattr(record, "owner_node_id", None), record.version, current, base, data,
                          diff)
            return {"uid": uid, "status": "conflict", "version": record.version,
                    "errors": {"base_version": [f"the hub holds version {record.version}"]}}
    if record is None or diff:
        record = codec.apply(user, record, data, uid)
    if archive_it:
        policy.require(policy.may_sync_archive(user, record), "You may not archive this record.")
        archive(record)
    db.session.flush()
    return {"uid": uid, "status": "applied", "version": record.version, "errors": {}}


# --- archives and authors ----------------------------------------------------------------------------

def op_of(record) -> str:
    return "archive" if getattr(record, "archived_at", None) is not None else "upsert"


def mirror_archive(record, op, restore: bool = True) -> None:
    """A record the other side archived is archived here; one it brought back is brought back (idempotent).

    `restore=False` for a record this side writes: an archive made here and not yet sent stays.
    """
    if not isinstance(record, Archivable):
        return
    if op == "archive" and record.archived_at is None:
        archive(record)
    elif op == "upsert" and record.archived_at is not None and restore:
        unarchive(record)
        db.session.flush()


def author_of(record) -> dict | None:
    """Who last changed a record on this instance (not through sync): sent up with the change."""
    from app.audit.models import AuditEvent

    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.record_type == record.__tablename__, AuditEvent.record_id == record.id,
        AuditEvent.face != "sync", AuditEvent.user_id.is_not(None)).order_by(AuditEvent.id.desc()).limit(1))
    if event is None or event.user is None:
        return None
    return {"name": event.user.name, "email": event.user.email}


def hub_authors(records) -> dict[tuple[str, int], dict]:
    """Who made each record's last change, when it was made on this instance by a person (not brought by
    sync, not by a command): {(table, id): {"name"}}, what the feed carries down so that a node's audit
    log names the hub's author. The name only: a node's token need not learn the hub's addresses."""
    from app.audit.models import AuditEvent
    from app.auth.models import User

    keys = {(record.__tablename__, record.id) for record in records}
    if not keys:
        return {}
    last = select(func.max(AuditEvent.id)).where(
        tuple_(AuditEvent.record_type, AuditEvent.record_id).in_(keys)).group_by(AuditEvent.record_type,
                                                                                  AuditEvent.record_id)
    rows = db.session.execute(select(AuditEvent.record_type, AuditEvent.record_id, AuditEvent.face, User.name)
                              .join(User, User.id == AuditEvent.user_id).where(AuditEvent.id.in_(last)))
    return {(table, id_): {"name": name} for table, id_, face, name in rows if face != "sync" and name}


def outgoing_item(type_: str, record) -> dict:
    """One of this node's changes as it goes up, by HTTP or in a bundle: the record as JSON, whether it
    is archived, the hub version it was based on, and who made it here."""
    from app.auth.actors import SYSTEM

    link = link_for(record.uid)
    return {"type": type_, "uid": record.uid, "op": op_of(record), "data": CODECS[type_].dump(SYSTEM, record),
            "base_version": link.remote_version if link else None, "author": author_of(record)}


def apply_batch(user, changes) -> list[dict]:
    """Each change in its own savepoint: one bad item does not block the others."""
    if not isinstance(changes, list):
        raise Rejected("changes must be a list.", {"changes": ["not a list"]})
    if len(changes) > MAX_LIMIT:
        raise Rejected(f"Send at most {MAX_LIMIT} changes at once.", {"changes": ["too many"]})
    results = []
    for item in changes:
        uid = item.get("uid") if isinstance(item, dict) else None
        savepoint = db.session.begin_nested()
        try:
            result = apply_one(user, item)
            savepoint.commit()
        except (DomainError, NotFound) as error:
            savepoint.rollback()
            result = {"uid": uid, "status": "rejected", "version": None,
                      "errors": getattr(error, "fields", None) or {"_schema": [str(error)]}}
        results.append(result)
    return results


# --- conflicts ---------------------------------------------------------------------------------------

def keep_conflict(type_, uid, node_id, local_version, local_data, remote_version, remote_data, diff) -> SyncConflict:
    """Keep both sides; an open conflict of the same record is brought up to date, not doubled."""
    conflict = db.session.scalar(select(SyncConflict).where(SyncConflict.uid == uid,
                                                            SyncConflict.resolved_at.is_(None)))
    if conflict is None:
        conflict = SyncConflict(type=type_, uid=uid, node_id=node_id)
        db.session.add(conflict)
    conflict.local_version, conflict.local_data = local_version, local_data
    conflict.remote_version, conflict.remote_data, conflict.diff = remote_version, remote_data, diff
    db.session.flush()
    return conflict


def open_conflicts(user):
    query = select(SyncConflict).where(SyncConflict.resolved_at.is_(None)).order_by(SyncConflict.created_at)
    if not policy.is_staff(user):
        query = query.where(SyncConflict.node_id == user.node_id)
    return db.session.scalars(query).all()


def resolve_conflict(user, conflict: SyncConflict, side: str) -> None:
    """Keep one side: `local` leaves this instance's record as it is; `remote` applies the other side's data."""
    policy.require(policy.may_resolve_conflict(user, conflict), "You may not resolve this conflict.")
    if conflict.resolved_at is not None:
        raise DomainError("This conflict is already resolved.", {"side": ["already resolved"]})
    if side not in ("local", "remote"):
        raise DomainError("Choose a side.", {"side": ["choose local or remote"]})
    codec = CODECS[conflict.type]
    record = record_by_uid(conflict.type, conflict.uid)
    if side == "remote":
        codec.apply(user, record, conflict.remote_data, conflict.uid)
    db.session.flush()
    if record is not None and conflict.remote_version is not None:
        remember_link(conflict.type, conflict.uid, conflict.remote_version, getattr(record, "version", None))
    conflict.resolved_at, conflict.resolved_by_id, conflict.resolution = utcnow(), user.id, side
    db.session.flush()


def node_overview(user) -> list[dict]:
    """On the hub: for each node it may see, when the hub last received a change from it, and its open conflicts."""
    from app.nodes.models import Node

    received = dict(db.session.execute(select(SyncChange.node_id, func.max(SyncChange.changed_at)).where(
        SyncChange.face == "sync", SyncChange.node_id.is_not(None)).group_by(SyncChange.node_id)).all())
    conflicts = dict(db.session.execute(select(SyncConflict.node_id, func.count()).where(
        SyncConflict.resolved_at.is_(None), SyncConflict.node_id.is_not(None)).group_by(SyncConflict.node_id)).all())
    query = select(Node).where(Node.archived_at.is_(None)).order_by(Node.code)
    if not policy.is_staff(user):
        query = query.where(Node.id == user.node_id)
    return [{"node": node, "last_received": received.get(node.id), "conflicts": conflicts.get(node.id, 0)}
            for node in db.session.scalars(query)]


def outgoing_changes(after: int, node_id: int | None = None):
    """The feed rows a node instance has to send up: node-owned records changed here (not by sync itself)
    after feed position ``after``; of one node when given. The one rule of `sync run`, `sync export` and the
    status page's count."""
    where = [SyncChange.seq > after, SyncChange.type.in_(NODE_OWNED),
             or_(SyncChange.face.is_(None), SyncChange.face != "sync")]
    if node_id is not None:
        where.append(SyncChange.node_id == node_id)
    return select(SyncChange).where(*where)


def status_summary() -> dict:
    pending = db.session.scalar(select(func.count()).select_from(
        outgoing_changes(int(get_state("push_seq", "0"))).subquery()))
    return {"last_success": get_state("last_success"), "last_error": get_state("last_error"),
            "pull_cursor": int(get_state("pull_cursor", "0")), "push_seq": int(get_state("push_seq", "0")),
            "pending": pending,
            "conflicts": db.session.scalar(select(func.count()).select_from(SyncConflict).where(
                SyncConflict.resolved_at.is_(None)))}
