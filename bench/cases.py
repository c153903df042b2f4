"""How the case register, the coverage view and the tag picker scale.

    .venv/bin/python bench/cases.py [N]            # N cases on a temporary SQLite file (default 5000)
    BENCH_DATABASE_URL=postgresql://… .venv/bin/python bench/cases.py   # an EMPTY scratch database

Prints, per read, the median time of 5 runs and the number of SQL statements it sent.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("CSDR_TEST_FAST_HASHING", "1")

from app import create_app  # noqa: E402
from app.cases.vocabularies import vocabulary  # noqa: E402
from app.extensions import db  # noqa: E402


def build(n: int) -> None:
    from app.cases.services import create_case
    from app.demo.capacity import ACTOR
    from app.partners.models import Organization, OrganizationKind

    rng = random.Random(7)
    orgs = [Organization(name=f"Org {i}", country="LAO", kind=OrganizationKind.government) for i in range(40)]
    db.session.add_all(orgs)
    db.session.flush()
    indicators = [t.code for t in vocabulary("sdg").level("indicator")]
    sendai = [t.code for t in vocabulary("sendai").level("indicator")]
    paris = list(vocabulary("paris").terms)
    countries = ["LAO", "KHM", "THA", "NPL", "GHA", "KEN", "MNG", "LKA"]
    for i in range(n):
        create_case(ACTOR, {
            "title": f"Case {i}", "countries": rng.sample(countries, 2), "domains": ["mapping"],
            "satellites": ["GF-2"], "partner_ids": [o.id for o in rng.sample(orgs, 2)],
            "sdg": rng.sample(indicators, 3), "sendai": rng.sample(sendai, 1), "paris": rng.sample(paris, 1)})
        if i % 500 == 499:
            db.session.commit()
    db.session.commit()


def measure(label: str, run) -> None:
    statements = []

    def count(*_args):
        statements.append(1)

    times = []
    for _ in range(5):
        statements.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
        event.remove(db.engine, "before_cursor_execute", count)
    print(f"{label:<42} {statistics.median(times) * 1000:8.1f} ms {len(statements):4d} statements")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    url = os.environ.get("BENCH_DATABASE_URL")
    tmp = tempfile.TemporaryDirectory()
    app = create_app({"SQLALCHEMY_DATABASE_URI": url or f"sqlite:///{tmp.name}/bench.db", "TESTING": True,
                      "WTF_CSRF_ENABLED": False})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        db.create_all()
        start = time.perf_counter()
        build(n)
        print(f"{n} cases built through the service in {time.perf_counter() - start:.1f} s "
              f"({db.engine.dialect.name})")
        from app.cases.queries import cases_query, coverage
        from app.cases.vocabularies import search_all

        def register(**args):
            return lambda: db.paginate(cases_query(args), page=1, per_page=25, error_out=False).items

        measure("register, first page", register())
        measure("register ?sdg=11 (goal)", register(sdg="11"))
        measure("register ?sdg=11.5.2 (indicator)", register(sdg="11.5.2"))
        measure("register ?sendai=B&country=LAO", register(sendai="B", country="LAO"))
        measure("coverage (all cases)", lambda: coverage())
        measure("coverage ?country=LAO", lambda: coverage({"country": "LAO"}))
        measure("tag picker search 'disaster'", lambda: search_all("disaster", 25))
        measure("tag picker search '11.5'", lambda: search_all("11.5", 25))
        db.session.remove()
        db.engine.dispose()


if __name__ == "__main__":
    main()
