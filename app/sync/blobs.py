"""Files by hash for sync (issue 12): documents and published reports' PDFs, read and sent up in parts.

Content lives where it always does: agreements' and governance documents in the document store
(app/agreements/documents.py, ``documents/<aa>/<sha256>``), generated reports' PDFs in the reports
folder (``reports/<sha256>.pdf``). A file is found through the records that name its hash
(HOLDERS); who may read or send it is the policy's answer for those records. Nothing is ever
overwritten: a file is linked into place under its hash only when its content hashes to it.

Parts of an upload wait under ``<CSDR_DATA_DIR>/sync/partial/`` (one file per hash and sender)
until the last part arrives, so a cut upload resumes where it stopped. A node instance downloads
the files it learns about (fetch_missing) with Range, resuming from its own partial file.
"""

import hashlib
import json
import os
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from app.auth import policy
from app.core.errors import DomainError, Forbidden, NotFound, ValidationFailed
from app.extensions import db

CHUNK = 64 * 1024
HEX = re.compile(r"[0-9a-f]{64}")
TIMEOUT = 30


class RangeNotSatisfiable(DomainError):
    status = 416
    code = "range_not_satisfiable"


class TooLarge(DomainError):
    status = 413
    code = "too_large"


class UploadGap(DomainError):
    status = 409
    code = "conflict"


def is_hash(text) -> bool:
    return isinstance(text, str) and HEX.fullmatch(text) is not None


# --- where files are, and who holds them ------------------------------------------------------------

def path_in(store: str, sha256: str) -> Path:
    if store == "reports":
        from app.reports.services import pdf_path

        return pdf_path(sha256)
    from app.agreements.documents import stored_path

    return stored_path(sha256)


def _agreement_documents(sha256):
    from app.agreements.models import AgreementDocument

    return [(d, "documents") for d in db.session.scalars(select(AgreementDocument).where(
        AgreementDocument.sha256 == sha256))]


def _governance_documents(sha256):
    from app.governance.models import GovernanceDocument

    return [(d, "documents") for d in db.session.scalars(select(GovernanceDocument).where(
        GovernanceDocument.sha256 == sha256))]


def _reports(sha256):
    from app.reports.models import Report

    return [(r, "reports") for r in db.session.scalars(select(Report).where(Report.pdf_sha256 == sha256))]


@dataclass
class Holder:
    record: object
    store: str  # "documents" | "reports"


# Each finds the records naming a hash, with the store their file lives in.
HOLDERS = [_agreement_documents, _governance_documents, _reports]


def holders(sha256: str) -> list[Holder]:
    return [Holder(record, store) for find in HOLDERS for record, store in find(sha256)]


def readable(user, sha256: str) -> tuple[Path, int]:
    """The file of a hash the user may read (as they may see a record naming it), with its size; else 404."""
    policy.require(policy.may_sync(user), "This account does not sync.")
    if not is_hash(sha256):
        raise NotFound("No such file.")
    for holder in holders(sha256):
        if policy.may_read_blob(user, holder.record):
            path = path_in(holder.store, sha256)
            if path.is_file():
                return path, path.stat().st_size
    raise NotFound("No such file.")


def _writable_store(user, sha256: str) -> str:
    """The store a hash the user may send up goes to: 404 when no record they see names it, 403 when not theirs."""
    policy.require(policy.may_sync(user), "This account does not sync.")
    if not is_hash(sha256):
        raise NotFound("No such file.")
    found = holders(sha256)
    for holder in found:
        if policy.may_write_blob(user, holder.record):
            return holder.store
    if any(policy.may_read_blob(user, holder.record) for holder in found):
        raise Forbidden("You may send only the files of your own node's records.")
    raise NotFound("No such file.")


# --- reading with Range ------------------------------------------------------------------------------

