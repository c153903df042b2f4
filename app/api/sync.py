"""Sync through the API (API.md "Sync", issue 12): the change feed and a node's batch of changes.

The codecs below tell the sync engine (app/sync) how each type is written out — the API's own
marshmallow schema, with the integer ids of other records replaced by their `uid`s — and how a
change is applied: on the hub through the domain services as the token's user (policy, validation
and audit hold), on a node instance as the system actor for what the hub owns.
"""

from decimal import Decimal

from flask import g, jsonify, request
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from app.api.http import json_body, remember_idempotent, replay_idempotent
from app.audit.recorder import set_face
from app.auth.actors import SYSTEM
from app.core.db import given_uid
from app.core.errors import DomainError
from app.core.periods import Quarter
from app.extensions import db
from app.nodes.models import Node
from app.nodes.quarterly import services as quarterly
from app.nodes.quarterly.models import EDITABLE, FIGURES, TEXTS, QuarterlyReport, QuarterlyReportStep, ReportStatus
from app.partners.models import Organization, Person
from app.sync import services as sync
from app.sync.registry import CODECS, Codec, register
from app.sync.services import Rejected

REFS = {"organization_id": Organization, "node_id": Node, "host_organization_id": Organization,
        "home_organization_id": Organization, "coordinator_id": Person}
LIST_REFS = {"organizer_ids": Organization, "partner_ids": Organization}
DROPPED = ("id", "created_at", "updated_at", "money_hidden")


def _uid_of(model, record_id):
    return db.session.scalar(select(model.uid).where(model.id == record_id)) if record_id is not None else None


def _id_of(model, uid, field):
    if uid is None:
        return None
    found = db.session.scalar(select(model.id).where(model.uid == uid)) if isinstance(uid, str) else None
    if found is None:
        raise Rejected(f"{field} names no record known here.", {field: ["unknown record"]})
    return found


def to_wire(data: dict) -> dict:
    """A schema's dump with uids for the records it refers to."""
    out = {k: v for k, v in data.items() if k not in DROPPED}
    for name, model in REFS.items():
        if name in out:
            out[name.removesuffix("_id") + "_uid"] = _uid_of(model, out.pop(name))
    for name, model in LIST_REFS.items():
        if name in out:
            out[name.removesuffix("_ids") + "_uids"] = [_uid_of(model, i) for i in out.pop(name) or []]
    return out


def from_wire(data: dict) -> dict:
    """The reverse: uids back to this instance's integer ids (an unknown uid is refused)."""
    out = dict(data)
    for name, model in REFS.items():
        key = name.removesuffix("_id") + "_uid"
        if key in out:
            out[name] = _id_of(model, out.pop(key), key)
    for name, model in LIST_REFS.items():
        key = name.removesuffix("_ids") + "_uids"
        if key in out:
            out[name] = [_id_of(model, u, key) for u in out.pop(key) or []]
    return out


def _as_user(user):
    """The schemas' post_dump hooks ask the policy about g.api_user."""
    if g.get("api_user") is None:
        g.api_user = user


def _resource_codec(type_, resource, model, node_owned):
    schema = resource.schema
    writable = tuple(name for name, f in schema.fields.items() if not f.dump_only)

    def dump(user, record):
        _as_user(user)
        data = to_wire(schema.dump(record))
        data["uid"] = record.uid
        return data

    def apply(user, record, data, uid):
        loaded = _load(schema, from_wire({k: v for k, v in data.items() if k in _wire_names(writable)}),
                       partial=record is not None)
        if node_owned and not _is_staff(user):
            node_id = loaded.get("node_id")
            if node_id is not None and node_id != user.node_id:
                raise Rejected("A node writes only its own records.", {"node_uid": ["another node"]})
        if record is None:
            with given_uid(model.__tablename__, uid):
                return resource.create(user, loaded)
        return resource.update(user, record, loaded, record.version)

    wire_fields = _wire_names(writable)
    return Codec(type=type_, model=model, dump=dump, apply=apply, fields=wire_fields)


