"""The change feed, the sync state of an instance, and the conflicts waiting for a person."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import UTCDateTime, utcnow
from app.extensions import db


class SyncChange(db.Model):
    """One change of a synced record, in the order it happened: `seq` is the feed's cursor."""

    __tablename__ = "sync_changes"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    type: Mapped[str] = mapped_column(String(40), index=True)
    uid: Mapped[str] = mapped_column(String(36), index=True)
    record_id: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    op: Mapped[str] = mapped_column(String(10))  # upsert | archive
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    node_id: Mapped[int | None] = mapped_column(Integer, index=True)  # the owning node; None: hub-owned
    face: Mapped[str | None] = mapped_column(String(20))  # "sync" for a change applied by sync (not echoed back)
    user_id: Mapped[int | None] = mapped_column(Integer)  # who made it: with face "sync", the token that sent it


class SyncState(db.Model):
    """Named values of this instance's sync: cursors, last success, last error."""

    __tablename__ = "sync_state"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class SyncConflict(db.Model):
    """A record changed on both sides since the last sync: both versions kept until a person chooses."""

    __tablename__ = "sync_conflicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(40))
    uid: Mapped[str] = mapped_column(String(36), index=True)
    node_id: Mapped[int | None] = mapped_column(Integer, index=True)
    local_version: Mapped[int | None] = mapped_column(Integer)
    local_data: Mapped[dict] = mapped_column(JSON, default=dict)
    remote_version: Mapped[int | None] = mapped_column(Integer)
    remote_data: Mapped[dict] = mapped_column(JSON, default=dict)
    diff: Mapped[dict] = mapped_column(JSON, default=dict)  # field → [local, remote]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolution: Mapped[str | None] = mapped_column(String(10))  # local | remote


class SyncLink(db.Model):
    """What this instance last exchanged for a record: the other side's version and ours at that moment.

    A record whose local version moved past `local_version` was changed here since the last sync;
    one whose remote version moved past `remote_version` was changed there.
    """

    __tablename__ = "sync_links"

    uid: Mapped[str] = mapped_column(String(36), primary_key=True)
    type: Mapped[str] = mapped_column(String(40))
    remote_version: Mapped[int | None] = mapped_column(Integer)
    local_version: Mapped[int | None] = mapped_column(Integer)
