"""Bytes to text: encoding detection and the txt, markdown and HTML readers.

Every reader returns a :class:`Source`: the chapter's text exactly as it will be analysed
(BOM stripped, newlines ``\\n``, NFC) plus the title hints its markup gave.
"""

from __future__ import annotations

import codecs
import html
import re
import unicodedata
from dataclasses import dataclass

from .errors import BinaryInputError, DecodeError, EmptyInputError

__all__ = [
    "Source",
    "declared_codec",
    "decode_bytes",
    "decode_markup",
    "html_to_text",
    "markdown_to_text",
    "normalize_text",
    "read_html",
    "read_markdown",
    "read_plain",
]

SNIFF_BYTES = 8192
# Above this share of control characters a "text" file is really binary.
MAX_CONTROL_SHARE = 0.3
# charset-normalizer readings within TIE of the best one's chaos (TIE/2 of its coherence) tie.
TIE = 0.05
WESTERN_ENCODINGS = frozenset({"cp1252", "latin_1", "iso8859_15"})
# Old Mac and HP code pages win too often on short Latin texts ("Hän" read as "H‰n").
RARE_ENCODINGS = (
    "hp_roman8",
    "mac_iceland",
    "mac_roman",
    "mac_turkish",
    "mac_latin2",
    "mac_greek",
    "mac_cyrillic",
)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(
    rb"""<\?xml[^>]*encoding=["']?([\w.:-]+)|<meta[^>]*charset=["']?([\w.:-]+)""",
    re.IGNORECASE,
)
_NEWLINES = re.compile(r"\r\n?")


@dataclass(frozen=True, slots=True)
class Source:
    """One chapter as read from a file, before its heading is recognised.

    ``key`` is the wanted document id; ``title`` (an EPUB toc label) beats the heading's title,
    ``fallback_title`` (``<title>``, first ``<h1>``, front matter) is used when there is no
    heading; ``marked`` says the first block was marked up as a heading.
    """

    key: str
    path: str
    text: str
    title: str | None = None
    fallback_title: str | None = None
    marked: bool = False


def normalize_text(text: str) -> str:
    """Strip a BOM, turn ``\\r\\n`` and ``\\r`` into ``\\n``, compose to NFC."""
    text = _NEWLINES.sub("\n", text.removeprefix("\ufeff"))
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _bom_codec(data: bytes) -> str | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return None


def declared_codec(data: bytes) -> str | None:
    match = _DECLARED.search(data[:2048])
    if not match:
        return None
    name = (match[1] or match[2]).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _detect(data: bytes, shown: str) -> str:
    from charset_normalizer import from_bytes

    results = from_bytes(data, cp_exclusion=list(RARE_ENCODINGS))
    best = results.best()
    if best is None:
        raise DecodeError(f"{shown}: cannot determine the text encoding (save it as UTF-8)")
    # On short texts several code pages tie (French latin-1 also reads as Baltic cp1257):
    # a Western European reading among the near-ties wins.
    for match in results:
        western = WESTERN_ENCODINGS.intersection([match.encoding, *match.could_be_from_charset])
        tied = match.chaos <= best.chaos + TIE and match.coherence >= best.coherence - TIE / 2
        if western and tied:
            return str(match)
    return str(best)


def _decode(data: bytes, shown: str, declared: str | None) -> str:
    bom = _bom_codec(data)
    if bom:
        try:
            return data.decode(bom)  # normalize_text drops the BOM character
        except UnicodeDecodeError as error:
            raise DecodeError(f"{shown}: invalid {bom} text at byte {error.start}") from None
    if b"\0" in data[:SNIFF_BYTES]:
        raise BinaryInputError(f"{shown}: binary file, not text")
    # Valid UTF-8 is UTF-8 whatever a page declares (pages often mislabel it as latin-1).
    for codec in ("utf-8", declared):
        if codec:
            try:
                return data.decode(codec)
            except (UnicodeDecodeError, LookupError):
                continue
    return _detect(data, shown)


