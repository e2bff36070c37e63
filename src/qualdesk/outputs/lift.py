"""Closing the loop: which answers, categories and outcomes go with won deals.

For every lead with a closed deal (won or lost), its latest contacted call is taken. The base
rate is the share of those leads that were won; each answer (and each category scored high or
low, and each outcome) gets its own won rate and its lift, the rate over the base. Every line
keeps its counts, and lines resting on fewer than :data:`SMALL` leads are marked, so a lift of
3.0 on four leads is read as the anecdote it is. Qualified leads that sales rejected are
listed by name: the evidence for the next review of the criteria.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from qualdesk.core.answers import answer_label
from qualdesk.core.loader import load_bank_text
from qualdesk.core.model import OUTCOME_LABELS, Bank
from qualdesk.store.database import Store
from qualdesk.store.models import Attempt, BankVersion, Call, Campaign, Deal, Lead

#: Fewer leads than this behind a line: marked as a small sample.
SMALL = 10


@dataclass
class _Counts:
    leads: int = 0
    won: int = 0


def _line(what: str, counts: _Counts, base: float | None) -> dict[str, Any]:
    rate = counts.won / counts.leads if counts.leads else None
    return {"what": what, "leads": counts.leads, "won": counts.won,
            "won_rate": None if rate is None else round(rate, 4),
            "lift": None if rate is None or not base else round(rate / base, 2),
            "small_sample": counts.leads < SMALL}


def build_lift(store: Store, campaign: str | None = None) -> dict[str, Any]:
    """The lift report as plain data."""
    with store.session() as session:
        campaign_id = None
        if campaign is not None:
            campaign_id = session.execute(select(Campaign.id).where(
                Campaign.name == campaign)).scalar()
            if campaign_id is None:
                raise LookupError(f"no campaign named '{campaign}'")
        deals = {deal.lead_id: deal for deal in session.execute(select(Deal)).scalars()}
        query = (select(Call, Lead).join(Lead, col(Lead.id) == Call.lead_id)
                 .join(Attempt, col(Attempt.call_id) == Call.id)
                 .where(Call.status == "finished", col(Attempt.contacted).is_(True),
                        col(Call.lead_id).in_(list(deals)))
                 .order_by(Call.started_at, Call.id))
        if campaign_id is not None:
            query = query.where(Call.campaign_id == campaign_id)
        latest: dict[int, tuple[Call, Lead]] = {}
        for call, lead in session.execute(query):
            latest[lead.id or 0] = (call, lead)
        versions = {v.id: v for v in session.execute(select(BankVersion).where(
            col(BankVersion.id).in_({c.bank_version_id for c, _ in latest.values()}))).scalars()}
    banks: dict[int, Bank | None] = {vid: load_bank_text(v.text, v.bank_id).bank
                                     for vid, v in versions.items()}
    closed = {lead_id: pair for lead_id, pair in latest.items()
              if deals[lead_id].status in ("won", "lost")}
    base_counts = _Counts(len(closed), sum(deals[i].status == "won" for i in closed))
    base = base_counts.won / base_counts.leads if base_counts.leads else None
    answers: dict[str, _Counts] = defaultdict(_Counts)
    categories: dict[str, _Counts] = defaultdict(_Counts)
    outcomes: dict[str, _Counts] = defaultdict(_Counts)
    for lead_id, (call, _lead) in closed.items():
        won = deals[lead_id].status == "won"
        bank = banks.get(call.bank_version_id)
        keys = set()
        for qid, value in (call.answers or {}).items():
            question = bank.by_id.get(qid) if bank else None
            for item in value if isinstance(value, list) else [value]:
                label = answer_label(question, item) if question else str(item)
                keys.add(f"{qid} = {label}")
        for key in keys:
            answers[key].leads += 1
            answers[key].won += won
        for name, score in call.categories.items():
            category = bank.categories.get(name) if bank else None
            if category is None or not category.maximum:
                continue
            level = "high" if score >= category.maximum / 2 else "low"
            key = f"{category.label} {level} (≥ half of {category.maximum:g})" if level == \
                "high" else f"{category.label} {level} (< half of {category.maximum:g})"
            categories[key].leads += 1
            categories[key].won += won
        outcome = OUTCOME_LABELS.get(call.outcome or "", call.outcome or "none")
        outcomes[outcome].leads += 1
        outcomes[outcome].won += won

    def ranked(table: dict[str, _Counts]) -> list[dict[str, Any]]:
        lines = [_line(what, counts, base) for what, counts in table.items()]
        return sorted(lines, key=lambda row: (row["small_sample"], -(row["lift"] or 0),
                                             row["what"]))

    rejected = [{"lead_id": lead.id, "lead": f"{lead.first_name} {lead.last_name}".strip(),
                 "company": lead.company, "call_id": call.id, "total": call.total,
                 "deal": deals[lead.id or 0].reference}
                for lead_id, (call, lead) in sorted(latest.items())
                if call.outcome == "sales_qualified" and deals[lead_id].status == "rejected"]
    return {"campaign": campaign, "closed_leads": base_counts.leads, "won": base_counts.won,
            "base_rate": None if base is None else round(base, 4), "small_sample_below": SMALL,
            "answers": ranked(answers), "categories": ranked(categories),
            "outcomes": ranked(outcomes), "qualified_not_accepted": rejected}


def render_lift(data: dict[str, Any]) -> str:
    """The lift report as Markdown (what leads and banks wrote is escaped)."""
    from qualdesk.outputs.handoff import escape_markdown

    def table(title: str, lines: list[dict[str, Any]]) -> list[str]:
        out = [f"## {title}", "", "| | leads | won | won rate | lift | |",
               "| --- | ---: | ---: | ---: | ---: | --- |"]
        for line in lines:
            rate = "–" if line["won_rate"] is None else f"{line['won_rate'] * 100:.1f}%"
            lift = "–" if line["lift"] is None else f"{line['lift']:.2f}"
            flag = f"small sample (< {SMALL})" if line["small_sample"] else ""
            out.append(f"| {escape_markdown(line['what'])} | {line['leads']} | {line['won']} "
                       f"| {rate} | {lift} | {flag} |")
        return [*out, ""]

    base = "–" if data["base_rate"] is None else f"{data['base_rate'] * 100:.1f}%"
    lines = ["# What goes with won deals", "",
             f"{data['closed_leads']} leads with a closed deal, {data['won']} won: base rate "
             f"{base}. Lift is the won rate of a line over the base rate.", ""]
    lines += table("Outcomes", data["outcomes"]) + table("Categories", data["categories"])
    lines += table("Answers", data["answers"])
    lines += ["## Qualified leads sales did not accept", ""]
    lines += [f"- {escape_markdown(row['lead'])} ({escape_markdown(row['company'])}), "
              f"call {row['call_id']}, {row['total']:g} points"
              + (f", deal {escape_markdown(row['deal'])}" if row["deal"] else "")
              for row in data["qualified_not_accepted"]] or ["None."]
    return "\n".join(lines) + "\n"
