"""Signed documents of agreements: PDF only, size-capped, stored by SHA-256, never overwritten.

Files live under ``CSDR_DATA_DIR/documents/<first two hex digits>/<sha256>``, outside
``static/``. The same content uploaded twice is stored once; a file is written to a
temporary name and hard-linked into place, so an existing file is never replaced. If the
database transaction that records an upload rolls back, the file stays as an orphan:
harmless (content-addressed) and never served, since only recorded documents are.
"""

import hashlib
import os
import tempfile
from pathlib import Path, PurePath

from flask import current_app, send_file
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.agreements.models import Agreement, AgreementDocument
from app.auth import policy
from app.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from app.extensions import db

PDF_MAGIC = b"%PDF-"
PDF_EOF = b"%%EOF"
CHUNK = 64 * 1024


class TooLarge(DomainError):
    status = 413
    code = "too_large"


class NotPdf(DomainError):
    status = 415
    code = "unsupported_media_type"


def documents_dir() -> Path:
    return Path(current_app.config["CSDR_DATA_DIR"]) / "documents"


def stored_path(sha256: str) -> Path:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError("not a SHA-256 hex digest")
    return documents_dir() / sha256[:2] / sha256


def max_upload_bytes() -> int:
    return int(current_app.config["MAX_CONTENT_LENGTH"])


def _spool(stream, limit: int):
    """Copy the upload to a temporary file, hashing it; refuse it once it passes the limit."""
    digest = hashlib.sha256()
    size = 0
    spool = tempfile.NamedTemporaryFile(dir=_tmp_dir(), delete=False)  # noqa: SIM115 - closed by the caller
    try:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise TooLarge(f"The file is larger than the {limit // (1024 * 1024)} MB allowed.",
                               {"file": ["too large"]})
            digest.update(chunk)
            spool.write(chunk)
        spool.flush()
    except BaseException:
        spool.close()
        os.unlink(spool.name)
        raise
    return spool, digest.hexdigest(), size


def _tmp_dir() -> Path:
    path = documents_dir() / "tmp"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _check_pdf(spool, size: int) -> None:
    if size == 0:
        raise ValidationFailed.on("file", "The file is empty.")
    spool.seek(0)
    if spool.read(len(PDF_MAGIC)) != PDF_MAGIC:
        raise NotPdf("Only PDF files are accepted; this file is not a PDF, whatever its name.",
                     {"file": ["not a PDF (checked by content)"]})
    # A PDF ends with %%EOF within its last 1024 bytes; a missing one means a cut-off upload.
    spool.seek(max(0, size - 1024))
    if PDF_EOF not in spool.read():
        raise ValidationFailed.on("file", "The PDF is incomplete (no end-of-file marker); upload it again.")


def _keep(spool_name: str, sha256: str) -> None:
    """Put the file in place under its hash, unless that content is already stored."""
    target = stored_path(sha256)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(spool_name, target)  # fails if the target exists: never overwrites
    except FileExistsError:
        pass


def _display_name(filename: str | None) -> str:
    name = PurePath((filename or "").replace("\\", "/")).name
    name = "".join(c for c in name if c.isprintable() and c not in '"/\\').strip()
    return name[:255] or "document.pdf"


def store_pdf(stream, filename: str | None) -> tuple[str, int, str]:
    """Check an uploaded PDF (content, size cap) and keep it by SHA-256: (sha256, size, display name).

    The store is shared: governance documents (minutes, campaign results) are kept here too.
    """
    spool, sha256, size = _spool(stream, max_upload_bytes())
    try:
        _check_pdf(spool, size)
        _keep(spool.name, sha256)
    finally:
        spool.close()
        os.unlink(spool.name)
    return sha256, size, _display_name(filename)


def upload_document(user, agreement: Agreement, stream, filename: str | None, title: str | None = None
                    ) -> AgreementDocument:
    """Add a signed copy: a PDF by content, within the size cap, as the next version of its title."""
    policy.require_upload_agreement_document(user, agreement)
    sha256, size, filename = store_pdf(stream, filename)
    title = (title or "").strip()[:200] or PurePath(filename).stem[:200] or "document"
    latest = db.session.scalar(select(func.max(AgreementDocument.version)).where(
        AgreementDocument.agreement_id == agreement.id, AgreementDocument.title == title))
    document = AgreementDocument(agreement_id=agreement.id, title=title, version=(latest or 0) + 1, filename=filename,
                                 size=size, sha256=sha256, content_type="application/pdf",
                                 uploaded_by_id=getattr(user, "id", None))
    try:
        with db.session.begin_nested():
            db.session.add(document)
    except IntegrityError:
        raise Conflict("Another version of this document was uploaded at the same moment; try again.") from None
    return document


def document_of(user, agreement: Agreement, document_id) -> AgreementDocument:
    """One document of an agreement the user may see, or 404."""
    policy.require_view_agreement_documents(user, agreement)
    key = str(document_id)
    readable = key.isascii() and key.isdigit() and len(key) < 19  # beyond 64 bits: no such document
    document = db.session.get(AgreementDocument, int(key)) if readable else None
    if document is None or document.agreement_id != agreement.id:
        raise NotFound("No such document.")
    return document


def document_file(document: AgreementDocument) -> Path:
    """The stored file of a document; a missing file is logged and answered as not found."""
    path = stored_path(document.sha256)
    if not path.is_file():
        current_app.logger.error("stored file of agreement document %s is missing (%s)", document.id, document.sha256)
        raise NotFound("The stored file of this document is missing; the secretariat has been told.")
    return path


def download_response(document: AgreementDocument):
    """The stored PDF as an attachment that no browser renders or sniffs in our origin."""
    response = send_file(document_file(document), mimetype="application/pdf", as_attachment=True,
                         download_name=document.filename, conditional=False, etag=False, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "no-store"
    return response


def documents_query(agreement: Agreement):
    """The documents of an agreement, newest version of each title first."""
    from sqlalchemy.orm import selectinload

    return (select(AgreementDocument).where(AgreementDocument.agreement_id == agreement.id)
            .options(selectinload(AgreementDocument.uploaded_by))
            .order_by(AgreementDocument.title, AgreementDocument.version.desc(), AgreementDocument.id))
