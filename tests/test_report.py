"""The self-contained HTML report: structure, escaping, offline, links that resolve."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from dossier.errors import ExportError
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
)
from dossier.report import render_report, write_report
from dossier.report.dossiers import CONTEXTS_SHOWN

CHAPTER_ONE = (
    "The Ferry (1)\n\n"
    "Oskar Brandt met his sister Hedda at the pier. “Where is the boat?” Brandt asked.\n\n"
    "“Gone,” Hedda said. “Gone since noon.\n\n"
    "And it will not come back,” she added. Brant shrugged."
)
CHAPTER_TWO = "The Ferry (2)\n\nA note read <script>alert('x')</script> & “Oskar” <b>bold</b>."


def _mention(
    doc: str, text: str, needle: str, label: str = "PER", kind: str = "PROP", nth: int = 0
) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Mention(doc, start, start + len(needle), needle, label, kind)  # type: ignore[arg-type]


def _quote(
    qid: str,
    doc: str,
    text: str,
    needle: str,
    speaker: str | None,
    to: str | None = None,
    tag: str | None = None,
) -> Quote:
    """A quotation of ``needle``; ``tag``: the words naming its speaker, right after it."""
    start = text.index(needle)
    end = start + len(needle)
    at = text.index(tag, end) if tag else None
    return Quote(
        qid, doc, start, end, needle, "speech", speaker, to, "explicit", 0.9,
        speaker_start=at, speaker_end=at + len(tag) if at is not None and tag else None,
    )  # fmt: skip


def _paragraphs(doc: str, text: str) -> tuple[Paragraph, ...]:
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    return tuple(Paragraph(doc, i, s, e) for i, (s, e) in enumerate(spans))


def make_book() -> Analysis:
    """Two invented chapters: a person with two spellings, his sister, a quotation running over
    two paragraphs, and a chapter full of markup."""
    one, two = CHAPTER_ONE, CHAPTER_TWO
    oskar = Entity(
        "oskar-brandt",
        "Oskar Brandt",
        "PER",
        "male",
        aliases=("Oskar Brandt", "Brandt", "Brant", "Oskar"),
        mentions=(
            _mention("c1", one, "Oskar Brandt"),
            _mention("c1", one, "Brandt", nth=1),
            _mention("c1", one, "Brant"),
            _mention("c2", two, "Oskar"),
        ),
        evidence=(
            AliasEvidence("Oskar Brandt", "canonical name"),
            AliasEvidence("Brant", "spelling variant of “Brandt”: one letter apart", 0.8),
        ),
    )
    hedda = Entity(
        "hedda",
        "Hedda <Brandt>",
        "PER",
        "female",
        aliases=("Hedda",),
        mentions=(
            _mention("c1", one, "Hedda"),
            _mention("c1", one, "Hedda", nth=1),
            _mention("c1", one, "she", kind="PRON"),
        ),
    )
    pier = Entity(
        "the pier", "pier", "FAC", aliases=("pier",), mentions=(_mention("c1", one, "pier", "FAC"),)
    )
    return Analysis(
        documents=(
            Document("c1", "book/one.txt", "The Ferry", one, 1, 0, one.index("\n\n")),
            Document("c2", "book/two.txt", "The Ferry", two, 2, 1, two.index("\n\n")),
        ),
        paragraphs=_paragraphs("c1", one) + _paragraphs("c2", two),
        entities=(oskar, hedda, pier),
        quotes=(
            _quote("c1-q1", "c1", one, "“Where is the boat?”", "oskar-brandt", "hedda", "Brandt"),
            _quote("c1-q2", "c1", one, "“Gone,”", "hedda", "oskar-brandt"),
            _quote("c1-q3", "c1", one, "“Gone since noon.\n\nAnd it will not come back,”", "hedda"),
            _quote("c2-q1", "c2", two, "“Oskar”", None),
        ),
        relations=(Relation("hedda", "sibling", "oskar-brandt", "c1", 15, 60, "sister"),),
        events=(
            Event(
                "meeting", "c1", 15, 60, "oskar-brandt", "hedda", "the pier", "1921", trigger="met"
            ),
        ),
    )


class _Page(HTMLParser):
    """Every id, every href, and the tags seen."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()
        self.hrefs: list[str] = []
        self.tags: Counter[str] = Counter()
        self.sections: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        found = dict(attrs)
        if found.get("id"):
            self.ids[found["id"] or ""] += 1
        if found.get("href"):
            self.hrefs.append(found["href"] or "")
        if tag == "section":
            self.sections.append(found)


def _parse(page: str) -> _Page:
    parsed = _Page()
    parsed.feed(page)
    return parsed