def _wire_names(names) -> tuple[str, ...]:
    out = []
    for name in names:
        if name in REFS:
            out.append(name.removesuffix("_id") + "_uid")
        elif name in LIST_REFS:
            out.append(name.removesuffix("_ids") + "_uids")
        else:
            out.append(name)
    return tuple(out)


def _is_staff(user):
    from app.auth import policy

    return policy.is_staff(user)


def _load(schema, data, partial):
    from marshmallow import ValidationError

    from app.api.http import validation_error

    try:
        return schema.load(data, partial=partial)
    except ValidationError as error:
        raise validation_error(error) from None


# --- quarterly reports ---------------------------------------------------------------------------

REPORT_FIELDS = FIGURES + TEXTS + ("status",)
REVIEW_FIELDS = ("status", "review_comment", "reviewed_at", "submitted_at", "first_submitted_at")


def _report_dump(user, report):
    from app.api.quarterly import REPORT

    _as_user(user)
    data = {k: v for k, v in REPORT.dump(report).items() if k not in ("timeliness", "late", "period")}
    data.update(uid=report.uid, node_uid=report.node.uid)
    return data


def _report_apply(user, report, data, uid):
    """On the hub, as the node's coordinator: figures and texts through save_report, then submit."""
    from app.api.quarterly import QuarterlyReportSchema

    node = db.session.scalar(select(Node).where(Node.uid == data.get("node_uid"))) \
        if isinstance(data.get("node_uid"), str) else None
    if node is None or (report is not None and report.node_id != node.id):
        raise Rejected("node_uid names no node of this report.", {"node_uid": ["unknown or another node"]})
    if not _is_staff(user) and node.id != user.node_id:
        raise Rejected("A node writes only its own reports.", {"node_uid": ["another node"]})
    try:
        quarter = Quarter(int(data.get("year")), int(data.get("quarter")))
    except (TypeError, ValueError):
        raise Rejected("year and quarter are needed.", {"quarter": ["missing"]}) from None
    if report is None and quarterly.find_report(node, quarter) is not None:
        raise Rejected("The hub already holds another report of this quarter.", {"uid": ["another report"]})
    values = _load(QuarterlyReportSchema(partial=True), {k: data[k] for k in FIGURES + TEXTS if k in data},
                   partial=True)
    if report is None or report.is_editable:
        with given_uid("quarterly_reports", uid):
            report, _ = quarterly.save_report(user, node, quarter, values, report.version if report else None)
    if data.get("status") == "submitted" and report.status in EDITABLE:
        quarterly.submit_report(user, report, report.version)
    return report


def _report_apply_local(report, data, uid):
    """On a node instance: the hub's copy is authoritative (its review, or what it holds once submitted)."""
    node = db.session.scalar(select(Node).where(Node.uid == data.get("node_uid")))
    if node is None:
        raise Rejected("node_uid names no node known here.", {"node_uid": ["unknown"]})
    if report is None:
        report = QuarterlyReport(uid=uid, node=node, year=data["year"], quarter=data["quarter"],
                                 due_on=Quarter(data["year"], data["quarter"]).due_on())
        db.session.add(report)
    for name in FIGURES:
        value = data.get(name)
        setattr(report, name, Decimal(str(value)) if isinstance(value, float) else value)
    for name in TEXTS:
        setattr(report, name, data.get(name))
    report.status = ReportStatus(data.get("status") or "draft")
    report.review_comment = data.get("review_comment")
    for name in ("reviewed_at", "submitted_at", "first_submitted_at"):
        setattr(report, name, _when(data.get(name)))
    db.session.flush()
    return report


def _when(value):
    from datetime import UTC, datetime

    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _step_dump(user, step):
    return {"uid": step.uid, "report_uid": step.report.uid, "from_status": step.from_status.value,
            "status": step.status.value, "at": step.at.isoformat(), "comment": step.comment,
            "by": step.user.name if step.user else None}


