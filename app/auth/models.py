"""Users and their API tokens."""

import hashlib
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Audited, Timestamped, UTCDateTime, Versioned, enum_type
from app.core.labels import LabeledEnum
from app.extensions import db


class Role(LabeledEnum):
    admin = "admin"
    secretariat = "secretariat"
    coordinator = "coordinator"
    board = "board"

    __labels__ = {
        "admin": _l("Administrator"),
        "secretariat": _l("Secretariat"),
        "coordinator": _l("Node coordinator"),
        "board": _l("Board member"),
    }


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(UserMixin, Audited, Versioned, Timestamped, db.Model):
    __tablename__ = "users"
    __audit_exclude__ = ("created_at", "updated_at", "version", "password_hash", "session_token", "last_login_at")

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_type(Role))
    node_id: Mapped[int | None] = mapped_column(ForeignKey("nodes.id"))
    locale: Mapped[str | None] = mapped_column(String(10))
    # IANA name (Asia/Vientiane); None: times are shown in UTC.
    time_zone: Mapped[str | None] = mapped_column(String(64))
    is_active_account: Mapped[bool] = mapped_column("is_active", default=True)
    # Flask-Login's "alternative token": rotating it ends every session of the user.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    node = relationship("Node", foreign_keys=[node_id], lazy="joined")
    tokens: Mapped[list["ApiToken"]] = relationship(back_populates="user", cascade="all, delete-orphan")

    @property
    def is_active(self) -> bool:
        return self.is_active_account

    def get_id(self) -> str:
        return self.session_token

    @property
    def audit_label(self) -> str:
        return self.email

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(Timestamped, db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    # Only a SHA-256 of the token is kept: tokens are long random strings, so a fast hash is enough.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens")

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
