from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import spacy

from dossier import parsecache
from dossier.nlp import model_id, parse_documents
from dossier.parsecache import CachedBook, ParseCache, forget_recent_parses
from dossier.records import Document


@pytest.fixture()
def blank() -> Any:
    return spacy.blank("en")


def _docs(*texts: str) -> list[Document]:
    return [
        Document(f"ch{i}", f"ch{i}.txt", f"Chapter {i}", t, order=i) for i, t in enumerate(texts)
    ]


def test_parsecache_cache_reuses_parses(blank: Any, tmp_path: Path) -> None:
    cache = ParseCache(tmp_path / "cache", blank)
    seen: list[tuple[str, bool]] = []
    documents = _docs("One chapter.", "Another chapter.")
    list(
        parse_documents(
            documents, blank, cache, on_parsed=lambda p, c: seen.append((p.document.id, c))
        )
    )
    assert seen == [("ch0", False), ("ch1", False)]
    seen.clear()
    edited = [documents[0], Document("ch1", "ch1.txt", "Chapter 1", "An edited chapter.", order=1)]
    results = list(
        parse_documents(
            edited, blank, cache, on_parsed=lambda p, c: seen.append((p.document.id, c))
        )
    )
    assert seen == [("ch0", True), ("ch1", False)]
    assert [r.doc.text for r in results] == ["One chapter.", "An edited chapter."]
    cache.prune(d.text for d in edited)
    assert len(list((tmp_path / "cache").glob("*.spacy"))) == 2


def test_parsecache_cache_key_depends_on_model(blank: Any, tmp_path: Path) -> None:
    other = spacy.blank("en")
    other.meta["version"] = "9.9.9"
    assert ParseCache(tmp_path, blank).key("x") != ParseCache(tmp_path, other).key("x")
    assert model_id(other).endswith("-9.9.9+t1")  # the tokenizer's version too


def test_parsecache_damaged_cache_file_is_a_miss(blank: Any, tmp_path: Path) -> None:
    cache = ParseCache(tmp_path, blank)
    cache.path("Some text.").write_bytes(b"garbage")
    assert cache.load("Some text.") is None


def test_parsecache_cached_book_reads_parses_back_lazily(blank: Any, tmp_path: Path) -> None:
    cache = ParseCache(tmp_path, blank)
    documents = _docs("First chapter text.", "Second chapter text.", "Third one.")
    list(parse_documents(documents, blank, cache))
    book = CachedBook(documents, cache, keep=1)
    assert len(book) == 3
    assert [p.doc.text for p in book] == [d.text for d in documents]
    assert book[-1].document.id == "ch2"
    assert [p.document.id for p in book[0:2]] == ["ch0", "ch1"]
    assert book[1] is book[1]  # the most recent parse is kept
    with pytest.raises(IndexError):
        book[3]


def test_parsecache_damaged_cache_file_after_listing_is_parsed_again(
    blank: Any, tmp_path: Path
) -> None:
    cache = ParseCache(tmp_path, blank)
    documents = _docs("One chapter.", "Another chapter.")
    list(parse_documents(documents, blank, cache))
    forget_recent_parses()  # as in a new process: the parses are read from disk
    stream = parse_documents(documents, blank, cache)
    first = next(stream)
    cache.path("Another chapter.").write_bytes(b"garbage")  # damaged while the book is read
    second = next(stream)
    assert (first.doc.text, second.doc.text) == ("One chapter.", "Another chapter.")
    assert cache.load("Another chapter.") is not None  # and cached again


