"""The screens of the caller's console, one module each."""

from __future__ import annotations


def all_binding_ids() -> set[str]:
    """Every binding id a user keymap may change (app, screens and widgets)."""
    from qualdesk.tui.app import QualdeskApp
    from qualdesk.tui.screens.bank_tools import RenameScreen, TestResultsScreen, WhatIfScreen
    from qualdesk.tui.screens.call import CallScreen
    from qualdesk.tui.screens.campaigns import CampaignsScreen, RulesScreen
    from qualdesk.tui.screens.editor import EditorScreen
    from qualdesk.tui.screens.handoff import HandoffScreen
    from qualdesk.tui.screens.history import CallDetailScreen, HistoryScreen
    from qualdesk.tui.screens.library import ChangesScreen, LibraryScreen, VersionsScreen
    from qualdesk.tui.screens.notes import NotesScreen
    from qualdesk.tui.screens.picker import PickerScreen
    from qualdesk.tui.screens.preview import PreviewScreen
    from qualdesk.tui.screens.queue import QueueScreen
    from qualdesk.tui.screens.reports import ReportsScreen
    from qualdesk.tui.screens.resume import ResumeScreen
    from qualdesk.tui.screens.wrapup import WrapUpScreen

    ids: set[str] = set()
    for owner in (QualdeskApp, QueueScreen, CallScreen, NotesScreen, WrapUpScreen,
                  HandoffScreen, HistoryScreen, CallDetailScreen, ResumeScreen, LibraryScreen,
                  ChangesScreen, EditorScreen, PreviewScreen, TestResultsScreen, RenameScreen,
                  PickerScreen, WhatIfScreen, CampaignsScreen, RulesScreen,
                  VersionsScreen, ReportsScreen):
        ids.update(binding.id for binding in owner.BINDINGS
                   if hasattr(binding, "id") and binding.id)
    return ids