def _step_apply_local(step, data, uid):
    if step is not None:
        return step
    report = db.session.scalar(select(QuarterlyReport).where(QuarterlyReport.uid == data.get("report_uid")))
    if report is None:
        raise Rejected("report_uid names no report known here.", {"report_uid": ["unknown"]})
    # The node's own note of the same step (its coordinator submitted here; steps are the hub's, never
    # sent up) becomes the hub's step, so the history holds it once.
    from app.sync.models import SyncLink

    step_ = QuarterlyReportStep
    mine = db.session.scalars(select(step_).where(
        step_.report_id == report.id, step_.from_status == ReportStatus(data["from_status"]),
        step_.status == ReportStatus(data["status"]), step_.uid.not_in(select(SyncLink.uid)))
        .order_by(step_.at, step_.id)).first()
    if mine is not None:
        mine.uid, mine.at, mine.comment = uid, _when(data["at"]), data.get("comment")
        db.session.flush()
        return mine
    step = QuarterlyReportStep(uid=uid, report=report, from_status=ReportStatus(data["from_status"]),
                               status=ReportStatus(data["status"]), at=_when(data["at"]), comment=data.get("comment"))
    db.session.add(step)
    db.session.flush()
    return step


# --- agreements and licenses, with their documents' metadata (hub-owned, applied on nodes) ---------

AGREEMENT_COLUMNS = ("reference", "title", "notice_days", "auto_renew", "renewal_months", "non_commercial",
                     "geoss_principles", "attribution", "notes", "termination_reason")
AGREEMENT_DAYS = ("signed_on", "effective_from", "expires_on", "ended_on")
LICENSE_LISTS = ("satellites", "product_levels", "territory", "permitted_uses")
DOCUMENT_FIELDS = ("title", "version", "filename", "size", "sha256", "content_type")


def _agreement_dump(user, agreement):
    """The agreement as the API shows it, references as uids; its documents' names, hashes and sizes only
    when the user may see them (the content goes by hash through the blobs endpoint)."""
    from app.auth import policy

    data = {name: getattr(agreement, name) for name in AGREEMENT_COLUMNS}
    data.update({name: (getattr(agreement, name).isoformat() if getattr(agreement, name) else None)
                 for name in AGREEMENT_DAYS})
    data.update(uid=agreement.uid, kind=agreement.kind.value, status=agreement.status.value,
                supersedes_uid=agreement.supersedes.uid if agreement.supersedes else None,
                parties=[{"organization_uid": p.organization.uid, "role": p.role.value} for p in agreement.parties],
                signatory_uids=[s.person.uid for s in agreement.signatories])
    lic = agreement.license
    data["license"] = None if lic is None else {
        "licensee_uid": lic.licensee.uid if lic.licensee else None,
        **{name: list(getattr(lic, name) or []) for name in LICENSE_LISTS}}
    data["documents"] = [
        {**{name: getattr(d, name) for name in DOCUMENT_FIELDS}, "uploaded_at": d.uploaded_at.isoformat()}
        for d in agreement.documents] if policy.may_sync_documents(user, agreement) else []
    return data


def _day(value):
    from datetime import date

    return date.fromisoformat(value) if value else None


def _agreement_apply_local(agreement, data, uid):
    """On a node instance: the hub's copy, as it is (the hub validated it)."""
    from app.agreements.models import (
        Agreement,
        AgreementDocument,
        AgreementKind,
        AgreementParty,
        AgreementSignatory,
        AgreementStatus,
        License,
        PartyRole,
    )

    if agreement is None:
        agreement = Agreement(uid=uid)
        db.session.add(agreement)
    for name in AGREEMENT_COLUMNS:
        if name in data:
            setattr(agreement, name, data[name])
    for name in AGREEMENT_DAYS:
        setattr(agreement, name, _day(data.get(name)))
    agreement.kind, agreement.status = AgreementKind(data["kind"]), AgreementStatus(data["status"])
    supersedes = data.get("supersedes_uid")
    agreement.supersedes_id = db.session.scalar(select(Agreement.id).where(Agreement.uid == supersedes)) \
        if supersedes else None  # one the node does not hold stays unnamed
    held = {p.organization_id: p for p in agreement.parties}
    parties = []
    for position, party in enumerate(data.get("parties") or []):
        organization_id = _id_of(Organization, party.get("organization_uid"), "parties")
        row = held.get(organization_id) or AgreementParty(organization_id=organization_id)
        row.role, row.position = PartyRole(party.get("role") or "partner"), position
        parties.append(row)
    agreement.parties = parties
    held_people = {s.person_id: s for s in agreement.signatories}
    agreement.signatories = [held_people.get(i) or AgreementSignatory(person_id=i)
                             for i in (_id_of(Person, u, "signatory_uids") for u in data.get("signatory_uids") or [])]
    terms = data.get("license")
    if terms:
        lic = agreement.license or License()
        lic.licensee_id = _id_of(Organization, terms.get("licensee_uid"), "license")
        for name in LICENSE_LISTS:
            setattr(lic, name, list(terms.get(name) or []))
        agreement.license = lic
    else:
        agreement.license = None
    db.session.flush()
    held_documents = {(d.title, d.version) for d in agreement.documents}
    for document in data.get("documents") or []:
        if (document["title"], document["version"]) in held_documents:
            continue  # a document version never changes
        db.session.add(AgreementDocument(agreement=agreement, uploaded_at=_when(document.get("uploaded_at")),
                                         **{name: document[name] for name in DOCUMENT_FIELDS}))
    db.session.flush()
    return agreement


