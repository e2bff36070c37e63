"""Core benchmark: validate a generated 2,000-question bank; rescore after each answer of a
500-question call. Each figure is shown as a ratio to loading the same YAML with PyYAML's
C-accelerated safe loader, measured in the same run."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import best_of, report

from qualdesk.core.engine import CallSession
from qualdesk.core.loader import load_bank_text

CATEGORIES = ["budget", "authority", "need", "timeline", "geography"]


def generate_bank(count: int, seed: int = 7) -> str:
    """A realistic large bank: mixed types, categories with caps, forward gotos, conditional
    next, ask_if on an earlier answer and rules."""
    rng = random.Random(seed)
    lines = [f"bank: generated-{count}", f"title: Generated {count}", "version: 1",
             "categories:"]
    lines += [f"  {c}: {{label: {c.title()}, axis: {'fit' if i % 2 else 'readiness'}, "
              f"max: {count}}}" for i, c in enumerate(CATEGORIES)]
    lines += ["outcomes:", f"  sales_qualified: {{min_score: {count * 2}}}",
              f"  marketing_qualified: {{min_score: {count}}}", "questions:"]
    for index in range(count):
        qid = f"q{index}"
        kind = rng.choice(["single", "single", "multi", "yes_no", "number", "scale", "text"])
        category = rng.choice(CATEGORIES)
        lines.append(f"  - id: {qid}")
        lines.append(f"    ask: Question number {index}, {{{{ lead.first_name }}}}?")
        lines.append(f"    type: {kind}")
        if kind != "text":
            lines.append(f"    category: {category}")
        if index > 0 and index % 25 == 0:
            lines.append("    ask_if: \"q0 != 'o2'\"")
        if kind in ("single", "multi"):
            lines.append("    options:")
            for number in range(4):
                goto = ""
                if kind == "single" and number == 0 and index + 3 < count and rng.random() < 0.2:
                    goto = f", goto: q{index + rng.randint(2, 3)}"
                lines.append(f"      - {{value: o{number}, label: Option {number}, "
                             f"points: {rng.randint(-2, 10)}{goto}}}")
        elif kind == "yes_no":
            lines.append(f"    points: {{yes: {rng.randint(0, 10)}, no: 0}}")
            if index + 4 < count and rng.random() < 0.3:
                lines.append("    next:")
                lines.append(f"      - {{when: \"{qid} == 'yes'\", goto: q{index + 3}}}")
                lines.append(f"      - {{goto: q{index + 1}}}")
        elif kind in ("number", "scale"):
            if kind == "number":
                lines.append("    min: 0")
            lines.append("    scoring:")
            lines.append(f"      - {{when: \"value >= 3\", points: {rng.randint(1, 9)}}}")
            lines.append("      - {points: 0}")
        elif kind == "text":
            lines.append("    required: false")
    lines.append("rules:")
    for number in range(20):
        qid = f"q{rng.randrange(count)}"
        lines.append(f"  - {{when: \"{qid} is not none\", category: {rng.choice(CATEGORIES)}, "
                     f"points: {rng.randint(-5, 5) or 1}, reason: rule {number}}}")
    return "\n".join(lines) + "\n"


def yaml_floor(text: str) -> float:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return best_of(lambda: yaml.load(text, Loader=loader), repeat=3)


def walk_through(bank_text: str) -> tuple[int, float]:
    """Answer every question of a call; return the number of answers and the total time."""
    import time

    result = load_bank_text(bank_text, "generated.yaml")
    assert result.bank is not None, result.errors[:3]
    bank = result.bank
    rng = random.Random(3)
    session = CallSession(bank, lead={"first_name": "Ana"}, agent="bench")
    answers = 0
    start = time.perf_counter()
    while (question := session.current) is not None:
        if question.type in ("single",):
            value: object = rng.choice([o.value for o in question.options])
        elif question.type == "multi":
            value = [question.options[0].value]
        elif question.type == "yes_no":
            value = rng.choice(["yes", "no"])
        elif question.type in ("number", "scale"):
            value = rng.randint(1, 5)
        else:
            value = "note"
        session.answer(value)
        session.state  # noqa: B018 - the rescoring the screen shows after each answer
        answers += 1
    return answers, time.perf_counter() - start


def main() -> None:
    big = generate_bank(2000)
    floor = yaml_floor(big)
    validate = best_of(lambda: load_bank_text(big, "generated.yaml"), repeat=3)
    report("YAML load of a 2,000-question bank (floor)", floor)
    report("validate the 2,000-question bank", validate, floor, "the YAML load")

    walk_bank = generate_bank(500, seed=11)
    walk_floor = yaml_floor(walk_bank)
    answers, seconds = walk_through(walk_bank)
    report("YAML load of a 500-question bank (floor)", walk_floor)
    report(f"rescore after each of {answers} answers (total)", seconds, walk_floor,
           "the YAML load")
    report("rescore after one answer (mean)", seconds / max(answers, 1), walk_floor,
           "the YAML load")


if __name__ == "__main__":
    main()