def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(first, last) of a `Range: bytes=…` header (one range), None for the whole file; 416 when unsatisfiable."""
    if not header:
        return None
    match = re.fullmatch(r"\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*", header)
    if match is None or (not match[1] and not match[2]):
        raise RangeNotSatisfiable("Ask for one byte range: bytes=first-last, bytes=first- or bytes=-count.",
                                  {"Range": ["one byte range"]})
    if not match[1]:  # the last N bytes
        count = int(match[2])
        if count == 0 or size == 0:
            raise RangeNotSatisfiable("The range is outside the file.", {"Range": ["outside the file"]})
        return max(0, size - count), size - 1
    first = int(match[1])
    last = min(int(match[2]), size - 1) if match[2] else size - 1
    if first >= size or (match[2] and int(match[2]) < first):
        raise RangeNotSatisfiable("The range is outside the file.", {"Range": ["outside the file"]})
    return first, last


def read_range(path: Path, first: int, last: int):
    """The bytes first..last of a file, in chunks."""
    with path.open("rb") as source:
        source.seek(first)
        left = last - first + 1
        while left > 0 and (chunk := source.read(min(CHUNK, left))):
            left -= len(chunk)
            yield chunk


# --- receiving in parts ------------------------------------------------------------------------------

def partial_dir() -> Path:
    path = Path(current_app.config["CSDR_DATA_DIR"]) / "sync" / "partial"
    path.mkdir(parents=True, exist_ok=True)
    return path


def forget_stale_parts(days: int) -> int:
    """Remove the parts of uploads and downloads nobody has resumed for ``days`` days (a node that gave up, a
    bundle import that died); how many. A part being written is touched by each write, so it is never stale."""
    folder = Path(current_app.config["CSDR_DATA_DIR"]) / "sync" / "partial"
    if not folder.is_dir():
        return 0
    cutoff = time.time() - days * 24 * 3600
    removed = 0
    for part in folder.iterdir():
        if part.is_file() and part.stat().st_mtime < cutoff:
            part.unlink(missing_ok=True)
            removed += 1
    return removed


def _content_range(header: str | None, limit: int) -> tuple[int | None, int | None, int] | None:
    """`Content-Range: bytes first-last/total` → (first, last, total); `bytes */total` → (None, None, total)."""
    if not header:
        return None
    match = re.fullmatch(r"\s*bytes\s+(?:(\d+)-(\d+)|\*)/(\d+)\s*", header)
    if match is None:
        raise ValidationFailed.on("Content-Range", "Send Content-Range: bytes first-last/total.")
    total = int(match[3])
    if total > limit:
        raise TooLarge(f"The file is larger than the {limit // (1024 * 1024)} MB allowed.", {"file": ["too large"]})
    if match[1] is None:
        return None, None, total
    first, last = int(match[1]), int(match[2])
    if first > last or last >= total:
        raise ValidationFailed.on("Content-Range", "The range does not fit in the total size.")
    return first, last, total


def _keep(part: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(part, target)  # never replaces a file already kept
    except FileExistsError:
        pass
    part.unlink(missing_ok=True)


def _hash_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def receive(user, sha256: str, stream, content_range: str | None, length: int | None) -> tuple[int, dict]:
    """A file, or one part of it, sent up: (status, answer).

    201 once the whole file is kept (checked against its hash), 200 when it was kept already
    (nothing is overwritten), 202 with what has been received while parts are missing.
    A mismatch with the hash → 422 and nothing kept.
    """
    from app.agreements.documents import max_upload_bytes

    store = _writable_store(user, sha256)
    target = path_in(store, sha256)
    if target.is_file():
        return 200, {"sha256": sha256, "size": target.stat().st_size, "complete": True}
    limit = max_upload_bytes()
    span = _content_range(content_range, limit)
    part = partial_dir() / f"{sha256}.{user.id}.part"
    held = part.stat().st_size if part.exists() else 0
    if span is None:  # the whole file in one request
        first, last, total = 0, (length or 0) - 1, None
    else:
        first, last, total = span
        if first is None:  # "bytes */total": how much is held?
            return 202, {"sha256": sha256, "received": held, "total": total, "complete": False}
        if first > held:
            raise UploadGap(f"Send the file from byte {held}: the parts before it have not arrived.",
                            {"Content-Range": [f"resume at {held}"]})
        if length is not None and length != last - first + 1:
            raise ValidationFailed.on("Content-Range", "The body's length does not match Content-Range.")
    expected = None if span is None else last - first + 1
    written = 0
    with part.open("r+b" if part.exists() else "wb") as out:
        out.truncate(first if span is not None else 0)
        out.seek(first if span is not None else 0)
        while chunk := stream.read(CHUNK):
            written += len(chunk)
            if (expected is not None and written > expected) or written + (first if span else 0) > limit:
                break
            out.write(chunk)
    if (expected is not None and written > expected) or written + (first if span else 0) > limit:
        part.unlink(missing_ok=True)
        raise ValidationFailed.on("Content-Range", "The body is longer than Content-Range says.")
    size = part.stat().st_size
    if total is not None and size < total:
        return 202, {"sha256": sha256, "received": size, "total": total, "complete": False}
    if _hash_of(part) != sha256:
        part.unlink(missing_ok=True)
        raise ValidationFailed(f"The content does not match the hash {sha256}; nothing was kept.",
                               {"sha256": [f"content does not match {sha256}"]})
    _keep(part, target)
    return 201, {"sha256": sha256, "size": size, "complete": True}


# --- a node instance fetching what it learns about ---------------------------------------------------

WANTED = "blobs_wanted"
STORE_OF_KEY = {"pdf_sha256": "reports"}  # any other key naming a hash: the document store


def hashes_in(data) -> dict[str, str]:
    """The files a record's data names (`sha256`, `pdf_sha256`, … anywhere in it), each with its store."""
    found: dict[str, str] = {}

    def walk(value, key=None):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(key, str) and key.endswith("sha256") and key != "data_sha256" and is_hash(value):
            found[value] = STORE_OF_KEY.get(key, "documents")

    walk(data)
    return found


