"""How each synced type is written out and applied: filled by the API layer, which owns the schemas.

The sync engine (app/sync/services.py) knows records only through these codecs, so the
same marshmallow schemas serialise a record for the API and for sync.
"""

from collections.abc import Callable
from dataclasses import dataclass

HUB_OWNED = ("organization", "person", "node", "agreement", "report_step", "exchange_rate", "period_lock", "report")
NODE_OWNED = ("quarterly_report", "contribution", "trainee", "event", "case")


@dataclass
class Codec:
    type: str
    model: type
    dump: Callable            # (user, record) -> dict: the record as JSON, references as uids
    apply: Callable           # (user, record | None, data, uid) -> record: through the domain services
    fields: tuple[str, ...]   # the fields compared for a conflict (what a node may change)
    apply_local: Callable | None = None  # (record | None, data, uid) -> record: a node applying the hub's copy

    @property
    def hub_owned(self) -> bool:
        return self.type in HUB_OWNED


CODECS: dict[str, Codec] = {}


def register(codec: Codec) -> None:
    CODECS[codec.type] = codec
