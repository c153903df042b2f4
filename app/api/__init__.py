"""The JSON API under /api/v1: token-authenticated, thin over the domain services."""

from flask import Blueprint, current_app, g, jsonify, request

from app.auth.services import user_for_token
from app.core.errors import DomainError
from app.extensions import limiter

bp = Blueprint("api", __name__, url_prefix="/api/v1")

PUBLIC_ENDPOINTS = {"api.openapi"}


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"


def _token_or_address() -> str:
    header = request.headers.get("Authorization", "")
    return "token:" + header[-16:] if header else "addr:" + (request.remote_addr or "")


@bp.before_request
def authenticate():
    """Every API call carries a bearer token; cookies are ignored, so no CSRF applies."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    writing = request.method not in ("GET", "HEAD", "OPTIONS")
    user = user_for_token(token.strip(), record_use=writing) if scheme.lower() == "bearer" and token.strip() else None
    if user is None:
        raise Unauthorized("A valid API token is required (Authorization: Bearer <token>).")
    g.api_user = user
    g._login_user = user  # flask-login's current_user, so the policy and the audit see the token's user
    return None


limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=_token_or_address)(bp)


@bp.route("/openapi.json")
def openapi():
    from app.api.openapi import build_spec

    return jsonify(build_spec())


def _register_resources():
    from app.api import agreements as agreements_api
    from app.api import registry
    from app.api.resources import Resource, get_by_id, register

    registry.register_all(bp, register, Resource, get_by_id)
    from app.api import reports

    reports.register_all(bp, register, Resource, get_by_id)
    agreements_api.register_all(bp, register, Resource, get_by_id)
    from app.api import capacity
    capacity.register_all(bp, register, Resource, get_by_id)
    from app.api import cases
    cases.register_all(bp, register, Resource, get_by_id)
    from app.api import quarterly
    quarterly.register_all(bp, register, Resource, get_by_id)
    from app.api import datarequests
    datarequests.register_all(bp, register, Resource, get_by_id)


_register_resources()
