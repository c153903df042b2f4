"""The pages of a kind of record that every domain shows the same way: new, detail, edit, archive.

Each page does the three steps of every view (load or 404, ask the policy, call one
service) and keeps the endpoint names the templates and tests use: for the stem
``organization`` they are ``new_organization``, ``organization``, ``edit_organization`` and
``archive_organization`` of the domain's blueprint (``endpoints`` names them otherwise, e.g.
``SHORT_NAMES`` for a blueprint of one kind of record: ``new``, ``detail``, ``edit``, ``archive``).

A domain whose pages differ a little passes a hook (who may see or write, the history
panel, more for the form page, the message after a save); every hook has the default
the registry's records use.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Blueprint, render_template, url_for
from flask_login import current_user, login_required

from app.audit.queries import history_of
from app.auth import policy
from app.auth.forms import EmptyForm
from app.core.forms import form_status
from app.web.pages import load_visible, save_form

PAGES = ("new", "detail", "edit", "archive")
SHORT_NAMES = {page: page for page in PAGES}


def _history(record):
    return history_of(record) if policy.may_view_history(current_user, record) else None


@dataclass
class RecordPages:
    model: type
    kind: str                                   # the policy's name for it, e.g. "organization"
    stem: str                                   # endpoint stem, e.g. "organization"
    path: str                                   # URL of the collection, e.g. "/organizations"
    template: str                               # detail page, e.g. "partners/organization.html"
    form_template: str                          # new/edit page
    form: Callable                              # (record or None) -> the bound form, choices filled
    create: Callable | None = None              # (user, data) -> record
    update: Callable | None = None              # (user, record, data, version) -> record
    archive: Callable | None = None             # (user, record) -> None
    data: Callable = staticmethod(lambda form, data: data)  # form data -> service data
    require_create: Callable | None = None      # (user) -> None, raising when the user may not create
    context: Callable = field(default=lambda record: {})   # more for the detail page
    # --- hooks, for a domain that loads, checks or shows a little differently ---
    load: Callable | None = None                # (record_id) -> record, or 404; default: load_visible
    require_edit: Callable | None = None        # (user, record) -> None, raising; default: policy.require_edit
    history: Callable = _history                # (record) -> the history panel's events, or None
    form_context: Callable = field(default=lambda form, record: {})  # more for the new/edit page
    saved: Callable | None = None               # () -> the message after a save; default "Saved."
    id_arg: str | None = None                   # the URL's id argument; default f"{stem}_id"
    endpoints: dict = field(default_factory=dict)   # {"new"|"detail"|"edit"|"archive": endpoint name}
    archive_path: str = "archive"               # the archive page's last URL segment
    after_archive: Callable | None = None       # (record) -> where archiving goes; default the detail page

    def endpoint(self, page: str) -> str:
        """The endpoint name of one of the pages, without the blueprint."""
        if page in self.endpoints:
            return self.endpoints[page]
        return self.stem if page == "detail" else f"{page}_{self.stem}"

    @property
    def id_name(self) -> str:
        return self.id_arg or f"{self.stem}_id"

    def load_record(self, record_id: int):
        return self.load(record_id) if self.load else load_visible(self.model, record_id)

    def detail_page(self, record, **more) -> str:
        """The detail page; `more` replaces what `context` gives (e.g. a form that came back with errors)."""
        return render_template(self.template, record=record, button=EmptyForm(), history_events=self.history(record),
                               **(self.context(record) | more))


def register_record_pages(bp: Blueprint, pages: RecordPages) -> None:
    """Add the new, detail, edit and archive pages of one kind of record to a blueprint."""
    id_arg = pages.id_name
    item = f"{pages.path}/<int:{id_arg}>"

    def detail_url(record):
        return url_for(f"{bp.name}.{pages.endpoint('detail')}", **{id_arg: record.id})

    def save(form, action):
        return save_form(form, lambda data: action(pages.data(form, data)), detail_url,
                         message=pages.saved() if pages.saved else None)

    def render_form(form, record):
        return (render_template(pages.form_template, form=form, record=record, **pages.form_context(form, record)),
                form_status(form))

    def detail(**kwargs):
        return pages.detail_page(pages.load_record(kwargs[id_arg]))

    bp.add_url_rule(item, pages.endpoint("detail"), login_required(detail))

    if pages.create:
        def new():
            if pages.require_create:
                pages.require_create(current_user)
            else:
                policy.require_create(current_user, pages.kind)
            form = pages.form(None)
            return save(form, lambda data: pages.create(current_user, data)) or render_form(form, None)

        bp.add_url_rule(f"{pages.path}/new", pages.endpoint("new"), login_required(new), methods=["GET", "POST"])

    if pages.update:
        def edit(**kwargs):
            record = pages.load_record(kwargs[id_arg])
            if pages.require_edit:
                pages.require_edit(current_user, record)
            else:
                policy.require_edit(current_user, record)
            form = pages.form(record)
            done = save(form, lambda data: pages.update(current_user, record, data, form.version.data))
            return done or render_form(form, record)

        bp.add_url_rule(f"{item}/edit", pages.endpoint("edit"), login_required(edit), methods=["GET", "POST"])

    if pages.archive:
        def archive(**kwargs):
            record = pages.load_record(kwargs[id_arg])
            after = pages.after_archive or detail_url
            done = save_form(EmptyForm(), lambda _data: pages.archive(current_user, record), lambda _r: after(record))
            return done or ("", 400)

        bp.add_url_rule(f"{item}/{pages.archive_path}", pages.endpoint("archive"), login_required(archive),
                        methods=["POST"])