def test_parsecache_memo_reuses_results_only_for_the_same_document(
    blank: Any, tmp_path: Path
) -> None:
    cache = ParseCache(tmp_path, blank)
    calls: list[str] = []

    def compute(tag: str) -> Any:
        return lambda: calls.append(tag) or [tag]

    chapter = _docs("Some chapter.")[0]
    assert cache.memo(chapter, "stage", compute("a")) == ["a"]
    assert cache.memo(chapter, "stage", compute("b")) == ["a"]  # read back
    moved = Document("other-id", chapter.path, chapter.title, chapter.text)
    assert cache.memo(moved, "stage", compute("c")) == ["c"]  # another id: computed again
    book = _docs("One.", "Two.")
    assert cache.memo(book, "stage", compute("d")) == ["d"]
    assert cache.memo(book, "stage", compute("e")) == ["d"]
    assert cache.memo(book[:1], "stage", compute("f")) == ["f"]  # another book
    assert calls == ["a", "c", "d", "f"]
    assert cache.memo(chapter, "stage", compute("g"), inputs=("known", 1)) == ["g"]
    assert cache.memo(chapter, "stage", compute("h"), inputs=("known", 1)) == ["g"]
    assert cache.memo(chapter, "stage", compute("i"), inputs=("known", 2)) == ["i"]
    assert calls == ["a", "c", "d", "f", "g", "i"]


def test_parsecache_memo_survives_a_damaged_file_and_prune_keeps_the_book(
    blank: Any, tmp_path: Path
) -> None:
    cache = ParseCache(tmp_path, blank)
    book = _docs("One.", "Two.")
    cache.memo(book[0], "stage", lambda: 1)
    cache.memo(book, "stage", lambda: 2)
    cache.memo(_docs("Gone.")[0], "stage", lambda: 3)
    (tmp_path / f"{cache.key('One.')}.stage.pickle").write_bytes(b"not a pickle")
    assert cache.memo(book[0], "stage", lambda: 4) == 4
    cache.prune(d.text for d in book)
    names = sorted(p.name.split(".")[0] for p in tmp_path.glob("*.pickle"))
    assert names == sorted([cache.key("One."), cache.book_key(["One.", "Two."])])


def test_parsecache_recent_parses_are_served_from_memory(blank: Any, tmp_path: Path) -> None:
    documents = _docs("One chapter.", "Another chapter.")
    cache = ParseCache(tmp_path / "a", blank)
    made = [p.doc for p in parse_documents(documents, blank, cache)]
    assert cache.load("One chapter.") is made[0]  # the same Doc, not read from disk
    # another folder with the same pipeline: served from memory, and written there too
    other = ParseCache(tmp_path / "b", blank)
    seen: list[bool] = []
    again = list(parse_documents(documents, blank, other, on_parsed=lambda p, c: seen.append(c)))
    assert seen == [True, True] and again[1].doc is made[1]
    assert other.path("Another chapter.").exists()
    forget_recent_parses()
    read = cache.load("One chapter.")
    assert read is not None and read is not made[0] and read.text == "One chapter."
    # a pipeline of its own never sees these parses
    assert ParseCache(tmp_path / "c", spacy.blank("en")).load("One chapter.") is None


def test_parsecache_recent_parses_stay_within_the_token_bound(
    blank: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setattr(parsecache, "RECENT_TOKENS", 5)
    cache = ParseCache(tmp_path, blank)
    texts = ["One two three.", "Four five six.", "Seven eight nine."]  # 4 tokens each
    made = [p.doc for p in parse_documents(_docs(*texts), blank, cache)]
    assert cache.load(texts[2]) is made[2]
    assert cache.load(texts[0]) is not made[0]  # dropped from memory, read from disk
    assert cache.load(texts[1]) is not made[1]


def test_parsecache_cached_parse_of_another_text_is_a_miss(blank: Any, tmp_path: Path) -> None:
    from spacy.tokens import DocBin

    cache = ParseCache(tmp_path, blank)
    tmp_path.mkdir(exist_ok=True)
    DocBin(docs=[blank("Short text.")]).to_disk(cache.path("Short text. And more."))
    assert cache.load("Short text. And more.") is None
    DocBin(docs=[blank("Short text.")]).to_disk(cache.path("Short text!"))
    assert cache.load("Short text!") is None
    DocBin(docs=[blank("Short text.")]).to_disk(cache.path("Short text."))
    assert cache.load("Short text.") is not None
