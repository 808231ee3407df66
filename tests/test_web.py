"""The web app on a hand-made book (no model): every page and API route, escaping, bad ids,
search input that would break FTS5, the CSRF check, and the store being replaced."""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dossier.errors import StoreError
from dossier.records import (
    AliasEvidence,
    Analysis,
    Document,
    Entity,
    Event,
    Mention,
    Paragraph,
    Quote,
    Relation,
    Sentence,
)
from dossier.store import write_analysis
from dossier.web import create_app
from dossier.web.render import context, render_chapter
from dossier.web.search import fts_query

RUN: dict[str, Any] = {
    "started": "2026-01-01T00:00:00",
    "finished": "2026-01-01T00:00:01",
    "version": "test",
    "model": "none",
    "paths": "book",
    "documents": 2,
    "tokens": 0,
    "parsed": 0,
    "cached": 0,
    "seconds": 0.0,
}

EVIL = "<script>alert(1)</script>"
EVIL_NAME = "<Evil&Co>"
CHAPTERS = {
    "ch-1": [
        "Chapter One",
        "Marta Kolesova met Oleg Tarasov at the station. Marta was late.",
        "“You are late,” Marta said to Oleg. “Trains are late,” Tarasov replied.",
        f"The poster read {EVIL} in red letters.",
    ],
    "ch 2": [
        "Chapter Two",
        f"Mirta wrote to Tarasov from Tver. {EVIL_NAME} paid for the stamps.",
        "“Come back,” she wrote.",
        "Oleg was arrested in 1937.",
    ],
}
# entity id -> (name, type, gender, the spellings the text uses, evidence reason per spelling)
PEOPLE: dict[str, tuple[str, str, str | None, dict[str, str]]] = {
    "marta-kolesova": (
        "Marta Kolesova",
        "PER",
        "female",
        {
            "Marta Kolesova": "canonical name",
            "Marta": "given name",
            "Mirta": "spelling variant of “Marta”",
        },
    ),
    "oleg-tarasov": (
        "Oleg Tarasov",
        "PER",
        "male",
        {"Oleg Tarasov": "canonical name", "Oleg": "given name", "Tarasov": "surname"},
    ),
    "tver": ("Tver", "GPE", None, {"Tver": "canonical name"}),
    "evil-co": (EVIL_NAME, "ORG", None, {EVIL_NAME: "canonical name"}),
}


def _find_all(text: str, word: str) -> Iterator[int]:
    for match in re.finditer(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text):
        yield match.start()


def make_book() -> Analysis:
    documents, paragraphs, sentences, quotes = [], [], [], []
    mentions: dict[str, list[Mention]] = {key: [] for key in PEOPLE}
    speakers = iter(
        [
            ("marta-kolesova", "oleg-tarasov"),
            ("oleg-tarasov", "marta-kolesova"),
            ("marta-kolesova", None),
        ]
    )
    for order, (doc, parts) in enumerate(CHAPTERS.items()):
        text = "\n\n".join(parts)
        documents.append(
            Document(doc, f"book/{doc}.txt", "Test Book", text, order + 1, order, len(parts[0]) + 2)
        )
        offset, taken = 0, []
        for index, part in enumerate(parts):
            paragraphs.append(Paragraph(doc, index, offset, offset + len(part)))
            for s_index, sentence in enumerate(re.finditer(r"[^.]+(?:\.|$)", part)):
                start = (
                    offset
                    + sentence.start()
                    + (len(sentence.group()) - len(sentence.group().lstrip()))
                )
                sentences.append(
                    Sentence(doc, len(sentences), start, offset + sentence.end(), index)
                )
                del s_index
            offset += len(part) + 2
        for match in re.finditer(r"“[^”]*”", text):
            speaker, addressee = next(speakers)
            quotes.append(
                Quote(
                    f"{doc}-q{len(quotes)}",
                    doc,
                    match.start(),
                    match.end(),
                    match.group(),
                    "speech",
                    speaker,
                    addressee,
                    "explicit",
                    0.9,
                )
            )
        for key, (_, kind, _, spellings) in PEOPLE.items():
            for spelling in sorted(spellings, key=len, reverse=True):
                for start in _find_all(text, spelling):
                    end = start + len(spelling)
                    if any(s < end and start < e for s, e in taken):
                        continue
                    taken.append((start, end))
                    mentions[key].append(Mention(doc, start, end, spelling, kind))  # type: ignore[arg-type]
    entities = [
        Entity(
            key,
            name,
            kind,
            gender,
            aliases=tuple(spellings),  # type: ignore[arg-type]
            mentions=tuple(mentions[key]),
            evidence=tuple(
                AliasEvidence(a, r, 0.8, ("test feature",)) for a, r in spellings.items()
            ),
        )
        for key, (name, kind, gender, spellings) in PEOPLE.items()
    ]
    ch1 = documents[0].text
    ch2 = documents[1].text
    relations = [
        Relation(
            "marta-kolesova",
            "acquaintance",
            "oleg-tarasov",
            "ch-1",
            ch1.index("Marta Kolesova met"),
            ch1.index(" Marta was"),
        )
    ]
    events = [
        Event(
            "arrest",
            "ch 2",
            ch2.index("Oleg was"),
            len(ch2),
            None,
            "oleg-tarasov",
            date="1937",
            trigger="arrested",
        )
    ]
    return Analysis(
        tuple(documents),
        tuple(paragraphs),
        tuple(sentences),
        tuple(entities),
        tuple(quotes),
        tuple(relations),
        tuple(events),
    )


