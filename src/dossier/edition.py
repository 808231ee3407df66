"""The corrected edition: every chapter with each misspelt name written the way the book
writes it most, and nothing else changed.

Only spans the names stage attached to an entity are touched (never a search-and-replace:
a variant “Rose” that is also an English word changes only where it names the person), and
inside a span only the variant words change, word for word: “Rarov’s” → “Zharov’s”,
“Comrade R. Rarov” → “Comrade R. Zharov”, “RAROV” → “ZHAROV”; a surname used alone stays a
surname. What to write comes from each alias's ``AliasEvidence.corrected``; evidence stored
before that field existed, and an editor's merge of a look-alike one-word name, are read
from what the evidence says (:func:`alias_corrections`).
"""

from __future__ import annotations

import difflib
import logging
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path

from .errors import ExportError
from .records import AliasEvidence, Analysis, Document, Entity

__all__ = [
    "EVIDENT",
    "alias_corrections",
    "chapter_names",
    "closest_word",
    "correct_document",
    "corrected_texts",
    "match_case",
    "plausible_respelling",
    "respell",
    "write_edition",
]

log = logging.getLogger(__name__)

# The punctuation a name word may carry at its edges (as :func:`names.forms.parse_name`).
_EDGE = ".,;:!?\"“”‘’'()"
_POSSESSIVE = re.compile(r"(?:[’'][sS]|(?<=[sS])[’'])$")
_VARIANT_OF = re.compile(r"spelling variant of “([^”]+)”(?: \(so “([^”]+)”\))?")
# Features of a spelling variant that tie it to its word in the text, enough to respell it.
EVIDENT = frozenset({"one typo", "used nearby"})
_SIMILAR = 0.5  # difflib ratio a variant word needs to be paired with the word it varies


def match_case(target: str, model: str) -> str:
    """``target`` written in the case pattern of ``model``: ALL CAPS stays all caps, a
    lowercase word stays lowercase, otherwise the target's own spelling (“McAdam”)."""
    letters = [c for c in model if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return target.upper()
    if letters and all(c.islower() for c in letters):
        return target.lower()
    if target.isupper() and len(target) > 1:  # the book spells it in capitals most
        return target[:1] + target[1:].lower()
    return target


def respell(text: str, words: Mapping[str, str]) -> str | None:
    """``text`` with each word found in ``words`` (keys compared case-insensitively, edge
    punctuation aside) replaced by its value in ``text``'s case; everything else — spaces,
    titles, initials, punctuation — byte for byte. None when nothing changes."""
    folded = {k.casefold(): v for k, v in words.items()}
    pieces = re.split(r"(\s+)", text)
    changed = False
    for i, piece in enumerate(pieces):
        core = piece.strip(_EDGE)
        target = folded.get(core.casefold()) if core else None
        if target is None:
            continue
        new = match_case(target, core)
        if new == core:
            continue
        lead = len(piece) - len(piece.lstrip(_EDGE))
        pieces[i] = piece[:lead] + new + piece[lead + len(core) :]
        changed = True
    return "".join(pieces) if changed else None


def _letters(word: str) -> str:
    folded = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in folded if c.isalpha() and not unicodedata.combining(c))


def plausible_respelling(
    word: str, target: str, used: Collection[str], features: Collection[str] | None = None
) -> bool:
    """Whether the edition may write the name word ``target`` where the text has ``word``.

    The entity must itself write ``target`` (``used``: the casefolded words of its names),
    so a word-level link made elsewhere (“Court” ~ “Geordie”) never rewrites “Hampton
    Court”; a variant's evidence (``features``, when it is one) must tie the two in the
    text — one typo apart, or used near each other — as sound alone links “Thames” and
    “Thomas”; both are single words differing in letters (not only in case, accents or
    punctuation); and neither is the other with an ending added — a plural (“the
    Gilberts”), a possessive, an adjective (“German”), a feminine form (“Zotova”) is a word
    of its own, never a misspelling.
    """
    if not word or not target or any(c.isspace() for c in word + target):
        return False
    if target.casefold() not in used:
        return False
    if features is not None and not set(features) & EVIDENT:
        return False
    a, b = _letters(word), _letters(target)
    short, long = sorted((a, b), key=len)
    return a != b and not (long.startswith(short) and len(long) - len(short) <= 2)


def _tokens(text: str) -> list[str]:
    return [p.strip(_EDGE) for p in text.split() if p.strip(_EDGE)]


