"""The call screen: lead card, greeting, the current question and its answer widget, the
earlier answers, and the live score beside them.

Nothing the caller does is lost: each step (answer, change, skip, back) is written to the
store by a worker before the screen moves on to the next question; while a step is being
written the next one waits, and a step the store refused (locked, unreachable) is retried
until it is on disk, with the reason on screen.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from qualdesk.core.answers import AnswerRejected, answer_label
from qualdesk.core.engine import Event, StepRefused
from qualdesk.store.calls import record_event
from qualdesk.tui.desk import Desk, OpenCall
from qualdesk.tui.widgets.answers import AnswerGiven, answer_widget
from qualdesk.tui.widgets.lead_card import LeadCardView, full_name
from qualdesk.tui.widgets.score_panel import ScorePanel
from qualdesk.tui.workers import in_background

RETRY_SECONDS = 1.5


class CallScreen(Screen[None]):
    """One live call, from greeting to wrap-up."""

    BINDINGS = [
        Binding("f2", "notes", "Notes", id="call.notes", priority=True,
                tooltip="Notes on this lead, saved as you type"),
        Binding("f3", "back", "Back", id="call.back", priority=True,
                tooltip="The previous question, to keep or change its answer"),
        Binding("f4", "skip", "Skip", id="call.skip", priority=True,
                tooltip="Leave an optional question blank"),
        Binding("f5", "earlier", "Answers", id="call.earlier", priority=True,
                tooltip="The earlier answers: Enter on one changes it"),
        Binding("f6", "forward", "Forward", id="call.forward", priority=True, show=False,
                tooltip="Forward again after going back"),
        Binding("f10", "wrap_up", "End call", id="call.end", priority=True,
                tooltip="End the call: disposition, callback, note"),
        Binding("escape", "focus_answer", "To question", id="call.question", show=False),
    ]

    def __init__(self, desk: Desk, opened: OpenCall) -> None:
        super().__init__()
        self.desk = desk
        self.opened = opened
        self.session = opened.session
        self.pending: list[Event] = []
        self.note_id: int | None = None
        self.note_text = ""
        self.finishing = False

    def compose(self) -> ComposeResult:
        """Card on top; script on the left, score on the right; keys below."""
        yield Header()
        yield LeadCardView(id="lead-card")
        with Horizontal(id="call-body"):
            with Vertical(id="script", classes="panel"):
                with VerticalScroll(id="question-area"):
                    yield Static(id="greeting")
                    yield Static(id="ask")
                    yield Static(id="help")
                    yield Vertical(id="answer-area")
                    yield Static(id="answer-error")
                yield ProgressBar(id="progress", show_eta=False, show_percentage=False)
                yield Static(id="progress-text")
                yield OptionList(id="path")
            yield ScorePanel(id="score")
        yield Footer()

    async def on_mount(self) -> None:
        """Fill everything for the call as it stands (a resumed call included)."""
        lead = self.opened.card.lead
        self.title = f"Call: {full_name(lead)}" + (f", {lead.company}" if lead.company else "")
        self.sub_title = self.subtitle()
        self.query_one("#script").border_title = "Script"
        self.query_one("#path", OptionList).border_title = "Earlier answers (F5)"
        self.query_one(LeadCardView).show(self.opened.card, self.desk.now())
        await self.refresh_view()

    def subtitle(self) -> str:
        """The bank and version this call runs on."""
        return f"{self.session.bank.title} v{self.session.bank.version}"

    # -- drawing -------------------------------------------------------------------------
    async def refresh_view(self) -> None:
        """Redraw question, answer widget, earlier answers, progress and score."""
        session, state = self.session, self.session.state
        question = session.current
        path = state.walk.path
        greeting = session.greeting()
        self.query_one("#greeting", Static).update(
            f"[i]{escape(greeting.strip())}[/i]" if greeting and not path else "")
        area = self.query_one("#answer-area", Vertical)
        await area.remove_children()
        self.query_one("#answer-error", Static).update("")
        if question is None:
            self.query_one("#ask", Static).update(
                "[b]The script has ended.[/b] Press F10 to wrap up the call.")
            self.query_one("#help", Static).update("")
        else:
            category = session.bank.categories.get(question.category or "")
            heading = f"[b]{escape(question.id)}[/b]" + (
                f" · {escape(category.label)}" if category else "") + (
                "" if question.required else " · optional")
            self.query_one("#ask", Static).update(
                f"{heading}\n{escape(session.ask_text(question))}")
            self.query_one("#help", Static).update(
                f"[$text-muted]{escape(question.help)}[/]" if question.help else "")
            widget = answer_widget(question, session.answers.get(question.id))
            await area.mount(widget)
            widget.focus()
        self._draw_path()
        self._draw_progress()
        self.query_one(ScorePanel).show(session.bank, state)

    def _draw_path(self) -> None:
        session, state = self.session, self.session.state
        path_list = self.query_one("#path", OptionList)
        path_list.clear_options()
        for qid in state.walk.path:
            question = session.bank.by_id[qid]
            if qid in state.walk.counted:
                said = answer_label(question, state.walk.counted[qid])
            else:
                said = "read" if question.type == "say" else "skipped"
            marker = "▶" if qid == state.current else "✓"
            path_list.add_option(Option(f"{marker} {qid}: {said}", id=qid))

    def _draw_progress(self) -> None:
        state = self.session.state
        done = len(state.walk.path)
        ahead = (len(self.session.graph.reachable_from([state.walk.stop]))
                 if state.walk.stop else 0)
        bar = self.query_one(ProgressBar)
        bar.update(total=max(done + ahead, 1), progress=done)
        self.query_one("#progress-text", Static).update(
            f"{done} done · at most {ahead} to go" if ahead else f"{done} done · script ended")

    # -- steps ---------------------------------------------------------------------------
    def _step(self, take: Callable[[], Event]) -> None:
        if self.pending:
            self.notify("Still saving the last step…", severity="warning", timeout=2)
            return
        try:
            event = take()
        except AnswerRejected as error:
            self.query_one("#answer-error", Static).update(
                f"[$error]Not accepted: {escape(error.reason)}[/]")
            return
        except StepRefused as error:
            self.notify(str(error), severity="warning", timeout=3)
            return
        self.pending.append(event)
        self._save()

    def _save(self) -> None:
        if not self.pending:
            return
        event, desk, call_id, session = self.pending[0], self.desk, self.opened.call_id, \
            self.session
        in_background(self, lambda: record_event(desk.store, call_id, event, session),
                      self._saved, failed=self._not_saved, what="saving an answer",
                      group="call-save")

    async def _saved(self, _result: object) -> None:
        self.pending.pop(0)
        if self.pending:
            self._save()
        else:
            await self.refresh_view()

    def _not_saved(self, message: str) -> None:
        self.query_one("#answer-error", Static).update(
            f"[$error]Not saved yet: {escape(message)}. Retrying; nothing is lost.[/]")
        self.set_timer(RETRY_SECONDS, self._save)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Say what is wrong with a typed answer as it is typed."""
        if "answer" not in event.input.classes:
            return
        result = event.validation_result
        self.query_one("#answer-error", Static).update(
            "" if result is None or result.is_valid else
            f"[$error]{escape('; '.join(result.failure_descriptions))}[/]")

    def on_answer_given(self, message: AnswerGiven) -> None:
        """An answer widget committed an answer (or passed a say line / blank answer)."""
        message.stop()
        if message.passed:
            self._step(self.session.skip)
        else:
            value = message.value
            self._step(lambda: self.session.answer(value))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on an earlier answer: go back to that question to change it."""
        if event.option_list.id == "path" and event.option.id:
            target = event.option.id
            self._step(lambda: self.session.jump(target))

    def action_back(self) -> None:
        """The previous question."""
        self._step(self.session.back)

    def action_forward(self) -> None:
        """Forward again after going back."""
        self._step(self.session.forward)

    def action_skip(self) -> None:
        """Leave an optional question blank."""
        self._step(self.session.skip)

    def action_earlier(self) -> None:
        """Focus the earlier answers."""
        path_list = self.query_one("#path", OptionList)
        if path_list.option_count:
            path_list.focus()
            if path_list.highlighted is None:
                path_list.highlighted = path_list.option_count - 1

    def action_focus_answer(self) -> None:
        """Back to the current question's answer."""
        for widget in self.query(".answer"):
            widget.focus()

    # -- notes and the end ---------------------------------------------------------------
    def action_notes(self) -> None:
        """Open the notes for this lead (saved as typed)."""
        from qualdesk.tui.screens.notes import NotesScreen

        def closed(result: tuple[int | None, str] | None) -> None:
            if result is not None:
                self.note_id, self.note_text = result

        self.app.push_screen(NotesScreen(self.desk, self.opened.card.lead.id or 0,
                                         self.opened.call_id, self.note_id, self.note_text),
                             closed)

    def action_wrap_up(self) -> None:
        """End the call: choose a disposition, then finish in the store."""
        if self.pending:
            self.notify("Still saving the last step…", severity="warning", timeout=2)
            return
        from qualdesk.tui.screens.wrapup import start_wrap_up

        start_wrap_up(self)
