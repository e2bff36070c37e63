"""Campaigns: the leads, the bank version they are called with, calling hours, retry rules,
and script variants (up to three bank versions side by side, each with a share of leads).

A campaign moves to a new bank version only when a manager says so (``set_bank``); a call
already open keeps the version it started with, since every call stores its own version.
Variants split leads by a stable hash of the lead, so a lead hears the same wording on every
attempt and the split holds to within a percent or so on a few hundred leads.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from qualdesk.core.model import Bank
from qualdesk.store.audit import audit
from qualdesk.store.calls import bank_version
from qualdesk.store.models import BankVersion, Campaign, CampaignVariant, Lead
from qualdesk.store.queue import parse_clock

MAX_VARIANTS = 3
VARIANT_LABELS = "ABC"


@dataclass(frozen=True)
class VariantInfo:
    """One variant as ``campaign list`` shows it."""

    label: str
    bank: str
    percent: int


@dataclass(frozen=True)
class CampaignInfo:
    """A campaign with its rules, its bank and how many leads it holds."""

    name: str
    bank: str | None
    calling_start: str
    calling_end: str
    attempt_limit: int
    retry_delay_minutes: int
    leads: int
    variants: list[VariantInfo]

    def to_json(self) -> dict[str, Any]:
        """For ``qualdesk campaign list --json``."""
        return {"name": self.name, "bank": self.bank,
                "hours": f"{self.calling_start}-{self.calling_end}",
                "attempt_limit": self.attempt_limit,
                "retry_delay_minutes": self.retry_delay_minutes, "leads": self.leads,
                "variants": [{"label": v.label, "bank": v.bank, "percent": v.percent}
                             for v in self.variants]}


def parse_hours(text: str) -> tuple[str, str]:
    """``"08:00-21:00"`` -> ("08:00", "21:00"); a plain ValueError otherwise."""
    start, separator, end = text.partition("-")
    if not separator:
        raise ValueError(f"'{text}' is not calling hours (HH:MM-HH:MM)")
    parse_clock(start)
    parse_clock(end)
    return start.strip(), end.strip()


def _named(session: Session, name: str) -> Campaign:
    campaign = session.execute(select(Campaign).where(Campaign.name == name)).scalar()
    if campaign is None:
        raise LookupError(f"no campaign named '{name}'")
    return campaign


def create_campaign(session: Session, name: str, actor: str, bank: Bank | None = None,
                    **rules: Any) -> Campaign:
    """A new campaign (refused when the name is taken)."""
    if session.execute(select(Campaign.id).where(Campaign.name == name)).scalar():
        raise ValueError(f"there is already a campaign named '{name}'")
    campaign = Campaign(name=name, **rules)
    if bank is not None:
        campaign.bank_version_id = bank_version(session, bank).id
    session.add(campaign)
    session.flush()
    audit(session, actor, "create", "campaign", campaign.id, {"name": name, **rules})
    return campaign


def update_campaign(session: Session, name: str, actor: str, **rules: Any) -> Campaign:
    """Change calling hours, attempt limit or retry delay."""
    campaign = _named(session, name)
    for key, value in rules.items():
        setattr(campaign, key, value)
    audit(session, actor, "update", "campaign", campaign.id, rules)
    return campaign


def set_bank(session: Session, name: str, bank: Bank, actor: str) -> BankVersion:
    """Move the campaign to ``bank`` (stored as a version); open calls keep theirs."""
    campaign = _named(session, name)
    version = bank_version(session, bank)
    previous = campaign.bank_version_id
    campaign.bank_version_id = version.id
    audit(session, actor, "set-bank", "campaign", campaign.id,
          {"from": previous, "to": version.id, "bank": f"{bank.id} v{bank.version}"})
    return version


def set_variants(session: Session, name: str, banks: list[tuple[Bank, int]],
                 actor: str) -> list[CampaignVariant]:
    """Run these banks side by side with these percentages (empty: no variants)."""
    campaign = _named(session, name)
    if len(banks) == 1 or len(banks) > MAX_VARIANTS:
        raise ValueError(f"give two or three variants, not {len(banks)}")
    if banks and sum(percent for _, percent in banks) != 100:
        raise ValueError("the variants' percentages must add up to 100")
    if any(percent <= 0 for _, percent in banks):
        raise ValueError("every variant needs a share above 0%")
    for old in session.execute(select(CampaignVariant).where(
            CampaignVariant.campaign_id == campaign.id)).scalars():
        session.delete(old)
    session.flush()
    made = []
    for label, (bank, percent) in zip(VARIANT_LABELS, banks, strict=False):
        variant = CampaignVariant(campaign_id=campaign.id or 0, label=label, percent=percent,
                                  bank_version_id=bank_version(session, bank).id or 0)
        session.add(variant)
        made.append(variant)
    if banks:
        campaign.bank_version_id = made[0].bank_version_id
    audit(session, actor, "set-variants", "campaign", campaign.id,
          {"variants": [[f"{b.id} v{b.version}", p] for b, p in banks]})
    session.flush()
    return made


def bucket(campaign_id: int, lead_id: int) -> int:
    """The lead's place, 0 to 99, in its campaign's split: stable, and evenly spread."""
    digest = hashlib.sha256(f"{campaign_id}:{lead_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 100


def version_for_lead(session: Session, lead_id: int) -> BankVersion | None:
    """The bank version a lead is called with: its variant's, else its campaign's."""
    lead = session.get(Lead, lead_id)
    if lead is None or lead.campaign_id is None:
        return None
    variants = session.execute(select(CampaignVariant).where(
        CampaignVariant.campaign_id == lead.campaign_id).order_by(
        CampaignVariant.label)).scalars().all()
    if variants:
        place, reached = bucket(lead.campaign_id, lead_id), 0
        for variant in variants:
            reached += variant.percent
            if place < reached:
                return session.get(BankVersion, variant.bank_version_id)
    campaign = session.get(Campaign, lead.campaign_id)
    if campaign is None or campaign.bank_version_id is None:
        return None
    return session.get(BankVersion, campaign.bank_version_id)


def list_campaigns(session: Session) -> list[CampaignInfo]:
    """Every campaign, by name."""
    counts = dict(session.execute(select(Lead.campaign_id, func.count()).group_by(
        Lead.campaign_id)).all())
    names = {row.id: f"{row.bank_id} v{row.version}" for row in session.execute(
        select(BankVersion.id, BankVersion.bank_id, BankVersion.version)).all()}
    found = []
    for campaign in session.execute(select(Campaign).order_by(Campaign.name)).scalars():
        variants = [VariantInfo(v.label, names.get(v.bank_version_id, "?"), v.percent)
                    for v in session.execute(select(CampaignVariant).where(
                        CampaignVariant.campaign_id == campaign.id).order_by(
                        col(CampaignVariant.label))).scalars()]
        found.append(CampaignInfo(campaign.name, names.get(campaign.bank_version_id or -1),
                                  campaign.calling_start, campaign.calling_end,
                                  campaign.attempt_limit, campaign.retry_delay_minutes,
                                  counts.get(campaign.id, 0), variants))
    return found


@dataclass(frozen=True)
class BankUsage:
    """A bank id's stored versions (newest first) and the campaigns calling with it."""

    versions: list[tuple[int, int, str]]  # (stored id, version number, hash prefix)
    campaigns: list[str]


