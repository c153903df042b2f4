"""A gunicorn server on loopback for load tests, and a small JSON client for it (stdlib only)."""

import http.client
import json
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from tests.mailserver import free_port

ROOT = Path(__file__).resolve().parents[2]


def redis_answers() -> bool:
    import redis

    try:
        return redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@contextmanager
def gunicorn(database_url: str, data_dir: Path, workers: int = 4):
    """gunicorn -c gunicorn.conf.py with `workers` workers on the given database; yields (port, log path)."""
    port = free_port()
    log_path = data_dir / "gunicorn.log"
    data_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, DATABASE_URL=database_url, CSDR_DATA_DIR=str(data_dir),
               SECRET_KEY="load-test-secret-key-shared-by-every-worker", GUNICORN_ACCESS_LOG="",
               RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379" if redis_answers() else "memory://")
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--workers", str(workers),
             "--bind", f"127.0.0.1:{port}", "wsgi:app"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if call(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.2)
        yield port, log_path
    finally:
        process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown: the test is over
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def call(port: int, method: str, path: str, token: str | None = None, body=None, headers=None):
    """One request on a fresh connection; (status, parsed JSON or text)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    started = time.monotonic()
    try:
        sent = {"Content-Type": "application/json"} | ({"Authorization": f"Bearer {token}"} if token else {})
        conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=sent | (headers or {}))
        response = conn.getresponse()
        raw = response.read().decode()
    finally:
        conn.close()
    if os.environ.get("LOAD_TRACE"):
        print(f"{time.monotonic() - started:6.2f}s {method} {path} {response.status}", flush=True)
    try:
        return response.status, json.loads(raw)
    except ValueError:
        return response.status, raw
