"""Pages for partner organizations and people."""

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user, login_required

from app.audit.queries import history_of
from app.auth import policy
from app.auth.forms import EmptyForm
from app.core.countries import country_choices
from app.core.pagination import page_request
from app.core.web import form_status, load_visible, save_form
from app.extensions import db
from app.partners import services
from app.partners.forms import OrganizationForm, PersonForm
from app.partners.models import Organization, OrganizationKind, OrganizationStatus, Person, PersonRole
from app.partners.queries import organization_choices, organizations_query, people_query

bp = Blueprint("partners", __name__, template_folder="templates")


def _page(query):
    paging = page_request(default_per_page=25)
    return db.paginate(query, page=paging.page, per_page=paging.per_page, error_out=False)


@bp.route("/organizations")
@login_required
def organizations():
    args = request.args
    query = organizations_query(q=args.get("q"), country=args.get("country"), kind=args.get("kind"),
                                status=args.get("status"), include_archived=args.get("archived") == "1")
    return render_template("partners/organizations.html", items=_page(query), args=args,
                           countries=country_choices(), kind_options=OrganizationKind.choices(),
                           status_options=OrganizationStatus.choices())


@bp.route("/organizations/new", methods=["GET", "POST"])
@login_required
def new_organization():
    policy.require_create(current_user, "organization")
    form = OrganizationForm()
    done = save_form(form, lambda data: services.create_organization(current_user, data),
                     lambda o: url_for("partners.organization", organization_id=o.id))
    return done or (render_template("partners/organization_form.html", form=form, record=None), form_status(form))


@bp.route("/organizations/<int:organization_id>")
@login_required
def organization(organization_id: int):
    record = load_visible(Organization, organization_id)
    return render_template("partners/organization.html", record=record,
                           history_events=history_of(record) if policy.may_view_history(current_user, record) else None,
                           button=EmptyForm())


@bp.route("/organizations/<int:organization_id>/edit", methods=["GET", "POST"])
@login_required
def edit_organization(organization_id: int):
    record = load_visible(Organization, organization_id)
    policy.require_edit(current_user, record)
    form = OrganizationForm(obj=record)
    done = save_form(form, lambda data: services.update_organization(current_user, record, data, form.version.data),
                     lambda o: url_for("partners.organization", organization_id=o.id))
    return done or (render_template("partners/organization_form.html", form=form, record=record), form_status(form))


@bp.route("/organizations/<int:organization_id>/archive", methods=["POST"])
@login_required
def archive_organization(organization_id: int):
    record = load_visible(Organization, organization_id)
    form = EmptyForm()
    done = save_form(form, lambda _data: services.archive_organization(current_user, record),
                     lambda _r: url_for("partners.organization", organization_id=record.id))
    return done or ("", 400)


def _person_form(record=None):
    form = PersonForm(obj=record)
    form.organization_id.choices = organization_choices()
    return form


@bp.route("/people")
@login_required
def people():
    args = request.args
    query = people_query(q=args.get("q"), organization_id=args.get("organization_id", type=int),
                         role=args.get("role"), include_archived=args.get("archived") == "1")
    return render_template("partners/people.html", items=_page(query), args=args,
                           organizations=organization_choices(include_empty=False),
                           role_options=PersonRole.choices())


@bp.route("/people/new", methods=["GET", "POST"])
@login_required
def new_person():
    policy.require_create(current_user, "person")
    form = _person_form()
    done = save_form(form, lambda data: services.create_person(current_user, data),
                     lambda p: url_for("partners.person", person_id=p.id))
    return done or (render_template("partners/person_form.html", form=form, record=None), form_status(form))


@bp.route("/people/<int:person_id>")
@login_required
def person(person_id: int):
    record = load_visible(Person, person_id)
    return render_template("partners/person.html", record=record, button=EmptyForm(),
                           history_events=history_of(record) if policy.may_view_history(current_user, record) else None)


@bp.route("/people/<int:person_id>/edit", methods=["GET", "POST"])
@login_required
def edit_person(person_id: int):
    record = load_visible(Person, person_id)
    policy.require_edit(current_user, record)
    form = _person_form(record)
    done = save_form(form, lambda data: services.update_person(current_user, record, data, form.version.data),
                     lambda p: url_for("partners.person", person_id=p.id))
    return done or (render_template("partners/person_form.html", form=form, record=record), form_status(form))


@bp.route("/people/<int:person_id>/archive", methods=["POST"])
@login_required
def archive_person(person_id: int):
    record = load_visible(Person, person_id)
    form = EmptyForm()
    done = save_form(form, lambda _data: services.archive_person(current_user, record),
                     lambda _r: url_for("partners.person", person_id=record.id))
    return done or ("", 400)
