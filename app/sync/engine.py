"""`sync run` on a node instance: pull the hub's changes since the stored cursor, then push this node's.

Resumable: each page is committed with the cursor that follows it, so a cut (or a kill) loses at
most the page in flight, which the next run asks for again; applying a page twice changes nothing
(the links remember the hub version each record was last synced at), and a pushed batch carries an
Idempotency-Key made of its seq range, so a retried push is answered from the hub's store.
"""

import hashlib
import json
import urllib.error
import urllib.request

from flask import current_app, g
from sqlalchemy import or_, select

from app.audit.recorder import set_face
from app.auth.actors import SYSTEM
from app.core.db import utcnow
from app.extensions import db
from app.nodes.models import Node
from app.sync import services as sync
from app.sync.models import SyncChange
from app.sync.registry import CODECS, NODE_OWNED

PAGE = 200
TIMEOUT = 30


class SyncFailed(RuntimeError):
    pass


def _request(method: str, path: str, body: dict | None = None, headers: dict | None = None) -> dict:
    config = current_app.config
    url = config["CSDR_HUB_URL"].rstrip("/") + "/api/v1" + path
    if not url.startswith(("http://", "https://")):
        raise SyncFailed("CSDR_HUB_URL must be an http(s) address.")
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={  # noqa: S310 (http(s) only, checked)
        "Authorization": f"Bearer {config['CSDR_HUB_TOKEN']}", "Content-Type": "application/json",
        "Accept": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as response:  # noqa: S310 (http(s) only)
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        raise SyncFailed(f"the hub answered {error.code}: {error.read()[:300]!r}") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise SyncFailed(f"the hub cannot be reached: {error}") from None


def local_node() -> Node | None:
    code = current_app.config.get("CSDR_NODE")
    return db.session.scalar(select(Node).where(Node.code == code)) if code else None


def apply_pulled(change: dict) -> str:
    """One change from the hub, applied here: applied, skipped (already held), or conflict."""
    codec = CODECS.get(change.get("type"))
    if codec is None or codec.apply_local is None:
        return "skipped"
    uid, version, data = change["uid"], change.get("version"), change.get("data") or {}
    record = sync.record_by_uid(codec.type, uid)
    link = sync.link_for(uid)
    if link is not None and link.remote_version == version and record is not None:
        return "skipped"
    if record is not None and not codec.hub_owned and link is not None \
            and getattr(record, "version", None) != link.local_version:
        mine = codec.dump(SYSTEM, record)
        diff = sync._diff(codec.fields, mine, data)
        if diff:  # changed here and there since the last sync: both kept for a person
            sync.keep_conflict(codec.type, uid, getattr(record, "owner_node_id", None), record.version, mine,
                               version, data, diff)
            return "conflict"
    savepoint = db.session.begin_nested()
    try:
        record = codec.apply_local(record, data, uid)
        sync.mirror_archive(record, change.get("op"), restore=codec.hub_owned)
        savepoint.commit()
    except Exception as error:  # noqa: BLE001  (one record the node cannot hold must not stop the sync)
        savepoint.rollback()
        current_app.logger.warning("sync: %s %s not applied: %s", codec.type, uid, error)
        return "rejected"
    sync.remember_link(codec.type, uid, version, getattr(record, "version", None))
    return "applied"


def pull() -> dict:
    counts = {"applied": 0, "skipped": 0, "conflict": 0, "rejected": 0}
    while True:
        since = int(sync.get_state("pull_cursor", "0"))
        page = _request("GET", f"/sync/changes?since={since}&limit={PAGE}")
        later = []
        for change in page.get("changes", []):
            status = apply_pulled(change)
            if status == "rejected":
                later.append(change)  # it may name a record further down the page: once more at the end
            else:
                counts[status] += 1
        for change in later:
            counts[apply_pulled(change)] += 1
        sync.set_state("pull_cursor", page["cursor"])
        db.session.commit()  # the page and its cursor together
        if not page.get("more"):
            return counts


def _pending(node: Node, after: int) -> list[SyncChange]:
    return db.session.scalars(select(SyncChange).where(
        SyncChange.seq > after, SyncChange.type.in_(NODE_OWNED), SyncChange.node_id == node.id,
        or_(SyncChange.face.is_(None), SyncChange.face != "sync")).order_by(SyncChange.seq).limit(PAGE)).all()


def push() -> dict:
    node = local_node()
    counts = {"applied": 0, "conflict": 0, "rejected": 0}
    if node is None:
        return counts
    while True:
        after = int(sync.get_state("push_seq", "0"))
        rows = _pending(node, after)
        if not rows:
            return counts
        latest = {}
        for row in rows:
            latest.pop(row.uid, None)
            latest[row.uid] = row
        items, records = [], {}
        for row in latest.values():
            codec = CODECS[row.type]
            record = db.session.get(codec.model, row.record_id)
            if record is None:
                continue
            link = sync.link_for(record.uid)
            records[record.uid] = (codec, record)
            items.append({"type": row.type, "uid": record.uid, "op": sync.op_of(record),
                          "data": codec.dump(SYSTEM, record), "base_version": link.remote_version if link else None,
                          "author": sync.author_of(record)})
        key = hashlib.sha256(f"{node.uid}:{after}:{rows[-1].seq}".encode()).hexdigest()
        answer = _request("POST", "/sync/changes", {"changes": items}, {"Idempotency-Key": key})
        for result in answer.get("results", []):
            counts[result["status"]] = counts.get(result["status"], 0) + 1
            codec, record = records.get(result.get("uid"), (None, None))
            if result["status"] == "applied" and record is not None:
                sync.remember_link(codec.type, record.uid, result["version"], record.version)
        sync.set_state("push_seq", rows[-1].seq)
        db.session.commit()


def run() -> dict:
    """Pull, then push. Raises SyncFailed (after keeping what was committed) when the hub cannot be reached."""
    if current_app.config.get("CSDR_INSTANCE") != "node":
        raise SyncFailed("This instance is the hub; `sync run` runs on node instances (CSDR_INSTANCE=node).")
    if not current_app.config.get("CSDR_HUB_URL") or not current_app.config.get("CSDR_HUB_TOKEN"):
        raise SyncFailed("Set CSDR_HUB_URL and CSDR_HUB_TOKEN.")
    before = (g.get("audit_face"), g.get("audit_user_id"))
    set_face("sync", None)
    try:
        pulled = pull()
        pushed = push()
    except SyncFailed as error:
        db.session.rollback()
        sync.set_state("last_error", f"{utcnow().isoformat()} {error}")
        db.session.commit()
        raise
    finally:
        g.audit_face, g.audit_user_id = before  # what this context does next is not sync's
    sync.set_state("last_success", utcnow().isoformat())
    sync.set_state("last_error", None)
    db.session.commit()
    return {"pulled": pulled, "pushed": pushed}
