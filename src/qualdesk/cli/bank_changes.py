"""``qualdesk bank rename-question|diff|whatif``: change a bank safely from the shell."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from qualdesk.cli import Settings, reports_input_errors, reports_store_errors
from qualdesk.cli.bank import bank
from qualdesk.core.bankdiff import diff_banks
from qualdesk.core.banktests import tests_path_for
from qualdesk.core.diagnostics import InputError
from qualdesk.core.loader import load_bank_text, read_text_file, require_bank
from qualdesk.core.model import Bank
from qualdesk.core.rename import rename_question
from qualdesk.core.whatif import what_if
from qualdesk.library import write_atomically


@bank.command("rename-question")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("old_id")
@click.argument("new_id")
@reports_input_errors
def rename_question_command(file: Path, old_id: str, new_id: str) -> None:
    """Rename question OLD_ID to NEW_ID in FILE, with every reference to it (goto, next,
    ask_if, when, templates) and the answers of its tests file, keeping comments and layout."""
    text = read_text_file(file)
    tests_file = tests_path_for(file)
    tests_text = read_text_file(tests_file) if tests_file.exists() else None
    renamed, renamed_tests, places = rename_question(text, old_id, new_id, str(file),
                                                     tests_text)
    write_atomically(file, renamed)
    written = [str(file)]
    if renamed_tests is not None and renamed_tests != tests_text:
        write_atomically(tests_file, renamed_tests)
        written.append(str(tests_file))
    click.echo(f"renamed '{old_id}' to '{new_id}' in {places} place"
               f"{'' if places == 1 else 's'} ({', '.join(written)})")


def _bank_from(reference: str, settings: Settings) -> Bank:
    """A bank file, or ``@N``: the version stored under id N (see ``bank versions``)."""
    if not reference.startswith("@"):
        return require_bank(Path(reference))
    from qualdesk.store.models import BankVersion

    try:
        stored_id = int(reference[1:])
    except ValueError:
        raise click.BadParameter(f"'{reference}' is not @ID of a stored version") from None
    version = settings.store().run(lambda session: session.get(BankVersion, stored_id))
    if version is None:
        raise LookupError(f"no stored bank version {reference}")
    loaded = load_bank_text(version.text, f"{reference} ({version.bank_id} v{version.version})")
    if loaded.bank is None:
        raise InputError(loaded.errors)
    return loaded.bank


@bank.command()
@click.argument("old")
@click.argument("new")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per change.")
@click.pass_obj
@reports_input_errors
@reports_store_errors
def diff(settings: Settings, old: str, new: str, as_json: bool) -> None:
    """What changed from OLD to NEW, in words ("*" marks what can move a score). Each is a
    bank file or @ID, a version kept in the store ('qualdesk bank versions' lists them)."""
    changes = diff_banks(_bank_from(old, settings), _bank_from(new, settings))
    for change in changes:
        if as_json:
            click.echo(json.dumps(change.to_json(), ensure_ascii=False))
        else:
            click.echo(f"{'*' if change.scoring else ' '} {change.words}")
    scoring = sum(change.scoring for change in changes)
    click.echo(f"{len(changes)} change{'' if len(changes) == 1 else 's'}, {scoring} can move "
               "a score" if changes else "no changes", err=as_json)


@bank.command()
@click.argument("bank_id", required=False)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per version.")
@click.pass_obj
@reports_store_errors
def versions(settings: Settings, bank_id: str | None, as_json: bool) -> None:
    """The bank versions kept in the store (every version a call or campaign used), newest
    first, with the campaigns on each; compare two with 'qualdesk bank diff @A @B'."""
    from qualdesk.store.campaigns import campaigns_by_version, stored_versions

    def work(session: Any) -> tuple[list[Any], dict[int, list[str]]]:
        return stored_versions(session, bank_id), campaigns_by_version(session)

    found, using = settings.store().run(work)
    for version in found:
        campaigns = using.get(version.id or 0, [])
        if as_json:
            click.echo(json.dumps({"id": version.id, "bank": version.bank_id,
                                   "version": version.version, "title": version.title,
                                   "hash": version.content_hash,
                                   "stored_at": version.created_at.isoformat(),
                                   "campaigns": campaigns}))
        else:
            click.echo(f"@{version.id} {version.bank_id} v{version.version} "
                       f"{version.content_hash[:12]} {version.created_at:%Y-%m-%d %H:%M} "
                       f"{version.title}"
                       + (f" (campaigns: {', '.join(campaigns)})" if campaigns else ""))
    if not found:
        click.echo("no versions stored" + (f" of '{bank_id}'" if bank_id else ""), err=True)


@bank.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--campaign", required=True, help="Whose past calls to rescore.")
@click.option("--since", help="Only calls from this day on (ISO date, UTC).")
@click.option("--examples", default=3, show_default=True, help="Examples per kind of move.")
@click.option("--json", "as_json", is_flag=True, help="The report as one JSON object.")
@click.pass_obj
@reports_input_errors
@reports_store_errors
def whatif(settings: Settings, file: Path, campaign: str, since: str | None, examples: int,
           as_json: bool) -> None:
    """Rescore the past calls of a campaign under FILE: how many would change outcome."""
    from qualdesk.store.history import past_calls

    start = None
    if since:
        try:
            start = datetime.fromisoformat(since).replace(tzinfo=UTC)
        except ValueError:
            raise click.BadParameter(f"{since!r} is not an ISO date",
                                     param_hint="--since") from None
    report = what_if(require_bank(file), past_calls(settings.store(), campaign, start),
                     examples)
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False))
        return
    click.echo(report.headline())
    for (before, after), count in sorted(report.moves.items()):
        click.echo(f"  {before} → {after}: {count}")
        for example in report.examples[(before, after)]:
            click.echo(f"      call {example.call.call_id} {example.call.lead_name}: "
                       f"{example.call.total:g} → {example.total:g}")
    for result in report.not_comparable[:examples]:
        click.echo(f"  not comparable: call {result.call.call_id}: {result.why_not}")
