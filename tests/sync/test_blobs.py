"""Files by hash: GET with Range, PUT in parts (resumable), checked against the hash, by the policy; and a node
instance fetching the files it learns about, resuming after a cut."""

import hashlib
import http.client
import json

import pytest

from app import create_app
from app.agreements.documents import stored_path
from app.extensions import db
from app.reports.services import pdf_path
from app.sync import blobs

CONTENT = b"%PDF-1.4\n% a signed copy, long enough to be cut in parts\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"
URL = "/api/v1/sync/blobs/"


@pytest.fixture
def shared(make):
    """An agreement whose parties include node A's host; its signed copy stored by hash."""
    host = make.organization()
    mine = make.node(host=host)
    other = make.node()
    agreement = make.agreement(parties=[host, make.organization()])
    document = make.agreement_document(agreement, content=CONTENT)
    return {"mine": mine, "other": other, "document": document, "sha": document.sha256}


def test_get_whole_and_ranges(shared, api_as):
    api, sha, size = api_as("secretariat"), shared["sha"], len(CONTENT)
    whole = api.get(URL + sha)
    assert whole.status_code == 200 and whole.data == CONTENT
    assert whole.headers["Accept-Ranges"] == "bytes" and whole.headers["ETag"] == f'"{sha}"'
    part = api.get(URL + sha, headers={"Range": "bytes=5-9"})
    assert part.status_code == 206 and part.data == CONTENT[5:10]
    assert part.headers["Content-Range"] == f"bytes 5-9/{size}"
    tail = api.get(URL + sha, headers={"Range": "bytes=-4"})
    assert tail.status_code == 206 and tail.data == CONTENT[-4:]
    rest = api.get(URL + sha, headers={"Range": f"bytes={size - 10}-"})
    assert rest.data == CONTENT[-10:] and rest.headers["Content-Range"] == f"bytes {size - 10}-{size - 1}/{size}"
    for bad in (f"bytes={size}-", "bytes=9-5", "bytes=abc", "bytes=1-2,4-5", "items=0-1"):
        refused = api.get(URL + sha, headers={"Range": bad})
        assert refused.status_code == 416, bad
        assert refused.headers["Content-Range"] == f"bytes */{size}"
        assert refused.get_json()["error"]["fields"] == {"Range": refused.get_json()["error"]["fields"]["Range"]}


def test_get_as_the_policy_says(shared, make, api_as):
    sha = shared["sha"]
    assert api_as("coordinator", node=shared["mine"]).get(URL + sha).data == CONTENT  # its host is a party
    assert api_as("coordinator", node=shared["other"]).get(URL + sha).status_code == 404
    assert api_as("board").get(URL + sha).status_code == 403  # the board does not sync
    assert api_as("secretariat").get(URL + "0" * 64).status_code == 404
    assert api_as("secretariat").get(URL + sha.upper()).status_code == 404
    draft = make.report(year=2024)
    published = make.report(year=2025, publish=True)
    coordinator = api_as("coordinator", node=shared["other"])
    assert coordinator.get(URL + draft.pdf_sha256).status_code == 404
    assert coordinator.get(URL + published.pdf_sha256).data == pdf_path(published.pdf_sha256).read_bytes()
    assert api_as("secretariat").get(URL + draft.pdf_sha256).status_code == 200


def _lose(sha):
    stored_path(sha).unlink()
    assert not stored_path(sha).exists()


def _partials(sha):
    return list(blobs.partial_dir().glob(f"{sha}*"))


def test_put_in_parts_resumes_and_keeps_the_file_once_whole(shared, api_as):
    sha, size, api = shared["sha"], len(CONTENT), api_as("secretariat")
    _lose(sha)
    first = api.put(URL + sha, data=CONTENT[:1000], headers={"Content-Range": f"bytes 0-999/{size}"})
    assert first.status_code == 202 and first.get_json() == {"sha256": sha, "received": 1000, "total": size,
                                                              "complete": False}
    assert first.headers["Range"] == "bytes=0-999" and not stored_path(sha).exists()
    # After a cut the sender asks how much arrived, and goes on from there.
    asked = api.put(URL + sha, headers={"Content-Range": f"bytes */{size}"})
    assert asked.status_code == 202 and asked.get_json()["received"] == 1000
    gap = api.put(URL + sha, data=CONTENT[1500:], headers={"Content-Range": f"bytes 1500-{size - 1}/{size}"})
    assert gap.status_code == 409 and "1000" in gap.get_json()["error"]["message"]
    again = api.put(URL + sha, data=CONTENT[500:1000], headers={"Content-Range": f"bytes 500-999/{size}"})
    assert again.status_code == 202 and again.get_json()["received"] == 1000  # a part sent twice: harmless
    last = api.put(URL + sha, data=CONTENT[1000:], headers={"Content-Range": f"bytes 1000-{size - 1}/{size}"})
    assert last.status_code == 201 and last.get_json() == {"sha256": sha, "size": size, "complete": True}
    assert stored_path(sha).read_bytes() == CONTENT and _partials(sha) == []
    assert api.get(URL + sha).data == CONTENT


