"""A bank cannot reach Python internals or the file system through expressions or templates."""

from __future__ import annotations

import pytest

from qualdesk.core.engine import CallSession
from qualdesk.core.expressions import Expression, ExpressionProblem, Template
from tests.conftest import load

HOSTILE_EXPRESSIONS = [
    "lead.__class__",
    "lead.__class__.__mro__[1].__subclasses__()",
    "cycler.__init__.__globals__",
    "lead['__class__']",
    "agent.__len__()",
]
HOSTILE_TEMPLATES = [
    "{{ lead.__class__ }}",
    "{{ cycler.__init__.__globals__.os.system('id') }}",
    "{{ ''.__class__.__mro__ }}",
    "{% for x in lead.__class__.__subclasses__() %}{{ x }}{% endfor %}",
]


@pytest.mark.parametrize("source", HOSTILE_EXPRESSIONS)
def test_internal_attributes_are_refused_when_loading(source: str) -> None:
    with pytest.raises(ExpressionProblem, match="internals"):
        Expression.parse(source)


@pytest.mark.parametrize("source", HOSTILE_TEMPLATES)
def test_hostile_templates_are_refused_when_loading(source: str) -> None:
    with pytest.raises(ExpressionProblem, match="internals"):
        Template.parse(source)


@pytest.mark.parametrize("source", HOSTILE_TEMPLATES)
def test_a_bank_with_a_hostile_ask_does_not_load(source: str) -> None:
    text = f"bank: t\ntitle: T\nversion: 1\nquestions:\n  - id: a\n    ask: |\n      {source}\n" \
           "    type: text\n"
    result = load(text)
    assert result.bank is None
    assert any("internals" in d.message for d in result.errors)


def test_default_globals_are_gone() -> None:
    """cycler, joiner, lipsum, namespace, range and dict would be handles to internals."""
    expression = Expression.parse("cycler")
    assert expression.value({}) is None
    assert Template.parse("{{ range }}{{ lipsum }}{{ namespace }}").render({}) == ""


def test_attr_filter_cannot_bypass_the_sandbox() -> None:
    template = Template.parse("{{ lead|attr('__class__') }}")
    rendered = template.render({"lead": {"first_name": "Ann"}})
    assert "class" not in rendered or rendered == template.source.strip()
    assert "dict" not in rendered


def test_format_string_tricks_are_contained() -> None:
    template = Template.parse("{{ '{0.__class__}'.format(lead) }}")
    rendered = template.render({"lead": {}})
    assert "<class" not in rendered


def test_lead_fields_render_and_missing_ones_are_empty() -> None:
    text = ("bank: t\ntitle: T\nversion: 1\ngreeting: 'Hi {{ lead.first_name }}, "
            "{{ agent }} here{{ lead.nothing }}.'\nquestions:\n  - {id: a, ask: A?, type: text}\n")
    bank = load(text).bank
    session = CallSession(bank, lead={"first_name": "Ana <b>"}, agent="Sam")
    assert session.greeting() == "Hi Ana <b>, Sam here."
