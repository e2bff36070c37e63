"""The command palette's "this screen" provider: every action of the screen that is open,
found by its name or its explanation, so nothing depends on remembering a key."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class ScreenActions(Provider):
    """The active screen's bindings (and the focused widget's) as palette commands."""

    def _actions(self) -> list[tuple[str, str, object]]:
        found: dict[str, tuple[str, str, object]] = {}
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.description or not active.enabled or binding.system:
                continue
            title = binding.description
            if title in found:
                continue
            keys = binding.key_display or self.app.get_key_display(binding)
            help_text = f"{binding.tooltip} ({keys})" if binding.tooltip else f"Key: {keys}"
            found[title] = (title, help_text, partial(active.node.run_action, binding.action))
        return list(found.values())

    async def discover(self) -> Hits:
        """Everything the screen can do, before anything is typed."""
        for title, help_text, run in self._actions():
            yield DiscoveryHit(title, run, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        """The screen's actions whose name matches what was typed."""
        matcher = self.matcher(query)
        for title, help_text, run in self._actions():
            score = matcher.match(f"{title} {help_text}")
            if score > 0:
                yield Hit(score, matcher.highlight(title), run,  # type: ignore[arg-type]
                          help=help_text)
