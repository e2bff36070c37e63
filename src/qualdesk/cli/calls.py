"""``qualdesk call record``: a call made on paper or in another tool, recorded as the UI would."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import click

from qualdesk.cli import Settings, refuse, reports_input_errors, reports_store_errors
from qualdesk.core.answers import answer_to_json
from qualdesk.core.loader import read_text_file, require_bank
from qualdesk.core.simulate import coerce_sheet, read_answer_sheet
from qualdesk.outputs.delivery import escalate
from qualdesk.store.calls import (
    CallRefused,
    Finish,
    abandon_call,
    open_calls,
    record_call,
    resume_call,
)


def parse_moment(value: str | None, option: str) -> datetime | None:
    """An ISO date-time; without an offset it is read as UTC."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not an ISO date-time (2026-11-23T14:30)",
                                 param_hint=option) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@click.group()
def call() -> None:
    """Calls made away from the UI."""


@call.command("record")
@click.option("--lead", "lead_id", required=True, type=int, help="The lead's id.")
@click.option("--bank", "bank_file", required=True, type=click.Path(path_type=Path))
@click.option("--answers", "answers_file", required=True, type=click.Path(path_type=Path))
@click.option("--disposition", required=True, help="How the call ended (qualified, ...).")
@click.option("--note", help="A note on the call (some dispositions need one).")
@click.option("--at", "at_text", help="When the call was made (ISO; default now).")
@click.option("--callback", "callback_text",
              help="When to call back (ISO), for dispositions that schedule a callback.")
@click.pass_obj
@reports_input_errors
@reports_store_errors
def record(settings: Settings, lead_id: int, bank_file: Path, answers_file: Path,
           disposition: str, note: str | None, at_text: str | None,
           callback_text: str | None) -> None:
    """Record a finished call: answers, score, outcome, disposition, attempt, handoff."""
    at = parse_moment(at_text, "--at")
    callback_at = parse_moment(callback_text, "--callback")
    bank = require_bank(bank_file)
    answers = coerce_sheet(bank, read_answer_sheet(read_text_file(answers_file),
                                                   str(answers_file)))
    finish = Finish(disposition=disposition, note=note, callback_at=callback_at, at=at)
    try:
        call_id, live = record_call(settings.store(), lead_id, bank, answers, settings.agent,
                                    finish)
    except CallRefused as refused:
        refuse(str(refused))
    click.echo(call_id)
    if live.state.score.outcome == "sales_qualified":
        state = escalate(settings.store(), call_id)
        if state == "failed":
            click.echo(f"call {call_id} is recorded; its handoff is not delivered yet "
                       "(qualdesk deliver --list shows why, qualdesk deliver retries)", err=True)


@call.command("open")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_obj
@reports_store_errors
def open_command(settings: Settings, as_json: bool) -> None:
    """The calls --agent left open (the program died mid-call), with what each had."""
    store = settings.store()
    for stored in open_calls(store, settings.agent):
        live, _, lead = resume_call(store, stored.id or 0)
        payload = {"call_id": stored.id, "lead_id": lead.id,
                   "lead": f"{lead.first_name} {lead.last_name}".strip(),
                   "started_at": stored.started_at.isoformat(),
                   "answers": {k: answer_to_json(v) for k, v in live.counted_answers().items()},
                   "total": live.state.score.total,
                   "next": live.current.id if live.current else None}
        if as_json:
            click.echo(json.dumps(payload, ensure_ascii=False))
        else:
            click.echo(f"call {payload['call_id']} with {payload['lead']} (lead "
                       f"{payload['lead_id']}), started {stored.started_at:%Y-%m-%d %H:%M}: "
                       f"{len(payload['answers'])} answers, total {payload['total']}, "
                       f"next {payload['next'] or '(end of script)'}")


@call.command("abandon")
@click.argument("call_id", type=int)
@click.pass_obj
@reports_store_errors
def abandon_command(settings: Settings, call_id: int) -> None:
    """Close an open call without a disposition; its answers are kept, its lead freed."""
    abandon_call(settings.store(), call_id, settings.agent)
    click.echo(f"abandoned call {call_id}")
