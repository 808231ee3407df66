"""HTML built in Python: the reader's marked-up chapter, mention contexts and speaker tints.

Every piece of book text passes through :func:`markupsafe.escape` before it is joined into
markup, so a chapter containing ``<script>`` shows as text. The chapter is built by walking
offsets once (mentions and quotes sorted), never by searching and replacing in the text.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

__all__ = ["Context", "context", "render_chapter", "tint"]


def tint(entity: str) -> int:
    """A stable hue (0-359) for a speaker, so their quotes share a colour on every page."""
    return int(hashlib.blake2s(entity.encode(), digest_size=2).hexdigest(), 16) % 360


@dataclass(frozen=True, slots=True)
class Context:
    before: str
    match: str
    after: str


def context(text: str, start: int, end: int, width: int = 80) -> Context:
    """The mention at ``[start, end)`` with up to ``width`` characters either side, cut at
    word boundaries and at paragraph breaks, on one line."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    brk = text.rfind("\n\n", left, start)
    if brk != -1:
        left = brk + 2
    elif left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    brk = text.find("\n\n", end, right)
    if brk != -1:
        right = brk
    elif right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    cut_left = left > 0 and _mid_paragraph(text, left)
    cut_right = right < len(text) and not text.startswith("\n\n", right)
    before = " ".join(text[left:start].split())
    after = " ".join(text[end:right].split())
    return Context(
        ("… " if cut_left else "") + before + (" " if text[left:start][-1:].isspace() else ""),
        text[start:end],
        (" " if text[end:right][:1].isspace() else "") + after + (" …" if cut_right else ""),
    )


def _mid_paragraph(text: str, left: int) -> bool:
    """Whether the context starting at ``left`` begins mid-paragraph (so an ellipsis shows)."""
    return text[max(0, left - 2) : left] != "\n\n"


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    open: str
    close: str


def _mention_spans(
    mentions: Sequence[sqlite3.Row], names: Mapping[str, str], entity_url: str
) -> list[_Span]:
    """Non-overlapping mention links (a link cannot hold a link): the first, longest wins."""
    spans: list[_Span] = []
    last_end = -1
    for m in mentions:  # sorted by start, then longest first
        if m["start"] < last_end or m["end"] <= m["start"]:
            continue
        entity = m["entity"]
        href = entity_url.format(escape(entity))
        title = escape(names.get(entity, entity))
        spans.append(
            _Span(
                m["start"],
                m["end"],
                f'<a class="mention kind-{escape(m["kind"])}" id="m-{m["start"]}"'
                f' data-entity="{escape(entity)}" href="{href}" title="{title}">',
                "</a>",
            )
        )
        last_end = m["end"]
    return spans


def _quote_open(quote: sqlite3.Row, names: Mapping[str, str], first: bool) -> str:
    anchor = f' id="q-{quote["start"]}"' if first else ""
    if quote["kind"] != "speech":
        return f'<span class="scare"{anchor}>'
    speaker, addressee = quote["speaker"], quote["addressee"]
    if speaker is None:
        return f'<q class="quote unattributed"{anchor} title="speaker unknown">'
    title = names.get(speaker, speaker)
    if addressee:
        title += f" → {names.get(addressee, addressee)}"
    return (
        f'<q class="quote"{anchor} data-speaker="{escape(speaker)}" title="{escape(title)}"'
        f' style="--hue: {tint(speaker)}">'
    )


def _quote_close(quote: sqlite3.Row, names: Mapping[str, str], last: bool, url: str) -> str:
    if quote["kind"] != "speech":
        return "</span>"
    speaker = quote["speaker"]
    if not last or speaker is None:
        return "</q>"
    return (
        f'</q><a class="speaker entity-link" href="{url.format(escape(speaker))}"'
        f' style="--hue: {tint(speaker)}">{escape(names.get(speaker, speaker))}</a>'
    )


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
    piece); a mention crossing a quote's edge is left unlinked rather than breaking nesting.
    Paragraphs before ``body_start`` (the chapter's heading) become an ``<h1>``.
    """
    blocks = [(p["idx"], p["start"], p["end"]) for p in paragraphs if p["end"] > p["start"]]
    if not blocks:
        blocks = [(0, 0, len(text))]
    spans = _mention_spans(mentions, names, entity_url)
    quote_list = [q for q in quotes if q["end"] > q["start"]]
    out: list[str] = []
    cursor = si = qi = 0
    for index, p_start, p_end in blocks:
        if p_start < cursor:
            continue  # overlapping paragraph ranges: keep the text once
        if text[cursor:p_start].strip():
            out.append(f'<p class="loose">{escape(text[cursor:p_start])}</p>')
        tag = "h1" if p_end <= body_start else "p"
        out.append(f'<{tag} id="p-{index}" data-start="{p_start}">')
        pos = p_start
        while pos < p_end:
            while qi < len(quote_list) and quote_list[qi]["end"] <= pos:
                qi += 1
            quote = quote_list[qi] if qi < len(quote_list) else None
            inside = quote is not None and quote["start"] <= pos
            if quote is not None and inside:
                out.append(_quote_open(quote, names, first=quote["start"] >= p_start))
                region_end = min(quote["end"], p_end)
            else:
                region_end = min(p_end, quote["start"]) if quote is not None else p_end
            while si < len(spans) and spans[si].start < pos:
                si += 1
            while si < len(spans) and spans[si].start < region_end:
                span = spans[si]
                si += 1
                if span.end > region_end:
                    continue  # crosses a quote or paragraph edge: left as plain text
                out.append(escape(text[pos : span.start]))
                out.append(span.open + str(escape(text[span.start : span.end])) + span.close)
                pos = span.end
            out.append(escape(text[pos:region_end]))
            pos = region_end
            if quote is not None and inside:
                out.append(_quote_close(quote, names, quote["end"] <= p_end, entity_url))
        out.append(f"</{tag}>\n")
        cursor = p_end
    if text[cursor:].strip():
        out.append(f'<p class="loose">{escape(text[cursor:])}</p>')
    return Markup("".join(out))
