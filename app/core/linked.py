"""History for the links of a record (many-to-many lists such as a case's partners).

The audit recorder sees column changes only. A service that changes a link list calls
`note_link_change`: the change joins the record's audit row, and touching `updated_at`
makes the flush UPDATE the record, so its version moves and a stale form or PATCH is refused.
"""

from app.core.db import utcnow


class LinkedChanges:
    def note_link_change(self, name: str, old: list, new: list) -> None:
        """Record that the link list `name` went from old to new (no-op when equal)."""
        if sorted(old) == sorted(new):
            return
        pending = self.__dict__.setdefault("_link_changes", {})
        first = pending.get(name, [sorted(old)])[0]
        pending[name] = [first, sorted(new)]
        self.updated_at = utcnow()

    def audit_extra_changes(self) -> dict:
        return self.__dict__.pop("_link_changes", {})
