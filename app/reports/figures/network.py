"""The network: nodes by status and region, countries, partners and those who joined in the period."""

from flask_babel import ngettext

from app.nodes.models import NodeStatus
from app.partners.models import OrganizationKind, OrganizationStatus
from app.reports.figures.context import REGIONS, Context, as_of, column, counts, distinct, name_of_country, within
from app.reports.snapshot import chart, figure, said, section, table


def network(ctx: Context) -> dict:
    """Nodes by status and region, countries, partners and those who joined in the period."""
    now = ctx.nodes_existing(ctx.period.end)
    before = ctx.nodes_existing(ctx.previous.end)
    active = [n for n in now if n.status == "active"]
    active_before = [n for n in before if n.status == "active"]
    statuses = [s.value for s in NodeStatus]
    found_regions = set(column(now, "region"))
    regions = [r for r in REGIONS if r in found_regions] + sorted(found_regions - set(REGIONS))
    by_region = [[r, sum(n.region == r for n in now), sum(n.region == r for n in active),
                  distinct(n.country for n in active if n.region == r)] for r in regions]

    current = [o for o in ctx.organizations if o.status != OrganizationStatus.former.value]
    partners = as_of(current, ctx.period.end, "joined_on")
    partners_before = as_of(current, ctx.previous.end, "joined_on")
    existing, existing_before = ctx.organizations_on(ctx.period.end), ctx.organizations_on(ctx.previous.end)
    new = sorted((o for o in existing if within(o.joined_on, ctx.period)), key=lambda o: (o.joined_on, o.name))
    new_before = [o for o in existing_before if within(o.joined_on, ctx.previous)]
    kinds = [k.value for k in OrganizationKind]

    return section(
        "network", "The network",
        summary=" ".join([
            ngettext("%(num)d active node", "%(num)d active nodes", len(active)),
            ngettext("in %(num)d country", "in %(num)d countries", distinct(column(active, "country"))),
            ngettext("on %(num)d continent;", "on %(num)d continents;", distinct(column(active, "region"))),
            ngettext("%(num)d partner organization joined.", "%(num)d partner organizations joined.", len(new))]),
        said=[said("%(nodes)s in %(countries)s on %(continents)s; %(joined)s.",
                   nodes=said("%(count)s active node", "%(count)s active nodes", len(active)),
                   countries=said("%(count)s country", "%(count)s countries", distinct(column(active, "country"))),
                   continents=said("%(count)s continent", "%(count)s continents",
                                   distinct(column(active, "region"))),
                   joined=said("%(count)s partner organization joined", "%(count)s partner organizations joined",
                               len(new)))],
        headline=[
            figure("nodes_active", "Active nodes", len(active), len(active_before)),
            figure("countries", "Countries with an active node", distinct(column(active, "country")),
                   distinct(column(active_before, "country"))),
            figure("partners", "Partner organizations", len(partners), len(partners_before)),
            figure("partners_new", "Partners joined in the period", len(new), len(new_before)),
        ],
        tables=[
            table("nodes_by_status", "Nodes by status", ["Status", "Nodes"],
                  [[NodeStatus.label_of(s), n]
                   for s, n in zip(statuses, counts(column(now, "status"), statuses), strict=True)]),
            table("nodes_by_region", "Nodes by region", ["Region", "Nodes", "Active nodes", "Countries"], by_region),
            table("partners_by_kind", "Partner organizations by kind", ["Kind", "Organizations"],
                  [[OrganizationKind.label_of(k), n]
                   for k, n in zip(kinds, counts(column(partners, "kind"), kinds), strict=True)]),
            table("partners_new", "Partner organizations that joined in the period",
                  ["Organization", "Country", "Kind", "Joined on"],
                  [[r.name, name_of_country(r.country), OrganizationKind.label_of(r.kind), r.joined_on]
                   for r in new]),
        ],
        charts=[
            chart("nodes_by_region", "bar", "Active nodes by region", regions,
                  [("Active nodes", [row[2] for row in by_region])]),
            chart("nodes_by_status", "pie", "Nodes by status", [NodeStatus.label_of(s) for s in statuses],
                  [("Nodes", counts(column(now, "status"), statuses))]),
        ],
    )


def node_annex(ctx: Context) -> dict:
    """Every node, for the annex and the dashboard's map."""
    now = ctx.nodes_existing(ctx.period.end)
    return table("nodes", "Nodes of the network",
                 ["Code", "Name", "Country", "ISO", "Region", "Host organization", "Status", "Established"],
                 [[r.code, r.name, r.country_name, r.country, r.region, r.host,
                   NodeStatus.label_of(r.status), r.established_on]
                  for r in now])
