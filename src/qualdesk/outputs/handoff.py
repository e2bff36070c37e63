"""The sales handoff summary of one call, in Markdown, HTML or plain-text email.

The summary is built from what the store kept: the call is rebuilt from its exact bank text
and its events, so the reasons for every point are the ones the caller saw.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs
from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.exceptions import TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from sqlmodel import select

from qualdesk.core.answers import answer_label
from qualdesk.store.calls import resume_call
from qualdesk.store.database import Store
from qualdesk.store.models import BankVersion, Callback, Campaign, Note, utcnow

FORMATS = {"md": "handoff.md.j2", "html": "handoff.html.j2", "txt": "handoff.txt.j2"}
SHIPPED = Path(__file__).resolve().parent / "templates"


class TemplateProblem(Exception):
    """A template that cannot be used, with its file and line."""


def user_templates_dir() -> Path:
    """Where a user's own templates live: ``QUALDESK_TEMPLATES`` or the config folder."""
    override = os.environ.get("QUALDESK_TEMPLATES")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir("qualdesk", appauthor=False)) / "templates"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#])")


def escape_markdown(value: Any) -> Any:
    """Text as Markdown shows it literally: a ``|`` cannot break a table, ``<b>`` is no tag."""
    if isinstance(value, str):
        return _MARKDOWN_SPECIAL.sub(r"\\\1", value).replace("\n", " ")
    return value


def environment(user_dir: Path | None = None, markdown: bool = False) -> SandboxedEnvironment:
    """Templates from the user's folder first, then the shipped ones. HTML is autoescaped;
    Markdown escapes every value it prints (what a lead, a caller or a bank typed)."""
    folders = [str(user_dir or user_templates_dir()), str(SHIPPED)]
    return SandboxedEnvironment(
        finalize=escape_markdown if markdown else None,
        loader=ChoiceLoader([FileSystemLoader(folder) for folder in folders]),
        autoescape=select_autoescape(["html", "html.j2"], default_for_string=False),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(name: str, data: dict[str, Any], user_dir: Path | None = None) -> str:
    """Render template ``name``; raise :class:`TemplateProblem` naming the file and line."""
    env = environment(user_dir, markdown=name.endswith(".md.j2"))
    try:
        template = env.get_template(name)
        return template.render(**data)
    except TemplateSyntaxError as error:
        where = error.filename or name
        raise TemplateProblem(f"{where}:{error.lineno}: template error: {error.message}"
                              ) from None
    except TemplateNotFound:
        raise TemplateProblem(f"no template named {name}") from None
    except TemplateError as error:
        raise TemplateProblem(f"{_where(error)}: template error: {error}") from None


def _where(error: BaseException) -> str:
    """``FILE:LINE`` of the template frame an error was raised in (Jinja maps its frames back
    to template lines)."""
    found = "template"
    trace = error.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = f"{filename}:{trace.tb_lineno}"
        trace = trace.tb_next
    return found


def local_time(zone: str | None, at: datetime | None = None) -> str | None:
    """``"14:05 (America/New_York)"``: what the clock shows where the lead is."""
    if not zone:
        return None
    try:
        moment = (at or utcnow()).astimezone(ZoneInfo(zone))
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return f"{moment:%a %H:%M} ({zone})"


def handoff_data(store: Store, call_id: int, now: datetime | None = None) -> dict[str, Any]:
    """The handoff of ``call_id`` as template data; LookupError when there is no such call."""
    live, call, lead = resume_call(store, call_id)
    bank = live.bank
    state = live.state
    with store.session() as session:
        version = session.get(BankVersion, call.bank_version_id)
        campaign = session.get(Campaign, call.campaign_id) if call.campaign_id else None
        notes = session.exec(select(Note).where(Note.lead_id == lead.id)
                             .order_by(Note.created_at, Note.id)).all()
        callback = session.exec(select(Callback).where(Callback.call_id == call_id)).first()
    context = live.render_context()
    categories = []
    for name, category in bank.categories.items():
        reasons = [entry for entry in state.score.explanation
                   if entry.get("category") == name]
        categories.append({
            "id": name, "label": category.label, "score": state.score.categories.get(name, 0),
            "max": category.maximum,
            "reasons": [_reason(bank, entry, context) for entry in reasons],
        })
    answers = []
    for qid, value in state.walk.counted.items():
        question = bank.by_id[qid]
        answers.append({"id": qid, "question": question.ask.render(context),
                        "answer": answer_label(question, value)})
    return {
        "lead": {
            "id": lead.id, "name": f"{lead.first_name} {lead.last_name}".strip(),
            "first_name": lead.first_name, "last_name": lead.last_name,
            "company": lead.company, "title": lead.title, "email": lead.email or "",
            "phone": lead.phone or "", "country": lead.country or "",
            "timezone": lead.timezone or "", "local_time": local_time(lead.timezone, now) or "",
            "source": lead.source or "",
        },
        "call": {
            "id": call.id, "agent": call.agent, "started_at": _stamp(call.started_at),
            "ended_at": _stamp(call.ended_at), "disposition": call.disposition or "",
            "campaign": campaign.name if campaign else "",
            "callback_at": _stamp(callback.due_at) if callback else "",
        },
        "score": {
            "outcome": state.score.outcome, "outcome_words": state.score.outcome.replace(
                "_", " "), "total": state.score.total, "quadrant": state.score.quadrant,
            "quadrant_words": state.score.quadrant.replace("_", " "),
            "max_attainable": state.max_attainable,
            "knockouts": [k["reason"] for k in state.score.knockouts],
        },
        "categories": categories,
        "uncategorized": [_reason(bank, e, context) for e in state.score.explanation
                          if e.get("category") is None and "cap" not in e and e["points"]],
        "answers": answers,
        "notes": [{"agent": n.agent, "at": _stamp(n.created_at), "text": n.text}
                  for n in notes],
        "bank": {"id": version.bank_id if version else bank.id, "title": bank.title,
                 "version": bank.version,
                 "hash": (version.content_hash if version else bank.content_hash)[:12]},
    }


def _stamp(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else ""


def _reason(bank: Any, entry: dict[str, Any], context: dict[str, Any]) -> dict[str, Any]:
    if "question" in entry:
        question = bank.by_id[entry["question"]]
        return {"what": question.ask.render(context), "answer": entry["label"],
                "points": entry["points"]}
    if "cap" in entry:
        return {"what": entry["reason"], "answer": "", "points": entry["points"]}
    return {"what": f"Rule: {entry['reason']}", "answer": "", "points": entry["points"]}


def render_handoff(store: Store, call_id: int, fmt: str = "md",
                   user_dir: Path | None = None, now: datetime | None = None) -> str:
    """The handoff of ``call_id`` in ``fmt`` (md, html or txt)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    return render(FORMATS[fmt], handoff_data(store, call_id, now), user_dir)
