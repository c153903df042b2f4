"""A hub instance in its own process for the two-instance tests: seeds its database once, then serves.

python tests/sync/hub_process.py DIR → prints one JSON line {"port", "node", "coordinator", "secretariat"}.
HUB_DATABASE_URL (e.g. a PostgreSQL database, its tables made and emptied by the caller) replaces DIR/hub.db.
"""

import json
import os
import sys
from pathlib import Path

folder = Path(sys.argv[1])
os.environ.update(DATABASE_URL=os.environ.get("HUB_DATABASE_URL") or f"sqlite:///{folder / 'hub.db'}",
                  CSDR_DATA_DIR=str(folder / "data"),
                  SECRET_KEY="hub-test-secret", CSDR_INSTANCE="hub")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from werkzeug.serving import make_server  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402

app = create_app()
seed_file = folder / "hub.json"
with app.app_context():
    if not seed_file.exists():
        from tests import factories

        db.create_all()
        node = factories.node("NODE1")
        coordinator = factories.user("coordinator", node=node, email="coord@example.org")
        staff = factories.user("secretariat", email="staff@example.org")
        seed_file.write_text(json.dumps({"node": node.code, "node_uid": node.uid,
                                         "coordinator": factories.token(coordinator),
                                         "secretariat": factories.token(staff)}))
server = make_server("127.0.0.1", int(sys.argv[2]) if len(sys.argv) > 2 else 0, app, threaded=True)
print(json.dumps(json.loads(seed_file.read_text()) | {"port": server.server_port}), flush=True)
server.serve_forever()
