"""``qualdesk bank rename-question|diff|whatif``: change a bank safely from the shell."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import click

from qualdesk.cli import Settings, reports_input_errors, reports_store_errors
from qualdesk.cli.bank import bank
from qualdesk.core.bankdiff import diff_banks
from qualdesk.core.banktests import tests_path_for
from qualdesk.core.loader import read_text_file, require_bank
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


@bank.command()
@click.argument("old_file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per change.")
@reports_input_errors
def diff(old_file: Path, new_file: Path, as_json: bool) -> None:
    """What changed from OLD_FILE to NEW_FILE, in words ("*" marks what can move a score)."""
    changes = diff_banks(require_bank(old_file), require_bank(new_file))
    for change in changes:
        if as_json:
            click.echo(json.dumps(change.to_json(), ensure_ascii=False))
        else:
            click.echo(f"{'*' if change.scoring else ' '} {change.words}")
    scoring = sum(change.scoring for change in changes)
    click.echo(f"{len(changes)} change{'' if len(changes) == 1 else 's'}, {scoring} can move "
               "a score" if changes else "no changes", err=as_json)


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
