"""The network: nodes by status and region, countries, partners and those who joined in the period."""

from flask_babel import ngettext

from app.nodes.models import NodeStatus
from app.partners.models import OrganizationKind, OrganizationStatus
from app.reports.figures.context import REGIONS, Context, as_of, counts, name_of_country, within
from app.reports.snapshot import chart, figure, section, table


def network(ctx: Context) -> dict:
    """Nodes by status and region, countries, partners and those who joined in the period."""
    now = ctx.nodes_existing(ctx.period.end)
    before = ctx.nodes_existing(ctx.previous.end)
    active, active_before = now[now["status"] == "active"], before[before["status"] == "active"]
    statuses = [s.value for s in NodeStatus]
    regions = [r for r in REGIONS if r in set(now["region"])] + sorted(set(now["region"]) - set(REGIONS))
    by_region = [[r, int((now["region"] == r).sum()), int((active["region"] == r).sum()),
                  int(active.loc[active["region"] == r, "country"].nunique())] for r in regions]

    orgs = ctx.organizations
    current = orgs[orgs["status"] != OrganizationStatus.former.value]
    partners = as_of(current, ctx.period.end, "joined_on")
    partners_before = as_of(current, ctx.previous.end, "joined_on")
    existing, existing_before = ctx.organizations_on(ctx.period.end), ctx.organizations_on(ctx.previous.end)
    new = existing[within(existing["joined_on"], ctx.period)].sort_values(["joined_on", "name"])
    new_before = existing_before[within(existing_before["joined_on"], ctx.previous)]
    kinds = [k.value for k in OrganizationKind]

    return section(
        "network", "The network",
        summary=" ".join([
            ngettext("%(num)d active node", "%(num)d active nodes", len(active)),
            ngettext("in %(num)d country", "in %(num)d countries", active["country"].nunique()),
            ngettext("on %(num)d continent;", "on %(num)d continents;", active["region"].nunique()),
            ngettext("%(num)d partner organization joined.", "%(num)d partner organizations joined.", len(new))]),
        headline=[
            figure("nodes_active", "Active nodes", len(active), len(active_before)),
            figure("countries", "Countries with an active node", active["country"].nunique(),
                   active_before["country"].nunique()),
            figure("partners", "Partner organizations", len(partners), len(partners_before)),
            figure("partners_new", "Partners joined in the period", len(new), len(new_before)),
        ],
        tables=[
            table("nodes_by_status", "Nodes by status", ["Status", "Nodes"],
                  [[NodeStatus.label_of(s), n]
                   for s, n in zip(statuses, counts(now["status"], statuses), strict=True)]),
            table("nodes_by_region", "Nodes by region", ["Region", "Nodes", "Active nodes", "Countries"], by_region),
            table("partners_by_kind", "Partner organizations by kind", ["Kind", "Organizations"],
                  [[OrganizationKind.label_of(k), n]
                   for k, n in zip(kinds, counts(partners["kind"], kinds), strict=True)]),
            table("partners_new", "Partner organizations that joined in the period",
                  ["Organization", "Country", "Kind", "Joined on"],
                  [[r.name, name_of_country(r.country), OrganizationKind.label_of(r.kind), r.joined_on]
                   for r in new.itertuples()]),
        ],
        charts=[
            chart("nodes_by_region", "bar", "Active nodes by region", regions,
                  [("Active nodes", [row[2] for row in by_region])]),
            chart("nodes_by_status", "pie", "Nodes by status", [NodeStatus.label_of(s) for s in statuses],
                  [("Nodes", counts(now["status"], statuses))]),
        ],
    )


def node_annex(ctx: Context) -> dict:
    """Every node, for the annex and the dashboard's map."""
    now = ctx.nodes_existing(ctx.period.end)
    return table("nodes", "Nodes of the network",
                 ["Code", "Name", "Country", "ISO", "Region", "Host organization", "Status", "Established"],
                 [[r.code, r.name, r.country_name, r.country, r.region, r.host,
                   NodeStatus.label_of(r.status), r.established_on]
                  for r in now.itertuples()])