def _control_share(text: str) -> float:
    sample = text[:SNIFF_BYTES]
    controls = sum(
        1 for char in sample if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f\v"
    )
    return controls / max(len(sample), 1)


def decode_bytes(data: bytes, shown: str, declared: str | None = None) -> str:
    """Decode a file's bytes to normalised text; ``shown`` names the file in errors.

    BOM first (UTF-8, UTF-16, UTF-32), then UTF-8, then the ``declared`` codec, then
    charset-normalizer for legacy single-byte encodings (cp1251, cp1252, latin-1, ...).
    """
    if not data:
        raise EmptyInputError(f"{shown}: the file is empty")
    text = normalize_text(_decode(data, shown, declared))
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise BinaryInputError(f"{shown}: binary file, not text")
    if not text.strip():
        raise EmptyInputError(f"{shown}: the file holds only whitespace")
    return text


def decode_markup(data: bytes, shown: str) -> str:
    """:func:`decode_bytes` honouring an XML declaration or ``<meta charset>``."""
    return decode_bytes(data, shown, declared_codec(data))


def read_plain(data: bytes, key: str, path: str) -> Source:
    return Source(key, path, decode_bytes(data, path))


# --- markdown ------------------------------------------------------------------------------

_FENCE = re.compile(r"\s{0,3}(?:```|~~~)")
_ATX = re.compile(r"\s{0,3}#{1,6}(?:\s+(?P<text>.*?))?(?:\s+#+)?\s*")
_UNDERLINE = re.compile(r"\s{0,3}(?:=+|-+)\s*")
_RULE = re.compile(r"\s{0,3}([-*_])(?:\s*\1){2,}\s*")
_REFERENCE = re.compile(r"\s{0,3}\[[^\]]+\]:\s*\S.*")
_QUOTE_PREFIX = re.compile(r"^(?:\s{0,3}>\s?)+")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])")
_INLINE_RULES = (
    (re.compile(r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])"), ""),  # images are dropped
    (re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])"), r"\1"),  # links keep their text
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),
    (re.compile(r"</?(?:b|i|u|em|strong|span|sup|sub|small|br)\b[^>]*>", re.IGNORECASE), ""),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w\\])_(?=\S)(.+?)(?<=\S)_(?!\w)"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
)
_ENTITY = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]*|#\d+|#[xX][0-9a-fA-F]+);")
_FRONT_MATTER = re.compile(r"---\n(?P<body>(?:[\w-]+\s*:.*\n|[ \t-].*\n)*?)(?:---|\.\.\.)\n")
_FRONT_TITLE = re.compile(r"^title\s*:\s*(?P<title>.+?)\s*$", re.MULTILINE | re.IGNORECASE)


def _inline(line: str) -> str:
    # Escaped characters hide in the private use area while the rules run.
    line = _ESCAPED.sub(lambda m: chr(0xE000 + ord(m[1])), line)
    for pattern, replacement in _INLINE_RULES:
        line = pattern.sub(replacement, line)
    line = _ENTITY.sub(lambda m: html.unescape(m[0]), line)
    return re.sub("[\ue000-\ue07f]", lambda m: chr(ord(m[0]) - 0xE000), line)


def _front_matter(text: str) -> tuple[str, str | None]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return text, None
    title = _FRONT_TITLE.search(match["body"])
    return text[match.end() :], title["title"].strip("\"'") if title else None


def markdown_to_text(text: str) -> tuple[str, bool, str | None]:
    """Strip the markdown that would confuse NLP; keep every word of the text.

    Returns ``(text, first block is a heading, front-matter title)``.
    """
    text, front_title = _front_matter(text)
    out: list[str] = []
    in_code = False
    first: int | None = None  # index in out of the first non-empty line
    marked = False
    for raw in text.split("\n"):
        if _FENCE.match(raw):
            in_code = not in_code
            out.append("")
            continue
        heading = None if in_code else _ATX.fullmatch(raw)
        line = raw
        if in_code:
            pass
        elif heading:
            line = heading["text"] or ""
        elif _UNDERLINE.fullmatch(raw) and out and out[-1].strip():
            marked = marked or first == len(out) - 1  # a setext heading's underline
            out.append("")
            continue
        elif _RULE.fullmatch(raw) or _REFERENCE.fullmatch(raw):
            line = ""
        if not in_code:
            line = _inline(_QUOTE_PREFIX.sub("", line))
        if first is None and line.strip():
            first, marked = len(out), heading is not None
        out.append(line)
    return "\n".join(out), marked, front_title