def test_put_refuses_content_that_does_not_match_the_hash(shared, api_as):
    sha, api = shared["sha"], api_as("secretariat")
    _lose(sha)
    wrong = CONTENT.replace(b"signed", b"forged")
    refused = api.put(URL + sha, data=wrong)
    assert refused.status_code == 422 and sha in refused.get_json()["error"]["message"]
    assert refused.get_json()["error"]["fields"] == {"sha256": [f"content does not match {sha}"]}
    assert not stored_path(sha).exists() and _partials(sha) == []
    # In parts too: the last part completes a file of the wrong content, and nothing is kept.
    api.put(URL + sha, data=wrong[:100], headers={"Content-Range": f"bytes 0-99/{len(wrong)}"})
    last = api.put(URL + sha, data=wrong[100:], headers={"Content-Range": f"bytes 100-{len(wrong) - 1}/{len(wrong)}"})
    assert last.status_code == 422 and not stored_path(sha).exists() and _partials(sha) == []


def test_a_kept_file_is_never_overwritten(shared, api_as):
    sha = shared["sha"]
    answer = api_as("secretariat").put(URL + sha, data=b"%PDF-1.4 something else %%EOF")
    assert answer.status_code == 200 and answer.get_json()["complete"] is True
    assert stored_path(sha).read_bytes() == CONTENT


def test_put_bad_content_range(shared, api_as):
    sha, api = shared["sha"], api_as("secretariat")
    _lose(sha)
    for header in ("bytes 5-1/10", "bytes 0-10/10", "lines 0-1/2", "bytes 0-1/*"):
        answer = api.put(URL + sha, data=b"ab", headers={"Content-Range": header})
        assert answer.status_code == 422 and "Content-Range" in answer.get_json()["error"]["fields"], header
    short = api.put(URL + sha, data=b"abc", headers={"Content-Range": "bytes 0-9/100"})
    assert short.status_code == 422
    huge = api.put(URL + sha, data=b"ab", headers={"Content-Range": f"bytes 0-1/{10**12}"})
    assert huge.status_code == 413


def test_a_node_sends_only_its_own_records_files(shared, make, api_as, monkeypatch):
    sha = shared["sha"]
    _lose(sha)
    # The agreement's copy is the hub's: a party's coordinator sees it but may not send it; others do not see it.
    assert api_as("coordinator", node=shared["mine"]).put(URL + sha, data=CONTENT).status_code == 403
    assert api_as("coordinator", node=shared["other"]).put(URL + sha, data=CONTENT).status_code == 404
    assert not stored_path(sha).exists()
    # A file named by a record of the node's own (as a node-owned document type would name it).
    own = make.trainee(node_id=shared["mine"].id)
    content = b"%PDF-1.4\n% a node's own file\n%%EOF\n"
    own_sha = hashlib.sha256(content).hexdigest()
    monkeypatch.setattr(blobs, "HOLDERS", [*blobs.HOLDERS, lambda sha: [(own, "documents")] if sha == own_sha else []])
    assert api_as("coordinator", node=shared["other"]).put(URL + own_sha, data=content).status_code == 404
    kept = api_as("coordinator", node=shared["mine"]).put(URL + own_sha, data=content)
    assert kept.status_code == 201 and stored_path(own_sha).read_bytes() == content
    assert api_as("coordinator", node=shared["mine"]).get(URL + own_sha).data == content
    assert api_as("coordinator", node=shared["other"]).get(URL + own_sha).status_code == 404


# --- a node instance fetching the files it learns about ------------------------------------------------

