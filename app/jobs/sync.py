"""The `sync` job of a node instance: `sync run` every CSDR_SYNC_MINUTES (nothing to do on the hub)."""

from datetime import date, datetime, timedelta

from flask import current_app

from app.jobs.registry import job


def _slot(_today: date, now: datetime) -> str | None:
    if current_app.config.get("CSDR_INSTANCE") != "node":
        return None  # the hub does not sync: nothing due
    minutes = max(1, current_app.config["CSDR_SYNC_MINUTES"])
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    elapsed = int((now - midnight).total_seconds() // 60)
    return (midnight + timedelta(minutes=elapsed - elapsed % minutes)).strftime("%Y-%m-%dT%H:%M")


def _every(config: dict) -> tuple[str, dict]:
    return "interval", {"minutes": max(1, config["CSDR_SYNC_MINUTES"])}


@job("sync", "On a node instance: pull the hub's changes, then push this node's.", period=_slot, trigger=_every)
def sync_with_hub(_today: date) -> str:
    from app.sync import engine

    result = engine.run()  # SyncFailed: the run fails and is retried like any job
    return (f"pulled {result['pulled']['applied']} change(s), pushed {result['pushed']['applied']}, "
            f"conflicts {result['pulled']['conflict'] + result['pushed'].get('conflict', 0)}")