def read_markdown(data: bytes, key: str, path: str) -> Source:
    text, marked, front_title = markdown_to_text(decode_bytes(data, path))
    if not text.strip():
        raise EmptyInputError(f"{path}: the file holds no text")
    return Source(key, path, normalize_text(text), fallback_title=front_title, marked=marked)


# --- HTML ----------------------------------------------------------------------------------


def _words(names: str) -> frozenset[str]:
    return frozenset(names.split())


BLOCK_TAGS = _words(
    "address article aside blockquote body caption center dd details dialog div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main "
    "nav ol p section summary table tbody thead tfoot tr ul"
)
HEADING_TAGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
DROPPED_TAGS = _words("script style head title template noscript svg math rp rt iframe")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


class _Blocks:
    """Collects the text of block elements: one string per block, lines split at ``<br>``."""

    def __init__(self) -> None:
        self.blocks: list[tuple[str, str]] = []  # (block text, tag that opened it)
        self.lines: list[list[str]] = [[]]
        self.tag = ""

    def text(self, value: str) -> None:
        self.lines[-1].append(value)

    def line_break(self) -> None:
        self.lines.append([])

    def flush(self, next_tag: str) -> None:
        lines = [_HTML_SPACE.sub(" ", "".join(parts)).strip() for parts in self.lines]
        block = "\n".join(lines).strip("\n")
        if block.strip():
            self.blocks.append((re.sub(r"\n{3,}", "\n\n", block), self.tag))
        self.lines = [[]]
        self.tag = next_tag

    def preformatted(self, value: str) -> None:
        self.flush("pre")
        if value.strip():
            self.blocks.append((value.strip("\n"), "pre"))


def _walk(root: object, blocks: _Blocks) -> None:
    from bs4 import Tag
    from bs4.element import CData, NavigableString

    stack: list[object] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, str) and not isinstance(node, Tag):
            if type(node) is NavigableString or isinstance(node, CData):
                blocks.text(str(node))
            continue
        if isinstance(node, _End):
            blocks.flush("")
            continue
        if not isinstance(node, Tag) or node.name in DROPPED_TAGS:
            continue
        name = node.name
        if name == "br":
            blocks.line_break()
        elif name == "pre":
            blocks.preformatted(node.get_text())
        elif name in ("td", "th"):
            blocks.text(" ")
        if name in ("br", "pre"):
            continue
        if name in BLOCK_TAGS:
            blocks.flush(name)
            stack.append(_End())
        stack.extend(reversed(node.contents))


class _End:
    """Marks the end of a block element on the walk's stack."""


def html_to_text(markup: str) -> tuple[str, bool, str | None]:
    """Text of the block elements, ``\\n\\n`` between blocks, ``\\n`` for ``<br>``.

    Returns ``(text, first block is a heading, <title> or first <h1>)``.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    blocks = _Blocks()
    _walk(soup.body or soup, blocks)
    blocks.flush("")
    text = "\n\n".join(block for block, _ in blocks.blocks)
    marked = bool(blocks.blocks) and blocks.blocks[0][1] in HEADING_TAGS
    hint = None
    for tag in (soup.find("title"), soup.find("h1")):
        if tag is not None:
            hint = _HTML_SPACE.sub(" ", tag.get_text()).strip() or hint
            if hint:
                break
    return text, marked, hint


def read_html(data: bytes, key: str, path: str) -> Source:
    text, marked, hint = html_to_text(decode_markup(data, path))
    if not text.strip():
        raise EmptyInputError(f"{path}: the page holds no text")
    return Source(key, path, normalize_text(text), fallback_title=hint, marked=marked)