def closest_word(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like ``word`` by spelling (not ``word`` itself), if alike enough."""
    best, ratio = None, _SIMILAR
    for candidate in candidates:
        if candidate.casefold() == word.casefold():
            continue
        score = difflib.SequenceMatcher(None, word.casefold(), candidate.casefold()).ratio()
        if score >= ratio:
            best, ratio = candidate, score
    return best


def _inferred(entity: Entity, item: AliasEvidence) -> str | None:
    """A correction the evidence implies but does not spell out: a spelling variant stored
    without ``corrected`` by a database older than that field (“spelling variant of
    “Zharov””: the alias word most like Zharov becomes Zharov)."""
    tokens = _tokens(item.alias)
    used = {t.casefold() for name in (entity.name, *entity.aliases) for t in _tokens(name)}
    words: dict[str, str] = {}
    if "spelling variant" in item.features:
        for via, head in _VARIANT_OF.findall(item.reason):
            target = head or via
            # a one-word alias is the variant itself, however far its spelling has drifted
            word = tokens[0] if len(tokens) == 1 else closest_word(target, tokens)
            if word is not None and plausible_respelling(word, target, used, item.features):
                words[word] = target
    return respell(item.alias, words) if words else None


def alias_corrections(entity: Entity) -> dict[str, str]:
    """alias → corrected alias, for the aliases of ``entity`` that change."""
    out: dict[str, str] = {}
    for item in entity.evidence:
        corrected = item.corrected or _inferred(entity, item)
        if corrected and corrected != item.alias:
            out[item.alias] = corrected
    return out


def _word_corrections(corrections: Mapping[str, str]) -> dict[str, str]:
    """variant word → canonical word, aligned token by token over the corrected aliases
    (respelling never adds or drops a word)."""
    words: dict[str, str] = {}
    for alias, corrected in corrections.items():
        before, after = alias.split(), corrected.split()
        if len(before) != len(after):
            continue
        for old, new in zip(before, after, strict=True):
            old, new = old.strip(_EDGE), new.strip(_EDGE)
            if old and new and old != new:
                words.setdefault(old.casefold(), new)
    return words


def _with_possessive(name: str, suffix: str) -> str:
    """Keep the possessive the text used; “Jonas’” respelt “Jonah” needs its s back."""
    if suffix in ("’", "'") and not name.casefold().endswith("s"):
        return name + suffix + ("S" if name.isupper() else "s")
    return name + suffix


def _mention_edits(entities: Iterable[Entity]) -> dict[str, list[tuple[int, int, str, str]]]:
    """document id → (start, end, text there, replacement) of every mention that changes:
    one pass over the mentions, corrections worked out once per entity."""
    edits: dict[str, list[tuple[int, int, str, str]]] = {}
    for entity in entities:
        corrections = alias_corrections(entity)
        if not corrections:
            continue
        words = _word_corrections(corrections)
        known = {item.alias for item in entity.evidence}
        for mention in entity.mentions:
            if mention.kind != "PROP":
                continue
            suffix_match = _POSSESSIVE.search(mention.text)
            cut = suffix_match.start() if suffix_match else len(mention.text)
            core, suffix = mention.text[:cut], mention.text[cut:]
            # an alias with evidence says for itself; any other form is respelled word by word
            new = corrections.get(core) if core in known else respell(core, words)
            if new is not None and new != core:
                edit = (mention.start, mention.end, mention.text, _with_possessive(new, suffix))
                edits.setdefault(mention.doc, []).append(edit)
    return edits


def _apply(document: Document, edits: Iterable[tuple[int, int, str, str]]) -> str:
    pieces: list[str] = []
    at = 0
    for start, end, old, new in sorted(edits):
        if document.text[start:end] != old:
            log.warning("%s: mention %r no longer matches the text", document.id, old)
            continue
        if start < at:  # overlapping spans: the first one wins
            continue
        pieces.append(document.text[at:start])
        pieces.append(new)
        at = end
    pieces.append(document.text[at:])
    return "".join(pieces)


def correct_document(document: Document, entities: Iterable[Entity]) -> str:
    """The text of ``document`` with every variant mention respelled (see the module)."""
    return _apply(document, _mention_edits(entities).get(document.id, ()))


def corrected_texts(analysis: Analysis) -> dict[str, str]:
    """document id → its corrected text, for every document (linear in mentions)."""
    edits = _mention_edits(analysis.entities)
    return {d.id: _apply(d, edits.get(d.id, ())) for d in analysis.documents}


def chapter_names(documents: Iterable[Document]) -> dict[str, str]:
    """document id → file stem for its edition: the source file's name, or the document id
    where several chapters share one file (an EPUB)."""
    docs = list(documents)
    stems = [Path(d.path).stem or d.id for d in docs]
    unique = len(set(stems)) == len(stems)
    return {d.id: (stem if unique else d.id) for d, stem in zip(docs, stems, strict=True)}


def write_edition(analysis: Analysis, folder: Path, diff: bool = False) -> list[Path]:
    """Write ``<chapter>.txt`` per chapter into ``folder`` (and ``<chapter>.diff``, a unified
    diff original → corrected, with ``diff``); returns the files written. Each file is
    written atomically."""
    from .export import write_text

    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder}: exists and is not a folder")
    names = chapter_names(analysis.documents)
    texts = corrected_texts(analysis)
    written: list[Path] = []
    for document in analysis.documents:
        corrected = texts[document.id]
        path = folder / f"{names[document.id]}.txt"
        write_text(path, corrected)
        written.append(path)
        if diff:
            lines = difflib.unified_diff(
                document.text.splitlines(keepends=True),
                corrected.splitlines(keepends=True),
                fromfile=f"{names[document.id]} (original)",
                tofile=f"{names[document.id]} (corrected)",
            )
            patch = "".join(line if line.endswith("\n") else line + "\n" for line in lines)
            diff_path = folder / f"{names[document.id]}.diff"
            write_text(diff_path, patch)
            written.append(diff_path)
    return written
