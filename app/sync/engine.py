"""`sync run` on a node instance: pull the hub's changes since the stored cursor, then push this node's.

Resumable: each page is committed with the cursor that follows it, so a cut (or a kill) loses at
most the page in flight, which the next run asks for again; applying a page twice changes nothing
(the links remember the hub version each record was last synced at). A pushed batch is kept, with
its own Idempotency-Key, before it is sent, and sent again unchanged (first thing in the next run)
until an answer comes: a batch the hub applied but whose answer was lost is answered from the hub's
store, never applied twice nor refused as a different request under the same key.
"""

import http.client
import json
import urllib.error
import urllib.request
import uuid

from flask import current_app, g
from sqlalchemy import select

from app.audit.recorder import set_author, set_face
from app.auth.actors import SYSTEM
from app.core.db import utcnow
from app.extensions import db
from app.nodes.models import Node
from app.sync import blobs
from app.sync import services as sync
from app.sync.models import SyncChange
from app.sync.registry import CODECS

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
        try:
            detail = error.read()[:300]
        except (http.client.HTTPException, OSError):  # the error's body cut too
            detail = b""
        raise SyncFailed(f"the hub answered {error.code}: {detail!r}") from None
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as error:  # cut mid-answer too
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
    author = sync._author_text(change.get("author"))  # who made it at the hub: named in this audit log
    set_author(f"{author} (hub)" if author else None)
    savepoint = db.session.begin_nested()
    try:
        record = codec.apply_local(record, data, uid)
        sync.mirror_archive(record, change.get("op"), restore=codec.hub_owned)
        savepoint.commit()
    except Exception as error:  # noqa: BLE001  (one record the node cannot hold must not stop the sync)
        savepoint.rollback()
        current_app.logger.warning("sync: %s %s not applied: %s", codec.type, uid, error)
        return "rejected"
    finally:
        set_author(None)
    sync.remember_link(codec.type, uid, version, getattr(record, "version", None))
    return "applied"


def pull() -> dict:
    """The hub's changes since the cursor, page by page. Once this instance has caught up (it holds all
    its node's records), it asks without the echo of its own pushes: their versions came in the push
    answers, and an incremental sync then costs what changed, not what was sent up before."""
    counts = {"applied": 0, "skipped": 0, "conflict": 0, "rejected": 0}
    while True:
        since = int(sync.get_state("pull_cursor", "0"))
        echo = "&echo=false" if sync.get_state("caught_up") else ""
        page = _request("GET", f"/sync/changes?since={since}&limit={PAGE}{echo}")
        later = []
        for change in page.get("changes", []):
            status = apply_pulled(change)
            if status == "rejected":
                later.append(change)  # it may name a record further down the page: once more at the end
            else:
                counts[status] += 1
            blobs.note_wanted(change.get("data"))  # the files it names, fetched after the push
        for change in later:
            counts[apply_pulled(change)] += 1
        sync.set_state("pull_cursor", page["cursor"])
        if not page.get("more"):
            sync.set_state("caught_up", "1")
        db.session.commit()  # the page and its cursor together
        if not page.get("more"):
            return counts


def _pending(node: Node, after: int) -> list[SyncChange]:
    return db.session.scalars(sync.outgoing_changes(after, node.id).order_by(SyncChange.seq).limit(PAGE)).all()


def pending_items(node: Node, after: int, whole: bool = False) -> tuple[list[dict], dict, int]:
    """What this node has to send up, for `sync run` and for `sync export` alike: the newest state of each
    of the node's records changed here (not by sync itself) after feed position `after`, in the order of
    their last change; one page of the feed, or all of it (`whole`).

    Returns (items, versions, last): the outgoing items, {uid: [type, our version when sent]} (what the
    hub's answer is matched with), and the last feed position looked at (`after` when none)."""
    latest: dict[str, SyncChange] = {}
    last = after
    while rows := _pending(node, last):
        for row in rows:
            latest.pop(row.uid, None)
            latest[row.uid] = row
        last = rows[-1].seq
        if not whole:
            break
    items, versions = [], {}
    for row in latest.values():
        codec = CODECS[row.type]
        record = db.session.get(codec.model, row.record_id)
        if record is None:
            continue
        versions[record.uid] = [row.type, getattr(record, "version", None)]
        items.append(sync.outgoing_item(row.type, record))
    return items, versions, last


def _next_batch(node: Node) -> dict | None:
    """The batch to send: the one sent before and never answered, as it was and under its key (the hub
    may hold it already: its stored answer comes back), else a new one of the changes after push_seq."""
    saved = sync.get_state("push_batch")
    if saved:
        return json.loads(saved)
    after = int(sync.get_state("push_seq", "0"))
    items, versions, last = pending_items(node, after)
    if last == after:
        return None
    batch = {"key": uuid.uuid4().hex, "last": last, "items": items, "versions": versions}
    sync.set_state("push_batch", json.dumps(batch))
    db.session.commit()  # kept before it leaves: sent again unchanged until it is answered
    return batch


def push(resume_only: bool = False) -> dict:
    """Send this node's changes in batches; `resume_only`: just the batch left unanswered by a cut."""
    node = local_node()
    counts = {"applied": 0, "conflict": 0, "rejected": 0}
    if node is None or (resume_only and not sync.get_state("push_batch")):
        return counts
    while True:
        batch = _next_batch(node)
        if batch is None:
            return counts
        if batch["items"]:
            answer = _request("POST", "/sync/changes", {"changes": batch["items"]},
                              {"Idempotency-Key": batch["key"]})
            for result in answer.get("results", []):
                counts[result["status"]] = counts.get(result["status"], 0) + 1
                type_, local_version = batch["versions"].get(result.get("uid"), (None, None))
                if result["status"] == "applied" and type_ is not None:
                    sync.remember_link(type_, result["uid"], result["version"], local_version)
        sync.set_state("push_seq", batch["last"])
        sync.set_state("push_batch", None)
        db.session.commit()
        if resume_only:
            return counts


def fetch_blobs() -> dict:
    """The files the node learnt about, each resumed with Range from what a cut run left (app/sync/blobs.py)."""
    try:
        counts = blobs.fetch_missing()
    except urllib.error.HTTPError as error:
        raise SyncFailed(f"the hub answered {error.code} for a file") from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:  # a cut keeps what arrived
        raise SyncFailed(f"the hub cannot be reached: {error!r}") from None
    db.session.commit()
    return counts


def run() -> dict:
    """Pull, then push. Raises SyncFailed (after keeping what was committed) when the hub cannot be reached."""
    if current_app.config.get("CSDR_INSTANCE") != "node":
        raise SyncFailed("This instance is the hub; `sync run` runs on node instances (CSDR_INSTANCE=node).")
    if not current_app.config.get("CSDR_HUB_URL") or not current_app.config.get("CSDR_HUB_TOKEN"):
        raise SyncFailed("Set CSDR_HUB_URL and CSDR_HUB_TOKEN.")
    before = (g.get("audit_face"), g.get("audit_user_id"))
    set_face("sync", None)
    try:
        resumed = push(resume_only=True)  # a batch cut last time first, so its echo in the pull is known
        pulled = pull()
        pushed = push()
        for status, count in resumed.items():
            pushed[status] = pushed.get(status, 0) + count
        fetched = fetch_blobs()
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
    return {"pulled": pulled, "pushed": pushed, "blobs": fetched}
