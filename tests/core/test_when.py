"""Callback times as callers type them, in the lead's time zone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualdesk.core.when import NotATime, parse_callback_time

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 10:00 in New York, 00:00 next day in Tokyo


@pytest.mark.parametrize(("text", "zone", "due"), [
    ("+30m", "America/New_York", datetime(2026, 11, 23, 15, 30, tzinfo=UTC)),
    ("+ 2 h", None, datetime(2026, 11, 23, 17, 0, tzinfo=UTC)),
    ("+1d", "Asia/Tokyo", datetime(2026, 11, 24, 15, 0, tzinfo=UTC)),
    ("14:30", "America/New_York", datetime(2026, 11, 23, 19, 30, tzinfo=UTC)),
    ("09:00", "America/New_York", datetime(2026, 11, 24, 14, 0, tzinfo=UTC)),  # passed: tomorrow
    ("tomorrow 10:00", "America/New_York", datetime(2026, 11, 24, 15, 0, tzinfo=UTC)),
    ("Tomorrow", "Asia/Tokyo", datetime(2026, 11, 25, 0, 0, tzinfo=UTC)),  # 09:00 by default
    ("2026-12-01 09:30", "Europe/Berlin", datetime(2026, 12, 1, 8, 30, tzinfo=UTC)),
    ("2026-12-01 09:30", "Nowhere/Invalid", datetime(2026, 12, 1, 9, 30, tzinfo=UTC)),
])
def test_forms_are_read_in_the_leads_zone(text, zone, due):
    assert parse_callback_time(text, NOW, zone) == due


@pytest.mark.parametrize(("text", "words"), [
    ("", "a callback time is needed"),
    ("soon", "not a time qualdesk reads"),
    ("25:00", "not a time of day"),
    ("tomorrow 9", "not a time of day"),
    ("2026-11-01 09:00", "in the past"),
    ("+0m", "in the past"),
])
def test_refusals_say_why(text, words):
    with pytest.raises(NotATime, match=words):
        parse_callback_time(text, NOW, "America/New_York")


def test_across_a_daylight_saving_change_the_local_clock_time_holds():
    # New York leaves daylight saving on 1 November 2026: 10:00 is 14:00 UTC before, 15:00 after
    before = datetime(2026, 10, 31, 12, 0, tzinfo=UTC)
    assert parse_callback_time("tomorrow 10:00", before, "America/New_York") == datetime(
        2026, 11, 1, 15, 0, tzinfo=UTC)


@given(st.integers(min_value=1, max_value=10_000), st.sampled_from("mhd"))
def test_relative_times_are_always_in_the_future(amount, unit):
    assert parse_callback_time(f"+{amount}{unit}", NOW, "Asia/Kolkata") > NOW