@pytest.fixture(scope="module")
def page() -> str:
    return render_report(make_book())


def test_report_has_a_section_for_every_entity_and_chapter(page: str) -> None:
    parsed = _parse(page)
    names = {s.get("data-name") for s in parsed.sections if "dossier" in (s.get("class") or "")}
    assert names == {"Oskar Brandt", "Hedda <Brandt>", "pier"}
    chapters = [s["id"] for s in parsed.sections if "chapter" in (s.get("class") or "")]
    assert chapters == ["ch-c1", "ch-c2"]
    assert {"overview", "index"} <= set(parsed.ids)
    assert "<title>The Ferry — Dossier</title>" in page


def test_report_every_anchor_link_resolves_and_ids_are_unique(page: str) -> None:
    parsed = _parse(page)
    assert parsed.ids and max(parsed.ids.values()) == 1
    targets = [h[1:] for h in parsed.hrefs if h.startswith("#")]
    assert targets and all(t in parsed.ids for t in targets), set(targets) - set(parsed.ids)
    assert all(h.startswith("#") for h in parsed.hrefs)  # nothing outside the file


def test_report_is_offline(page: str) -> None:
    for remote in ('src="http', 'href="http', "<link", "@import", "url(", "src=", "//cdn"):
        assert remote not in page
    assert page.count("<script") == 1 and "<style>" in page


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("<script>alert('x')</script>", "&lt;script&gt;alert('x')&lt;/script&gt;"),
        ("<b>bold</b>", "&lt;b&gt;bold&lt;/b&gt;"),
        (" & ", " &amp; "),
        ("Hedda <Brandt>", "Hedda &lt;Brandt&gt;"),
    ],
)
def test_report_escapes_book_text(page: str, raw: str, escaped: str) -> None:
    assert raw not in page
    assert escaped in page


def test_report_escapes_hostile_ids_and_titles() -> None:
    book = make_book()
    hostile = replace(book.entities[0], id='x" onmouseover="alert(1)')
    quotes = tuple(
        replace(q, speaker=hostile.id) if q.speaker == "oskar-brandt" else q for q in book.quotes
    )
    page = render_report(
        replace(book, entities=(hostile, *book.entities[1:]), quotes=quotes), "<i>T</i>"
    )
    assert 'onmouseover="alert' not in page
    assert "<i>T</i>" not in page and "&lt;i&gt;T&lt;/i&gt;" in page
    parsed = _parse(page)
    assert all(h[1:] in parsed.ids for h in parsed.hrefs)


def test_report_reader_highlights_and_links_mentions(page: str) -> None:
    assert '<a class="m" href="#e-oskar-brandt" id="ch-c1-m' in page
    assert ">Brant</a> shrugged" in page
    assert '<a class="m pr" href="#e-hedda"' in page  # a pronoun, styled apart
    assert '<a class="m" href="#e-the-pier"' in page  # an id with a space is made URL-safe


def test_report_reader_tints_quotations_by_speaker(page: str) -> None:
    match = re.search(r'<q class="q (s\d+)" id="q-c1-q1">“Where is the boat\?”</q>(<a[^>]*>)', page)
    assert match, "the quotation is tinted and followed by its speaker"
    assert match.group(2) == (
        f'<a class="who {match.group(1)}" href="#e-oskar-brandt" title="explicit 0.90 · “Brandt”">'
    )
    unattributed = (
        r'<q class="q" id="q-c2-q1">“<a class="m" href="#e-oskar-brandt"[^>]*>Oskar</a>”</q> '
    )
    assert re.search(unattributed, page)


def test_report_quotation_over_two_paragraphs_is_cut_in_pieces(page: str) -> None:
    pieces = re.findall(r'<q class="q s\d+"( id="q-c1-q3")?>(.*?)</q>', page, re.S)
    third = [p for p in pieces if "since noon" in p[1] or "come back" in p[1]]
    assert [bool(anchor) for anchor, _ in third] == [True, False]
    assert third[1][1] == "And it will not come back,”"


def test_report_dossier_lists_variants_evidence_quotes_relations_events(page: str) -> None:
    dossier = page[page.index('id="e-oskar-brandt"') : page.index('id="e-hedda"')]
    rows = re.findall(r"<tr><td>([^<]*)</td><td class=\"n\">(\d+)</td><td>(.*?)</td>", dossier)
    counts = {alias: int(n) for alias, n, _ in rows}
    assert counts == {"Oskar Brandt": 1, "Brandt": 1, "Brant": 1, "Oskar": 1}
    assert 'href="#ch-c2">Chapter 2</a>' in dict((a, c) for a, _, c in rows)["Oskar"]
    assert "spelling variant of “Brandt”: one letter apart" in dossier and "(score 0.80)" in dossier
    assert 'to <a href="#e-hedda">Hedda &lt;Brandt&gt;</a>' in dossier  # spoken
    assert 'from <a href="#e-hedda">' in dossier  # received
    assert "sibling" in dossier and "(sister)" in dossier
    assert "meeting “met” by" in dossier and "1921" in dossier


