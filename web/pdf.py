"""Printing a page to PDF with headless Chromium, the browser the page tests already drive.

The page is rendered by the app and written to a private temporary folder with its styles
inline, then printed by `chromium --headless --print-to-pdf` from that file: Chromium never
fetches anything over the network or signs in (the page's own policy, `PDF_POLICY`, allows
inline styles and nothing else: no script, no fetch), and a profile of its own is made and
removed for each print. The page's print CSS (`@page { size: A4 }`) sets the paper.
At most `PRINTS_AT_ONCE` prints run together: each is a browser process.
"""

import asyncio
import os
import signal
import tempfile
from pathlib import Path

PRINTS_AT_ONCE = 2
_SLOTS = asyncio.Semaphore(PRINTS_AT_ONCE)
PDF_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
"""The Content-Security-Policy the printed page carries in a meta element."""
FLAGS = (
    "--headless=new",
    "--no-sandbox",  # the service may run as root in a container, where the sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-pdf-header-footer",
)


def _kill(group: int) -> None:
    """Kill a print's process group (the browser and its helpers), if it is still there."""
    try:
        os.killpg(group, signal.SIGKILL)
    except ProcessLookupError:
        pass


class PrintFailed(Exception):
    """Chromium is missing, failed or took too long: no PDF was made."""


async def print_pdf(html: str, *, chromium: str, timeout: float) -> bytes:
    """Return the PDF of a self-contained HTML page, printed by Chromium at `chromium`.

    Raises:
        PrintFailed: Chromium could not be started, exited with an error, made no PDF, or
            took longer than `timeout` seconds (it is then killed).
    """
    async with _SLOTS:
        # A killed browser's helpers may still be letting go of the profile as it is removed.
        with tempfile.TemporaryDirectory(
            prefix="pathway-pdf-", ignore_cleanup_errors=True
        ) as folder:
            page, out = Path(folder) / "page.html", Path(folder) / "page.pdf"
            page.write_text(html, encoding="utf-8")
            try:
                process = await asyncio.create_subprocess_exec(
                    chromium,
                    *FLAGS,
                    f"--user-data-dir={Path(folder) / 'profile'}",
                    f"--print-to-pdf={out}",
                    page.as_uri(),
                    stdin=asyncio.subprocess.DEVNULL,
                    stdout=asyncio.subprocess.DEVNULL,
                    stderr=asyncio.subprocess.PIPE,
                    start_new_session=True,  # its own process group, so a kill takes its helpers
                )
            except OSError as error:
                raise PrintFailed(f"cannot start {chromium}: {error.strerror}") from error
            try:
                _, errors = await asyncio.wait_for(process.communicate(), timeout)
            except TimeoutError:
                _kill(process.pid)
                await process.wait()
                raise PrintFailed(f"printing took longer than {timeout:g} s") from None
            except asyncio.CancelledError:  # the caller went away: no browser is left behind
                _kill(process.pid)
                raise
            if process.returncode != 0 or not out.exists() or out.stat().st_size == 0:
                tail = errors.decode(errors="replace").strip().splitlines()[-1:] or [""]
                raise PrintFailed(f"chromium exited {process.returncode}: {tail[0][:200]}")
            return out.read_bytes()