def note_wanted(data) -> None:
    """Remember the files a pulled record names, to fetch those this instance does not hold."""
    from app.sync import services as sync

    found = hashes_in(data)
    if found:
        wanted = json.loads(sync.get_state(WANTED, "{}"))
        if not set(found) <= set(wanted):
            sync.set_state(WANTED, json.dumps(wanted | found, sort_keys=True))


def _hub_get(sha256: str, offset: int):
    config = current_app.config
    url = f"{config['CSDR_HUB_URL'].rstrip('/')}/api/v1/sync/blobs/{sha256}"
    if not url.startswith(("http://", "https://")):
        raise OSError("CSDR_HUB_URL must be an http(s) address.")
    headers = {"Authorization": f"Bearer {config['CSDR_HUB_TOKEN']}", "Accept-Encoding": "identity"}
    if offset:
        headers["Range"] = f"bytes={offset}-"
    return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=TIMEOUT)  # noqa: S310


def fetch_one(sha256: str, store: str) -> str:
    """Download one file from the hub, resuming a partial download: kept, missing (the hub has none for us)."""
    target = path_in(store, sha256)
    if target.is_file():
        return "kept"
    part = partial_dir() / f"{sha256}.download"
    offset = part.stat().st_size if part.exists() else 0
    try:
        response = _hub_get(sha256, offset)
    except urllib.error.HTTPError as error:
        if error.code == 416:  # our partial file is longer than the file: start again
            part.unlink(missing_ok=True)
            return "retry"
        if error.code in (403, 404):
            return "missing"
        raise
    with response, part.open("ab" if response.status == 206 else "wb") as out:
        while chunk := response.read(CHUNK):
            out.write(chunk)
            out.flush()  # a cut keeps what arrived; the next run asks for the rest
    if _hash_of(part) != sha256:
        part.unlink(missing_ok=True)
        return "corrupt"
    _keep(part, target)
    return "fetched"


def fetch_missing() -> dict:
    """Fetch each file the node has learnt about and does not hold; network errors propagate (OSError)."""
    from app.sync import services as sync

    wanted = json.loads(sync.get_state(WANTED, "{}"))
    counts: dict[str, int] = {}
    for sha256, store in sorted(wanted.items()):
        outcome = fetch_one(sha256, store)
        if outcome == "retry":
            outcome = fetch_one(sha256, store)
        counts[outcome] = counts.get(outcome, 0) + 1
        if outcome in ("kept", "fetched"):
            wanted.pop(sha256)
    sync.set_state(WANTED, json.dumps(wanted, sort_keys=True) if wanted else None)
    return counts


def forget_wanted(hashes) -> None:
    from app.sync import services as sync

    wanted = json.loads(sync.get_state(WANTED, "{}"))
    if any(sha in wanted for sha in hashes):
        for sha in hashes:
            wanted.pop(sha, None)
        sync.set_state(WANTED, json.dumps(wanted, sort_keys=True) if wanted else None)


# --- files carried in a bundle -----------------------------------------------------------------------

def pack(user, hashes: dict[str, str]) -> dict:
    """{sha256: {"store", "content" (base64)}} of the files the user may read among `hashes`."""
    import base64

    packed = {}
    for sha256, store in sorted(hashes.items()):
        try:
            path, _size = readable(user, sha256)
        except (NotFound, Forbidden):
            continue  # not theirs to see, or not held here: the other side fetches it when it may
        packed[sha256] = {"store": store, "content": base64.b64encode(path.read_bytes()).decode()}
    return packed


def unpack(files) -> list[tuple[str, str, bytes]]:
    """The files of a bundle, each checked against its hash; ValueError names the first that is not right."""
    import base64
    import binascii

    if not isinstance(files, dict):
        raise ValueError("files")
    out = []
    for sha256, entry in files.items():
        if not is_hash(sha256) or not isinstance(entry, dict) or entry.get("store") not in ("documents", "reports"):
            raise ValueError(sha256)
        try:
            content = base64.b64decode(entry.get("content") or "", validate=True)
        except (binascii.Error, ValueError, TypeError):
            raise ValueError(sha256) from None
        if hashlib.sha256(content).hexdigest() != sha256:
            raise ValueError(sha256)
        out.append((sha256, entry["store"], content))
    return out


def keep_bytes(store: str, sha256: str, content: bytes) -> bool:
    """Keep checked content under its hash (never overwriting); False when it was held already."""
    target = path_in(store, sha256)
    if target.is_file():
        return False
    part = partial_dir() / f"{sha256}.bundle"
    part.write_bytes(content)
    _keep(part, target)
    return True
