"""Which scanned names are names: book-wide checks on recognised and newly found mentions.

A capitalised word is not a name when the book uses it as a word: after an article (“an old
Cossack”, “from that Time on”) or in lower case far more often than capitalised mid-sentence
(“Time”), or when it is a stop word (“Once”), or when every person mention of it only
modifies a common noun (“the Kirov regiment”). A mention the NER missed is kept only when the
name word it matched survives these checks, and a sentence-initial one only when the book never
writes it in lower case. A one-word “name” seen only opening quoted sentences is a dialect
word (“Reckon so,”), and degree letters after a name (“…, M. A. Cantab.”) are none. A word
found as the speaker of speech tags (“…,” Tinker murmured) is a name when it speaks so at least
twice and the book writes it in lower case less often.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from .forms import parse_name
from .lexicon import lexicon
from .scan import BookScan, NameMention
from .skeleton import plain

__all__ = ["accept_names", "common_words", "quotation_openers"]


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def common_words(names: Sequence[NameMention], scan: BookScan) -> set[str]:
    """Keys of single-word recognised names that the book uses as ordinary words."""
    stop = _stop_words()
    by_key: dict[str, list[NameMention]] = defaultdict(list)
    spelled: dict[str, Counter[str]] = defaultdict(Counter)
    for item in names:
        form = parse_name(item.mention.text)
        if len(form.keys) == 1 and not form.initials and not form.titles:
            by_key[form.keys[0]].append(item)
            spelled[form.keys[0]][item.mention.text] += 1
    common: set[str] = set()
    for key, items in by_key.items():
        word = plain(spelled[key].most_common(1)[0][0])
        lower = scan.lowercase[word]
        mid = sum(not item.initial for item in items)
        articles = sum("article" in item.cues for item in items)
        # “the Kirov regiment”: a name that never stands for a person, only modifies a noun
        people = [item for item in items if item.mention.label == "PER"]
        modifiers = sum("modifier" in item.cues for item in people)
        if (
            word in stop
            or scan.common_noun(word)
            or (word.endswith("s") and scan.common_noun(word[:-1]))
            or articles * 2 >= len(items)
            or (modifiers > 0 and modifiers == len(people))
            or (lower >= 3 and lower >= 4 * mid)
            or (mid == 0 and lower > 0)
        ):
            common.add(key)
    return common


def _families(names: Sequence[NameMention]) -> set[str]:
    """Surnames in the plural (“the Bingleys”, “Mr. Knightleys”): a family, not a person."""
    surnames: set[str] = set()
    singles: set[str] = set()
    for item in names:
        form = parse_name(item.mention.text)
        if len(form.keys) >= 2 or (form.keys and (form.titles or form.initials)):
            surnames.add(form.keys[-1])
        if len(form.keys) == 1:
            singles.add(form.keys[0])
    return {
        key
        for key in singles
        if key.endswith("s")
        and (key[:-1] in surnames or (key.endswith("es") and key[:-2] in surnames))
    }


def quotation_openers(names: Sequence[NameMention]) -> set[str]:
    """Keys of one-word “names” seen only opening quoted sentences (“Reckon so,”, ‘Lor, what a
    day’): a dialect word the recogniser took for a name. A person is also spoken to (“…,
    Jim”), named in narration or in a longer name; a known given name is left alone."""
    lex = lexicon()
    opening: set[str] = set()
    other: set[str] = set()
    for item in names:
        form = parse_name(item.mention.text)
        if len(form.keys) != 1 or form.initials or form.titles:
            other.update(form.keys)
            continue
        key = form.keys[0]
        opens = "opens" in item.cues or (item.initial and "quoted" in item.cues)
        opener = opens and "vocative" not in item.cues
        if opener and not lex.is_given(key):
            if "opens" in item.cues:
                opening.add(key)
        else:
            other.add(key)
    return opening - other


def accept_names(scan: BookScan) -> list[NameMention]:
    """Recognised names that are names, and the found mentions that pass, in book order."""
    common = common_words(scan.names, scan) | _families(scan.names)
    common |= quotation_openers([*scan.names, *scan.found])
    not_names = lexicon().not_names
    kept: list[NameMention] = []
    words: set[str] = set()
    recognised: Counter[str] = Counter()
    for item in scan.names:
        recognised.update(plain(w) for w in item.mention.text.split())
        form = parse_name(item.mention.text)
        if len(form.keys) == 1 and not form.initials and form.keys[0] in common:
            continue
        if not form.keys or all(k in not_names for k in form.keys) or form.keys[0] in not_names:
            continue
        if "degree" in item.cues:
            continue  # “…, M. A. Cantab.”: letters after a name
        kept.append(item)
        words.update(form.keys)
    stop = _stop_words()
    speakers = Counter(plain(item.mention.text) for item in scan.found if item.found == "speaker")
    for item in scan.found:
        form = parse_name(item.mention.text)
        if item.found == "speaker":
            # a word that speaks in tags again and again, and is seldom written in lower case
            word = plain(item.mention.text)
            count = speakers[word]
            spoken = count >= 2 and scan.lowercase[word] < count
            if spoken and word not in not_names and not (form.keys and form.keys[0] in common):
                kept.append(item)
            continue
        if not form.keys or any(k in common or k in not_names for k in form.keys):
            continue
        if item.matched and item.matched not in words:
            continue  # matched a word only junk mentions used
        spelled = [plain(w) for w in form.words]
        if any(w in stop or scan.lowercase[w] > 0 for w in spelled) and (
            item.initial or item.found != "known"
        ):
            continue
        if any(scan.lowercase[w] >= 3 * max(1, recognised[w]) for w in spelled):
            continue  # “Come” known from “Kingdom Come”, but mostly a word here
        kept.append(item)
    kept.sort(key=lambda item: (item.doc, item.mention.start))
    return kept
