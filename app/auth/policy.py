"""Who may do what, to which record: the one place pages, API and CLI ask.

A person who may not see a record gets 404; one who may see but not change it gets 403.
Records tell the policy which node owns them through an ``owner_node_id`` attribute, and
may hide confidential parts through ``is_confidential`` (e.g. agreement documents).
"""

from app.auth.models import Role
from app.core.errors import Forbidden, NotFound
from app.core.languages import N_

STAFF = frozenset({Role.admin, Role.secretariat})

# Kinds of record a coordinator may create and edit for their own node.
COORDINATOR_KINDS = frozenset({"quarterly_report", "contribution", "trainee", "event", "case", "document"})


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def is_system(user) -> bool:
    """The system actor: server commands, the scheduler, the demo loader (never a signed-in person)."""
    return getattr(user, "is_system", False) is True


def is_staff(user) -> bool:
    """Admin or secretariat (or the system actor): sees and edits everything."""
    return is_system(user) or (_signed_in(user) and user.role in STAFF)


def is_admin(user) -> bool:
    """Admin only (or the system actor): users, roles, backups."""
    return is_system(user) or (_signed_in(user) and user.role == Role.admin)


# --- Node instances (issue 12) ------------------------------------------------------------
# On a node instance (CSDR_INSTANCE=node) the records the hub owns are read-only for every
# person, staff included: only the sync (the system actor) writes them, as the hub sent them.

HUB_OWNED_KINDS = frozenset({"organization", "person", "node", "agreement", "exchange_rate", "period_lock",
                             "report", "report_step"})
HUB_OWNED_TABLES = frozenset({"organizations", "people", "nodes", "agreements", "agreement_documents",
                              "exchange_rates", "period_locks", "reports", "quarterly_report_steps"})


def is_node_instance() -> bool:
    from flask import current_app, has_app_context

    return has_app_context() and current_app.config.get("CSDR_INSTANCE") == "node"


def may_write_hub_owned(user) -> bool:
    """The hub writes what it owns; on a node instance only the sync does (the system actor)."""
    return is_system(user) or not is_node_instance()


def _hub_owned(record) -> bool:
    return getattr(record, "__tablename__", None) in HUB_OWNED_TABLES


def owner_node_id(record) -> int | None:
    return getattr(record, "owner_node_id", None)


def is_own_node(user, record) -> bool:
    """The record belongs to the coordinator's own node."""
    return (_signed_in(user) and user.role == Role.coordinator and user.node_id is not None
            and owner_node_id(record) == user.node_id)


def may_view(user, record) -> bool:
    """Any signed-in user reads the registry; confidential records only staff and their own node."""
    if not _signed_in(user):
        return False
    if is_staff(user):
        return True
    if getattr(record, "is_confidential", False):
        return is_own_node(user, record)
    return True


def may_edit(user, record) -> bool:
    """Staff edit everything; a coordinator edits only what their own node owns (on a node instance,
    nothing the hub owns)."""
    if _hub_owned(record) and not may_write_hub_owned(user):
        return False
    if is_staff(user):
        return True
    return is_own_node(user, record)


def may_create(user, kind: str, node_id: int | None = None) -> bool:
    """Staff create anything; a coordinator creates node-owned kinds for their own node."""
    if kind in HUB_OWNED_KINDS and not may_write_hub_owned(user):
        return False
    if is_staff(user):
        return True
    return (_signed_in(user) and user.role == Role.coordinator and kind in COORDINATOR_KINDS
            and node_id is not None and node_id == user.node_id)


def may_create_any(user, kind: str) -> bool:
    """May the user create records of this kind for some node (checked before parsing input)?"""
    if kind in HUB_OWNED_KINDS and not may_write_hub_owned(user):
        return False
    if is_staff(user):
        return True
    return _signed_in(user) and user.role == Role.coordinator and kind in COORDINATOR_KINDS


def may_archive(user, record) -> bool:
    """Archiving registry records is staff work (on a node instance, not of what the hub owns)."""
    if _hub_owned(record) and not may_write_hub_owned(user):
        return False
    return is_staff(user)


def may_manage_users(user) -> bool:
    """Invite, deactivate, change roles: admin."""
    return is_admin(user)


def may_view_audit(user) -> bool:
    """The audit page: admin and secretariat."""
    return is_staff(user)


def may_view_history(user, record) -> bool:
    """A record's history panel: staff, and coordinators for their own node's records."""
    return is_staff(user) or is_own_node(user, record)


