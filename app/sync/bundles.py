"""Signed bundles (issue 12): `sync export` / `sync import` for links too poor for HTTP, carried on a disk.

A bundle is one JSON file, written in canonical form (sorted keys, no spaces, ASCII only):

    {"format": "csdr-sync-bundle/1", "header": {...}, "body": {...}, "signature": "<hex>"}

The signature is Ed25519 over the canonical bytes of {"body", "format", "header"}, made with the
sender's key (generated once into the data folder, `<CSDR_DATA_DIR>/sync/ed25519.key`). The
receiver checks it with the key it trusts for that sender (`sync trust`), and refuses any file
that is not byte for byte the canonical form of what it holds: one byte changed anywhere is
refused, whole, before anything is written.

- A node's bundle (`export --out`) carries what `sync run` would push (the same items), its pull
  cursor and the range of its change feed the items cover. The hub applies the items through the
  very code of POST /sync/changes (services.apply_batch) as the node's coordinator, and
  remembers per node the cursor, the last change received and the results.
- The hub's bundle (`export --for CODE --out`) carries what that node would pull since the cursor
  it last acknowledged (services.changes_since as the coordinator, the same policy as GET
  /sync/changes), the results of the node's last bundle and the last change received from it, and
  the files those changes name that the node may read (as GET /sync/blobs would give them). The
  node applies the changes through the very code of `sync run` (engine.apply_pulled) and keeps
  the files by hash.

The same bundle imported twice applies nothing the second time (its id is remembered); an older
bundle than one already imported applies nothing it would move backwards.
"""

import base64
import binascii
import json
import os
import uuid
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from flask import current_app, g
from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.recorder import set_face
from app.auth import policy
from app.auth.models import Role, User
from app.core.db import utcnow
from app.extensions import db
from app.nodes.models import Node
from app.sync import blobs, engine
from app.sync import services as sync
from app.sync.registry import CODECS

FORMAT = "csdr-sync-bundle/1"
HUB = "hub"
MAX_BYTES = 512 * 1024 * 1024
KEPT_RESULTS = 5000  # per node: the hub versions of what its bundles sent, until the node's answer is imported


class BundleRefused(RuntimeError):
    """The bundle is not applied at all (nothing written); the message says why."""


# --- keys ---------------------------------------------------------------------------------------------

def key_path() -> Path:
    return Path(current_app.config["CSDR_DATA_DIR"]) / "sync" / "ed25519.key"


def private_key() -> Ed25519PrivateKey:
    """This instance's signing key, made once into the data folder (readable by its owner only)."""
    path = key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                         serialization.NoEncryption())
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # made at the same moment by another process: use that one
        else:
            with os.fdopen(fd, "wb") as out:
                out.write(pem)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise BundleRefused(_("%(path)s does not hold an Ed25519 key.", path=path))
    return key


def encode_key(key: Ed25519PublicKey) -> str:
    return base64.b64encode(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)).decode()


def public_key() -> str:
    """This instance's public key, as `sync trust` and CSDR_HUB_PUBLIC_KEY take it (base64 of 32 bytes)."""
    return encode_key(private_key().public_key())


def parse_key(text: str) -> Ed25519PublicKey:
    try:
        raw = base64.b64decode((text or "").strip(), validate=True)
        if len(raw) != 32 or base64.b64encode(raw).decode() != (text or "").strip():
            raise ValueError
        return Ed25519PublicKey.from_public_bytes(raw)
    except (ValueError, binascii.Error):
        raise BundleRefused(_("This is not an Ed25519 public key (base64 of 32 bytes, as `sync key` prints it)."))\
            from None


def _trust_name(sender: str) -> str:
    return f"bundle_key:{sender}"


def trust(sender: str, key_text: str, email: str | None = None) -> dict:
    """Trust a public key for bundles from `sender` (a node's code on the hub, "hub" on a node)."""
    parse_key(key_text)
    answer = {"sender": sender, "key": key_text.strip()}
    if sender != HUB:
        node = _node(sender)
        user = _coordinator(node, email)
        sync.set_state(f"bundle_user:{node.code}", user.id)
        answer["as"] = user.email
    sync.set_state(_trust_name(sender), key_text.strip())
    return answer


def trusted_key(sender: str) -> Ed25519PublicKey | None:
    text = sync.get_state(_trust_name(sender))
    if text is None and sender == HUB:
        text = current_app.config.get("CSDR_HUB_PUBLIC_KEY") or None
    return parse_key(text) if text else None


