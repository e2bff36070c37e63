"""Callback times as callers type them, in the lead's own time zone.

A lead says "call me tomorrow at ten": the caller types ``tomorrow 10:00`` and the callback is
due at ten where the lead is, whatever the caller's own zone. Accepted forms: ``+30m``,
``+2h``, ``+1d`` (from now); ``HH:MM`` (the next such time in the lead's zone);
``tomorrow HH:MM``; ``YYYY-MM-DD HH:MM`` (the lead's local date and time).
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import UTC, datetime, timedelta, tzinfo

FORMS = "+30m, +2h, +1d, 14:30, tomorrow 10:00 or 2026-12-01 09:30"
_RELATIVE = re.compile(r"^\+\s*(\d+)\s*([mhd])$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


class NotATime(ValueError):
    """Text that is none of the accepted forms, or a time already past."""


def zone_of(name: str | None) -> tzinfo:
    """The lead's zone, or UTC when it is unknown (the caller sees which one was used)."""
    if name:
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    return UTC


def _clock(text: str) -> tuple[int, int]:
    found = _CLOCK.match(text.strip())
    if not found or int(found.group(1)) > 23 or int(found.group(2)) > 59:
        raise NotATime(f"'{text}' is not a time of day (HH:MM)")
    return int(found.group(1)), int(found.group(2))


def parse_callback_time(text: str, now: datetime, zone: str | None) -> datetime:
    """When ``text`` means, as an aware UTC moment; raise :class:`NotATime` otherwise."""
    words = " ".join(text.strip().lower().split())
    if not words:
        raise NotATime(f"a callback time is needed ({FORMS})")
    local_zone = zone_of(zone)
    local_now = now.astimezone(local_zone)
    if relative := _RELATIVE.match(words):
        moment = now + timedelta(**{_UNITS[relative.group(2)]: int(relative.group(1))})
    elif words.startswith("tomorrow"):
        hour, minute = _clock(words.removeprefix("tomorrow").strip() or "09:00")
        day = local_now.date() + timedelta(days=1)
        moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=local_zone)
    elif _CLOCK.match(words):
        hour, minute = _clock(words)
        moment = local_now.replace(hour=hour, minute=minute, second=0, microsecond=0)
        if moment <= local_now:
            moment += timedelta(days=1)
    else:
        try:
            naive = datetime.strptime(words, "%Y-%m-%d %H:%M")
        except ValueError:
            raise NotATime(f"'{text}' is not a time qualdesk reads ({FORMS})") from None
        moment = naive.replace(tzinfo=local_zone)
    moment = moment.astimezone(UTC)
    if moment <= now:
        raise NotATime(f"'{text}' is in the past")
    return moment