class CutResponse:
    """What urlopen returns, from the test client's answer; `cut_after` bytes, then the link drops."""

    def __init__(self, answer, cut_after=None):
        self.status, self.data, self.cut_after, self.sent = answer.status_code, answer.data, cut_after, 0

    def read(self, n=-1):
        if self.cut_after is not None and self.sent >= self.cut_after:
            raise http.client.IncompleteRead(b"")
        end = len(self.data) if n < 0 else self.sent + n
        if self.cut_after is not None:
            end = min(end, self.cut_after)
        chunk = self.data[self.sent:end]
        self.sent += len(chunk)
        return chunk

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.fixture
def node_app(tmp_path):
    (tmp_path / "data").mkdir()
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'node.db'}",
                      "CSDR_DATA_DIR": str(tmp_path / "data"), "CSDR_INSTANCE": "node", "CSDR_NODE": "X",
                      "CSDR_HUB_URL": "http://hub.invalid", "CSDR_HUB_TOKEN": "t"})
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_node_fetches_a_file_it_learns_about_resuming_after_a_cut(shared, api_as, node_app, monkeypatch):
    from app.sync import engine

    sha, hub = shared["sha"], api_as("coordinator", node=shared["mine"])
    asked, cuts = [], [600]

    def hub_get(sha256, offset):
        headers = {"Range": f"bytes={offset}-"} if offset else {}
        asked.append(headers.get("Range"))
        return CutResponse(hub.get(URL + sha256, headers=headers), cuts.pop() if cuts else None)

    monkeypatch.setattr(blobs, "_hub_get", hub_get)
    monkeypatch.setattr(blobs, "CHUNK", 256)
    with node_app.app_context():
        change = {"type": "agreement", "data": {"documents": [{"sha256": sha, "title": "MOU"}],
                                                "data_sha256": "f" * 64}}
        blobs.note_wanted(change["data"])
        db.session.commit()
        with pytest.raises(engine.SyncFailed, match="cannot be reached"):
            engine.fetch_blobs()  # the link drops after 600 bytes: what arrived is kept
        assert not stored_path(sha).exists()
        assert engine.fetch_blobs() == {"fetched": 1}
        assert asked == [None, "bytes=600-"]  # resumed from the bytes written before the cut
        assert stored_path(sha).read_bytes() == CONTENT
        assert engine.fetch_blobs() == {}  # nothing wanted any more
        assert json.loads(db.session.get(blobs_state(), "blobs_wanted").value or "{}") == {}
        db.session.remove()


def blobs_state():
    from app.sync.models import SyncState

    return SyncState


def test_over_http_a_node_resumes_a_download_with_range(app, shared, make, user_factory, node_app):
    """The hub served on loopback: the node's partial file (what a cut left) is completed with a Range request."""
    import threading

    from werkzeug.serving import make_server

    from app.sync import engine

    sha = shared["sha"]
    token = make.token(user_factory("coordinator", node=shared["mine"]))
    ranges = []

    def recording(environ, start_response):
        ranges.append(environ.get("HTTP_RANGE"))
        return app(environ, start_response)

    server = make_server("127.0.0.1", 0, recording, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        node_app.config.update(CSDR_HUB_URL=f"http://127.0.0.1:{server.server_port}", CSDR_HUB_TOKEN=token)
        with node_app.app_context():
            blobs.note_wanted({"sha256": sha})
            (blobs.partial_dir() / f"{sha}.download").write_bytes(CONTENT[:700])  # left by a cut
            db.session.commit()
            assert engine.fetch_blobs() == {"fetched": 1}
            assert ranges == ["bytes=700-"] and stored_path(sha).read_bytes() == CONTENT
            assert list(blobs.partial_dir().iterdir()) == []
            # A file the hub does not give this node stays wanted, and the run goes on.
            blobs.note_wanted({"pdf_sha256": make_unseen_report_hash(app)})
            db.session.commit()
            assert engine.fetch_blobs() == {"missing": 1}
            db.session.remove()
    finally:
        server.shutdown()
        thread.join(5)


def make_unseen_report_hash(app):
    """A draft report's PDF (staff only) made on the hub."""
    with app.app_context():
        from tests import factories

        sha = factories.report(year=2023).pdf_sha256
        db.session.remove()
        return sha


def test_the_nightly_job_removes_transfers_left_unfinished(app, runner, tmp_path, monkeypatch):
    """A part nobody resumed for a week goes with the nightly housekeeping; a recent one stays."""
    import os
    import time

    from app.sync.blobs import partial_dir

    monkeypatch.setitem(app.config, "BACKUP_DIR", str(tmp_path / "backups"))
    stale, recent = partial_dir() / f"{'a' * 64}.7.part", partial_dir() / f"{'b' * 64}.download"
    stale.write_bytes(b"half a file")
    recent.write_bytes(b"being resumed")
    eight_days_ago = time.time() - 8 * 24 * 3600
    os.utime(stale, (eight_days_ago, eight_days_ago))
    result = runner.invoke(args=["jobs", "run", "backup", "--on", "2030-01-01"])
    assert result.exit_code == 0, result.output
    assert "1 unfinished transfer(s) removed" in result.output
    assert not stale.exists() and recent.exists()