def require_view(user, record) -> None:
    """404 unless the user may see the record."""
    if record is None or not may_view(user, record):
        raise NotFound("No such record.")


def require_edit(user, record) -> None:
    """404 if the record is invisible to the user, 403 if visible but not theirs to change."""
    require_view(user, record)
    if not may_edit(user, record):
        raise Forbidden("You may not change this record.")


def require_create(user, kind: str, node_id: int | None = None) -> None:
    """403 unless the user may create this kind of record (for that node)."""
    if not may_create(user, kind, node_id):
        raise Forbidden("You may not create this record.")


def require(allowed: bool, message: str = N_("You may not do this.")) -> None:
    if not allowed:
        raise Forbidden(message)



# ---------------------------------------------------------------------------------------------
# Reports (generated reports, the dashboard, the public progress page)
# ---------------------------------------------------------------------------------------------

def may_generate_report(user) -> bool:
    """Generating and regenerating report drafts is secretariat work, on the hub."""
    return is_staff(user) and may_write_hub_owned(user)


def may_publish_report(user, report) -> bool:
    """Publishing a report (it then never changes) is secretariat work, on the hub."""
    return is_staff(user) and may_write_hub_owned(user)


def may_view_generated_report(user, report) -> bool:
    """Staff see every version; everyone else (board, coordinators) sees published reports only."""
    return report is not None and (is_staff(user) or (_signed_in(user) and report.is_published))


def may_view_dashboard(user) -> bool:
    """The dashboard: every signed-in user."""
    return _signed_in(user)


def may_view_money_by_partner(user) -> bool:
    """Charts of individual partners' money on the dashboard: staff and the board (as may_view_money)."""
    return is_staff(user) or (_signed_in(user) and user.role == Role.board)


# --- Agreements and their documents (issue 3) ------------------------------------------
# Agreements are registry records: every signed-in user reads the register and the detail
# pages (the board too: "read-only lists"). Only staff create, edit, renew, terminate and
# upload. Agreements belong to no single node (no owner_node_id), so a coordinator never
# edits one through may_edit.
# The signed documents are confidential: staff see them all; a coordinator sees the
# documents of an agreement to which their node's host organization is a party (their own
# node's MOU, license …) and nothing of other agreements' documents (404, as for any record
# they may not see); board members see no documents.


def may_edit_agreement(user, agreement) -> bool:
    """Create, edit, renew, terminate agreements: staff, on the hub."""
    return is_staff(user) and may_write_hub_owned(user)


def may_view_agreement_documents(user, agreement) -> bool:
    """Staff; a coordinator when their node's host organization is a party; never the board."""
    if is_staff(user):
        return True
    if not _signed_in(user) or user.role != Role.coordinator or user.node is None:
        return False
    return user.node.host_organization_id in agreement.party_organization_ids


def require_view_agreement_documents(user, agreement) -> None:
    """404 unless the user may see this agreement's documents."""
    require_view(user, agreement)
    if not may_view_agreement_documents(user, agreement):
        raise NotFound("No such record.")


def may_upload_agreement_document(user, agreement) -> bool:
    """Uploading a signed copy: staff, on the hub."""
    return is_staff(user) and may_write_hub_owned(user)


def require_upload_agreement_document(user, agreement) -> None:
    """404 if the documents are invisible to the user, 403 if visible but not theirs to add to."""
    require_view_agreement_documents(user, agreement)
    if not may_upload_agreement_document(user, agreement):
        raise Forbidden("You may not upload documents to this agreement.")


# --- Capacity building and application cases (trainees, events, cases) ---------------------
# These records may belong to a node (`node_id`, read by the policy as `owner_node_id`).
# Staff set any node or none; a coordinator's records always belong to their own node, so a
# node_id a coordinator sends is ignored rather than trusted. Board members only read.


def node_for_new_record(user, requested_node_id: int | None) -> int | None:
    """The node a new trainee, event or case belongs to: a coordinator's own, else what staff chose."""
    if is_staff(user):
        return requested_node_id
    if _signed_in(user) and user.role == Role.coordinator:
        return user.node_id
    return None


def may_move_to_node(user) -> bool:
    """Changing which node owns a trainee, event or case: staff only."""
    return is_staff(user)


