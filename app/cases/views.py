"""Pages for application cases, their coverage of the frameworks, and the vocabularies."""

from flask import Blueprint, abort, jsonify, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user, login_required

from app.auth import policy
from app.capacity.forms import node_choices
from app.cases import queries, services
from app.cases.forms import CaseForm
from app.cases.licensing import case_license, license_flags
from app.cases.models import FRAMEWORKS, Case, CaseDomain, CaseStatus
from app.cases.vocabularies import LABELS, NAMES, load_all, search_all, vocabulary
from app.core.countries import country_choices
from app.core.pagination import page_request
from app.extensions import db
from app.partners.queries import organization_choices
from app.web.crud import SHORT_NAMES, RecordPages, register_record_pages

bp = Blueprint("cases", __name__, template_folder="templates")
# Read the vocabularies when the app is built: a broken file stops start-up, not a page.
bp.record_once(lambda _state: load_all())

PICKER_LIMIT = 25


def _locale() -> str:
    return str(get_locale() or "en")


@bp.app_template_global()
def framework_term(framework: str, code: str):
    """The vocabulary term of a code (a placeholder marked withdrawn if the file dropped it)."""
    return vocabulary(framework).term(code)


@bp.app_template_global()
def term_title(term) -> str:
    return term.title_in(_locale())


@bp.app_template_global()
def term_short(term) -> str:
    """The goal's or area's short title, else the full title (in the user's language when known)."""
    return term.short_title_in(_locale()) or term.title_in(_locale())


@bp.app_template_global()
def cases_url(framework: str, code: str, filters=None) -> str:
    """The register filtered by a framework code (and the coverage view's other filters)."""
    return url_for("cases.index", **{**(filters or {}), framework: code})


@bp.route("/cases")
@login_required
def index():
    args = request.args
    paging = page_request(default_per_page=25)
    items = db.paginate(queries.cases_query(args), page=paging.page, per_page=paging.per_page, error_out=False)
    return render_template(
        "cases/index.html", items=items, args=args, labels=LABELS, licenses=license_flags(items.items),
        may_create=policy.may_create_any(current_user, "case"),
        countries=country_choices(), organizations=organization_choices(include_empty=False),
        nodes=node_choices()[1:], domain_options=CaseDomain.choices(),
        status_options=CaseStatus.choices())


def _form_context(form, _record):
    return {"labels": LABELS, "picked": [framework_term(f, c) for f, c in form.picked()]}


register_record_pages(bp, RecordPages(
    model=Case, kind="case", stem="case", path="/cases", endpoints=SHORT_NAMES,
    template="cases/detail.html", form_template="cases/form.html",
    form=lambda record: CaseForm(obj=record, may_choose_node=policy.may_move_to_node(current_user)),
    form_context=_form_context,
    require_create=lambda user: policy.require(policy.may_create_any(user, "case"), "You may not create this record."),
    context=lambda record: {"labels": LABELS, "frameworks": FRAMEWORKS, "license": case_license(record)},
    create=services.create_case, update=services.update_case, archive=services.archive_case))


@bp.route("/cases/coverage")
@login_required
def coverage():
    """Which goals, targets and areas the cases address, and which none do."""
    args = request.args
    filters = {k: v for k, v in args.items() if k in ("country", "domain", "status", "year", "node") and v}
    return render_template("cases/coverage.html", coverage=queries.coverage(filters), filters=filters, args=args,
                           labels=LABELS, countries=country_choices(),
                           domain_options=CaseDomain.choices(),
                           status_options=CaseStatus.choices())


@bp.route("/cases/tags.json")
@login_required
def tag_search():
    """The tag picker's suggestions: ?q=11.5 or ?q=disaster, optionally ?vocabulary=sdg."""
    names = NAMES
    if wanted := request.args.get("vocabulary"):
        if wanted not in NAMES:
            abort(404)
        names = (wanted,)
    terms = search_all(request.args.get("q", "")[:100], PICKER_LIMIT, _locale(), names)
    return jsonify({"items": [t.as_json(_locale()) | {"label": t.label} for t in terms]})


@bp.route("/vocabularies")
@login_required
def vocabularies():
    return render_template("cases/vocabularies.html", vocabularies=[vocabulary(n) for n in NAMES])


@bp.route("/vocabularies/<name>")
@login_required
def vocabulary_page(name: str):
    if name not in NAMES:
        abort(404)
    vocab = vocabulary(name)
    q = request.args.get("q", "").strip()[:100]
    shown = None
    if q:
        shown = set()
        for term in vocab.search(q, limit=len(vocab), locale=_locale()):
            shown.add(term.code)
            shown.update(vocab.ancestors(term.code))
    return render_template("cases/vocabulary.html", vocab=vocab, q=q, shown=shown)
