"""The HTML report rendered in headless Chromium, with no network, and a screenshot taken.

Chromium comes from Debian's package; scripts/test starts installing it in the background
when it is missing (this test runs last and waits for that). Without it the test skips and
says why.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import time
from pathlib import Path

import pytest

from qualdesk.outputs.reports import build_report, render_report
from qualdesk.store.reporting import ReportFilter
from tests.outputs.test_reports import NOW, _history

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars"]


def _chromium() -> str | None:
    marker = os.environ.get("QUALDESK_CHROMIUM_DONE")
    deadline = time.monotonic() + 300
    while marker and not Path(marker).exists() and time.monotonic() < deadline:
        time.sleep(2)  # scripts/test is still installing it
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_the_html_report_renders_in_chromium(store, tmp_path):
    browser = _chromium()
    if browser is None:
        pytest.skip("Chromium is not installed (Debian package 'chromium'); scripts/test "
                    "installs it when it can")
    _history(store)
    page = tmp_path / "report.html"
    page.write_text(render_report(build_report(store, ReportFilter(), NOW, by="campaign"),
                                  "html"))
    shot = tmp_path / "report.png"
    subprocess.run([browser, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                    "--window-size=1000,2400", f"--screenshot={shot}", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
    assert _png_size(shot) == (1000, 2400)
    assert shot.stat().st_size > 30_000  # text and bars drawn, not a blank page
    dom = subprocess.run([browser, *FLAGS, f"--user-data-dir={tmp_path / 'profile2'}",
                          "--dump-dom", page.as_uri()], check=True, capture_output=True,
                         text=True, timeout=120).stdout
    assert dom.count("<rect") >= 20 and "Student or academic research" in dom
    keep = os.environ.get("QUALDESK_KEEP_SCREENSHOT")
    if keep:
        shutil.copy(shot, keep)
