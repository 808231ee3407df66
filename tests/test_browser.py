"""Browser tests: Playwright drives Debian's chromium (``/usr/bin/chromium``) through the real
web app (``dossier serve`` on the sample book, uvicorn on a free loopback port) and through the
self-contained report opened from a ``file://`` URL.

Skipped when chromium is missing, except in CI (``CI=true``), where ``.ci/run`` installs it and
a missing browser is a failure. Page hooks used (kept stable by the web app):
``a[data-nav=…]``, ``a.entity-link``, ``ul#variants li``, ``a.mention[data-entity]``,
``q.quote[data-speaker]``, ``form#search input[name=q]``, ``form#merge input[name=a|b]``,
``#message``.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.error import URLError
from urllib.request import urlopen

import pytest

from dossier.records import Analysis, Entity

pytestmark = [pytest.mark.browser, pytest.mark.model]

CHROMIUM = Path("/usr/bin/chromium")
# No sandbox (CI runs as root), no GPU, and none of the browser's own network traffic.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _missing(reason: str) -> None:
    if _in_ci():
        pytest.fail(f"{reason} (CI must run the browser tests: .ci/run installs chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def server(sample_run: Any, nlp: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The web app on a copy of the sample book's folder (a merge must not touch the shared one)."""
    import uvicorn

    from dossier.web import create_app

    _, out = sample_run
    folder = tmp_path_factory.mktemp("served")
    shutil.copytree(out, folder, dirs_exist_ok=True)
    port = _free_port()
    config = uvicorn.Config(
        create_app(folder / "dossier.db", nlp=nlp),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="off",
    )
    uvicorn_server = uvicorn.Server(config)
    thread = threading.Thread(target=uvicorn_server.run, name="dossier-serve", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urlopen(url + "/", timeout=2) as response:
                if response.status == 200:
                    break
        except (URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline or not thread.is_alive():
            uvicorn_server.should_exit = True
            pytest.fail(f"the web app did not answer on {url}")
        time.sleep(0.1)
    yield url
    uvicorn_server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that records every request it makes."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    tab.requested = []
    tab.on("request", lambda request: tab.requested.append(request.url))
    yield tab
    context.close()


def _person_with_variants(analysis: Analysis) -> Entity:
    """The named person with the most spellings (the sample book is written to have one)."""
    people = [e for e in analysis.entities if e.type == "PER" and not e.description]
    best = max(people, key=lambda e: (len(e.aliases), len(e.mentions)))
    assert len(best.aliases) > 1, "the sample book should have a person with spelling variants"
    return best


def _variant(person: Entity) -> str:
    """A spelling of ``person`` that is not a word of the canonical name (a true variant)."""
    words = set(person.name.split())
    rare = [a for a in person.aliases if not set(a.split()) & words]
    return (rare or [a for a in person.aliases if a != person.name])[0]


def _local_only(tab: Any, base: str) -> None:
    outside = [u for u in tab.requested if not u.startswith((base, "data:", "about:"))]
    assert not outside, f"requests outside the app: {outside}"


def test_browser_home_person_variants(page: Any, server: str, sample_run: Any) -> None:
    person = _person_with_variants(sample_run[0])
    page.goto(server + "/")
    page.locator("a.entity-link", has_text=person.name).first.click()
    page.wait_for_url(f"**/entity/{person.id}*")
    variants = page.locator("ul#variants li").all_inner_texts()
    assert len(variants) == len(person.aliases)
    for alias in person.aliases:
        assert any(alias in v for v in variants), (alias, variants)
    _local_only(page, server)


def test_browser_nav_links_answer(page: Any, server: str) -> None:
    page.goto(server + "/")
    for name in ("index", "network", "search", "review", "home"):
        with page.expect_navigation():
            page.click(f"a[data-nav={name}]")
        assert page.locator("a[data-nav=home]").count() == 1, name
    _local_only(page, server)


def test_browser_reader_highlights(page: Any, server: str, sample_run: Any) -> None:
    analysis = sample_run[0]
    person = _person_with_variants(analysis)
    page.goto(server + "/")
    page.locator("a[href^='/read/']").first.click()
    page.wait_for_url("**/read/**")
    mentions = page.locator("a.mention[data-entity]")
    quotes = page.locator("q.quote[data-speaker]")
    assert mentions.count() > 0 and quotes.count() > 0
    first_doc = analysis.documents[0].id
    expected = sum(1 for e in analysis.entities for m in e.mentions if m.doc == first_doc)
    assert mentions.count() >= 0.9 * expected
    speakers = {quotes.nth(i).get_attribute("data-speaker") for i in range(quotes.count())}
    assert person.id in speakers
    page.locator(f"a.mention[data-entity='{person.id}']").first.click()
    page.wait_for_url(f"**/entity/{person.id}*")
    _local_only(page, server)


def test_browser_search_a_variant_finds_the_person(page: Any, server: str, sample_run: Any) -> None:
    person = _person_with_variants(sample_run[0])
    page.goto(server + "/")
    box = page.locator("form#search input[name=q]").first
    box.fill(_variant(person))
    with page.expect_navigation():
        box.press("Enter")
    if f"/entity/{person.id}" not in page.url:  # a results page rather than a redirect
        page.locator(f"a.entity-link[href^='/entity/{person.id}']").first.click()
        page.wait_for_url(f"**/entity/{person.id}*")
    assert page.locator("ul#variants li").count() == len(person.aliases)


def test_browser_report_offline(browser: Any, sample_run: Any, tmp_path: Path) -> None:
    from dossier.report import write_report

    analysis = sample_run[0]
    person = _person_with_variants(analysis)
    write_report(analysis, tmp_path / "report.html")
    url = (tmp_path / "report.html").as_uri()
    context = browser.new_context(offline=True)
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    requested: list[str] = []
    tab.on("request", lambda request: requested.append(request.url))
    tab.goto(url)
    assert tab.locator("#overview").is_visible() and not tab.locator("#index").is_visible()
    tab.click("a[data-nav=index]")
    tab.fill("#filter", _variant(person).lower())
    rows = tab.locator("#index tbody tr:visible")
    rows.first.wait_for()  # the filter and the navigation below run in the page's script
    assert rows.count() == 1 and person.name in rows.inner_text()
    rows.locator("a").click()
    dossier = tab.locator(f"section.dossier[data-name='{person.name}']")
    dossier.wait_for()
    anchor = dossier.get_attribute("id")
    assert dossier.is_visible() and not tab.locator("#index").is_visible()
    assert all(dossier.locator("td", has_text=a).count() for a in person.aliases)
    dossier.locator("ol.ctx a").first.click()
    chapter = tab.locator("section.chapter:visible")
    chapter.first.wait_for()
    assert chapter.count() == 1 and tab.locator(":target").is_visible()
    assert chapter.locator("a.m").count() > 0 and chapter.locator("q.q").count() > 0
    target = tab.locator(":target")
    target.hover()  # the script names a mention's entity on hover
    assert target.get_attribute("title") == person.name
    assert all(u.startswith("file://") for u in requested), requested
    context.close()

    # With JavaScript off, every section is visible and the anchors still work.
    static = browser.new_context(offline=True, java_script_enabled=False)
    tab = static.new_page()
    tab.goto(f"{url}#{anchor}")
    assert (
        tab.locator("#overview").is_visible() and tab.locator("section.chapter").first.is_visible()
    )
    static.close()


def test_browser_review_merge_takes_effect(page: Any, server: str, sample_run: Any) -> None:
    """Last on purpose: the merge changes the served copy of the book."""
    analysis = sample_run[0]
    person = _person_with_variants(analysis)
    others = [
        e
        for e in analysis.entities
        if e.type == "PER" and e.id != person.id and not e.narrator and not e.description
    ]
    other = min(others, key=lambda e: (len(e.mentions), e.name))
    page.goto(server + "/")
    page.click("a[data-nav=review]")
    form = page.locator("form#merge")
    form.locator("input[name=a]").fill(person.name)
    form.locator("input[name=b]").fill(other.name)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    message = page.locator("#message").inner_text()
    assert person.name in message and other.name in message, message
    page.goto(f"{server}/entity/{person.id}")
    variants = page.locator("ul#variants li").all_inner_texts()
    assert any(other.name in v for v in variants), variants
    page.click("a[data-nav=index]")
    assert page.locator("a.entity-link", has_text=other.name).count() == 0