# --- Nodes: quarterly reports and contributions ----------------------------------------------
#
# Quarterly reports (owner_node_id = the report's node):
# - admin and secretariat see every report, may file (create, edit, submit) any node's report
#   — e.g. one sent by e-mail — and alone review them (accept, return with a comment);
# - a coordinator sees every report of their own node and files it; of other nodes they see
#   accepted reports only (read-only: 403 for any change); another node's draft, submitted or
#   returned report — or one that does not exist — is a 404 to them;
# - a board member sees accepted reports only (404 otherwise) and changes nothing.
# The completeness matrix (statuses and timeliness, no figures) is for staff and the board.
# Which state allows which step is the report's own rule (409), asked after these.
#
# Contributions: every signed-in user reads the register, but money (amount, estimated value)
# of another node's contribution — or of one tied to no node — is hidden from coordinators.
# Staff and a node's coordinator (for that node's contributions) create, edit and delete them;
# exchange rates are kept by the staff.

def _is_accepted(report) -> bool:
    return getattr(getattr(report, "status", None), "value", None) == "accepted"


def may_view_report(user, report) -> bool:
    """Staff and the node's own coordinator see any of its reports; everyone signed in sees accepted ones."""
    if not _signed_in(user) or report is None:
        return False
    return is_staff(user) or is_own_node(user, report) or _is_accepted(report)


def may_file_report(user, node_id: int | None) -> bool:
    """Create, edit and submit a node's report: staff, or that node's coordinator."""
    if is_staff(user):
        return True
    return (_signed_in(user) and user.role == Role.coordinator and node_id is not None
            and user.node_id == node_id)


def may_review_report(user, report=None) -> bool:
    """Accept or return a submitted report: admin and secretariat, on the hub."""
    return is_staff(user) and may_write_hub_owned(user)


def may_view_review_queue(user) -> bool:
    """The secretariat's queue of reports to review."""
    return is_staff(user)


def may_view_completeness(user) -> bool:
    """The matrix of nodes × quarters: staff and board."""
    return is_staff(user) or (_signed_in(user) and user.role == Role.board)


def require_view_report(user, report) -> None:
    """404 unless the user may see this report."""
    if not may_view_report(user, report):
        raise NotFound("No such report.")


def require_file_report(user, report) -> None:
    """404 if the report is invisible to the user, 403 if visible but not theirs to file."""
    require_view_report(user, report)
    if not may_file_report(user, report.node_id):
        raise Forbidden("Only the node's coordinator or the secretariat may change this report.")


def require_review_report(user, report) -> None:
    """404 if invisible, 403 unless the user reviews reports."""
    require_view_report(user, report)
    if not may_review_report(user, report):
        raise Forbidden("Only the secretariat reviews reports.")


def may_view_money(user, contribution) -> bool:
    """Amounts and values: staff and board, and a coordinator for their own node's contributions."""
    if is_staff(user) or (_signed_in(user) and user.role == Role.board):
        return True
    return is_own_node(user, contribution)


def may_manage_exchange_rates(user) -> bool:
    """The yearly exchange-rate table: admin and secretariat, on the hub."""
    return is_staff(user) and may_write_hub_owned(user)


def may_import_contributions(user) -> bool:
    """Upload a file of contributions: staff, and coordinators (each row for their own node)."""
    return is_staff(user) or (_signed_in(user) and user.role == Role.coordinator and user.node_id is not None)


# --- Notifications and scheduled jobs -------------------------------------------------

def may_receive_notices(user) -> bool:
    """Every signed-in user has a bell and chooses what comes by e-mail."""
    return _signed_in(user)


def require_view_notice(user, notice) -> None:
    """404 unless the notice is addressed to the user: nobody reads another's notices."""
    if notice is None or not _signed_in(user) or notice.recipient_id != user.id:
        raise NotFound("No such notice.")


def may_view_job_runs(user) -> bool:
    """The log of scheduled job runs: admin."""
    return is_admin(user)


# --- Governance: bodies, meetings, decisions, action items, work plan, projects (issue 16) ---
# Board members read everything of governance, minutes included; admin and secretariat write.
# Coordinators read the bodies, meetings, decisions, the work plan, projects and campaigns
# (registry-like records), but not meeting minutes; of the action items they see and update
# only those they own — an item owned by a person whose e-mail is the coordinator's own —
# and of those only the status and the day done (the title, owner and fixed due date are
# the secretariat's). Another person's action item is a 404 to a coordinator.

def _is_board(user) -> bool:
    return _signed_in(user) and user.role == Role.board


def may_view_governance(user) -> bool:
    """Bodies, meetings, decisions, plans, projects and campaigns: every signed-in user."""
    return _signed_in(user)


