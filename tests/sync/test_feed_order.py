"""The feed's cursor never passes a change that is still being written (PostgreSQL: concurrent writers)."""

import os
import threading

import pytest
from sqlalchemy import insert, text

from app.core.db import utcnow
from app.extensions import db
from app.sync import services as sync
from app.sync.models import SyncChange

pytestmark = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"),
                                reason="SQLite writes one transaction at a time")


def test_a_change_numbered_first_and_committed_last_is_not_skipped(make, user_factory):
    staff = user_factory("secretariat")
    early = make.organization()
    before = db.session.query(db.func.max(SyncChange.seq)).scalar()
    db.session.commit()
    writer = db.engine.connect()  # a slow transaction: its change is numbered now, committed later
    writer.begin()
    writer.execute(insert(SyncChange.__table__), {"type": "organization", "uid": early.uid, "record_id": early.id,
                                                  "version": early.version, "op": "upsert", "changed_at": utcnow()})
    make.organization()  # a quick one, numbered after it and committed first
    committer = threading.Timer(0.5, writer.commit)
    committer.start()
    try:
        changes, cursor, _ = sync.changes_since(staff, before, 500)
    finally:
        committer.join()
        writer.close()
    db.session.commit()
    assert early.uid in {c["uid"] for c in changes}  # else the cursor would have moved past it for good
    assert cursor > before


def test_a_poll_with_nothing_after_its_cursor_neither_waits_for_writers_nor_moves_on(make, user_factory):
    staff = user_factory("secretariat")
    early = make.organization()
    before = db.session.query(db.func.max(SyncChange.seq)).scalar()
    db.session.commit()
    writer = db.engine.connect()  # a change being written, not committed: the only one after the cursor
    writer.begin()
    writer.execute(insert(SyncChange.__table__), {"type": "organization", "uid": early.uid, "record_id": early.id,
                                                  "version": early.version, "op": "upsert", "changed_at": utcnow()})
    try:
        db.session.execute(text("SET LOCAL lock_timeout = '300ms'"))  # the feed's lock would wait for the writer
        assert sync.changes_since(staff, before, 500) == ([], before, False)
        db.session.commit()
        writer.commit()
        changes, cursor, _ = sync.changes_since(staff, before, 500)  # read next time
        assert early.uid in {c["uid"] for c in changes} and cursor > before
    finally:
        writer.close()
    db.session.commit()