# --- exchange rates, period locks, published reports (hub-owned, applied on nodes) -------------------

def _rate_dump(user, rate):
    return {"uid": rate.uid, "year": rate.year, "currency": rate.currency,
            "reporting_currency": rate.reporting_currency, "rate": str(rate.rate)}


def _rate_apply_local(rate, data, uid):
    from app.nodes.contributions.models import ExchangeRate

    if rate is None:
        rate = ExchangeRate(uid=uid)
        db.session.add(rate)
    rate.year, rate.currency, rate.reporting_currency = data["year"], data["currency"], data["reporting_currency"]
    rate.rate = Decimal(str(data["rate"]))
    db.session.flush()
    return rate


def _lock_dump(user, lock):
    return {"uid": lock.uid, "year": lock.year, "quarter": lock.quarter, "reason": lock.reason,
            "locked_at": lock.locked_at.isoformat()}


def _lock_apply_local(lock, data, uid):
    from app.nodes.quarterly.models import PeriodLock

    if lock is None:
        lock = PeriodLock(uid=uid)
        db.session.add(lock)
    lock.year, lock.quarter, lock.reason = data["year"], data["quarter"], data.get("reason")
    lock.locked_at = _when(data.get("locked_at"))
    db.session.flush()
    return lock


REPORT_META = ("year", "quarter", "period", "version", "lang", "pdf_sha256", "pdf_size", "data_sha256", "summary")


def _published_dump(user, report):
    """A published report's metadata: its PDF goes by hash (the blobs endpoint), its snapshot stays."""
    data = {name: getattr(report, name) for name in REPORT_META}
    data.update(uid=report.uid, kind=report.kind.value, status=report.status.value,
                generated_at=report.generated_at.isoformat(), generated_via=report.generated_via.value,
                published_at=report.published_at.isoformat() if report.published_at else None,
                supersedes_uid=report.supersedes.uid if report.supersedes else None)
    return data


def _published_apply_local(report, data, uid):
    from app.reports.models import GeneratedVia, Report, ReportKind
    from app.reports.models import ReportStatus as PublishedStatus

    if report is None:
        report = Report(uid=uid, snapshot_json="")
        db.session.add(report)
    for name in REPORT_META:
        setattr(report, name, data.get(name))
    report.kind, report.status = ReportKind(data["kind"]), PublishedStatus(data["status"])
    report.generated_via = GeneratedVia(data.get("generated_via") or "page")
    report.generated_at, report.published_at = _when(data.get("generated_at")), _when(data.get("published_at"))
    supersedes = data.get("supersedes_uid")
    report.supersedes_id = db.session.scalar(select(Report.id).where(Report.uid == supersedes)) \
        if supersedes else None
    db.session.flush()
    return report


def _refuse(user, record, data, uid):
    raise Rejected("The hub owns this type.", {"type": ["hub-owned"]})


LOCAL_APPLY: dict = {}


