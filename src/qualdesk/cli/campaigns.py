"""``qualdesk campaign ...``: campaigns, their bank version, calling rules and variants."""

from __future__ import annotations

import json
from pathlib import Path

import click

from qualdesk.cli import Settings, refuse, reports_input_errors, reports_store_errors
from qualdesk.core.loader import require_bank
from qualdesk.store.campaigns import (
    create_campaign,
    list_campaigns,
    parse_hours,
    set_bank,
    set_variants,
    update_campaign,
)

BANK_FILE = click.Path(dir_okay=False, path_type=Path)


@click.group()
def campaign() -> None:
    """Campaigns: which bank version their leads are called with, and when."""


def _rules(hours: str | None, attempts: int | None, retry_delay: int | None) -> dict[str, object]:
    rules: dict[str, object] = {}
    if hours is not None:
        try:
            rules["calling_start"], rules["calling_end"] = parse_hours(hours)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="--hours") from None
    if attempts is not None:
        rules["attempt_limit"] = attempts
    if retry_delay is not None:
        rules["retry_delay_minutes"] = retry_delay
    return rules


def _rule_options(function):  # type: ignore[no-untyped-def]
    for option in reversed((
        click.option("--hours", help="Calling hours in the lead's own time, HH:MM-HH:MM."),
        click.option("--attempts", type=click.IntRange(1, 100),
                     help="Attempts before a lead is left alone."),
        click.option("--retry-delay", type=click.IntRange(0, 100_000),
                     help="Minutes before a lead is tried again."),
    )):
        function = option(function)
    return function


@campaign.command()
@click.argument("name")
@click.option("--bank", "bank_file", type=BANK_FILE, help="The bank its leads are called with.")
@_rule_options
@click.pass_obj
@reports_input_errors
@reports_store_errors
def create(settings: Settings, name: str, bank_file: Path | None, hours: str | None,
           attempts: int | None, retry_delay: int | None) -> None:
    """Create campaign NAME."""
    bank = require_bank(bank_file) if bank_file else None
    rules = _rules(hours, attempts, retry_delay)
    try:
        settings.store().run(lambda session: create_campaign(session, name, settings.agent,
                                                             bank, **rules))
    except ValueError as error:
        refuse(str(error))
    click.echo(f"campaign '{name}' created" + (f" on {bank.id} v{bank.version}" if bank else ""))


@campaign.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per campaign.")
@click.pass_obj
@reports_store_errors
def list_command(settings: Settings, as_json: bool) -> None:
    """Every campaign with its bank, rules, lead count and variants."""
    for info in settings.store().run(list_campaigns):
        if as_json:
            click.echo(json.dumps(info.to_json()))
            continue
        variants = ", ".join(f"{v.label} {v.bank} {v.percent}%" for v in info.variants)
        click.echo(f"{info.name}: {info.bank or 'no bank'}, {info.calling_start}-"
                   f"{info.calling_end}, {info.attempt_limit} attempts, retry after "
                   f"{info.retry_delay_minutes} min, {info.leads} leads"
                   + (f", variants {variants}" if variants else ""))


@campaign.command("set")
@click.argument("name")
@_rule_options
@click.pass_obj
@reports_store_errors
def set_command(settings: Settings, name: str, hours: str | None, attempts: int | None,
                retry_delay: int | None) -> None:
    """Change NAME's calling hours, attempt limit or retry delay."""
    rules = _rules(hours, attempts, retry_delay)
    if not rules:
        raise click.UsageError("give --hours, --attempts or --retry-delay")
    settings.store().run(lambda session: update_campaign(session, name, settings.agent,
                                                         **rules))
    click.echo(f"campaign '{name}' updated")


@campaign.command("set-bank")
@click.argument("name")
@click.argument("bank_file", type=BANK_FILE)
@click.pass_obj
@reports_input_errors
@reports_store_errors
def set_bank_command(settings: Settings, name: str, bank_file: Path) -> None:
    """Move NAME to the bank in BANK_FILE (a new version is stored; calls already open
    finish on the version they started with)."""
    bank = require_bank(bank_file)
    version = settings.store().run(lambda session: set_bank(session, name, bank,
                                                            settings.agent))
    click.echo(f"campaign '{name}' now calls with {bank.id} v{bank.version} "
               f"(stored version {version.id}, {bank.content_hash[:12]})")


@campaign.command()
@click.argument("name")
@click.argument("variants", nargs=-1, metavar="FILE=PERCENT...")
@click.option("--clear", is_flag=True, help="Stop running variants.")
@click.pass_obj
@reports_input_errors
@reports_store_errors
def variants(settings: Settings, name: str, variants: tuple[str, ...], clear: bool) -> None:
    """Run two or three banks side by side, e.g. a.yaml=50 b.yaml=50 (A/B test); each lead
    always gets the same one, and each call records which it used."""
    if clear == bool(variants):
        raise click.UsageError("give FILE=PERCENT for each variant, or --clear")
    chosen = []
    for variant in variants:
        file, _, percent = variant.rpartition("=")
        if not file or not percent.isdigit():
            raise click.BadParameter(f"'{variant}' is not FILE=PERCENT", param_hint="variants")
        chosen.append((require_bank(Path(file)), int(percent)))
    try:
        settings.store().run(lambda session: set_variants(session, name, chosen,
                                                          settings.agent))
    except ValueError as error:
        refuse(str(error))
    click.echo(f"campaign '{name}': " + (", ".join(
        f"{label} {bank.id} v{bank.version} {percent}%"
        for label, (bank, percent) in zip("ABC", chosen, strict=False)) or "no variants"))
