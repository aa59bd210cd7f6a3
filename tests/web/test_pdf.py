"""Printing a page to PDF with Debian's Chromium: A4, the page's own policy refusing scripts and
fetches, and a printer that is missing or hangs refused in time with no process left behind."""

import io
import stat
import time
from pathlib import Path

import pypdf
import pytest

from tests.web.conftest import CHROMIUM
from web.pdf import PDF_POLICY, PrintFailed, print_pdf

PAGE = f"""<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="{PDF_POLICY}">
<style>@page {{ size: A4; margin: 10mm }}</style></head>
<body><h1>Board pack</h1><p>Binary rate 40%</p>
<script>document.body.append("A SCRIPT RAN")</script>
<img src="http://127.0.0.1:9/tracker.png" alt="an image from the network was fetched"></body></html>"""


async def test_a_page_prints_to_one_a4_page_with_its_scripts_and_fetches_refused() -> None:
    pdf = pypdf.PdfReader(io.BytesIO(await print_pdf(PAGE, chromium=CHROMIUM, timeout=60)))
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = pdf.pages[0].extract_text()
    assert "Board pack" in text and "Binary rate 40%" in text
    assert "A SCRIPT RAN" not in text


async def test_a_printer_that_is_not_there_is_refused() -> None:
    with pytest.raises(PrintFailed, match="cannot start"):
        await print_pdf(PAGE, chromium="/nonexistent/chromium", timeout=5)


async def test_a_printer_that_hangs_is_killed_with_its_children_after_the_timeout(
    tmp_path: Path,
) -> None:
    pids = tmp_path / "pids"
    hanging = tmp_path / "chromium"
    hanging.write_text(f"#!/bin/sh\nsleep 60 &\necho $! >> {pids}\necho $$ >> {pids}\nwait\n")
    hanging.chmod(hanging.stat().st_mode | stat.S_IEXEC)
    started = time.monotonic()
    with pytest.raises(PrintFailed, match="longer than 0.5 s"):
        await print_pdf(PAGE, chromium=str(hanging), timeout=0.5)
    assert time.monotonic() - started < 10  # not held until the helper's sleep ends
    for pid in map(int, pids.read_text().split()):
        assert not running(pid)


def running(pid: int) -> bool:
    """Whether a process runs: a dead one is gone, or a zombie waiting to be reaped."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status