def test_report_caps_mention_contexts() -> None:
    text = "Title\n\n" + " ".join(["Ilse waited."] * (CONTEXTS_SHOWN + 7))
    starts = [m.start() for m in re.finditer("Ilse", text)]
    ilse = Entity(
        "ilse", "Ilse", "PER", mentions=tuple(Mention("d", s, s + 4, "Ilse", "PER") for s in starts)
    )
    page = render_report(Analysis(documents=(Document("d", "d.txt", "", text),), entities=(ilse,)))
    assert page.count("<b>Ilse</b>") == CONTEXTS_SHOWN
    assert "and 7 more mentions" in page
    assert page.count('id="ch-d-m') == CONTEXTS_SHOWN  # only listed mentions get an id
    parsed = _parse(page)
    assert all(h[1:] in parsed.ids for h in parsed.hrefs)


def test_report_without_stored_paragraphs_splits_on_blank_lines() -> None:
    book = replace(make_book(), paragraphs=())
    parsed = _parse(render_report(book))
    assert {"ch-c1-p0", "ch-c1-p3", "ch-c2-p1"} <= set(parsed.ids)
    assert all(h[1:] in parsed.ids for h in parsed.hrefs)


def test_report_of_an_empty_analysis_renders() -> None:
    page = render_report(Analysis(documents=()))
    assert "<title>Dossier report — Dossier</title>" in page and "0 chapters" in page


def test_report_write_is_atomic_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.html"
    write_report(make_book(), target)
    write_report(make_book(), target)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]


def test_report_write_to_a_folder_fails(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    with pytest.raises(ExportError, match="cannot write"):
        write_report(make_book(), tmp_path / "taken")
    assert [p.name for p in tmp_path.iterdir()] == ["taken"]


@pytest.mark.model
def test_report_of_the_sample_book(sample_run: Any, tmp_path: Path) -> None:
    analysis, _ = sample_run
    write_report(analysis, tmp_path / "report.html")
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    parsed = _parse(page)
    dossiers = [s for s in parsed.sections if "dossier" in (s.get("class") or "")]
    assert len(dossiers) == len(analysis.entities)
    assert len([s for s in parsed.sections if "chapter" in (s.get("class") or "")]) == 3
    assert max(parsed.ids.values()) == 1
    assert all(h.startswith("#") and h[1:] in parsed.ids for h in parsed.hrefs)
    # every person with more than one spelling lists them all in a variants table
    for entity in analysis.entities:
        if entity.type == "PER" and len(entity.aliases) > 1:
            start = page.index(f'data-name="{entity.name}"')
            dossier = page[start : page.index("</section>", start)]
            assert all(f"<tr><td>{alias}</td>" in dossier for alias in entity.aliases)
    mentions = sum(len(e.mentions) for e in analysis.entities)
    assert page.count('<a class="m') >= 0.9 * mentions
    assert page.count('<q class="q') >= sum(q.kind == "speech" for q in analysis.quotes)


def test_report_overlapping_and_edge_crossing_mentions_stay_plain_but_linked() -> None:
    text = "Head\n\nSaid “Anna Berg” and Anna Berg left."
    quote = _quote("q1", "d", text, "“Anna Berg”", "anna")
    inner = text.index("Anna Berg")
    crossing = Mention("d", inner - 2, inner + 4, " “Anna", "PER")  # over the quotation's edge
    nested = _mention("d", text, "Berg", nth=1)  # inside the longer mention after it
    anna = Entity(
        "anna",
        "Anna Berg",
        "PER",
        mentions=(crossing, _mention("d", text, "Anna Berg", nth=1), nested),
    )
    page = render_report(
        Analysis(documents=(Document("d", "d.txt", "", text),), entities=(anna,), quotes=(quote,))
    )
    assert '<q class="q s0" id="q-q1">“Anna Berg”</q>' in page
    assert page.count('<a class="m"') == 1  # only the second, whole name is linked
    assert 'href="#ch-d-p1"' in page  # the plain one's dossier entry points at its paragraph
    parsed = _parse(page)
    assert all(h[1:] in parsed.ids for h in parsed.hrefs)
