"""HTML built in Python: the reader's marked-up chapter and speaker tints.

Every piece of book text is escaped before it is joined into markup, so a chapter containing
``<script>`` shows as text. The chapter is built by :mod:`dossier.markup`'s walk over offsets
(shared with the report), never by searching and replacing in the text. :func:`context`
(a mention in its words) is the shared one too, re-exported here for the web's pages.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Mapping, Sequence

from markupsafe import Markup, escape

from ..markup import Context, Span, Tags, attribution, context, escape_text, mark_paragraphs

__all__ = ["Context", "context", "render_chapter", "tint"]


def tint(entity: str) -> int:
    """A stable hue (0-359) for a speaker, so their quotes share a colour on every page."""
    return int(hashlib.blake2s(entity.encode(), digest_size=2).hexdigest(), 16) % 360


def _mention_open(names: Mapping[str, str], entity_url: str) -> Callable[[sqlite3.Row], str]:
    def write(m: sqlite3.Row) -> str:
        entity = m["entity"]
        return (
            f'<a class="mention kind-{escape(m["kind"])}" id="m-{m["start"]}"'
            f' data-entity="{escape(entity)}" href="{entity_url.format(escape(entity))}"'
            f' title="{escape(names.get(entity, entity))}">'
        )

    return write


def _quote_title(text: str, quote: sqlite3.Row, names: Mapping[str, str]) -> str:
    """“Speaker → addressee · how it was found (confidence) · the tag's words”."""
    speaker, addressee = quote["speaker"], quote["addressee"]
    title: str = names.get(speaker, speaker)
    if addressee:
        title += f" → {names.get(addressee, addressee)}"
    columns = quote.keys()  # a Row's `in` looks at values; schema < 3 has no speaker words
    start = quote["speaker_start"] if "speaker_start" in columns else None
    words = text[start : quote["speaker_end"]] if start is not None else None
    how = attribution(quote["method"], quote["confidence"], words)
    return f"{title} · {how}" if how else title


def _quote_open(text: str, names: Mapping[str, str]) -> Callable[[sqlite3.Row, bool], str]:
    def write(quote: sqlite3.Row, first: bool) -> str:
        anchor = f' id="q-{quote["start"]}"' if first else ""
        if quote["kind"] != "speech":
            return f'<span class="scare"{anchor}>'
        speaker = quote["speaker"]
        if speaker is None:
            return f'<q class="quote unattributed"{anchor} title="speaker unknown">'
        title = _quote_title(text, quote, names)
        return (
            f'<q class="quote"{anchor} data-speaker="{escape(speaker)}" title="{escape(title)}"'
            f' style="--hue: {tint(speaker)}">'
        )

    return write


def _quote_close(quote: sqlite3.Row) -> str:
    return "</span>" if quote["kind"] != "speech" else "</q>"


def _speaker_link(names: Mapping[str, str], entity_url: str) -> Callable[[sqlite3.Row], str]:
    def write(quote: sqlite3.Row) -> str:
        speaker = quote["speaker"]
        if quote["kind"] != "speech" or speaker is None:
            return ""
        return (
            f'<a class="speaker entity-link" href="{entity_url.format(escape(speaker))}"'
            f' style="--hue: {tint(speaker)}">{escape(names.get(speaker, speaker))}</a>'
        )

    return write


def render_chapter(
    text: str,
    paragraphs: Sequence[sqlite3.Row],
    mentions: Sequence[sqlite3.Row],
    quotes: Sequence[sqlite3.Row],
    names: Mapping[str, str],
    entity_url: str = "/entity/{}",
    body_start: int = 0,
) -> Markup:
    """The chapter as ``<p>`` elements with mention links and speaker-tinted quotations.

    Quotes spanning paragraphs are cut at paragraph ends (the speaker tag follows the last
    piece); a mention crossing a quote's edge is left unlinked rather than breaking nesting
    (see :func:`dossier.markup.mark_paragraphs`). Paragraphs before ``body_start`` (the
    chapter's heading) become an ``<h1>``; text outside every paragraph a ``<p class="loose">``.
    """
    blocks: list[tuple[int, int, int]] = []
    cursor = 0
    for p in paragraphs:
        if p["end"] > p["start"] >= cursor:  # overlapping paragraph ranges: keep the text once
            blocks.append((p["idx"], p["start"], p["end"]))
            cursor = p["end"]
    if not blocks:
        blocks = [(0, 0, len(text))]
    tags = Tags(
        mention_open=_mention_open(names, entity_url),
        mention_close=lambda _: "</a>",
        quote_open=_quote_open(text, names),
        quote_close=_quote_close,
        quote_after=_speaker_link(names, entity_url),
    )
    inner = mark_paragraphs(
        text,
        [(start, end) for _, start, end in blocks],
        [Span(m["start"], m["end"], m) for m in mentions],
        [Span(q["start"], q["end"], q) for q in quotes],
        tags,
    )
    out: list[str] = []
    cursor = 0
    for (index, start, end), markup in zip(blocks, inner, strict=True):
        if text[cursor:start].strip():
            out.append(f'<p class="loose">{escape_text(text[cursor:start])}</p>')
        tag = "h1" if end <= body_start else "p"
        out.append(f'<{tag} id="p-{index}" data-start="{start}">{markup}</{tag}>\n')
        cursor = end
    if text[cursor:].strip():
        out.append(f'<p class="loose">{escape_text(text[cursor:])}</p>')
    return Markup("".join(out))
