"""``qualdesk bank ...``: validate, simulate and test question banks from the shell or CI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from qualdesk.cli import reports_input_errors
from qualdesk.core.banktests import bank_path_for, run_bank_tests, tests_path_for
from qualdesk.core.diagnostics import InputError
from qualdesk.core.loader import load_bank, read_text_file, require_bank
from qualdesk.core.simulate import read_answer_sheet, read_mapping_file, simulate_sheet


@click.group()
def bank() -> None:
    """Write, check and try question banks."""


def _is_tests_file(path: Path) -> bool:
    return path.name.endswith((".tests.yaml", ".tests.yml"))


def _bank_files(files: tuple[Path, ...]) -> list[Path]:
    """The banks named on the command line; a ``NAME.tests.yaml`` stands for ``NAME.yaml``,
    so ``question_banks/*.yaml`` does what a manager means."""
    banks: list[Path] = []
    for file in files:
        if _is_tests_file(file):
            file = bank_path_for(file)
        if file not in banks:
            banks.append(file)
    return banks


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@bank.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON lines.")
def validate(files: tuple[Path, ...], as_json: bool) -> None:
    """Report every problem in each bank FILE at once. Warnings do not fail; errors do."""
    errors = warnings = 0
    banks = _bank_files(files)
    for file in banks:
        result = load_bank(file)
        for diagnostic in result.diagnostics:
            if as_json:
                click.echo(json.dumps(diagnostic.to_json()))
            else:
                click.echo(diagnostic.format(), err=True)
        errors += len(result.errors)
        warnings += len(result.warnings)
    summary = (f"{_plural(len(banks), 'bank')} checked: {_plural(errors, 'error')}, "
               f"{_plural(warnings, 'warning')}")
    click.echo(summary, err=as_json)
    if errors:
        raise SystemExit(1)


def _parse_today(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None


@bank.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--answers", "answers_file", required=True, type=click.Path(path_type=Path),
              help="YAML file of 'question id: value', in the order given.")
@click.option("--lead", "lead_file", type=click.Path(path_type=Path),
              help="YAML file of the lead's fields, for templates and expressions.")
@click.option("--json", "as_json", is_flag=True, help="Print the spec's JSON object.")
@click.option("--today", help="Date that days_from_now counts from (default: today).")
@click.pass_obj
@reports_input_errors
def simulate(settings: object, file: Path, answers_file: Path, lead_file: Path | None,
             as_json: bool, today: str | None) -> None:
    """Walk bank FILE with an answers file and print the path, score and outcome."""
    day = _parse_today(today)
    loaded = require_bank(file)
    sheet = read_answer_sheet(read_text_file(answers_file), str(answers_file))
    lead = None
    if lead_file is not None:
        lead, _ = read_mapping_file(read_text_file(lead_file), str(lead_file), "lead")
    agent = getattr(settings, "agent", "")
    result = simulate_sheet(loaded, sheet, lead, agent, day)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    click.echo(f"{loaded.title} (v{loaded.version})")
    click.echo(f"path: {' > '.join(result['path']) or '(none)'}")
    for name, points in result["categories"].items():
        click.echo(f"  {name}: {points}")
    click.echo(f"total {result['total']} of at most {result['max_attainable']}: "
               f"{result['outcome']}, {result['quadrant']}")
    for knockout in result["knockouts"]:
        click.echo(f"  knockout: {knockout['reason']}")
    if not result["complete"]:
        click.echo(f"waiting at: {result['next']}")
    if result["ignored"]:
        click.echo(f"ignored (not on the path): {', '.join(result['ignored'])}")


@bank.command("test")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def test_command(files: tuple[Path, ...]) -> None:
    """Run the scenarios in NAME.tests.yaml beside each bank FILE; exit 1 if any fails."""
    failed = passed = 0
    broken = False
    for file in _bank_files(files):
        result = load_bank(file)
        if result.bank is None:
            for diagnostic in result.errors:
                click.echo(diagnostic.format(), err=True)
            broken = True
            continue
        tests_file = tests_path_for(file)
        try:
            outcomes = run_bank_tests(result.bank, read_text_file(tests_file), str(tests_file))
        except InputError as error:
            for diagnostic in error.diagnostics:
                click.echo(diagnostic.format(), err=True)
            broken = True
            continue
        for outcome in outcomes:
            if outcome.passed:
                passed += 1
                continue
            failed += 1
            click.echo(f"FAIL {tests_file}: {outcome.name}")
            for diagnostic in outcome.errors:
                click.echo(f"    {diagnostic.format()}")
            for mismatch in outcome.mismatches:
                click.echo(f"    {mismatch.key}: expected {json.dumps(mismatch.expected)}, "
                           f"got {json.dumps(mismatch.actual)}")
    click.echo(f"{passed} passed, {failed} failed")
    if failed or broken:
        raise SystemExit(1)