def may_edit_governance(user) -> bool:
    """Create and change governance records: admin and secretariat."""
    return is_staff(user)


def may_view_governance_history(user) -> bool:
    """History panels of governance records: staff and the board."""
    return is_staff(user) or _is_board(user)


def may_view_minutes(user, meeting=None) -> bool:
    """Minutes and other governance documents of meetings: staff and the board."""
    return is_staff(user) or _is_board(user)


def owns_action_item(user, item) -> bool:
    """The item's owner is the person with the user's e-mail address."""
    owner = getattr(item, "owner", None)
    email = getattr(owner, "email", None)
    return (_signed_in(user) and bool(email) and bool(getattr(user, "email", None))
            and email.strip().lower() == user.email.strip().lower())


def may_view_action_item(user, item) -> bool:
    """Staff and board see every action item; a coordinator only those they own."""
    if item is None or not _signed_in(user):
        return False
    return is_staff(user) or _is_board(user) or owns_action_item(user, item)


def may_view_all_action_items(user) -> bool:
    """Lists of everyone's action items (per body, per person): staff and board."""
    return is_staff(user) or _is_board(user)


def may_update_action_status(user, item) -> bool:
    """Mark an item done or cancelled (or open again): staff, and its owner if a coordinator."""
    return is_staff(user) or (_signed_in(user) and user.role == Role.coordinator and owns_action_item(user, item))


def require_view_action_item(user, item) -> None:
    """404 unless the user may see the action item."""
    if not may_view_action_item(user, item):
        raise NotFound("No such action item.")


def require_update_action_status(user, item) -> None:
    """404 if invisible, 403 if visible but not the user's to update."""
    require_view_action_item(user, item)
    if not may_update_action_status(user, item):
        raise Forbidden("Only the item's owner or the secretariat may update it.")


def require_edit_governance(user) -> None:
    """403 unless the user writes governance records."""
    if not may_edit_governance(user):
        raise Forbidden("Only the secretariat changes governance records.")
# --- Data requests, deliveries and SatCloud's delivery logs (issue 17) -----------------------
# A data request belongs to the node it was asked through (owner_node_id). Like a node's
# unaccepted quarterly reports, it is visible to staff, the board (read only) and that node's
# coordinator; another node's request is a 404 to a coordinator. A coordinator asks for data
# for their own node (a node_id they send is ignored) and may change the request while it
# waits for a decision; the secretariat asks for any node, approves or declines, and records
# deliveries. Receipt is confirmed by the node's coordinator (the requester), or by the
# secretariat on their word. Importing SatCloud's push log is secretariat work; the measured
# T+1 figures are network statistics every signed-in user may read.

def may_view_data_request(user, request) -> bool:
    """Staff and the board see every request; a coordinator their own node's."""
    if not _signed_in(user) or request is None:
        return False
    return is_staff(user) or user.role == Role.board or is_own_node(user, request)


def may_list_data_requests(user) -> bool:
    """The register (filtered to what each may see): every signed-in user."""
    return _signed_in(user)


def may_request_data(user, node_id: int | None = None) -> bool:
    """Ask for data: staff for any node, a coordinator for their own node."""
    if is_staff(user):
        return True
    return (_signed_in(user) and user.role == Role.coordinator and user.node_id is not None
            and (node_id is None or node_id == user.node_id))


def may_edit_data_request(user, request) -> bool:
    """Change a request (while submitted): staff, or the node's coordinator."""
    return is_staff(user) or is_own_node(user, request)


def may_decide_data_request(user, request=None) -> bool:
    """Approve or decline a request: the secretariat (and admin)."""
    return is_staff(user)


def may_record_delivery(user, request=None) -> bool:
    """Record data sent for a request: the secretariat (and admin)."""
    return is_staff(user)


def may_confirm_receipt(user, request) -> bool:
    """Confirm the data arrived: the requesting node's coordinator, or the secretariat on their word."""
    return is_staff(user) or is_own_node(user, request)


def may_import_deliveries(user) -> bool:
    """Import SatCloud's push log: the secretariat (and admin)."""
    return is_staff(user)


def may_check_licenses(user) -> bool:
    """Ask whether a license covers a use (licenses are not confidential): every signed-in user."""
    return _signed_in(user)


def require_view_data_request(user, request) -> None:
    """404 unless the user may see this request."""
    if not may_view_data_request(user, request):
        raise NotFound("No such data request.")


