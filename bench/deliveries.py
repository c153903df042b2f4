"""Bench: import a 100,000-line SatCloud push log (CSV, and XLSX), then measure T+1, on SQLite (or PostgreSQL).

    .venv/bin/python bench/deliveries.py [ROWS] [--xlsx]

Prints the time to import the log (parse, check every row, look up known scenes, write),
to import it again (every scene skipped) and to compute T+1 for every node and quarter.
Uses a fresh SQLite file unless BENCH_DATABASE_URL is set (its schema is dropped and
recreated: never point it at a database you care about).
"""

import io
import os
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SECRET_KEY", "bench")

from sqlalchemy import text  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.actors import SYSTEM  # noqa: E402
from app.datarequests.imports import COLUMNS, import_deliveries  # noqa: E402
from app.datarequests.queries import measured_t1  # noqa: E402
from app.extensions import db  # noqa: E402
from app.nodes.models import Node, NodeStatus  # noqa: E402
from app.partners.models import Organization, OrganizationKind  # noqa: E402

NODES = [f"N{i:02d}" for i in range(15)]
SATELLITES = ("GF-1", "GF-2", "GF-6", "ZY-3", "ZY-1 02D")


def rows(count: int):
    start = datetime(2024, 1, 1)
    for i in range(count):
        acquired = start + timedelta(minutes=7 * i)
        lag = timedelta(hours=(i * 37) % 40)  # 0–39 h: about 60 % within a day
        yield (f"SC{i:08d}", SATELLITES[i % len(SATELLITES)], NODES[i % len(NODES)],
               acquired.isoformat() + "Z", (acquired + lag).isoformat() + "Z", f"{(i * 13) % 900 + 50}.5")


def csv_bytes(count: int) -> bytes:
    lines = [",".join(COLUMNS)] + [",".join(row) for row in rows(count)]
    return ("\n".join(lines) + "\n").encode()


def xlsx_bytes(count: int) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("log")
    sheet.append(COLUMNS)
    for row in rows(count):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def timed(label, fn):
    started = time.perf_counter()
    result = fn()
    print(f"{label:<40} {time.perf_counter() - started:7.2f} s")
    return result


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    count = int(args[0]) if args else 100_000
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        db.create_all()
        host = Organization(name="Host", country="LAO", kind=OrganizationKind.research)
        db.session.add(host)
        db.session.flush()
        db.session.add_all(Node(code=code, name=code, country="LAO", host_organization_id=host.id,
                                status=NodeStatus.active) for code in NODES)
        db.session.commit()
        print(f"{count:,} log lines on {db.engine.dialect.name}")
        data = timed("build the CSV", lambda: csv_bytes(count))
        print(f"{'CSV size':<40} {len(data) / 1e6:7.1f} MB")
        result = timed("import (parse, check, write) + commit", lambda: (
            import_deliveries(SYSTEM, "push.csv", data), db.session.commit())[0])
        assert result.imported == count, result
        again = timed("import again (every scene skipped)", lambda: (
            import_deliveries(SYSTEM, "push.csv", data), db.session.commit())[0])
        assert again.imported == 0 and again.skipped == count
        found = timed("T+1 for every node and quarter", measured_t1)
        print(f"{'node-quarters measured':<40} {len(found):7d}")
        if "--xlsx" in sys.argv:
            workbook = timed("build the XLSX", lambda: xlsx_bytes(count))
            timed("import the XLSX again (all skipped)", lambda: (
                import_deliveries(SYSTEM, "push.xlsx", workbook), db.session.commit())[0])


if __name__ == "__main__":
    main()
