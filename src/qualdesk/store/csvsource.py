"""Read the CSV exports people really have: any encoding, any delimiter, any header names.

HubSpot, Salesforce and Pipedrive exports, and spreadsheets saved from Excel, differ in
encoding (UTF-8 with or without BOM, UTF-16, Windows-1252), delimiter (comma, semicolon,
tab), line ends and header names ("First Name", "Company Name", "Person - Phone",
"Country/Region"). This module turns any of them into rows keyed by qualdesk's lead fields,
keeping every original cell so that a refused row can be written back whole.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

LEAD_FIELDS = ("external_id", "first_name", "last_name", "full_name", "company", "title",
               "email", "phone", "mobile", "country", "region", "city", "source", "timezone")

_ALIASES: dict[str, tuple[str, ...]] = {
    "external_id": ("recordid", "id", "leadid", "contactid", "personid", "crmid", "externalid"),
    "first_name": ("firstname", "first", "givenname", "forename"),
    "last_name": ("lastname", "last", "surname", "familyname"),
    "full_name": ("name", "fullname", "contactname", "contact"),
    "company": ("company", "companyname", "organization", "organisation", "organizationname",
                "organisationname", "account", "accountname", "employer", "business"),
    "title": ("title", "jobtitle", "position", "role", "jobrole"),
    "email": ("email", "emailaddress", "email1", "workemail", "businessemail", "emailwork",
              "mail"),
    "phone": ("phone", "phonenumber", "phone1", "businessphone", "workphone", "telephone",
              "tel", "phonework", "directdial", "officephone"),
    "mobile": ("mobile", "mobilephone", "mobilephonenumber", "cell", "cellphone",
               "phonemobile", "mobilenumber"),
    "country": ("country", "countryregion", "countrycode", "mailingcountry", "billingcountry",
                "countryname", "nation"),
    "region": ("state", "stateprovince", "stateregion", "region", "province", "mailingstate",
               "billingstate", "stateorprovince", "county"),
    "city": ("city", "town", "mailingcity", "billingcity", "locality"),
    "source": ("source", "leadsource", "originalsource", "channel"),
    "timezone": ("timezone", "tz", "ianatimezone"),
}
ALIASES = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}
_PREFIXES = ("person", "contact", "lead", "organization", "organisation", "primary")


class UnreadableFile(ValueError):
    """A file that is not a CSV qualdesk can read; the message says why."""


def header_key(header: str) -> str:
    """``"Country/Region"`` -> ``"countryregion"``: letters and digits, lower case."""
    return re.sub(r"[^a-z0-9]", "", header.lower())


def field_for(header: str) -> str | None:
    """The lead field a column header means, or ``None`` for a column kept as extra."""
    key = header_key(header)
    if key in ALIASES:
        return ALIASES[key]
    for prefix in _PREFIXES:
        if key.startswith(prefix) and key[len(prefix):] in ALIASES:
            found = ALIASES[key[len(prefix):]]
            if prefix.startswith("organi") and found not in ("company", "country", "region",
                                                               "city"):
                return "company" if key[len(prefix):] == "name" else None
            return found
    return None


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was read with: BOMs first, then UTF-8, then Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if len(data) >= 4 and data[1] == 0 and data[3] == 0 and data[0] != 0:
        return data.decode("utf-16-le"), "utf-16-le"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


@dataclass
class CsvSource:
    """A decoded CSV file: its headers, how they map to lead fields, and its rows."""

    path: Path
    encoding: str
    dialect: type[csv.Dialect] | csv.Dialect
    headers: list[str]
    mapping: dict[str, str] = field(default_factory=dict)
    text: str = ""

    def rows(self) -> Iterator[tuple[int, dict[str, str], dict[str, str], dict[str, str]]]:
        """Yield ``(line, original, fields, extra)`` for each data row.

        ``line`` is where the row starts in the file; ``original`` keeps every cell by its
        header; ``fields`` holds the lead fields; ``extra`` the columns that map to none.
        """
        reader = csv.reader(io.StringIO(self.text, newline=""), self.dialect)
        next(reader, None)
        line = reader.line_num + 1
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            cells = cells + [""] * (len(self.headers) - len(cells))
            original = dict(zip(self.headers, cells, strict=False))
            fields: dict[str, str] = {}
            extra: dict[str, str] = {}
            for header, cell in original.items():
                name = self.mapping.get(header)
                value = cell.strip()
                if name:
                    if value and not fields.get(name):
                        fields[name] = value
                elif value:
                    extra[header] = value
            if len(cells) > len(self.headers):
                extra["_unnamed"] = ", ".join(c for c in cells[len(self.headers):] if c.strip())
            yield start, original, fields, extra


def open_csv(path: Path, overrides: dict[str, str] | None = None) -> CsvSource:
    """Read and decode ``path``; ``overrides`` maps a column header to a lead field
    (``--map "Direct Line=phone"``)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFile("no such file") from None
    except OSError as error:
        raise UnreadableFile(error.strerror or str(error)) from None
    text, encoding = decode(data)
    if not text.strip():
        raise UnreadableFile("the file is empty")
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",;\t|")
    except csv.Error:
        dialect = csv.excel
    headers = next(csv.reader(io.StringIO(text, newline=""), dialect), [])
    headers = [h.strip().lstrip("\ufeff") for h in headers]
    if not any(headers):
        raise UnreadableFile("the first line has no column names")
    mapping: dict[str, str] = {}
    for header in headers:
        name = field_for(header)
        if name and name not in mapping.values():
            mapping[header] = name
    for column, name in (overrides or {}).items():
        if name not in LEAD_FIELDS:
            raise UnreadableFile(f"--map {column}={name}: '{name}' is not a lead field (one of "
                                 f"{', '.join(LEAD_FIELDS)})")
        if column not in headers:
            raise UnreadableFile(f"--map {column}={name}: the file has no column '{column}' "
                                 f"(it has: {', '.join(headers)})")
        for other, mapped in list(mapping.items()):
            if mapped == name:
                del mapping[other]
        mapping[column] = name
    return CsvSource(path, encoding, dialect, headers, mapping, text)