def register_codecs():
    from app.agreements.models import Agreement
    from app.api.resources import REGISTRY
    from app.capacity.models import Event, Trainee
    from app.cases.models import Case
    from app.nodes.contributions.models import Contribution

    by_name = {r.name: r for r in REGISTRY}
    for type_, name, model, node_owned in (
            ("organization", "organizations", Organization, False), ("person", "people", Person, False),
            ("node", "nodes", Node, False),
            ("contribution", "contributions", Contribution, True), ("trainee", "trainees", Trainee, True),
            ("event", "events", Event, True), ("case", "cases", Case, True)):
        codec = _resource_codec(type_, by_name[name], model, node_owned)
        register(codec)
        LOCAL_APPLY[type_] = (lambda c: lambda record, data, uid: c.apply(SYSTEM, record, data, uid))(codec)
    register(Codec(type="quarterly_report", model=QuarterlyReport, dump=_report_dump, apply=_report_apply,
                   fields=REPORT_FIELDS))
    LOCAL_APPLY["quarterly_report"] = _report_apply_local
    register(Codec(type="report_step", model=QuarterlyReportStep, dump=_step_dump, apply=_refuse, fields=()))
    LOCAL_APPLY["report_step"] = _step_apply_local
    from app.nodes.contributions.models import ExchangeRate
    from app.nodes.quarterly.models import PeriodLock
    from app.reports.models import Report

    for type_, model, dump, apply_local in (
            ("agreement", Agreement, _agreement_dump, _agreement_apply_local),
            ("exchange_rate", ExchangeRate, _rate_dump, _rate_apply_local),
            ("period_lock", PeriodLock, _lock_dump, _lock_apply_local),
            ("report", Report, _published_dump, _published_apply_local)):
        register(Codec(type=type_, model=model, dump=dump, apply=_refuse, fields=()))
        LOCAL_APPLY[type_] = apply_local
    for type_, apply_local in LOCAL_APPLY.items():
        CODECS[type_].apply_local = apply_local


# --- routes ------------------------------------------------------------------------------------------

class ChangesArgs(Schema):
    since = fields.Integer(load_default=0, validate=validate.Range(min=0, max=2**31 - 1))
    limit = fields.Integer(load_default=200, validate=validate.Range(min=1, max=sync.MAX_LIMIT))
    echo = fields.Boolean(load_default=True)  # false: leave out what this token's own pushes wrote


def register_routes(bp):
    from app.api.spec import JSONObjectSchema, before, errors

    tags = ["Sync"]

    @bp.route("/sync/changes", endpoint="sync_changes", methods=["GET"], tags=tags)
    @bp.arguments(ChangesArgs, location="query", error_status_code=400)
    @bp.response(200, JSONObjectSchema, description='{"changes": [{type, uid, version, op, data, changed_at, seq, '
                                                    'author}], "cursor", "more"}')
    @errors(400, 403)
    def read_changes(args):
        """The change feed after `since`, as this token may read it (pass `cursor` back as `since`).

        `echo=false` leaves out the changes this token's own pushes made (their versions came in the answers).
        """
        changes, cursor, more = sync.changes_since(g.api_user, args["since"], args["limit"], args["echo"])
        return jsonify({"changes": changes, "cursor": cursor, "more": more})

    @bp.route("/sync/changes", endpoint="sync_push", methods=["POST"], tags=tags)
    @before(lambda: replay_idempotent())
    @bp.response(200, JSONObjectSchema, description='{"results": [{uid, status, version, errors}]}')
    @errors(400, 403, 415, 422)
    def push_changes():
        """A node's changes, each applied, kept as a conflict, or rejected; send an Idempotency-Key."""
        from app.auth import policy

        policy.require(policy.may_sync(g.api_user), "This account does not sync.")
        if not request.headers.get("Idempotency-Key"):
            raise DomainError("Send an Idempotency-Key.", {"Idempotency-Key": ["required"]})
        body = json_body()
        set_face("sync", g.api_user.id)
        results = sync.apply_batch(g.api_user, body.get("changes"))
        answer = {"results": results}
        remember_idempotent(200, answer, None)
        return jsonify(answer)
