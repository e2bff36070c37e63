"""qualdesk: qualify inside-sales leads with branching, live-scored question banks.

The package is layered so that each layer only looks down:
``core`` (pure rules) <- ``store`` (persistence) <- ``outputs`` <- ``tui`` / ``cli``.
"""

from __future__ import annotations

__version__ = "0.1.0"