def _node(code: str) -> Node:
    node = db.session.scalar(select(Node).where(Node.code == code)) if code else None
    if node is None:
        raise BundleRefused(_("No node has the code %(code)s.", code=code))
    return node


def _coordinator(node: Node, email: str | None) -> User:
    """The coordinator whose rights a node's bundles carry (as that node's token would)."""
    query = select(User).where(User.node_id == node.id, User.role == Role.coordinator,
                               User.is_active_account.is_(True))
    if email:
        query = query.where(User.email == email.strip().lower())
    found = db.session.scalars(query.order_by(User.id)).all()
    if not found and email:
        raise BundleRefused(_("Node %(code)s has no active coordinator with the address %(email)s.",
                              code=node.code, email=email))
    if not found:
        raise BundleRefused(_("Node %(code)s has no active coordinator: a node's bundles act as its coordinator.",
                              code=node.code))
    if len(found) > 1:
        raise BundleRefused(_("Node %(code)s has several coordinators: name one with --email.", code=node.code))
    return found[0]


def _acting_user(node: Node) -> User:
    user_id = sync.get_state(f"bundle_user:{node.code}")
    user = db.session.get(User, int(user_id)) if user_id else None
    if user is None or not policy.may_sync(user) or user.node_id != node.id:
        raise BundleRefused(_("No coordinator of node %(code)s may sync any more: run `sync trust` again.",
                              code=node.code))
    return user


# --- the file -----------------------------------------------------------------------------------------

