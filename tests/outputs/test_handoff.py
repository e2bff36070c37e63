"""Handoff summaries: golden files per format, escaping, and user templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualdesk.outputs.handoff import TemplateProblem, render_handoff
from qualdesk.store.database import Store
from tests.outputs.helpers import NOW, qualified_call

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_golden(store: Store, fmt: str, tmp_path: Path) -> None:
    call_id = qualified_call(store)
    got = render_handoff(store, call_id, fmt, user_dir=tmp_path, now=NOW)
    got = got.replace(f"call {call_id}.", "call N.")
    assert got == (GOLDEN / f"handoff.{fmt}").read_text()


HOSTILE = {"first_name": "<script>alert('x')</script>", "last_name": "| Rowe",
           "company": "Evil <b>Corp</b> & Sons"}


def test_html_escapes_everything_typed(store: Store, tmp_path: Path) -> None:
    call_id = qualified_call(store, note="<img src=x onerror=alert(1)>", **HOSTILE)
    html = render_handoff(store, call_id, "html", user_dir=tmp_path, now=NOW)
    assert "<script>" not in html and "<img" not in html and "<b>Corp" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Evil &lt;b&gt;Corp&lt;/b&gt; &amp; Sons" in html


def test_bank_text_cannot_break_out_of_html(store: Store, tmp_path: Path) -> None:
    from qualdesk.store.calls import Finish, record_call
    from tests.conftest import bank_of
    from tests.outputs.helpers import add_lead

    bank = bank_of("""
        bank: evil
        title: "<script>bank()</script>"
        version: 1
        questions:
          - id: q
            ask: "Is it <b>bold</b>?"
            type: single
            options: [{value: a, label: "</dd><script>x()</script>"}]
        """)
    lead_id = add_lead(store)
    call_id, _ = record_call(store, lead_id, bank, {"q": "a"}, "amy", Finish("nurture"))
    html = render_handoff(store, call_id, "html", user_dir=tmp_path, now=NOW)
    assert "<script>" not in html and "<b>bold" not in html
    assert "&lt;/dd&gt;&lt;script&gt;x()&lt;/script&gt;" in html


def test_markdown_shows_typed_text_literally(store: Store, tmp_path: Path) -> None:
    call_id = qualified_call(store, note="call *now* <b>", **HOSTILE)
    markdown = render_handoff(store, call_id, "md", user_dir=tmp_path, now=NOW)
    assert r"\<script\>" in markdown and r"\| Rowe" in markdown
    assert r"call \*now\* \<b\>" in markdown


def test_user_template_overrides_and_broken_ones_say_where(store: Store,
                                                            tmp_path: Path) -> None:
    call_id = qualified_call(store)
    (tmp_path / "handoff.txt.j2").write_text("Lead {{ lead.name }}: {{ score.total }}\n")
    assert render_handoff(store, call_id, "txt", user_dir=tmp_path) == "Lead Maria Okafor: 110\n"
    (tmp_path / "handoff.txt.j2").write_text("line one\n{% if %}\n")
    with pytest.raises(TemplateProblem, match=r"handoff\.txt\.j2:2: template error"):
        render_handoff(store, call_id, "txt", user_dir=tmp_path)
    (tmp_path / "handoff.txt.j2").write_text("one\ntwo\n{{ lead.shoe_size }}\n")
    with pytest.raises(TemplateProblem, match=r"handoff\.txt\.j2:3: template error"):
        render_handoff(store, call_id, "txt", user_dir=tmp_path)
    (tmp_path / "handoff.txt.j2").unlink()
    assert render_handoff(store, call_id, "txt", user_dir=tmp_path).startswith(
        "Subject: Sales qualified: Maria Okafor")
