"""Every change of a synced record lands in the feed, in order, with its owner."""

import uuid

from sqlalchemy import select

from app.extensions import db
from app.sync.models import SyncChange


def _feed():
    return db.session.scalars(select(SyncChange).order_by(SyncChange.seq)).all()


def test_records_get_a_uid(make):
    node = make.node()
    assert uuid.UUID(node.uid).version == 4
    assert make.node().uid != node.uid


def test_feed_records_creates_and_updates_in_order(make):
    node = make.node()
    report = make.quarterly_report(node, "2025Q1", status="submitted")
    changes = _feed()
    seqs = [c.seq for c in changes]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    mine = [c for c in changes if c.uid == report.uid]
    assert mine and all(c.type == "quarterly_report" and c.node_id == node.id for c in mine)
    assert mine[-1].version == report.version
    hub = [c for c in changes if c.uid == node.uid]
    assert hub and hub[0].node_id is None and hub[0].op == "upsert"
    steps = [c for c in changes if c.type == "report_step"]
    assert steps and steps[0].node_id is None


def test_archive_is_an_archive_op(make):
    from app.partners import services

    org = make.organization()
    services.archive_organization(make.SYSTEM, org)
    db.session.commit()
    assert [c.op for c in _feed() if c.uid == org.uid][-1] == "archive"


def test_a_given_uid_is_kept(make):
    from app.core.db import given_uid

    uid = str(uuid.uuid4())
    with given_uid("organizations", uid):
        org = make.organization()
    assert org.uid == uid
    assert make.organization().uid != uid
