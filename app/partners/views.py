"""Pages for partner organizations and people."""

from flask import Blueprint, render_template, request
from flask_login import login_required

from app.core.countries import country_choices
from app.core.pagination import page_request
from app.extensions import db
from app.partners import services
from app.partners.forms import OrganizationForm, PersonForm
from app.partners.models import Organization, OrganizationKind, OrganizationStatus, Person, PersonRole
from app.partners.queries import organization_choices, organizations_query, people_query
from app.web.crud import RecordPages, register_record_pages

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


def _person_form(record=None):
    form = PersonForm(obj=record)
    form.organization_id.choices = organization_choices()
    return form


register_record_pages(bp, RecordPages(
    model=Organization, kind="organization", stem="organization", path="/organizations",
    template="partners/organization.html", form_template="partners/organization_form.html",
    form=lambda record: OrganizationForm(obj=record), create=services.create_organization,
    update=services.update_organization, archive=services.archive_organization))

register_record_pages(bp, RecordPages(
    model=Person, kind="person", stem="person", path="/people",
    template="partners/person.html", form_template="partners/person_form.html",
    form=_person_form, create=services.create_person, update=services.update_person,
    archive=services.archive_person))


@bp.route("/people")
@login_required
def people():
    args = request.args
    query = people_query(q=args.get("q"), organization_id=args.get("organization_id", type=int),
                         role=args.get("role"), include_archived=args.get("archived") == "1")
    return render_template("partners/people.html", items=_page(query), args=args,
                           organizations=organization_choices(include_empty=False),
                           role_options=PersonRole.choices())