@pytest.fixture(scope="module")
def book_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One stored book shared by the tests that only read it."""
    path = tmp_path_factory.mktemp("web") / "dossier.db"
    write_analysis(path, make_book(), RUN)
    return path


@pytest.fixture(scope="module")
def client(book_db: Path) -> TestClient:
    return TestClient(create_app(book_db))


@pytest.fixture()
def db(tmp_path: Path, book_db: Path) -> Path:
    """A private copy for tests that change the store."""
    path = tmp_path / "dossier.db"
    shutil.copyfile(book_db, path)
    return path


@pytest.fixture()
def own_client(db: Path) -> TestClient:
    return TestClient(create_app(db))


PAGES = [
    "/",
    "/index",
    "/index?type=people",
    "/index?sort=name&order=desc&q=ta",
    "/entity/marta-kolesova",
    "/entity/evil-co",
    "/read/ch-1",
    "/read/ch%202",
    "/network",
    "/search",
    "/search?q=late",
    "/search?q=Mirta&all=1",
    "/review",
]


@pytest.mark.parametrize("url", PAGES)
def test_web_pages_render_with_navigation(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    for nav in ("home", "index", "network", "search", "review"):
        assert f'data-nav="{nav}"' in response.text
    assert '<form id="search"' in response.text and 'name="q"' in response.text


API = [
    "/api/entities",
    "/api/entities?type=PER&q=tar&limit=1&offset=0",
    "/api/entities/marta-kolesova",
    "/api/quotes",
    "/api/quotes?speaker=marta-kolesova",
    "/api/quotes?chapter=ch%202",
    "/api/chapters",
    "/api/chapters/ch-1",
    "/api/search?q=late",
    "/api/network",
]


@pytest.mark.parametrize("url", API)
def test_web_api_routes_answer_json(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text[:500]
    assert isinstance(response.json(), dict)


def test_web_api_entities_filters_and_counts(client: TestClient) -> None:
    people = client.get("/api/entities?type=PER").json()
    assert {e["id"] for e in people["items"]} == {"marta-kolesova", "oleg-tarasov"}
    by_variant = client.get("/api/entities?q=mirta").json()["items"]
    assert [e["id"] for e in by_variant] == ["marta-kolesova"]
    marta = client.get("/api/entities/marta-kolesova").json()
    assert marta["variants"] and {v["alias"] for v in marta["variants"]} >= {"Mirta", "Marta"}
    mirta = next(v for v in marta["variants"] if v["alias"] == "Mirta")
    assert mirta["chapters"] == {"ch 2": 1}
    assert [q["text"] for q in marta["quotes_spoken"]] == ["“You are late,”", "“Come back,”"]
    quotes = client.get("/api/quotes?speaker=oleg-tarasov").json()
    assert quotes["total"] == 1 and quotes["items"][0]["addressee"] == "marta-kolesova"
    chapter = client.get("/api/chapters/ch%202").json()
    assert chapter["text"].startswith("Chapter Two") and chapter["mentions"]


BAD = [
    ("/api/entities/nobody", 404),
    ("/api/entities/..%2F..%2Fetc%2Fpasswd", 404),
    ("/api/entities/%2e%2e", 404),
    ("/api/chapters/nope", 404),
    ("/api/chapters/..%5C..%5Cwin.ini", 404),
    ("/api/quotes?speaker=nobody", 404),
    ("/api/entities?limit=0", 422),
    ("/api/entities?limit=abc", 422),
    ("/api/entities?type=BOGUS", 422),
    ("/api/quotes?offset=-1", 422),
    ("/api/nothing", 404),
]


@pytest.mark.parametrize(("url", "status"), BAD)
def test_web_api_errors_share_one_shape(client: TestClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == {404: "not_found", 422: "invalid"}[status]


@pytest.mark.parametrize(
    "url",
    [
        "/entity/nobody",
        "/entity/..%2F..%2Fetc%2Fpasswd",
        "/read/..%2F..%2Fetc%2Fpasswd",
        "/read/%2e%2e",
        "/static/..%2Fapp.py",
        "/static/app.py",
        "/static/%2e%2e",
        "/static/../../etc/passwd",
    ],
)
def test_web_bad_ids_and_paths_are_404_pages(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert "root:" not in response.text and "create_app" not in response.text


def test_web_static_assets_are_local(client: TestClient) -> None:
    for name in ("style.css", "dossier.js", "network.js", "vis-network.min.js"):
        assert client.get(f"/static/{name}").status_code == 200, name
    page = client.get("/network").text
    assert "http://" not in page and "https://" not in page


def test_web_reader_links_mentions_and_tints_quotes(client: TestClient) -> None:
    page = client.get("/read/ch-1").text
    linked = re.findall(r'<a class="mention[^"]*" id="m-(\d+)" data-entity="([^"]+)"', page)
    assert ("marta-kolesova" in {e for _, e in linked}) and (
        "oleg-tarasov" in {e for _, e in linked}
    )
    speakers = re.findall(
        r'<q class="quote" id="q-\d+" data-speaker="([^"]+)" title="([^"]+)"', page
    )
    assert speakers == [
        ("marta-kolesova", "Marta Kolesova → Oleg Tarasov · explicit 0.90"),
        ("oleg-tarasov", "Oleg Tarasov → Marta Kolesova · explicit 0.90"),
    ]
    assert 'class="speaker entity-link"' in page
    assert "<h1" in page and "Chapter One" in page  # the heading paragraph is the title


@pytest.mark.parametrize(
    "url",
    [
        "/read/ch-1",
        "/",
        "/index",
        "/entity/evil-co",
        "/read/ch%202",
        "/search?q=poster",
        "/search?q=Evil&all=1",
        "/network",
        "/review",
        "/entity/oleg-tarasov",
    ],
)
def test_web_book_text_is_escaped(client: TestClient, url: str) -> None:
    page = client.get(url).text
    assert EVIL not in page and EVIL_NAME not in page
    assert "<script>alert" not in page


def test_web_escaped_text_still_shows(client: TestClient) -> None:
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get("/read/ch-1").text
    assert "&lt;Evil&amp;Co&gt;" in client.get("/entity/evil-co").text
    assert client.get("/api/entities/evil-co").json()["name"] == EVIL_NAME


def test_web_entity_page_lists_every_variant(client: TestClient) -> None:
    page = client.get("/entity/marta-kolesova").text
    variants = re.search(r'<ul id="variants".*?</ul>', page, re.S)
    assert variants is not None
    assert len(re.findall(r"<li ", variants.group())) == 3
    assert "spelling variant of “Marta”" in page and "test feature" in page
    assert 'href="/read/ch%202#m-' in page  # every mention links into the reader
    assert "acquaintance" in page  # relations
    assert "arrest" in client.get("/entity/oleg-tarasov").text  # events


def test_web_home_shows_people_chart_and_chapters(client: TestClient) -> None:
    page = client.get("/").text
    assert "<svg" in page and "Marta Kolesova in" in page
    assert 'href="/read/ch%202"' in page


def test_web_index_sorts_and_filters(client: TestClient) -> None:
    by_name = client.get("/index?sort=name&order=asc").text
    names = re.findall(r'class="entity-link" href="/entity/([^"]+)"', by_name)
    assert names.index("marta-kolesova") < names.index("oleg-tarasov") < names.index("tver")
    places = client.get("/index?type=places").text
    assert "/entity/tver" in places and "/entity/marta-kolesova" not in places


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "AND(",
        "*",
        "NEAR(a b",
        '"unterminated',
        "late OR",
        "-",
        "^x",
        "a:b",
        "col:late",
        "((",
        "'",
        "\\",
        "NOT",
        "late*",
    ],
)
def test_web_search_never_breaks_on_fts_syntax(client: TestClient, query: str) -> None:
    assert client.get("/search", params={"q": query, "all": "1"}).status_code == 200
    assert client.get("/api/search", params={"q": query}).status_code == 200


def test_web_search_variant_leads_to_dossier(client: TestClient) -> None:
    response = client.get("/search?q=mirta", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/entity/marta-kolesova")
    listed = client.get("/search?q=Mirta&all=1").text
    assert 'href="/entity/marta-kolesova"' in listed


def test_web_search_marks_sentence_hits(client: TestClient) -> None:
    page = client.get("/search?q=late+trains").text
    assert "<mark>late</mark>" in page and "<mark>Trains</mark>" in page
    hits = client.get("/api/search?q=late").json()["sentences"]
    assert hits["total"] == 3


def test_web_review_refuses_a_bad_csrf_token(own_client: TestClient, db: Path) -> None:
    for token in ("", "forged"):
        response = own_client.post("/review/merge", data={"csrf": token, "a": "Tver", "b": "Oleg"})
        assert response.status_code == 403
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM curation").fetchone()[0] == 0


def _token(client: TestClient) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get("/review").text)
    assert found is not None
    return found.group(1)


def test_web_review_forms_have_stable_hooks(client: TestClient) -> None:
    page = client.get("/review").text
    merge = re.search(r'<form id="merge".*?</form>', page, re.S)
    assert merge is not None
    assert 'name="a"' in merge.group() and 'name="b"' in merge.group()
    assert 'type="submit"' in merge.group()


@pytest.mark.parametrize(
    ("action", "data", "said"),
    [
        ("merge", {"a": "Nobody", "b": "Oleg"}, "Nobody"),
        ("rename", {"name": "Marta", "new": ""}, "argument"),
        ("split", {"alias": "Tver"}, "already"),
    ],
)
def test_web_review_refusal_is_a_message(
    own_client: TestClient, action: str, data: dict[str, str], said: str
) -> None:
    response = own_client.post(f"/review/{action}", data={"csrf": _token(own_client), **data})
    assert response.status_code == 200
    message = re.search(r'id="message" class="message error"[^>]*>(.*?)</p>', response.text, re.S)
    assert message is not None and said in message.group(1)


def test_web_review_unknown_action_is_404(client: TestClient) -> None:
    assert client.post("/review/explode", data={"csrf": _token(client)}).status_code == 404


def test_web_sees_a_replaced_database(db: Path, own_client: TestClient) -> None:
    client = own_client
    assert client.get("/entity/tver").status_code == 200
    book = make_book()
    renamed = tuple(
        Entity("tula", "Tula", "GPE", mentions=e.mentions) if e.id == "tver" else e
        for e in book.entities
    )
    write_analysis(db, Analysis(book.documents, book.paragraphs, book.sentences, renamed), RUN)
    assert client.get("/entity/tver").status_code == 404
    assert client.get("/entity/tula").status_code == 200


def test_web_missing_database_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        create_app(tmp_path / "none.db")


def test_web_fts_query_quotes_every_word() -> None:
    assert fts_query('late" AND( *') == '"late" "AND"'
    assert fts_query("  *** ") is None
    assert fts_query("Tarasov’s") == '"Tarasov’s"'


def _rows(items: list[dict[str, Any]]) -> list[Any]:
    return items  # sqlite3.Row and dict share item access, all the renderer needs


def test_web_render_chapter_cuts_quotes_at_paragraphs_and_keeps_links_unnested() -> None:
    text = "“One <b>\n\nTwo,” said Ann Lee."
    paragraphs = _rows([{"idx": 0, "start": 0, "end": 8}, {"idx": 1, "start": 10, "end": 29}])
    quote = {
        "id": "q",
        "start": 0,
        "end": 15,
        "kind": "speech",
        "speaker": "ann",
        "addressee": None,
        "method": "explicit",
        "confidence": 0.9,
        "speaker_start": 21,
        "speaker_end": 28,
    }
    mentions = _rows(
        [
            {"start": 21, "end": 28, "entity": "ann", "kind": "PROP"},  # Ann Lee
            {"start": 21, "end": 24, "entity": "x", "kind": "PROP"},  # inside it: no link in a link
            {"start": 12, "end": 17, "entity": "y", "kind": "NOM"},  # crosses the quote's end
        ]
    )
    html = str(render_chapter(text, paragraphs, mentions, _rows([quote]), {"ann": "Ann Lee"}))
    assert 'title="Ann Lee · explicit 0.90 · “Ann Lee”"' in html
    assert html.count('<q class="quote"') == 2 and html.count("</q>") == 2
    assert html.count('id="q-0"') == 1  # the anchor only on the first piece
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert html.count('class="mention') == 1 and 'data-entity="ann"' in html
    assert html.count('class="speaker entity-link"') == 1  # the name beside the last piece
    assert re.sub(r"<[^>]+>", "", html).replace("\n", "") == text.replace("\n", "").replace(
        "” said", "”Ann Lee said", 1
    ).replace("&", "&amp;").replace("<b>", "&lt;b&gt;")


def test_web_context_trims_to_words() -> None:
    text = "alpha beta gamma delta Marta epsilon zeta eta theta"
    found = context(text, text.index("Marta"), text.index("Marta") + 5, width=12)
    assert found.match == "Marta"
    assert found.before.startswith("… ") and found.after.endswith(" …")


@pytest.mark.parametrize("content", [None, b"not a database at all" * 100])
def test_web_cli_serve_refuses_a_bad_database(tmp_path: Path, content: bytes | None) -> None:
    from click.testing import CliRunner

    from dossier.cli import cli

    path = tmp_path / "dossier.db"
    if content is not None:
        path.write_bytes(content)
    result = CliRunner().invoke(cli, ["serve", str(path)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:")


def test_web_foreign_host_header_is_refused(book_db: Path) -> None:
    guarded = TestClient(create_app(book_db, allowed_hosts=["127.0.0.1", "localhost"]))
    assert guarded.get("/", headers={"host": "evil.example"}).status_code == 400
    assert guarded.get("/", headers={"host": "127.0.0.1:8000"}).status_code == 200


def test_web_unexpected_error_keeps_the_shape(
    book_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dossier.web import data

    app = create_app(book_db)
    broken = TestClient(app, raise_server_exceptions=False)

    def boom(self: Any, entity: str) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(data.BookData, "aliases", boom)
    response = broken.get("/api/entities/marta-kolesova")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_error"
    assert "boom" not in response.text
    assert broken.get("/entity/marta-kolesova").status_code == 500


def test_web_cli_report_writes_one_html_file(book_db: Path, tmp_path: Path) -> None:
    pytest.importorskip("dossier.report")
    from click.testing import CliRunner

    from dossier.cli import cli

    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["report", str(book_db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html") and EVIL not in page


def test_web_quote_title_quotes_the_words_of_the_tag() -> None:
    from dossier.web.render import _quote_title

    text = "“Go,” said he."
    db = sqlite3.connect(":memory:")
    db.row_factory = sqlite3.Row
    row = db.execute(
        "SELECT 'oleg' AS speaker, NULL AS addressee, 'anaphoric' AS method,"
        " 0.75 AS confidence, 11 AS speaker_start, 13 AS speaker_end"
    ).fetchone()
    assert _quote_title(text, row, {"oleg": "Oleg"}) == "Oleg · anaphoric 0.75 · “he”"
