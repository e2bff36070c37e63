"""Make a lead's contact details callable: E.164 phones, ISO countries, IANA time zones.

Everything here leans on maintained data: phonenumbers (Google's libphonenumber metadata) for
numbers and the time zones of their area codes, pycountry (ISO 3166) for country names, pytz
for a country's time zones, and ``us`` for the time zones of US states.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
import pycountry
import pytz
import us
from phonenumbers import timezone as phone_timezones

# Names people type that ISO 3166 does not list under that spelling.
COUNTRY_ALIASES = {
    "uk": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB",
    "great britain": "GB", "usa": "US", "u.s.": "US", "u.s.a.": "US", "america": "US",
    "united states of america": "US", "holland": "NL", "south korea": "KR", "russia": "RU",
    "czech republic": "CZ", "turkey": "TR", "vietnam": "VN", "iran": "IR", "uae": "AE",
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Unusable(ValueError):
    """A value that cannot be made usable; the message is the reject reason."""


def country_code(text: str | None) -> str | None:
    """An ISO 3166 alpha-2 code from a name or code (``"Deutschland"`` stays unknown)."""
    if text is None or not text.strip():
        return None
    cleaned = text.strip()
    alias = COUNTRY_ALIASES.get(cleaned.lower())
    if alias:
        return alias
    try:
        return pycountry.countries.lookup(cleaned).alpha_2
    except LookupError:
        pass
    try:
        matches = pycountry.countries.search_fuzzy(cleaned)
    except LookupError:
        return None
    return matches[0].alpha_2 if len(matches) == 1 else None


@dataclass(frozen=True)
class Phone:
    """A number in E.164, with the country it belongs to and its time zones."""

    e164: str
    region: str | None
    time_zones: tuple[str, ...]


def parse_phone(raw: str | None, country: str | None) -> Phone:
    """Parse ``raw`` with ``country`` as the hint; raise :class:`Unusable` with the reason."""
    if raw is None or not str(raw).strip():
        raise Unusable("no phone number")
    text = str(raw).strip()
    try:
        number = phonenumbers.parse(text, country if not text.startswith("+") else None)
    except phonenumbers.NumberParseException as error:
        hint = f" for country {country}" if country else " (no country to read it by)"
        raise Unusable(f"phone '{text}' is not a number{hint}: {error._msg}") from None
    if not phonenumbers.is_valid_number(number):
        raise Unusable(f"phone '{text}' is not a valid number"
                       f"{' in ' + country if country else ''}")
    zones = tuple(z for z in phone_timezones.time_zones_for_number(number) if z != "Etc/Unknown")
    return Phone(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
                 phonenumbers.region_code_for_number(number), zones)


def time_zone(phone: Phone | None, country: str | None, region: str | None) -> str | None:
    """The lead's IANA time zone: from the phone's area, then the region, then the country."""
    zones = phone.time_zones if phone else ()
    if len(zones) == 1:
        return zones[0]
    country = country or (phone.region if phone else None)
    if country == "US" and region:
        state = us.states.lookup(region.strip())
        if state is not None and state.capital_tz:
            return str(state.capital_tz)
    if country:
        country_zones = pytz.country_timezones.get(country.upper(), [])
        if len(country_zones) == 1:
            return country_zones[0]
        candidates = [z for z in zones if z in country_zones] or list(country_zones)
        if candidates:
            return candidates[0]
    return zones[0] if zones else None


def email_address(raw: str | None) -> str | None:
    """An email address in lower case, or ``None`` when there is none or it is malformed."""
    if raw is None:
        return None
    text = str(raw).strip().lower()
    return text if _EMAIL.match(text) else None
