"""Benchmark (not a test): a node's year synced with the hub through a link limited to 256 kbit/s.

    .venv/bin/python bench/sync.py [--rate 256000]

A hub in its own process (tests/sync/hub_process.py, its own database and data folder), a node
instance in this process (its own SQLite file), and tests/sync/proxy.py between them, limited to
--rate bits a second each way. The node is set up (a first sync brings the registry down), then
works a year with no link: 4 quarterly reports (submitted), 50 contributions, 30 trainees and 10 cases,
while the secretariat files on the hub 5 signed agreement documents of 2 MB on agreements the node's host
is party to (node-owned records name no files yet, so documents flow hub → node: the node's `sync run`
pulls the agreements and fetches their files by sha256 from GET /api/v1/sync/blobs/<sha256>).
Printed: bytes on the wire each way and seconds for
  1. the first sync of that year,
  2. an incremental sync after one edit (one contribution's amount): its cost must follow the
     changes, not the data held,
  3. a sync with nothing to do.
The documents are fetched in the first sync only: the incremental one must not fetch them again.

Measured 2026-12-02 (2 shared cores, SQLite both sides, 256 kbit/s):
  first sync of the year            56,532 B up  10,504,347 B down  332.6 s  7 requests  (94 pushed, 6 pulled,
                                                                                         5 files fetched)
  incremental sync after one edit    1,202 B up       2,885 B down    0.5 s  2 requests  (no file fetched)
  sync with nothing to do              299 B up         652 B down    0.05 s 1 request
The first sync is the 5 × 2 MB files at line rate (10.5 MB × 8 / 256 kbit/s ≈ 328 s); the records are ~60 kB.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere: the app package is at the root

from tests.sync.instances import seed_year  # noqa: E402
from tests.sync.proxy import Proxy  # noqa: E402

HUB_SCRIPT = ROOT / "tests" / "sync" / "hub_process.py"


class HubProcess:
    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen([sys.executable, str(HUB_SCRIPT), str(folder)], stdout=subprocess.PIPE,
                                        text=True)
        self.info = json.loads(self.process.stdout.readline())
        self.port = self.info["port"]

    def stop(self):
        self.process.terminate()
        self.process.wait(10)
        self.process.stdout.close()


def measure(proxy, label):
    from app.sync import engine

    proxy.reset_counters()
    started = time.perf_counter()
    result = engine.run()
    seconds = time.perf_counter() - started
    print(f"{label:<34} {proxy.bytes_up:>10,} B up {proxy.bytes_down:>10,} B down {seconds:>7.2f} s"
          f"  {proxy.connections} requests  {json.dumps(result)}", flush=True)
    return proxy.bytes_up + proxy.bytes_down, seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=int, default=256_000, help="bits a second each way")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        hub = HubProcess(Path(tmp) / "hub")
        proxy = Proxy(hub.port).start()
        try:
            run(Path(tmp) / "node", hub, proxy, args.rate)
        finally:
            proxy.close()
            hub.stop()


def run(folder, hub, proxy, rate):
    import os

    os.environ.setdefault("SECRET_KEY", "bench-secret")
    from sqlalchemy import select

    from app import create_app
    from app.extensions import db
    from app.nodes.contributions import services as contribution_services
    from app.nodes.contributions.models import Contribution
    from app.nodes.models import Node
    from tests import factories

    (folder / "data").mkdir(parents=True)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'node.db'}",
                      "CSDR_DATA_DIR": str(folder / "data"),
                      "CSDR_INSTANCE": "node", "CSDR_NODE": hub.info["node"],
                      "CSDR_HUB_URL": f"http://127.0.0.1:{proxy.port}", "CSDR_HUB_TOKEN": hub.info["coordinator"]})
    with app.app_context():
        db.create_all()
        print(f"link: {rate:,} bit/s each way through the proxy", flush=True)
        proxy.limit(rate)
        measure(proxy, "setup (the registry comes down)")
        node = db.session.scalar(select(Node).where(Node.code == hub.info["node"]))
        coordinator = factories.user("coordinator", node=node, email="coordinator@node.example.org")
        seed_year(node, coordinator)
        add_documents(hub, node_code=hub.info["node"])
        first = measure(proxy, "first sync of the year")
        contribution = db.session.scalars(select(Contribution).order_by(Contribution.id)).first()
        contribution_services.update_contribution(coordinator, contribution, {"amount": "4242"},
                                                  contribution.version)
        db.session.commit()
        incremental = measure(proxy, "incremental sync after one edit")
        _check_documents(app)
        measure(proxy, "sync with nothing to do")
        print(f"incremental / first: {incremental[0] / first[0]:.1%} of the bytes, "
              f"{incremental[1] / first[1]:.1%} of the time")
        on_hub = json.loads(_hub_get(hub, "/contributions?limit=200"))
        print(f"hub holds {len(on_hub.get('items', []))} contributions")


DOCUMENTS, DOCUMENT_BYTES = 5, 2 * 1024 * 1024


def add_documents(hub, node_code):
    """On the hub (straight to it, not through the node's link): 5 agreements with the node's host as a
    party, each with a signed copy of 2 MB (random bytes between a PDF header and its end marker)."""
    import os

    node = json.loads(_hub_get(hub, f"/nodes/{node_code}"))
    host = node["host_organization_id"]
    partner = json.loads(_hub_send(hub, "POST", "/organizations", json.dumps({
        "name": "Bench partner agency", "country": "FRA", "kind": "government", "status": "active"}).encode(),
        "application/json"))["id"]
    for i in range(DOCUMENTS):
        agreement = json.loads(_hub_send(hub, "POST", "/agreements", json.dumps({
            "kind": "mou", "reference": f"BENCH-DOC-{i + 1}", "title": f"Bench agreement {i + 1}",
            "status": "active", "parties": [{"organization_id": host, "role": "lead"},
                                                   {"organization_id": partner, "role": "partner"}]}).encode(),
            "application/json"))
        content = b"%PDF-1.4\n" + os.urandom(DOCUMENT_BYTES - 16) + b"\n%%EOF\n"
        boundary = "benchboundary" + os.urandom(8).hex()
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"signed-{i + 1}.pdf\"\r\n"
                f"Content-Type: application/pdf\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
        _hub_send(hub, "POST", f"/agreements/{agreement['id']}/documents", body,
                  f"multipart/form-data; boundary={boundary}")
    print(f"hub: {DOCUMENTS} agreement documents of {DOCUMENT_BYTES:,} B for the node's host", flush=True)


def _check_documents(app):
    from sqlalchemy import select

    from app.agreements.documents import stored_path
    from app.agreements.models import AgreementDocument
    from app.extensions import db

    documents = db.session.scalars(select(AgreementDocument)).all()
    here = [d for d in documents if stored_path(d.sha256).is_file()]
    print(f"node holds {len(here)} of {len(documents)} agreement documents' files", flush=True)


def _hub_send(hub, method, path, body, content_type):
    import urllib.error
    import urllib.request

    request = urllib.request.Request(f"http://127.0.0.1:{hub.port}/api/v1{path}", data=body, method=method,
                                     headers={"Authorization": f"Bearer {hub.info['secretariat']}",
                                              "Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        raise SystemExit(f"hub refused {method} {path}: {error.code} {error.read()[:500]!r}") from error


def _hub_get(hub, path):
    import urllib.request

    request = urllib.request.Request(f"http://127.0.0.1:{hub.port}/api/v1{path}",
                                     headers={"Authorization": f"Bearer {hub.info['secretariat']}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


if __name__ == "__main__":
    main()
