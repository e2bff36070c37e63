"""The pure core of qualdesk: question banks, expressions, the call engine and scoring.

Nothing here imports the UI (textual) or the store (sqlalchemy, sqlmodel); a test and an
import-linter contract hold that line, so the rules of qualification can be tested in
milliseconds and reused by every front end.
"""

from __future__ import annotations
