"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app` (see README, "Production").

Every setting can be overridden on the command line (`--workers 4`) or through the
environment variables read below. Workers only answer requests: the scheduled jobs run in
the separate `flask --app wsgi scheduler` process.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Each worker builds its own app and database pool after the fork: no connection is shared.
preload_app = False
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200
# The proxy in front (nginx, Caddy) is the only client allowed to set X-Forwarded-*; the
# app itself trusts one hop through ProxyFix (CSDR_BEHIND_PROXY, on in production).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
limit_request_line = 8190
