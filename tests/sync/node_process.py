"""The node instance's CLI in its own process: `python tests/sync/node_process.py FOLDER sync run`.

FOLDER holds node.db and data/ (made by the test). The hub's address and token come from the
environment (CSDR_HUB_URL, CSDR_HUB_TOKEN, CSDR_NODE). NODE_CLOCK_SHIFT_HOURS=2 runs the process with
its clock that far ahead (time-machine, started before the app exists), as a node whose clock is wrong.
"""

import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

folder = Path(sys.argv[1])
os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder / 'node.db'}")
os.environ.update(CSDR_DATA_DIR=str(folder / "data"), CSDR_INSTANCE="node")
os.environ.setdefault("SECRET_KEY", "node-test-secret")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

shift = float(os.environ.get("NODE_CLOCK_SHIFT_HOURS") or 0)
if shift:
    import time_machine

    time_machine.travel(datetime.now(UTC) + timedelta(hours=shift), tick=True).start()

from flask.cli import main  # noqa: E402

sys.argv = ["flask", "--app", "wsgi", *sys.argv[2:]]
main()
