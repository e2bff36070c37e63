"""Problems found in a bank or an answers file, each tied to a place in a file.

Managers fix banks in an editor, so every problem carries ``FILE:LINE:COL`` (1-based, the
convention editors and compilers share) and, where there is one, the question it concerns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and column in a source file."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem: what is wrong, how bad it is, and where."""

    severity: Severity
    message: str
    file: str
    position: Position | None = None
    question: str | None = None

    @property
    def is_error(self) -> bool:
        """True when the problem stops the bank from being used."""
        return self.severity == "error"

    def format(self) -> str:
        """Render as ``FILE:LINE:COL: error: MESSAGE``, the form editors can jump to."""
        where = self.file
        if self.position is not None:
            where = f"{self.file}:{self.position.line}:{self.position.column}"
        subject = f"question '{self.question}': " if self.question else ""
        return f"{where}: {self.severity}: {subject}{self.message}"

    def to_json(self) -> dict[str, object]:
        """A plain mapping for ``--json`` output and for the UI's problem list."""
        return {
            "severity": self.severity,
            "file": self.file,
            "line": self.position.line if self.position else None,
            "column": self.position.column if self.position else None,
            "question": self.question,
            "message": self.message,
        }


class InputError(Exception):
    """Input that the core refuses, with every problem found in it.

    Raised instead of a bare exception so that the command line and the UI can show each
    problem with its place and never a traceback.
    """

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics))
