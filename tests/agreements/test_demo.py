"""The demo network carries agreements: MOUs, the Lao license, a renewal chain, one expiring soon."""

from sqlalchemy import select

from app.agreements.licensing import check_license
from app.agreements.models import Agreement, AgreementDocument
from app.agreements.state import agreement_state
from app.auth import policy
from app.auth.models import User


def test_demo_load_records_agreements(runner, db):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    by_ref = {a.reference: a for a in db.session.scalars(select(Agreement))}
    states = {ref: agreement_state(a).value for ref, a in by_ref.items()}
    assert states["MOU-GHA-2021"] == "expiring"
    assert states["MOU-LAO-2019"] == "active" and states["LIC-LAO-2023"] in ("active", "expiring")
    assert states["MOU-THA-2018"] == "superseded" and by_ref["MOU-THA-2023"].supersedes_id == by_ref["MOU-THA-2018"].id
    assert states["BCA-GBR-2019"] == "active"  # renews itself
    assert states["LOI-NPL-2017"] == "expired" and states["MOU-KEN-2025"] == "negotiating"
    assert by_ref["MOU-VEN-2020-A1"].supersedes_id == by_ref["MOU-VEN-2020"].id
    lao_host = by_ref["LIC-LAO-2023"].license.licensee
    assert check_license(lao_host.id, ["GF-2"], countries=["LAO"], use="research").covered
    assert not check_license(lao_host.id, ["GF-7"], countries=["LAO"]).covered
    document = db.session.scalar(select(AgreementDocument))
    assert document.agreement.reference == "MOU-LAO-2019" and document.size > 0
    coordinator = db.session.scalar(select(User).where(User.email == "coordinator.lao@csdr.example"))
    assert policy.may_view_agreement_documents(coordinator, by_ref["MOU-LAO-2019"])
    assert not policy.may_view_agreement_documents(coordinator, by_ref["MOU-GHA-2021"])
