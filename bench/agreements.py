"""How fast the agreement register answers with many agreements (SQLite in a temporary folder).

    .venv/bin/python bench/agreements.py [N]

Prints the time and number of SQL statements of: a register page filtered by state, one
filtered by "expiring within 365 days", the API list, the CSV export of everything, and a
license check.
"""

import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
folder = Path(tempfile.mkdtemp(prefix="bench-agreements-"))
os.environ.setdefault("SECRET_KEY", "bench")
os.environ["CSDR_DATA_DIR"] = str(folder)

from app import create_app  # noqa: E402
from app.agreements.models import Agreement, AgreementParty, AgreementStatus, License  # noqa: E402
from app.auth.actors import SYSTEM  # noqa: E402
from app.extensions import db  # noqa: E402
from app.partners.models import Organization  # noqa: E402


def build(app):
    with app.app_context():
        db.create_all()
        orgs = [Organization(name=f"Org {i}", country="LAO", kind="government") for i in range(200)]
        db.session.add_all(orgs)
        db.session.flush()
        today = date.today()
        for i in range(N):
            kind = "data_license" if i % 5 == 0 else "mou"
            a = Agreement(kind=kind, reference=f"AGR-{i:05d}", title=f"Agreement {i}", status=AgreementStatus.active,
                          effective_from=today - timedelta(days=1000), expires_on=today + timedelta(days=i % 900),
                          notice_days=(i % 4) * 60, auto_renew=False, non_commercial=True, geoss_principles=True)
            a.parties = [AgreementParty(organization_id=orgs[0].id, role="lead", position=0),
                         AgreementParty(organization_id=orgs[1 + i % 199].id, role="partner", position=1)]
            if kind == "data_license":
                a.license = License(licensee_id=orgs[1 + i % 199].id, satellites=["GF-2", "ZY-3"],
                                    product_levels=["L1"], territory=["LAO"], permitted_uses=["research"])
            db.session.add(a)
        db.session.commit()


def measure(label, call):
    statements = []
    listener = lambda *args: statements.append(1)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    start = time.perf_counter()
    result = call()
    elapsed = time.perf_counter() - start
    event.remove(db.engine, "before_cursor_execute", listener)
    print(f"{label:<48} {elapsed * 1000:8.1f} ms  {len(statements):3d} statements")
    return result


def main():
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}", "WTF_CSRF_ENABLED": False,
                      "TESTING": True})
    build(app)
    with app.app_context():
        from app.agreements.licensing import check_license
        from app.auth.services import create_token, create_user

        user, _ = create_user(SYSTEM, email="bench@example.org", name="Bench", role="secretariat",
                              password="correct horse battery staple")
        _, token = create_token(user, "bench")
        db.session.commit()
        client = app.test_client()
        client.post("/login", data={"email": "bench@example.org", "password": "correct horse battery staple"})
        headers = {"Authorization": f"Bearer {token}"}
        print(f"{N} agreements")
        measure("page /agreements?state=expiring", lambda: client.get("/agreements?state=expiring"))
        measure("page /agreements?expiring_within_days=365", lambda: client.get("/agreements?expiring_within_days=365"))
        measure("api /api/v1/agreements?per_page=200", lambda: client.get("/api/v1/agreements?per_page=200",
                                                                           headers=headers))
        measure("export.csv (all)", lambda: client.get("/agreements/export.csv"))
        organization_id = db.session.scalar(db.select(License.licensee_id).limit(1))
        measure("check_license", lambda: check_license(organization_id, ["GF-2"], countries=["LAO"], use="research"))


if __name__ == "__main__":
    main()
