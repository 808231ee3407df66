"""Regenerate the README's screenshot: a dossier page of the sample book in `dossier serve`.

    .venv/bin/python bench/screenshot.py [--out docs/dossier-page.png] [--entity ID]

Analyses `samples/northern-notes` into a temporary folder, serves it with the real web app
(uvicorn on a free 127.0.0.1 port, in a background thread), opens the dossier of the person with
the most spelling variants (or `--entity`) in Debian's chromium (`/usr/bin/chromium`, driven by
Playwright, headless) and saves a screenshot of the top of the page. Needs the spaCy model and
chromium (`apt-get install chromium`); nothing is fetched from the network.
"""

from __future__ import annotations

import argparse
import socket
import tempfile
import threading
import time
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

import uvicorn
from playwright.sync_api import sync_playwright

from dossier.pipeline import analyze
from dossier.records import Analysis
from dossier.web import create_app

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "northern-notes"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def person_with_variants(analysis: Analysis) -> str:
    people = [e for e in analysis.entities if e.type == "PER" and not e.description]
    return max(people, key=lambda e: (len(e.aliases), len(e.mentions))).id


def serve(db: Path) -> tuple[str, uvicorn.Server, threading.Thread]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urlopen(url + "/", timeout=2):
                return url, server, thread
        except (URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise SystemExit(f"the web app did not answer on {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "dossier-page.png")
    parser.add_argument("--entity", help="entity id (default: the person with most variants)")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        analysis, _ = analyze([SAMPLE], folder)
        url, server, thread = serve(Path(folder) / "dossier.db")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
                )
                page = browser.new_page(viewport={"width": args.width, "height": args.height})
                page.goto(f"{url}/entity/{args.entity or person_with_variants(analysis)}")
                page.wait_for_load_state("networkidle")
                args.out.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(args.out))
                browser.close()
        finally:
            server.should_exit = True
            thread.join(timeout=10)
    print(f"Wrote {args.out}")


if __name__ == "__main__":
    main()
