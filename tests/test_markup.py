"""The shared chapter walk: mentions linked, quotations cut per paragraph, text escaped."""

from __future__ import annotations

import pytest

from dossier.markup import Span, Tags, attribution, context, disjoint, escape_text, mark_paragraphs

# Visible stand-ins for tags: a mention is [item:…], a quotation piece «item…» (with ! on the
# piece holding its start), and ~item follows its last piece.
TAGS: Tags[str, str] = Tags(
    mention_open=lambda m: f"[{m}:",
    mention_close=lambda m: "]",
    quote_open=lambda q, first: f"«{q}{'!' if first else ''}|",
    quote_close=lambda q: "»",
    quote_after=lambda q: f"~{q}",
)


def _spans(text: str, *marked: tuple[str, str]) -> list[Span[str]]:
    """A span for each (item, words) pair, at the words' first occurrence in ``text``."""
    return [Span(text.index(w), text.index(w) + len(w), item) for item, w in marked]


def _mark(
    text: str,
    paragraphs: list[tuple[int, int]],
    mentions: list[Span[str]] = [],  # noqa: B006 (never mutated)
    quotes: list[Span[str]] = [],  # noqa: B006
) -> list[str]:
    return [str(m) for m in mark_paragraphs(text, paragraphs, mentions, quotes, TAGS)]


def test_markup_quote_over_paragraphs_is_cut_in_pieces() -> None:
    text = "“One Ann.\n\nTwo,” she said."
    quote = Span(0, text.index(",”") + 2, "q")
    assert _mark(text, [(0, 9), (11, len(text))], _spans(text, ("a", "Ann")), [quote]) == [
        "«q!|“One [a:Ann].»",
        "«q|Two,”»~q she said.",
    ]


@pytest.mark.parametrize(
    ("words", "why"),
    [("Ann.\n\nTwo", "crosses the paragraph break"), ("said “Hi", "crosses the quote's start")],
)
def test_markup_mention_crossing_an_edge_stays_plain(words: str, why: str) -> None:
    text = "Ann.\n\nTwo said “Hi” then."
    quote = _spans(text, ("q", "“Hi”"))
    marked = _mark(text, [(0, 4), (6, len(text))], _spans(text, ("x", words)), quote)
    assert "[" not in "".join(marked), why
    assert marked[1] == "Two said «q!|“Hi”»~q then."


def test_markup_overlapping_mentions_keep_the_longest_then_the_earliest() -> None:
    text = "Anna Berg met Anna."
    mentions = [
        Span(0, 4, "short"),
        Span(0, 9, "long"),
        Span(5, 9, "inner"),
        Span(14, 18, "first"),
        Span(14, 18, "second"),
    ]
    assert _mark(text, [(0, len(text))], mentions) == ["[long:Anna Berg] met [first:Anna]."]


def test_markup_escapes_text_but_not_tags() -> None:
    text = 'a <b> & "c"'
    marked = _mark(text, [(0, len(text))], [Span(3, 4, "<m>")])
    assert marked == ['a &lt;[<m>:b]&gt; &amp; "c"']
    assert escape_text("<&>'\"") == "&lt;&amp;&gt;'\""


def test_markup_writes_only_paragraph_text() -> None:
    text = "head  body text  tail"
    assert _mark(text, [(6, 10), (11, 15), (15, 15)]) == ["body", "text", ""]
    assert _mark("", []) == []


def test_markup_quote_starting_before_the_paragraphs_has_no_first_piece() -> None:
    text = "“x\n\ny”"
    assert _mark(text, [(4, 6)], [], [Span(0, 6, "q")]) == ["«q|y”»~q"]


def test_markup_disjoint_sorts_and_drops_empty_and_overlapping_spans() -> None:
    spans = [Span(5, 9, "b"), Span(3, 3, "empty"), Span(0, 6, "a"), Span(6, 8, "c")]
    assert [s.item for s in disjoint(spans)] == ["a", "c"]
    assert Span(1, 2, "z") < Span(1, 3, "a") and Span(1, 2, "x") == Span(1, 2, "y")


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("alpha beta gamma Marta delta epsilon zeta", 8, ("… gamma ", "Marta", " delta …")),
        ("Before.\n\nSaw Marta go.\n\nAfter.", 80, ("Saw ", "Marta", " go.")),
        ("Marta", 10, ("", "Marta", "")),
        ("one\n  two Marta\tthree\nfour", 80, ("one two ", "Marta", " three four")),
    ],
)
def test_markup_context_cuts_at_words_and_paragraph_breaks(
    text: str, width: int, expected: tuple[str, str, str]
) -> None:
    start = text.index("Marta")
    found = context(text, start, start + 5, width)
    assert (found.before, found.match, found.after) == expected


@pytest.mark.parametrize(
    ("method", "confidence", "words", "note"),
    [
        ("anaphoric", 0.75, "he", "anaphoric 0.75 · “he”"),
        ("implicit", 0.55, None, "implicit 0.55"),
        (None, 0.0, None, ""),
    ],
)
def test_markup_attribution_tells_how_the_speaker_was_found(
    method: str | None, confidence: float, words: str | None, note: str
) -> None:
    assert attribution(method, confidence, words) == note