def require_data_request_step(user, request, allowed: bool, message: str) -> None:
    """404 if the request is invisible to the user, 403 if visible but the step is not theirs."""
    require_view_data_request(user, request)
    if not allowed:
        raise Forbidden(message)
# --- Reports: the executive summary ------------------------------------------------------------

def may_edit_report_summary(user, report) -> bool:
    """The executive summary is the secretariat's text, written on the draft (a published report never
    changes: the service refuses with 409)."""
    return is_staff(user) and report is not None and may_write_hub_owned(user)


def may_view_period_locks(user) -> bool:
    """The closed quarters, on the page and through the API alike: staff, and the coordinators who file
    the reports a closed quarter no longer takes. A board member files none: neither page nor API."""
    return is_staff(user) or (_signed_in(user) and user.role == Role.coordinator)


def may_lock_period(user) -> bool:
    """Closing a quarter (its reports no longer change) and opening it again, on the page and through the
    API alike: staff (secretariat, admin), on the hub."""
    return is_staff(user) and may_write_hub_owned(user)




# --- Sync (issue 12) ----------------------------------------------------------------------------
# Staff sync everything. A node's coordinator token syncs as that coordinator: it reads the hub's
# records it may view (the feed strips what the API hides: confidential fields, other nodes' money)
# and its own node's records; it writes only its own node's records of node-owned types.

SYNC_NODE_TYPES = ("quarterly_report", "contribution", "trainee", "event", "case")


def may_sync(user) -> bool:
    return is_staff(user) or (_signed_in(user) and user.role == Role.coordinator and user.node_id is not None)


def may_sync_read(user, type_: str, record) -> bool:
    if not may_sync(user):
        return False
    if is_staff(user):
        return True
    if type_ in SYNC_NODE_TYPES:
        return is_own_node(user, record)
    if type_ == "report_step":
        return is_own_node(user, getattr(record, "report", None))
    if type_ == "agreement":  # only the agreements and licenses the node's host organization is party to
        return _host_is_party(user, record)
    if type_ == "report":
        return may_view_generated_report(user, record) and record.is_published
    return may_view(user, record)


def _host_is_party(user, agreement) -> bool:
    node = getattr(user, "node", None)
    if node is None or node.host_organization_id is None:
        return False
    licensee = agreement.license.licensee_id if agreement.license is not None else None
    return node.host_organization_id in agreement.party_organization_ids or node.host_organization_id == licensee


def may_sync_write(user, type_: str) -> bool:
    return may_sync(user) and type_ in SYNC_NODE_TYPES


def may_sync_archive(user, record) -> bool:
    """A node's own record archived on its instance, sent up by its coordinator's token: staff, or that node."""
    return is_staff(user) or is_own_node(user, record)


def may_edit_synced(user, record) -> bool:
    return is_staff(user) or is_own_node(user, record)


def may_view_sync(user) -> bool:
    """The sync page: staff on the hub; everyone signed in on a node instance (it shows their link)."""
    if is_node_instance():
        return _signed_in(user) or is_system(user)
    return may_sync(user)


def shows_sync_link(user) -> bool:
    """The navbar's link to the sync page: staff on the hub; everyone signed in on a node instance."""
    if is_node_instance():
        return _signed_in(user)
    return _signed_in(user) and is_staff(user)


def may_sync_documents(user, agreement) -> bool:
    """An agreement's documents (name, hash, size) go down with it when the user may see them."""
    return may_view_agreement_documents(user, agreement)


def may_resolve_conflict(user, conflict) -> bool:
    return is_staff(user) or (may_sync(user) and conflict.node_id is not None and conflict.node_id == user.node_id)


def may_read_blob(user, record) -> bool:
    """A file by its hash (GET /sync/blobs): as the record naming it is shown to this user — an agreement's
    signed copy to staff and the coordinators of its parties' nodes, a governance document to whoever sees
    governance, a generated report's PDF to staff and, once published, to everyone who syncs."""
    if not may_sync(user) or record is None:
        return False
    table = getattr(record, "__tablename__", None)
    if table == "agreement_documents":
        return may_view(user, record.agreement) and may_view_agreement_documents(user, record.agreement)
    if table == "governance_documents":
        return may_view_governance(user)
    if table == "reports":
        return may_view_generated_report(user, record)
    return is_staff(user) or is_own_node(user, record)


def may_write_blob(user, record) -> bool:
    """Sending a file up (PUT /sync/blobs): staff for any record's file, a node only its own records' files."""
    return may_sync(user) and record is not None and (is_staff(user) or is_own_node(user, record))
