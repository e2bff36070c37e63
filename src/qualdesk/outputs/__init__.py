"""What sales and marketing take away: handoff summaries, their delivery, and exports.

Templates ship with the package (``outputs/templates``); a user overrides any of them by a
file of the same name in ``<config folder>/templates``.
"""

from __future__ import annotations
