"""Store tests use the SQLite/PostgreSQL fixtures of ``tests/conftest.py``."""
