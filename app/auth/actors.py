"""The one actor that is not a person: server commands, the scheduler and the demo loader."""

from app.auth.models import Role


class SystemActor:
    """Whoever operates the server acts as the system: the policy grants it staff rights."""

    is_authenticated = True
    is_active = True
    is_anonymous = False
    is_system = True
    id = None
    node_id = None
    node = None
    role = Role.admin
    name = "System"
    email = None

    def __repr__(self) -> str:
        return "<SystemActor>"


SYSTEM = SystemActor()
