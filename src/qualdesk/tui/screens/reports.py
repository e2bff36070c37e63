"""Reports in the console: the same figures as ``qualdesk report`` (and the lift of
``qualdesk outcomes lift``), with bars and histograms drawn in the terminal, filtered by period
and campaign and broken down by campaign, source, agent, bank version or variant."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from qualdesk.outputs.lift import build_lift
from qualdesk.outputs.reports import GROUPS, build_report, percent
from qualdesk.store.campaigns import list_campaigns
from qualdesk.store.reporting import ReportFilter
from qualdesk.tui.desk import Desk
from qualdesk.tui.widgets.score_panel import bar
from qualdesk.tui.workers import in_background

PERIODS = (("all time", None), ("last 30 days", 30), ("last 7 days", 7), ("today", 0))
BREAKDOWNS = (None, *GROUPS)
WIDTH = 24


def _bars(rows: list[tuple[str, int]], label_width: int = 22) -> list[str]:
    top = max((count for _, count in rows), default=0) or 1
    return [f"{escape(label[:label_width]):<{label_width}} [$accent]{bar(count, top, WIDTH)}[/]"
            f" {count}" for label, count in rows]


def report_markup(report: dict[str, Any]) -> str:
    """The report as text with bars and histograms."""
    activity = report["activity"]
    lines = ["[b]Activity[/b]",
             f"{activity['attempts']} attempts on {activity['leads']} leads · "
             f"{activity['contacts']} contacts ({percent(activity['contact_rate'])}) · "
             f"refusals {percent(activity['refusal_rate'])} · calls per lead "
             f"{activity['calls_per_lead'] or '–'} · average talk "
             f"{activity['average_talk_seconds'] or '–'} s", "", "[b]Outcomes per contact[/b]"]
    lines += [f"{line}  {percent(row['rate_per_contact'])}" for line, row in zip(
        _bars([(row["label"], row["calls"]) for row in report["outcomes"].values()]),
        report["outcomes"].values(), strict=True)]
    lines += ["", "[b]Fit x readiness[/b]"]
    lines += _bars([(report["matrix"]["labels"][q], n)
                    for q, n in report["matrix"]["counts"].items()])
    lines += [f"[$warning]{escape(advice)}[/]" for advice in report["matrix"]["advice"]]
    total = report["scores"]["total"]
    lines += ["", f"[b]Total score[/b] (mean {total['mean'] if total['mean'] is not None else '–'}"
              f", median {total['median'] if total['median'] is not None else '–'})"]
    lines += _bars([(f"{b['from']:g}–{b['to']:g}", b["calls"]) for b in total["histogram"]])
    for name, distribution in report["scores"]["categories"].items():
        lines += ["", f"[b]{escape(name)}[/b] (mean {distribution['mean']})"]
        lines += _bars([(f"{b['from']:g}–{b['to']:g}", b["calls"])
                        for b in distribution["histogram"]])
    lines += ["", "[b]Knockout reasons[/b]"]
    lines += _bars([(row["reason"], row["calls"]) for row in report["knockouts"]]) or ["none"]
    for question in report["questions"]:
        lines += ["", f"[b]{escape(question['question'])}[/b] {escape(question['text'][:60])} "
                  f"· skipped {question['skipped']} · ended here {question['ended_here']}"]
        lines += _bars([(row["answer"], row["calls"]) for row in question["answers"]])
    lines += ["", "[b]Callbacks still to make[/b]"]
    lines += [f"{escape(row['agent']):<22} due {row['due']}, overdue {row['overdue']}"
              for row in report["callbacks"]] or ["none"]
    if report["breakdown"]:
        lines += ["", f"[b]By {report['breakdown']['by']}[/b]"]
        lines += [f"{escape(row['group'][:22]):<22} {row['attempts']:>5} attempts "
                  f"{percent(row['contact_rate']):>7} contact  {row['sales_qualified']:>4} SQL "
                  f"{percent(row['sales_qualified_rate']):>7}"
                  for row in report["breakdown"]["rows"]]
    return "\n".join(lines)


def lift_markup(data: dict[str, Any]) -> str:
    """The lift lines, strongest first, small samples marked."""
    lines = [f"[b]What goes with won deals[/b] · {data['closed_leads']} closed, {data['won']} "
             f"won, base rate {percent(data['base_rate'])}"]
    for title in ("outcomes", "categories", "answers"):
        lines += ["", f"[b]{title.title()}[/b]"]
        for line in data[title]:
            lift = "–" if line["lift"] is None else f"{line['lift']:.2f}"
            small = " [$text-muted](small sample)[/]" if line["small_sample"] else ""
            lines.append(f"{escape(line['what'][:44]):<44} lift {lift:>5}  "
                         f"{line['won']}/{line['leads']} won{small}")
    lines += ["", "[b]Qualified leads sales did not accept[/b]"]
    lines += [f"{escape(row['lead'])} ({escape(row['company'])}), call {row['call_id']}"
              for row in data["qualified_not_accepted"]] or ["none"]
    return "\n".join(lines)


class ReportsScreen(Screen[None]):
    """Marketing's review, in the terminal."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="reports.back"),
        Binding("p", "period", "Period", id="reports.period",
                tooltip="All time, last 30 days, last 7 days, today"),
        Binding("c", "campaign", "Campaign", id="reports.campaign",
                tooltip="Every campaign, or one at a time"),
        Binding("g", "breakdown", "Breakdown", id="reports.breakdown",
                tooltip="By campaign, source, agent, bank version or variant"),
        Binding("l", "lift", "Lift", id="reports.lift",
                tooltip="Which answers go with won deals (after 'qualdesk outcomes import')"),
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self.period = 0
        self.campaigns: list[str | None] = [None]
        self.campaign = 0
        self.breakdown = 0
        self.show_lift = False

    def compose(self) -> ComposeResult:
        """A status line and the report."""
        yield Header()
        yield Static(id="reports-status")
        yield VerticalScroll(Static("Building the report…", id="report-text"),
                             id="report-scroll")
        yield Footer()

    def on_mount(self) -> None:
        """Load the campaigns for the filter, then the report."""
        self.sub_title = "Reports"
        self.query_one("#report-scroll").focus()
        in_background(self, lambda: self.desk.store.run(list_campaigns), self._campaigns,
                      what="loading campaigns")

    def _campaigns(self, infos: list[Any]) -> None:
        self.campaigns = [None, *(info.name for info in infos)]
        self.reload()

    def reload(self) -> None:
        """Build the report for the filters in a worker."""
        desk = self.desk
        label, days = PERIODS[self.period]
        since = None if days is None else (desk.now() - timedelta(days=days)).date()
        campaign = self.campaigns[self.campaign]
        by = BREAKDOWNS[self.breakdown]
        lift = self.show_lift
        self.query_one("#reports-status", Static).update(
            f"{label} · campaign: {campaign or 'all'} · breakdown: {by or 'none'}"
            + (" · lift" if lift else ""))

        def job() -> str:
            if lift:
                return lift_markup(build_lift(desk.store, campaign))
            return report_markup(build_report(desk.store, ReportFilter(
                since=since, campaign=campaign), desk.now(), by))

        in_background(self, job, self.query_one("#report-text", Static).update,
                      what="building the report", exclusive=True, group="report")

    def action_period(self) -> None:
        """Next period."""
        self.period = (self.period + 1) % len(PERIODS)
        self.reload()

    def action_campaign(self) -> None:
        """Next campaign (all first)."""
        self.campaign = (self.campaign + 1) % len(self.campaigns)
        self.reload()

    def action_breakdown(self) -> None:
        """Next breakdown."""
        self.breakdown = (self.breakdown + 1) % len(BREAKDOWNS)
        self.reload()

    def action_lift(self) -> None:
        """Between the report and the lift."""
        self.show_lift = not self.show_lift
        self.reload()
