"""Widgets of the caller's console: lead card, answer widgets, live score panel."""
