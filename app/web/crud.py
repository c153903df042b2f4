"""The pages of a kind of record that every domain shows the same way: new, detail, edit, archive.

Each page does the three steps of every view (load or 404, ask the policy, call one
service) and keeps the endpoint names the templates and tests use: for the stem
``organization`` they are ``new_organization``, ``organization``, ``edit_organization`` and
``archive_organization`` of the domain's blueprint.
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


def _history(record):
    return history_of(record) if policy.may_view_history(current_user, record) else None


def register_record_pages(bp: Blueprint, pages: RecordPages) -> None:
    """Add the new, detail, edit and archive pages of one kind of record to a blueprint."""
    id_arg = f"{pages.stem}_id"
    item = f"{pages.path}/<int:{id_arg}>"

    def detail_url(record):
        return url_for(f"{bp.name}.{pages.stem}", **{id_arg: record.id})

    def save(form, action):
        return save_form(form, lambda data: action(pages.data(form, data)), detail_url)

    def render_form(form, record):
        return render_template(pages.form_template, form=form, record=record), form_status(form)

    def detail(**kwargs):
        record = load_visible(pages.model, kwargs[id_arg])
        return render_template(pages.template, record=record, button=EmptyForm(), history_events=_history(record),
                               **pages.context(record))

    bp.add_url_rule(item, pages.stem, login_required(detail))

    if pages.create:
        def new():
            if pages.require_create:
                pages.require_create(current_user)
            else:
                policy.require_create(current_user, pages.kind)
            form = pages.form(None)
            return save(form, lambda data: pages.create(current_user, data)) or render_form(form, None)

        bp.add_url_rule(f"{pages.path}/new", f"new_{pages.stem}", login_required(new), methods=["GET", "POST"])

    if pages.update:
        def edit(**kwargs):
            record = load_visible(pages.model, kwargs[id_arg])
            policy.require_edit(current_user, record)
            form = pages.form(record)
            done = save(form, lambda data: pages.update(current_user, record, data, form.version.data))
            return done or render_form(form, record)

        bp.add_url_rule(f"{item}/edit", f"edit_{pages.stem}", login_required(edit), methods=["GET", "POST"])

    if pages.archive:
        def archive(**kwargs):
            record = load_visible(pages.model, kwargs[id_arg])
            done = save_form(EmptyForm(), lambda _data: pages.archive(current_user, record),
                             lambda _r: detail_url(record))
            return done or ("", 400)

        bp.add_url_rule(f"{item}/archive", f"archive_{pages.stem}", login_required(archive), methods=["POST"])
