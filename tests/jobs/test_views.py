import pytest

from app.extensions import db
from app.jobs.models import JobRun, RunStatus


@pytest.mark.parametrize("role,status", [("admin", 200), ("secretariat", 403), ("coordinator", 403), ("board", 403)])
def test_only_admins_see_the_job_runs(client, login_as, make, role, status):
    login_as(role, node=make.node() if role == "coordinator" else None)
    assert client.get("/admin/jobs").status_code == status


def test_the_page_lists_runs_with_what_they_did_and_errors(client, login_as):
    db.session.add_all([
        JobRun(job="backup", period="2025-10-08", status=RunStatus.succeeded, summary="backup /x (3 files)"),
        JobRun(job="email", period="2025-10-08T06:10", status=RunStatus.failed, error="Traceback\nOSError: <boom>"),
    ])
    db.session.commit()
    login_as("admin")
    page = client.get("/admin/jobs").get_data(as_text=True)
    assert "backup /x (3 files)" in page and "OSError: &lt;boom&gt;" in page and "table-danger" in page
    assert 'href="/admin/jobs"' in page  # the nav item
    page = client.get("/admin/jobs?status=failed").get_data(as_text=True)
    assert "backup /x" not in page and "OSError" in page


def test_anonymous_is_sent_to_sign_in(client):
    assert "/login" in client.get("/admin/jobs").headers["Location"]
