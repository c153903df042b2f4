"""Documents: PDF by content, a size cap (413), stored by SHA-256, never overwritten, versioned."""

import hashlib
import io
from pathlib import Path

import pytest
from sqlalchemy import select

from app.agreements import documents
from app.agreements.models import AgreementDocument
from app.audit.models import AuditEvent
from app.core.errors import ValidationFailed
from tests.factories import PDF_BYTES, SYSTEM


def pdf(text: str = "") -> bytes:
    return PDF_BYTES.replace(b"%%EOF", text.encode() + b"\n%%EOF")


def upload(agreement, content: bytes, filename="signed.pdf", title=None, user=SYSTEM):
    return documents.upload_document(user, agreement, io.BytesIO(content), filename, title)


def test_a_pdf_is_stored_under_its_sha256(make, db, app):
    agreement = make.agreement()
    content = pdf("signed")
    document = upload(agreement, content)
    db.session.commit()
    digest = hashlib.sha256(content).hexdigest()
    assert document.sha256 == digest and document.size == len(content) and document.version == 1
    path = Path(app.config["CSDR_DATA_DIR"]) / "documents" / digest[:2] / digest
    assert path.read_bytes() == content
    assert document.title == "signed" and document.filename == "signed.pdf"
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.record_type == "agreement_documents")) is not None


@pytest.mark.parametrize("content", [
    b"MZ\x90\x00 an executable renamed .pdf",
    b"<html><script>alert(1)</script></html>",
    b" %PDF-1.4 with a space in front\n%%EOF",
])
def test_a_non_pdf_renamed_pdf_is_refused(make, content):
    with pytest.raises(documents.NotPdf) as error:
        upload(make.agreement(), content, filename="contract.pdf")
    assert error.value.status == 415 and "file" in error.value.fields


def test_a_cut_off_pdf_or_an_empty_file_is_refused(make):
    with pytest.raises(ValidationFailed):
        upload(make.agreement(), PDF_BYTES[:-10])
    with pytest.raises(ValidationFailed):
        upload(make.agreement(), b"")


def test_the_size_cap_is_enforced_by_the_service_too(make, app):
    app.config["MAX_CONTENT_LENGTH"], before = 1000, app.config["MAX_CONTENT_LENGTH"]
    try:
        with pytest.raises(documents.TooLarge) as error:
            upload(make.agreement(), pdf("x" * 2000))
    finally:
        app.config["MAX_CONTENT_LENGTH"] = before
    assert error.value.status == 413


def test_same_title_uploads_are_new_versions_and_files_are_never_overwritten(make, db, app):
    agreement = make.agreement()
    first = upload(agreement, pdf("first"), title="Signed MOU")
    db.session.commit()
    first_path = documents.stored_path(first.sha256)
    first_stat = first_path.stat()
    second = upload(agreement, pdf("second"), filename="mou-v2.pdf", title="Signed MOU")
    again = upload(agreement, pdf("first"), title="Signed MOU")  # the same content a third time
    db.session.commit()
    assert [first.version, second.version, again.version] == [1, 2, 3]
    assert again.sha256 == first.sha256
    # The file of version 1 is the same file, untouched: same inode, same content, same time.
    assert first_path.stat().st_ino == first_stat.st_ino and first_path.stat().st_mtime == first_stat.st_mtime
    assert first_path.read_bytes() == pdf("first")
    assert documents.stored_path(second.sha256).read_bytes() == pdf("second")
    assert db.session.scalar(select(AgreementDocument).where(AgreementDocument.id == first.id)).sha256 == first.sha256


def test_an_existing_file_under_a_hash_is_not_replaced(make, db):
    content = pdf("keep")
    target = documents.stored_path(hashlib.sha256(content).hexdigest())
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    inode = target.stat().st_ino
    upload(make.agreement(), content)
    assert target.stat().st_ino == inode


def test_filenames_are_tidied_for_display(make):
    document = upload(make.agreement(), pdf(), filename='..\\..\\etc/"pass\nwd".pdf')
    assert document.filename == "passwd.pdf"


def test_no_temporary_files_are_left_behind(make, app):
    agreement = make.agreement()
    upload(agreement, pdf("tmp"))
    with pytest.raises(documents.NotPdf):
        upload(agreement, b"not a pdf")
    assert list((Path(app.config["CSDR_DATA_DIR"]) / "documents" / "tmp").iterdir()) == []
