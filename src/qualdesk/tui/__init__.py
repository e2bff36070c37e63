"""The caller's console: a Textual UI over :mod:`qualdesk.core`, the store and the outputs."""
