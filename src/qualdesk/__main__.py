"""Allow ``python -m qualdesk`` to behave exactly like the ``qualdesk`` script."""

from __future__ import annotations

from qualdesk.cli import main

if __name__ == "__main__":
    main()
