"""Lead import: real export shapes, encodings, normalisation, rejects, merging, DNC flags."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from qualdesk.store.csvsource import UnreadableFile, open_csv
from qualdesk.store.database import Store
from qualdesk.store.dnc import add_to_dnc
from qualdesk.store.leads import import_leads, iter_leads, write_rejects

HUBSPOT = ("Record ID,First Name,Last Name,Company Name,Job Title,Email,Phone Number,"
           "Country/Region,State/Province\r\n"
           "901,Ana,Lima,Initech,CFO,ANA@initech.com,(212) 555-0142,United States,NY\r\n"
           "902,Bo,Ek,Hooli,CTO,bo@hooli.se,08-123 456 78,Sweden,\r\n")
SALESFORCE = ("Lead ID,First Name,Last Name,Company,Title,Email,Phone,Mobile,Country,"
              "State/Province,Lead Source\n"
              "00Q1,Cy,Ng,Acme,Ops,cy@acme.com,,+44 20 7946 0958,United Kingdom,,Web\n")
PIPEDRIVE = ("Person - ID,Person - Name,Person - Email - Work,Person - Phone - Work,"
             "Organization - Name,Person - Country\n"
             "77,Dee Rowe,dee@umbrella.fr,01 42 68 53 00,\"Umbrella, SA\",France\n")
SPREADSHEET = ("name;company;telephone;country;notes\n"
               "Élodie Brun;Crème & Co;+33 1 42 68 53 01;FR;\"calls back\nafter 5\"\n")


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def run_import(store: Store, path: Path, **options):
    return store.run(lambda session: import_leads(session, open_csv(path), **options))


def leads(store: Store) -> list[dict]:
    with store.session() as session:
        return list(iter_leads(session))


@pytest.mark.parametrize(("text", "expected"), [
    (HUBSPOT, [("901", "Ana", "+12125550142", "US", "America/New_York", "ana@initech.com"),
               ("902", "Bo", "+46812345678", "SE", "Europe/Stockholm", "bo@hooli.se")]),
    (SALESFORCE, [("00Q1", "Cy", "+442079460958", "GB", "Europe/London", "cy@acme.com")]),
    (PIPEDRIVE, [("77", "Dee", "+33142685300", "FR", "Europe/Paris", "dee@umbrella.fr")]),
    (SPREADSHEET, [(None, "Élodie", "+33142685301", "FR", "Europe/Paris", None)]),
])
def test_export_shapes(store: Store, tmp_path: Path, text: str, expected: list) -> None:
    report = run_import(store, write(tmp_path, "in.csv", text))
    assert report.rejected == [] and report.added == len(expected)
    got = [(lead["external_id"], lead["first_name"], lead["phone"], lead["country"],
            lead["timezone"], lead["email"]) for lead in leads(store)]
    assert got == expected


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_encodings(store: Store, tmp_path: Path, encoding: str) -> None:
    text = ("First Name,Last Name,Company,Phone,Country\r\n"
            "José,Müller,Café Señor,+49 30 901820,Germany\r\n")
    run_import(store, write(tmp_path, "enc.csv", text, encoding))
    [lead] = leads(store)
    assert (lead["first_name"], lead["last_name"], lead["company"]) == (
        "José", "Müller", "Café Señor")
    assert lead["timezone"] == "Europe/Berlin"


def test_quoted_newlines_and_extra_columns(store: Store, tmp_path: Path) -> None:
    run_import(store, write(tmp_path, "s.csv", SPREADSHEET))
    with store.session() as session:
        from sqlmodel import select

        from qualdesk.store.models import Lead

        lead = session.exec(select(Lead)).one()
        assert lead.extra == {"notes": "calls back\nafter 5"}
        assert lead.company == "Crème & Co"


def test_rejects_keep_the_whole_row_and_say_why(store: Store, tmp_path: Path) -> None:
    text = ("First Name,Company,Phone,Country,Email\n"
            "Ok,A,+1 212 555 0100,US,ok@a.com\n"
            "NoPhone,B,,US,x@b.com\n"
            "Bad,C,12,US,y@c.com\n"
            "Where,D,555 0100,Atlantis,z@d.com\n"
            "Mail,E,+1 212 555 0101,US,not-an-email\n")
    source = write(tmp_path, "r.csv", text)
    report = run_import(store, source)
    assert report.added == 1
    reasons = {r.original["First Name"]: r.reason for r in report.rejected}
    assert reasons == {
        "NoPhone": "no phone number to call",
        "Bad": "phone '12' is not a valid number in US",
        "Where": "country 'Atlantis' is not a country qualdesk knows",
        "Mail": "email 'not-an-email' is not an email address",
    }
    rejects = tmp_path / "rejects.csv"
    write_rejects(rejects, open_csv(source).headers, report.rejected)
    with rejects.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["First Name"] for row in rows] == ["NoPhone", "Bad", "Where", "Mail"]
    assert rows[0]["line"] == "3" and rows[0]["reason"] == "no phone number to call"
    assert rows[1]["Phone"] == "12"


def test_duplicates_merge_and_a_second_import_adds_nothing(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "h.csv", HUBSPOT)
    first = run_import(store, path, campaign="spring")
    second = run_import(store, path, campaign="spring")
    assert (first.added, second.added, second.updated, second.unchanged) == (2, 0, 0, 2)
    changed = HUBSPOT.replace("CFO", "CEO").replace("901,", "999,")  # same phone, new id
    third = run_import(store, write(tmp_path, "h2.csv", changed), campaign="spring")
    assert (third.added, third.updated) == (0, 1)
    titles = {lead["first_name"]: lead["title"] for lead in leads(store)}
    assert titles["Ana"] == "CEO"
    assert all(lead["campaign"] == "spring" for lead in leads(store))


def test_duplicates_within_one_file_merge(store: Store, tmp_path: Path) -> None:
    text = ("Email,Phone,Company\nsame@x.com,+1 212 555 0100,First\n"
            "same@x.com,+1 212 555 0199,Second\n")
    report = run_import(store, write(tmp_path, "d.csv", text))
    assert report.added == 1
    assert leads(store)[0]["company"] == "Second"


def test_listed_leads_are_flagged(store: Store, tmp_path: Path) -> None:
    store.run(lambda session: add_to_dnc(session, ["+1 212 555 0142"]))
    report = run_import(store, write(tmp_path, "h.csv", HUBSPOT))
    assert report.flagged_dnc == 1
    assert {lead["first_name"]: lead["dnc"] for lead in leads(store)} == {"Ana": True,
                                                                           "Bo": False}


def test_map_overrides_and_bad_maps(tmp_path: Path) -> None:
    path = write(tmp_path, "m.csv", "Who,Direct Line,Land\nAna,+1 212 555 0100,US\n")
    source = open_csv(path, {"Who": "first_name", "Direct Line": "phone", "Land": "country"})
    assert source.mapping == {"Who": "first_name", "Direct Line": "phone", "Land": "country"}
    with pytest.raises(UnreadableFile, match="no column 'Nope'"):
        open_csv(path, {"Nope": "phone"})
    with pytest.raises(UnreadableFile, match="not a lead field"):
        open_csv(path, {"Who": "shoe_size"})


def test_dry_run_writes_nothing(store: Store, tmp_path: Path) -> None:
    with store.session() as session:
        report = import_leads(session, open_csv(write(tmp_path, "h.csv", HUBSPOT)))
        session.rollback()
    assert report.added == 2
    assert leads(store) == []


def test_progress_is_reported_as_rows_go_in(store: Store, tmp_path: Path) -> None:
    rows = "".join(f"Lead{n},+1 212 {200 + n // 10000:03d} {n % 10000:04d},US\n"
                   for n in range(1200))
    path = write(tmp_path, "many.csv", "First Name,Phone,Country\n" + rows)
    steps: list[int] = []
    report = store.run(lambda session: import_leads(session, open_csv(path),
                                                    progress=steps.append))
    assert report.added == 1200
    assert steps == [500, 500]
