"""Helpers for tests and benches with two real instances: a node's year of records, a look into each
side's database, and the node's CLI in its own process (tests/sync/node_process.py)."""

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

NODE_SCRIPT = Path(__file__).with_name("node_process.py")
TABLES = ("organizations", "nodes", "quarterly_reports", "quarterly_report_steps", "contributions", "trainees",
          "cases", "sync_conflicts")


def seed_year(node, coordinator, contributions=50, trainees=30, cases=10, reports=4) -> None:
    """What a node's coordinator records in a year with no link, through the services, committed."""
    from datetime import date

    from app.capacity import services as capacity
    from app.cases import services as case_services
    from app.core.periods import Quarter
    from app.extensions import db
    from app.nodes.contributions import services as contribution_services
    from app.nodes.quarterly import services as quarterly

    host = node.host_organization_id
    for q in range(1, reports + 1):
        report, _ = quarterly.save_report(coordinator, node, Quarter(2025, q), {
            "scenes_received": 100 + q, "users_registered": 10 * q,
            "highlights": f"Quarter {q}: new ground stations and a training week. " * 8})
        quarterly.submit_report(coordinator, report)
    for i in range(contributions):
        contribution_services.create_contribution(coordinator, {
            "organization_id": host, "year": 2025, "kind": "financial", "amount": str(1000 + i),
            "currency": "USD"})
    for i in range(trainees):
        capacity.create_trainee(coordinator, {"name": f"Trainee {i}", "home_country": "LAO",
                                              "host_organization_id": host, "start_on": date(2025, 3, 1)})
    for i in range(cases):
        case_services.create_case(coordinator, {"title": f"Flood mapping case {i}", "countries": ["LAO"]})
    db.session.commit()


class Database:
    """Plain SQL on one instance's database, from outside that instance (no session of its own kept)."""

    def __init__(self, url: str):
        self.engine = create_engine(url, poolclass=NullPool)

    def value(self, sql: str, **params):
        with self.engine.connect() as connection:
            return connection.execute(text(sql), params).scalar()

    def rows(self, sql: str, **params):
        with self.engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), params)]

    def counts(self) -> dict:
        return {table: self.value(f"SELECT count(*) FROM {table}") for table in TABLES}  # noqa: S608 (names above)

    def close(self):
        self.engine.dispose()


def node_cli(folder: Path, hub_url: str, token: str, node_code: str, *args, clock_hours: float = 0,
             wait: bool = True, timeout: float = 120):
    """`flask sync run` (or any command) of the node instance in FOLDER, in its own process."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'node.db'}", "CSDR_HUB_URL": hub_url,
           "CSDR_HUB_TOKEN": token, "CSDR_NODE": node_code, "NODE_CLOCK_SHIFT_HOURS": str(clock_hours),
           "SECRET_KEY": "node-test-secret"}
    command = [sys.executable, str(NODE_SCRIPT), str(folder), *args]
    if not wait:
        return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout, check=False)