def canonical(value) -> bytes:
    """The one byte form of a bundle: what the JSON API would send (Decimals, dates as jsonify writes them)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False,
                      default=current_app.json.default).encode()


def _seal(header: dict, body: dict) -> bytes:
    signed = {"body": body, "format": FORMAT, "header": header}
    signature = private_key().sign(canonical(signed)).hex()
    return canonical(signed | {"signature": signature})


def _sender_of_me() -> str:
    return HUB if current_app.config.get("CSDR_INSTANCE") != "node" else current_app.config.get("CSDR_NODE") or ""


def read(path: Path) -> dict:
    """A bundle checked whole: canonical bytes, a known format, for this instance, signed by a trusted key.

    Returns {"header", "body"}; raises BundleRefused (nothing written) otherwise.
    """
    try:
        if path.stat().st_size > MAX_BYTES:
            raise BundleRefused(_("The file is too large to be a sync bundle."))
        raw = path.read_bytes()
    except OSError as error:
        raise BundleRefused(_("The bundle cannot be read: %(error)s", error=error.strerror or error)) from None
    try:
        bundle = json.loads(raw)
    except (ValueError, RecursionError):
        raise BundleRefused(_("The file is not a sync bundle, or it was damaged.")) from None
    if not isinstance(bundle, dict) or bundle.get("format") != FORMAT or set(bundle) != {
            "body", "format", "header", "signature"} or not isinstance(bundle["header"], dict) \
            or not isinstance(bundle["body"], dict) or not isinstance(bundle["signature"], str):
        raise BundleRefused(_("The file is not a sync bundle, or it was damaged."))
    if canonical(bundle) != raw:
        raise BundleRefused(_("The bundle was changed after it was signed; it is refused whole."))
    header = bundle["header"]
    sender, recipient = header.get("sender"), header.get("recipient")
    me = _sender_of_me()
    if recipient != me:
        raise BundleRefused(_("The bundle is for %(recipient)s, not for this instance (%(me)s); nothing was "
                              "imported.", recipient=recipient, me=me))
    if not isinstance(sender, str) or sender == me or (me != HUB and sender != HUB):
        raise BundleRefused(_("This instance takes no bundles from %(sender)s.", sender=sender))
    key = trusted_key(sender)
    if key is None:
        raise BundleRefused(_("No key is trusted for %(sender)s: run `sync trust` with the key it prints with "
                              "`sync key`.", sender=sender))
    try:
        signature = bytes.fromhex(bundle["signature"])
        if signature.hex() != bundle["signature"]:
            raise ValueError
        key.verify(signature, canonical({k: bundle[k] for k in ("body", "format", "header")}))
    except (ValueError, InvalidSignature):
        raise BundleRefused(_("The bundle's signature does not match the key trusted for %(sender)s: it was "
                              "changed, or signed by another key. Nothing was imported.", sender=sender)) from None
    if not isinstance(header.get("id"), str) or len(header["id"]) != 36:
        raise BundleRefused(_("The file is not a sync bundle, or it was damaged."))
    return {"header": header, "body": bundle["body"]}


def _header(recipient: str, kind: str) -> dict:
    return {"id": str(uuid.uuid4()), "sender": _sender_of_me(), "recipient": recipient, "kind": kind,
            "created_at": utcnow().isoformat(), "key": public_key()}


# --- a node instance ----------------------------------------------------------------------------------

def _require_node_instance() -> Node:
    if current_app.config.get("CSDR_INSTANCE") != "node":
        raise BundleRefused(_("This instance is the hub: export a node's answer with `sync export --for CODE`."))
    node = engine.local_node()
    if node is None:
        raise BundleRefused(_("CSDR_NODE names no node known here: run `sync run` once, or import a bundle from "
                              "the hub first."))
    return node


def _node_items(node: Node) -> tuple[list[dict], int, int]:
    """What `sync run` would push (engine.pending_items, every page), each item with our version of the
    record. Returns (items, first seq after, last seq)."""
    start = int(sync.get_state("push_seq", "0"))
    items, versions, end = engine.pending_items(node, start, whole=True)
    return [{**item, "local_version": versions[item["uid"]][1]} for item in items], start, end


def export_node() -> tuple[bytes, dict]:
    node = _require_node_instance()
    items, start, end = _node_items(node)
    body = {"node": node.code, "changes": items, "push_after": start, "push_to": end,
            "cursor": int(sync.get_state("pull_cursor", "0"))}
    header = _header(HUB, "node-to-hub")
    return _seal(header, body), {"bundle": header["id"], "changes": len(items), "cursor": body["cursor"]}


def _import_on_node(header: dict, body: dict) -> dict:
    if body.get("node") != current_app.config.get("CSDR_NODE"):  # the first bundle brings the node itself
        raise BundleRefused(_("The bundle is for node %(code)s, not for this one.", code=body.get("node")))
    changes, results = body.get("changes"), body.get("results")
    try:
        since, cursor, ack = int(body["since"]), int(body["cursor"]), int(body.get("ack_push_seq") or 0)
    except (KeyError, TypeError, ValueError):
        raise BundleRefused(_("The file is not a sync bundle, or it was damaged.")) from None
    try:
        files = blobs.unpack(body.get("files", {}))
    except ValueError:
        files = None
    if not isinstance(changes, list) or not isinstance(results, list) or files is None:
        raise BundleRefused(_("The file is not a sync bundle, or it was damaged."))
    held = int(sync.get_state("pull_cursor", "0"))
    if since > held:
        raise BundleRefused(_("The bundle starts after the hub's change %(since)s but this node holds changes up "
                              "to %(held)s only: carry a new bundle from this node to the hub first.",
                              since=since, held=held))
    counts = {"applied": 0, "skipped": 0, "conflict": 0, "rejected": 0}
    for result in results:  # the hub's answer to our last bundle: the versions it holds, as a push learns them
        codec = CODECS.get(result.get("type")) if isinstance(result, dict) else None
        if codec is None or result.get("status") != "applied" or not isinstance(result.get("uid"), str):
            continue
        link = sync.link_for(result["uid"])
        if link is None or (link.remote_version or 0) < (result.get("version") or 0):
            sync.remember_link(codec.type, result["uid"], result.get("version"), result.get("local_version"))
    for change in changes:
        if not isinstance(change, dict) or not isinstance(change.get("uid"), str):
            counts["rejected"] += 1
        elif int(change.get("seq") or 0) <= held:
            counts["skipped"] += 1  # already pulled (by `sync run` or an earlier bundle)
        else:
            counts[engine.apply_pulled(change)] += 1
            blobs.note_wanted(change.get("data"))  # fetched by the next `sync run` that reaches the hub
    kept = sum(blobs.keep_bytes(store, sha256, content) for sha256, store, content in files)
    blobs.forget_wanted([sha256 for sha256, _store, _content in files])
    sync.set_state("pull_cursor", max(held, cursor))
    sync.set_state("push_seq", max(int(sync.get_state("push_seq", "0")), ack))
    return {"pulled": counts, "cursor": max(held, cursor), "acknowledged": ack, "files": kept}


# --- the hub ------------------------------------------------------------------------------------------

def _require_hub():
    if current_app.config.get("CSDR_INSTANCE") == "node":
        raise BundleRefused(_("This is a node instance: `sync export --for` runs on the hub."))


def export_for(code: str) -> tuple[bytes, dict]:
    """What node `code` would pull since the cursor of its last bundle, and the answer to that bundle."""
    _require_hub()
    node = _node(code)
    if trusted_key(node.code) is None:
        raise BundleRefused(_("No key is trusted for %(sender)s: run `sync trust` with the key it prints with "
                              "`sync key`.", sender=node.code))
    user = _acting_user(node)
    since = cursor = int(sync.get_state(f"bundle_cursor:{node.code}", "0"))
    changes, more = [], True
    while more:
        page, cursor, more = sync.changes_since(user, cursor, sync.MAX_LIMIT)
        changes.extend(page)
    named: dict[str, str] = {}
    for change in changes:
        named |= blobs.hashes_in(change.get("data"))
    body = {"node": node.code, "since": since, "cursor": cursor, "changes": changes,
            "files": blobs.pack(user, named),  # the files the changes name that this node may see
            "ack_push_seq": int(sync.get_state(f"bundle_push:{node.code}", "0")),
            "results": json.loads(sync.get_state(f"bundle_results:{node.code}", "[]"))}
    header = _header(node.code, "hub-to-node")
    return _seal(header, body), {"bundle": header["id"], "node": node.code, "changes": len(changes),
                                 "files": len(body["files"]), "since": since, "cursor": cursor}


def _import_on_hub(header: dict, body: dict) -> dict:
    _require_hub()
    node = _node(header["sender"])
    if body.get("node") != node.code:
        raise BundleRefused(_("The bundle is for node %(code)s, not for this one.", code=body.get("node")))
    user = _acting_user(node)
    changes = body.get("changes")
    try:
        push_to, cursor = int(body["push_to"]), int(body["cursor"])
    except (KeyError, TypeError, ValueError):
        raise BundleRefused(_("The file is not a sync bundle, or it was damaged.")) from None
    if not isinstance(changes, list):
        raise BundleRefused(_("The file is not a sync bundle, or it was damaged."))
    received = int(sync.get_state(f"bundle_push:{node.code}", "0"))
    counts = {"applied": 0, "conflict": 0, "rejected": 0}
    answer = {"node": node.code, "pushed": counts, "results": []}
    if push_to > received:  # else: an older bundle than one already applied, nothing in it is new
        set_face("sync", user.id)
        results = []
        for start in range(0, len(changes), sync.MAX_LIMIT):
            chunk = changes[start:start + sync.MAX_LIMIT]
            for item, result in zip(chunk, sync.apply_batch(user, chunk), strict=True):
                result = dict(result)
                if isinstance(item, dict):
                    result.update(type=item.get("type"), local_version=item.get("local_version"))
                results.append(result)
        for result in results:
            counts[result["status"]] = counts.get(result["status"], 0) + 1
        answer["results"] = results
        # Kept for the node until it learns them (a hub answer it imports), merged with those of earlier
        # bundles it may not have had an answer to yet: the newest result of each record.
        held = {r.get("uid"): r for r in json.loads(sync.get_state(f"bundle_results:{node.code}", "[]"))}
        held |= {r.get("uid"): r for r in results if r.get("status") == "applied"}
        sync.set_state(f"bundle_results:{node.code}", json.dumps(list(held.values())[-KEPT_RESULTS:]))
        sync.set_state(f"bundle_push:{node.code}", push_to)
    old_cursor = int(sync.get_state(f"bundle_cursor:{node.code}", "0"))
    sync.set_state(f"bundle_cursor:{node.code}", max(old_cursor, cursor))
    return answer


def import_file(path: Path) -> dict:
    """Check a bundle whole, then apply it; the caller commits (one transaction)."""
    bundle = read(path)
    header, body = bundle["header"], bundle["body"]
    seen = f"bundle_seen:{header['id']}"
    answer = {"bundle": header["id"], "from": header["sender"], "created_at": header.get("created_at")}
    if sync.get_state(seen) is not None:
        return answer | {"status": "already imported", "applied": 0}
    before = (g.get("audit_face"), g.get("audit_user_id"))
    set_face("sync", None)
    try:
        if current_app.config.get("CSDR_INSTANCE") == "node":
            result = _import_on_node(header, body)
        else:
            result = _import_on_hub(header, body)
    finally:
        g.audit_face, g.audit_user_id = before
    sync.set_state(seen, utcnow().isoformat())
    return answer | {"status": "imported"} | result
