"""One commit per request and per command, as Indico's RH.process: handlers flush, this commits.

Services only flush; a writing request that answers below 400 commits once, after its
handler; anything else rolls back, so nothing is half-written. Commands do the same
through `@one_transaction`. Jobs commit in the runner, once per run.
"""

import functools

from flask import Flask, request, session

from app.extensions import db

WRITING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class TransactionalFlask(Flask):
    """Flask whose writing requests commit once, after the handler, inside error handling."""

    def dispatch_request(self):
        if request.method not in WRITING_METHODS:
            return super().dispatch_request()
        flashed = len(session.get("_flashes", ()))
        response = self.make_response(super().dispatch_request())
        # A failing commit (a stale version, a unique value taken meanwhile) raises here, where
        # the app's error handlers still answer it (409), before anything was sent.
        if response.status_code < 400:
            try:
                db.session.commit()
            except Exception:
                _unflash(flashed)  # the handler's "saved" is not true: only the error is said
                raise
        else:
            db.session.rollback()
        return response


def _unflash(keep: int) -> None:
    """Forget the messages flashed since there were ``keep`` of them."""
    if len(session.get("_flashes", ())) > keep:
        session["_flashes"] = session["_flashes"][:keep]


def one_transaction(command):
    """A CLI command's writes commit once when it ends, or roll back when it fails."""
    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            result = command(*args, **kwargs)
        except BaseException:
            db.session.rollback()
            raise
        db.session.commit()
        return result
    return run
