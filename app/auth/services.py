"""Accounts: creating users, signing in, passwords, roles and API tokens."""

import secrets

from sqlalchemy import func, select

from app.auth import policy
from app.auth.models import ApiToken, Role, User, hash_token, new_session_token
from app.auth.passwords import hash_password, needs_rehash, password_problem, verify_password
from app.core.db import utcnow
from app.core.errors import ValidationFailed, collect, collect_duplicate, raise_if
from app.extensions import db

TOKEN_PREFIX = "csdr_"  # noqa: S105 - a label, not a secret


def find_user_by_email(email: str) -> User | None:
    return db.session.execute(select(User).where(func.lower(User.email) == email.strip().lower())).scalar_one_or_none()


def _check_role_and_node(role, node_id, errors) -> None:
    if role not in Role.__members__:
        collect(errors, "role", f"Unknown role {role!r}.")
    elif role == Role.coordinator and node_id is None:
        collect(errors, "node_id", "A coordinator must be bound to a node.")
    elif role != Role.coordinator and node_id is not None:
        collect(errors, "node_id", "Only coordinators are bound to a node.")


def create_user(actor, *, email: str, name: str, role: str, node_id: int | None = None,
                password: str | None = None) -> tuple[User, str | None]:
    """Create an account; without a password a one-time one is generated and returned."""
    policy.require(policy.may_manage_users(actor))
    errors: dict[str, list[str]] = {}
    email = (email or "").strip()
    if "@" not in email or len(email) > 254:
        collect(errors, "email", "Enter a valid e-mail address.")
    elif find_user_by_email(email) is not None:
        collect_duplicate(errors, "email", "A user with this e-mail already exists.")
    if not (name or "").strip():
        collect(errors, "name", "A name is required.")
    _check_role_and_node(role, node_id, errors)
    generated = None
    if password is None:
        generated = password = secrets.token_urlsafe(12)
    elif problem := password_problem(password):
        collect(errors, "password", problem)
    raise_if(errors)
    user = User(email=email, name=name.strip(), role=Role(role), node_id=node_id,
                password_hash=hash_password(password))
    db.session.add(user)
    db.session.flush()
    return user, generated


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None (same answer for every failure)."""
    user = find_user_by_email(email or "")
    if user is None:
        verify_password(None, password)
        return None
    if not verify_password(user.password_hash, password) or not user.is_active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    db.session.flush()
    return user


def end_sessions(user: User) -> None:
    """Rotate the session token: every cookie issued before stops working."""
    user.session_token = new_session_token()


def change_password(user: User, current: str, new: str) -> None:
    """Change one's own password: needs the current one; ends other sessions."""
    errors: dict[str, list[str]] = {}
    if not verify_password(user.password_hash, current):
        collect(errors, "current_password", "The current password is not right.")
    if problem := password_problem(new):
        collect(errors, "new_password", problem)
    raise_if(errors)
    user.password_hash = hash_password(new)
    end_sessions(user)
    db.session.flush()


def set_preferences(user: User, *, locale: str | None = None, time_zone: str | None = None) -> None:
    """Keep one's interface language and time zone (empty time zone: UTC)."""
    from app.core import languages, time_zones

    errors: dict[str, list[str]] = {}
    if locale is not None and not languages.is_supported(locale):
        collect(errors, "locale", "Choose one of the languages offered.")
    if time_zone and not time_zones.is_known(time_zone):
        collect(errors, "time_zone", "Choose a time zone from the list.")
    raise_if(errors)
    if locale is not None:
        user.locale = locale
    if time_zone is not None:
        user.time_zone = time_zone or None
    db.session.flush()


def set_user_role(actor, user: User, role: str, node_id: int | None) -> None:
    """Change a user's role (and node, for coordinators)."""
    policy.require(policy.may_manage_users(actor))
    errors: dict[str, list[str]] = {}
    _check_role_and_node(role, node_id, errors)
    if user.id == actor.id and role != Role.admin:
        collect(errors, "role", "You cannot remove your own admin role.")
    raise_if(errors)
    user.role = Role(role)
    user.node_id = node_id
    end_sessions(user)
    db.session.flush()


def set_user_active(actor, user: User, active: bool) -> None:
    """Deactivate (ending all sessions and tokens' use) or reactivate an account."""
    policy.require(policy.may_manage_users(actor))
    if user.id == actor.id and not active:
        raise ValidationFailed.on("active", "You cannot deactivate yourself.")
    user.is_active_account = active
    end_sessions(user)
    db.session.flush()


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new API token for the user; the plain token is returned once and never stored."""
    name = (name or "").strip() or "API token"
    if len(name) > 100:
        raise ValidationFailed.on("name", "Use at most 100 characters.")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, token_hash=hash_token(plain), prefix=plain[:12])
    db.session.add(token)
    db.session.flush()
    return token, plain


def revoke_token(actor, token: ApiToken) -> None:
    """Revoke a token: one's own, or any as admin."""
    policy.require(token.user_id == actor.id or policy.may_manage_users(actor))
    token.revoked_at = token.revoked_at or utcnow()
    db.session.flush()


def user_for_token(plain: str, record_use: bool = False) -> User | None:
    """The active user an API token belongs to, or None for an unknown or revoked token.

    record_use stamps last_used_at; only writing requests ask for it, so reads stay reads.
    """
    token = db.session.execute(
        select(ApiToken).where(ApiToken.token_hash == hash_token(plain))
    ).scalar_one_or_none()
    if token is None or token.is_revoked or not token.user.is_active:
        return None
    if record_use:
        token.last_used_at = utcnow()
    return token.user
