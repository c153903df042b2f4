"""Period locks through the API (issue 12): the quarters the secretariat has closed.

`GET /period-locks` lists them (staff and coordinators); `PUT /period-locks/<quarter>` closes a quarter
(`{"reason"}`); `DELETE /period-locks/<quarter>` opens it again (staff, on the hub). Node instances get
them by sync. Who may do which: app/auth/policy.py (may_view_period_locks, may_lock_period).
"""

from flask import g, jsonify
from marshmallow import Schema, fields, validate

from app.core.errors import NotFound
from app.core.periods import Quarter
from app.nodes.quarterly import locks


class LockBody(Schema):
    reason = fields.String(allow_none=True, validate=validate.Length(max=2000))


def _quarter(key: str) -> Quarter:
    try:
        return Quarter.parse(key)
    except ValueError:
        raise NotFound("No such quarter (write it as 2025Q3).") from None


def _as_json(lock) -> dict:
    return {"uid": lock.uid, "quarter": lock.period.label, "year": lock.year, "reason": lock.reason,
            "locked_at": lock.locked_at.isoformat(), "version": lock.version}


def register_routes(bp):
    from app.api.spec import JSONObjectSchema, errors

    tags = ["Quarterly reports"]

    @bp.route("/period-locks", endpoint="period_locks", methods=["GET"], tags=tags)
    @bp.response(200, JSONObjectSchema, description='{"items": [{uid, quarter, year, reason, locked_at}]}')
    @errors(403)
    def list_locks():
        """The closed quarters: their reports no longer change (staff and coordinators)."""
        return jsonify({"items": [_as_json(lock) for lock in locks.list_locks(g.api_user)]})

    @bp.route("/period-locks/<key>", endpoint="period_lock", methods=["PUT"], tags=tags)
    @bp.arguments(LockBody, error_status_code=422)
    @bp.response(200, JSONObjectSchema, description="the lock: {uid, quarter, year, reason, locked_at}")
    @errors(403, 404, 422)
    def put_lock(body, key):
        """Close a quarter (staff, on the hub); closing it again changes nothing."""
        return jsonify(_as_json(locks.lock_period(g.api_user, _quarter(key), body.get("reason"))))

    @bp.route("/period-locks/<key>", endpoint="period_unlock", methods=["DELETE"], tags=tags)
    @bp.response(204)
    @errors(403, 404)
    def delete_lock(key):
        """Open a closed quarter again."""
        locks.unlock_period(g.api_user, _quarter(key))
        return "", 204
