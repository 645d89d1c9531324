"""Headless Chromium settings for opening a report offline (browser tests and ``bench/``)."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")  # Debian's chromium package
# Without these flags Chromium contacts Google hosts on its own (updates, sync, QUIC probes).
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