def bank_usage(session: Session) -> dict[str, BankUsage]:
    """For each bank id in the store: its versions and the campaigns that use one."""
    usage: dict[str, BankUsage] = {}
    for row in session.execute(select(BankVersion.id, BankVersion.bank_id, BankVersion.version,
                                      BankVersion.content_hash).order_by(
            col(BankVersion.id).desc())).all():
        usage.setdefault(row.bank_id, BankUsage([], [])).versions.append(
            (row.id, row.version, row.content_hash[:12]))
    bank_of = {stored: bank_id for bank_id, found in usage.items()
               for stored, _number, _digest in found.versions}
    for version_id, names in campaigns_by_version(session).items():
        campaigns = usage[bank_of[version_id]].campaigns
        campaigns.extend(name for name in names if name not in campaigns)
    return usage


def store_bank(session: Session, bank: Bank, actor: str) -> BankVersion:
    """Keep ``bank``'s exact text as a version (the same text is kept once)."""
    version = bank_version(session, bank)
    audit(session, actor, "store", "bank", version.id,
          {"bank": bank.id, "version": bank.version, "hash": bank.content_hash[:12]})
    return version


def set_bank_version(session: Session, name: str, version_id: int, actor: str) -> BankVersion:
    """Move the campaign to an already stored version (the campaign screen's choice)."""
    campaign = _named(session, name)
    version = session.get(BankVersion, version_id)
    if version is None:
        raise LookupError(f"no stored bank version {version_id}")
    previous = campaign.bank_version_id
    campaign.bank_version_id = version.id
    audit(session, actor, "set-bank", "campaign", campaign.id,
          {"from": previous, "to": version.id, "bank": f"{version.bank_id} v{version.version}"})
    return version


def stored_versions(session: Session, bank_id: str | None = None) -> list[BankVersion]:
    """The stored versions (of one bank, or all), newest first."""
    query = select(BankVersion).order_by(col(BankVersion.id).desc())
    if bank_id is not None:
        query = query.where(BankVersion.bank_id == bank_id)
    return list(session.execute(query).scalars())


def campaigns_by_version(session: Session) -> dict[int, list[str]]:
    """For each stored version id: the campaigns calling with it (directly or as a variant)."""
    found: dict[int, list[str]] = {}
    rows = [*session.execute(select(Campaign.bank_version_id, Campaign.name)).all(),
            *session.execute(select(CampaignVariant.bank_version_id, Campaign.name).join(
                Campaign, col(Campaign.id) == CampaignVariant.campaign_id)).all()]
    for version_id, name in rows:
        if version_id is not None and name not in found.setdefault(version_id, []):
            found[version_id].append(name)
    return found
