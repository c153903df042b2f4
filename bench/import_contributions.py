"""Bench: import 10,000 contributions from XLSX and from CSV, on SQLite (or DATABASE_URL).

    .venv/bin/python bench/import_contributions.py [ROWS]

Prints the time to build the files, to import them (parse, check every row, write with the
audit rows) and to commit. Uses a fresh SQLite file unless BENCH_DATABASE_URL is set (its
schema is dropped and recreated: never point it at a database you care about).
"""

import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SECRET_KEY", "bench")

from openpyxl import Workbook  # noqa: E402
from sqlalchemy import delete, text  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.actors import SYSTEM  # noqa: E402
from app.extensions import db  # noqa: E402
from app.nodes.contributions.imports import COLUMNS, import_contributions  # noqa: E402
from app.nodes.contributions.models import Contribution, ContributionImport  # noqa: E402
from app.partners.models import Organization, OrganizationKind  # noqa: E402

KINDS = ("financial", "hardware", "storage", "staff", "data")


def rows(count: int):
    for i in range(count):
        kind = KINDS[i % len(KINDS)]
        org = f"ORG{i % 40}" if i % 2 else f"Organization number {i % 40}"
        if kind == "financial":
            yield (org, None, 2020 + i % 6, kind, 1000 + i, ("USD", "EUR", "CNY")[i % 3], None, None, None,
                   f"Grant {i}", None)
        else:
            yield (org, None, 2020 + i % 6, kind, None, "USD", i % 50 + 1, "TB", 100 + i, f"In kind {i}", f"ref-{i}")


def xlsx(count: int) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("contributions")
    sheet.append(COLUMNS)
    for row in rows(count):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(count: int) -> bytes:
    from app.core.exports import to_csv

    return to_csv(COLUMNS, rows(count)).encode()


def timed(label, fn):
    started = time.perf_counter()
    result = fn()
    print(f"{label:<34} {time.perf_counter() - started:7.2f} s")
    return result


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        db.create_all()
        db.session.add_all(Organization(name=f"Organization number {i}", acronym=f"ORG{i}", country="LAO",
                                        kind=OrganizationKind.research) for i in range(40))
        db.session.commit()
        print(f"{count:,} rows on {db.engine.dialect.name}")
        for name, build in (("bench.xlsx", xlsx), ("bench.csv", csv_bytes)):
            data = timed(f"build {name} ({count:,} rows)", lambda build=build: build(count))
            print(f"{'  size':<34} {len(data) / 1024:7.0f} KiB")
            imported = timed(f"import {name} (parse, check, flush)",
                             lambda name=name, data=data: import_contributions(SYSTEM, name, data))
            timed("commit", db.session.commit)
            assert imported.batch.rows_added == count
            if name.endswith(".csv"):
                again = timed(f"import {name} again, edited (all known)",
                              lambda name=name, data=data: import_contributions(SYSTEM, name,
                                                                                data + b"\n"))
                timed("commit", db.session.commit)
                assert again.batch.rows_skipped == count
            db.session.execute(delete(Contribution))
            db.session.execute(delete(ContributionImport))
            db.session.commit()


if __name__ == "__main__":
    main()
