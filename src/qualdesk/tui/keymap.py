"""The user's keymap: any key of qualdesk can be changed by its binding id.

The file is ``keymap.toml`` in qualdesk's config folder (``QUALDESK_KEYMAP`` names another),
one line per binding to change, the keys comma-separated::

    "call.back" = "f3,ctrl+b"
    "queue.next" = "space"

The ids are listed in the README and in the help panel (F1). A broken file or an unknown id
is reported when the UI starts and the default keys stay; it never stops the program.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import platformdirs


def keymap_path() -> Path:
    """Where the keymap is read from."""
    named = os.environ.get("QUALDESK_KEYMAP")
    if named:
        return Path(named).expanduser()
    return Path(platformdirs.user_config_dir("qualdesk")) / "keymap.toml"


def read_keymap(path: Path, known_ids: set[str]) -> tuple[dict[str, str], list[str]]:
    """The binding id -> keys changes in ``path``, and every problem found in plain words."""
    if not path.exists():
        return {}, []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return {}, [f"{path}: not read, default keys kept ({error})"]
    table = data.get("keymap", data)
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in table.items():
        if binding_id not in known_ids:
            problems.append(f"{path}: no binding has the id '{binding_id}' "
                            f"(see the README for the ids)")
        elif not isinstance(keys, str) or not keys.strip():
            problems.append(f"{path}: '{binding_id}' needs keys as text, like \"f3,ctrl+b\"")
        else:
            keymap[binding_id] = ",".join(key.strip() for key in keys.split(","))
    return keymap, problems
