"""Name resolution on names never seen: spelling variants, hard negatives, LitBank chains, speed.

    python bench/names.py [--persons 400] [--seed 7] [--litbank DIR] [--split 0]

1. **Variant sets.** Real names — the proper-name person chains of LitBank's coreference
   layer (CC BY 4.0, Bamman et al.) and Russian-style names listed below — are written again
   the way a round trip through Chinese, a romanisation, a typist or a writer would write them
   (round-trip folds, -off/-ov, typos, surname alone, initials, titles, diminutives, ...).
   Each person lives in a "book" with its hard negatives: a wife with the feminine surname, a
   brother with the same surname, and people with similar-sounding different names. The
   resolver sees the names as mentions, either *isolated* (string evidence only) or *in a
   chapter* (mentions near each other, as in a book). Reported per variant kind: merge recall
   (variant clustered with its person) and, per negative kind, separation.
2. **LitBank chains.** Each book's PROP person mentions (sentence = line) are clustered by the
   resolver; slots are (chain, spelling) as in ``dossier eval``: pair merge recall within
   chains that have two or more proper names, separation across chains.
3. **Speed.** Clustering 5,000 distinct names (target ≤ 2 s).
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from dossier.names.cluster import cluster_names
from dossier.names.scan import NameMention
from dossier.records import Mention

LITBANK = Path(__file__).resolve().parents[2] / "shared" / "data" / "litbank"

# Russian-style names written for this benchmark (none comes from the seed chapters).
MALE_GIVEN = [
    "Aleksei",
    "Boris",
    "Dmitri",
    "Fyodor",
    "Gennady",
    "Grigory",
    "Igor",
    "Ilya",
    "Konstantin",
    "Leonid",
    "Mikhail",
    "Nikolai",
    "Oleg",
    "Pyotr",
    "Semyon",
    "Stepan",
    "Timofei",
    "Vadim",
    "Vasily",
    "Viktor",
    "Vladimir",
    "Yakov",
    "Yuri",
    "Anatoly",
    "Arkady",
    "Kirill",
    "Matvei",
    "Rodion",
    "Zakhar",
    "Yegor",
]
FEMALE_GIVEN = [
    "Anna",
    "Daria",
    "Galina",
    "Irina",
    "Ksenia",
    "Larisa",
    "Lyudmila",
    "Marina",
    "Natalya",
    "Olga",
    "Polina",
    "Sofia",
    "Tatiana",
    "Valentina",
    "Vera",
    "Yelena",
    "Zinaida",
    "Zoya",
    "Antonina",
    "Klavdia",
]
SURNAMES = [
    "Petrov",
    "Sokolov",
    "Lebedev",
    "Kozlov",
    "Novikov",
    "Morozov",
    "Volkov",
    "Solovyov",
    "Zaitsev",
    "Pavlov",
    "Semyonov",
    "Golubev",
    "Vinogradov",
    "Bogdanov",
    "Vorobyov",
    "Fyodorov",
    "Mikhailov",
    "Belyaev",
    "Tarasov",
    "Belov",
    "Komarov",
    "Orlov",
    "Makarov",
    "Andreyev",
    "Kovalyov",
    "Gusev",
    "Titov",
    "Kudryavtsev",
    "Baranov",
    "Kulikov",
    "Stepanov",
    "Yakovlev",
    "Sergeyev",
    "Romanov",
    "Zakharov",
    "Borisov",
    "Korolyov",
    "Gerasimov",
    "Grigoryev",
    "Lazarev",
    "Medvedev",
    "Yershov",
    "Sobolev",
    "Ryabov",
    "Polyakov",
    "Tsvetkov",
    "Danilov",
    "Zhukov",
    "Frolov",
    "Zhuravlyov",
    "Nikolayev",
    "Krylov",
    "Maksimov",
    "Sidorov",
    "Osipov",
    "Fedotov",
    "Yegorov",
    "Matveyev",
    "Bobrov",
    "Dmitriev",
    "Anisimov",
    "Petukhov",
    "Antonov",
    "Timofeyev",
    "Nikiforov",
    "Veselov",
    "Filippov",
    "Markov",
    "Sukhanov",
    "Mironov",
    "Konovalov",
    "Shestakov",
    "Kazakov",
    "Denisov",
    "Gromov",
    "Davydov",
    "Melnikov",
    "Shcherbakov",
    "Blinov",
    "Karpov",
    "Vlasov",
    "Maslov",
    "Tikhonov",
    "Gavrilov",
    "Rodionov",
    "Kotov",
    "Gorbunov",
    "Bykov",
    "Tretyakov",
    "Rybakov",
    "Suvorov",
    "Abramov",
    "Voronov",
    "Arkhipov",
    "Trofimov",
    "Martynov",
    "Chernov",
    "Ovchinnikov",
    "Panfilov",
    "Nazarov",
    "Lobanov",
    "Nekrasov",
    "Zhdanov",
    "Sorokin",
    "Ilyin",
    "Kuzmin",
    "Nikitin",
    "Galkin",
    "Lukin",
    "Mukhin",
    "Fomin",
    "Zimin",
    "Borodin",
    "Golovin",
    "Kovalevsky",
    "Obolensky",
    "Vyazemsky",
    "Zagorsky",
    "Polonsky",
    "Pokrovsky",
    "Zhitomirsky",
    "Rozhdestvensky",
]


# ---------------------------------------------------------------- variant generators
def _case(model: str, word: str) -> str:
    return word.upper() if model.isupper() and len(model) > 1 else word[:1].upper() + word[1:]


_FOLDS = [
    ("b", "p"), ("p", "b"), ("d", "t"), ("t", "d"), ("g", "k"), ("k", "g"), ("v", "f"),
    ("v", "w"), ("l", "r"), ("r", "l"), ("zh", "r"), ("zh", "sh"), ("sh", "s"), ("shch", "sh"),
    ("ch", "ts"), ("ts", "ch"), ("z", "ts"), ("kh", "h"), ("o", "a"), ("e", "i"), ("au", "o"),
]  # fmt: skip


def roundtrip(word: str, rng: random.Random) -> str | None:
    """Two changes a round trip through Chinese makes: folds, dropped glides, added vowels."""
    low = word.lower()
    for _ in range(2):
        choices = [(a, b) for a, b in _FOLDS if a in low[1:]]
        if low[:2] in ("ye", "ya", "yu", "yo"):
            choices.append(("^y", ""))
        if low[-1] not in "aeiouy":
            choices.append(("$", rng.choice("ou")))
        if not choices:
            return None
        a, b = rng.choice(choices)
        if a == "^y":
            low = low[1:]
        elif a == "$":
            low += b
        else:
            at = rng.choice([m.start() for m in re.finditer(a, low) if m.start() > 0] or [-1])
            if at < 0:
                continue
            low = low[:at] + b + low[at + len(a) :]
    return _case(word, low) if low != word.lower() else None


_ROMAN = [
    (r"ov$", "off"), (r"ev$", "eff"), (r"ich$", "itch"), (r"sky$", "ski"), (r"sky$", "skiy"),
    (r"yev$", "iev"), (r"yov$", "iov"), (r"^Ya", "Ja"), (r"^Yu", "Ju"), (r"^Ye", "E"),
    (r"ks", "x"), (r"x", "ks"), (r"y$", "i"), (r"ei$", "ey"), (r"ii$", "y"),
]  # fmt: skip


def romanised(word: str, rng: random.Random) -> str | None:
    """Another romanisation of the same name: -off/-ov, -itch/-ich, -ski/-sky, y/i, j/y."""
    rules = [(a, b) for a, b in _ROMAN if re.search(a, word)]
    if not rules:
        return None
    a, b = rng.choice(rules)
    return re.sub(a, b, word, count=1)


def typo(word: str, rng: random.Random) -> str | None:
    """One slip of the keyboard in a name of six letters or more."""
    if len(word) < 6:
        return None
    i = rng.randrange(1, len(word) - 2)
    kind = rng.choice(("swap", "drop", "double"))
    if kind == "swap":
        out = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    elif kind == "drop":
        out = word[:i] + word[i + 1 :]
    else:
        out = word[:i] + word[i] + word[i:]
    return out if out != word else None


# ---------------------------------------------------------------- books of mentions
@dataclass
class _Book:
    names: list[NameMention]
    owner: list[int]  # the person each mention is about, or is a negative of
    positive: list[bool]  # a name of that person (else one of its hard negatives)
    kind: list[str]  # "canonical", a variant kind, or a negative kind


class _Writer:
    """Writes mentions into a book: one sentence each, chapters apart unless in context."""

    def __init__(self, context: bool) -> None:
        self.context = context
        self.book = _Book([], [], [], [])
        self.sentence = 0

    def add(self, text: str, owner: int, kind: str, positive: bool = True) -> None:
        self.sentence += 1 if self.context else 1000
        doc = owner if self.context else self.sentence
        mention = Mention("bench", self.sentence * 10, self.sentence * 10 + len(text), text, "PER")
        self.book.names.append(NameMention(mention, doc, self.sentence))
        self.book.owner.append(owner)
        self.book.positive.append(positive)
        self.book.kind.append(kind)


def _variants(given: str, surname: str, rng: random.Random) -> dict[str, str]:
    from dossier.names.lexicon import lexicon, name_key

    found: dict[str, str] = {}
    for kind, make in (("round trip", roundtrip), ("romanisation", romanised), ("typo", typo)):
        word = make(surname, rng)
        if word:
            found[kind] = f"{given} {word}" if rng.random() < 0.3 else word
    found["surname alone"] = surname
    found["given name alone"] = given
    found["initials"] = f"{given[0]}. {surname}"
    gender = lexicon().given_gender(name_key(given))
    titles = {"male": ("Mr.", "General"), "female": ("Mrs.", "Miss")}.get(gender or "", ())
    found["title"] = f"{rng.choice(('Comrade', 'Dr.', *titles))} {surname}"
    found["possessive"] = f"{surname}’s"
    found["upper case"] = f"{given} {surname}".upper()
    short = [d for d, full in lexicon().diminutives.items() if name_key(given) in full]
    if short:
        found["diminutive"] = short[0].capitalize()
    return found


def _feminine(surname: str) -> str | None:
    for male, female in (("sky", "skaya"), ("ov", "ova"), ("ev", "eva"), ("in", "ina")):
        if surname.endswith(male):
            return surname[: -len(male)] + female
    return None


def build_book(people: Sequence[tuple[str, str]], context: bool, seed: int) -> _Book:
    """Each person: its full name three times, one mention per variant kind, and negatives."""
    rng = random.Random(seed)
    writer = _Writer(context)
    surnames = [s for _, s in people]
    for pid, (given, surname) in enumerate(people):
        for _ in range(3):
            writer.add(f"{given} {surname}", pid, "canonical")
        for kind, text in _variants(given, surname, rng).items():
            writer.add(text, pid, kind)
        wife = _feminine(surname)
        if wife:
            writer.add(f"{rng.choice(FEMALE_GIVEN)} {wife}", pid, "gendered form", False)
            writer.add(wife, pid, "gendered form", False)
        brother = rng.choice([g for g in MALE_GIVEN if g[0] != given[0]])
        writer.add(f"{brother} {surname}", pid, "sibling", False)
        similar = [s for s in surnames if s != surname and _close(s, surname)]
        if similar:
            other = rng.choice(similar)
            for _ in range(2):
                writer.add(other, pid, "similar name", False)
    return writer.book


def _close(a: str, b: str) -> bool:
    from dossier.names.skeleton import best_match

    match = best_match(a, b)
    return match is not None and (match.same_skeleton or match.fine <= 1.0)


def score_book(book: _Book) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """[hits, total] per variant kind (merged with the person's full name) and per negative
    kind (kept apart from it)."""
    clustering = cluster_names(book.names)
    group = [0] * len(book.names)
    for g, found in enumerate(clustering.groups):
        for i in found.members:
            group[i] = g
    home: dict[int, Counter[int]] = defaultdict(Counter)
    for i, owner in enumerate(book.owner):
        if book.kind[i] == "canonical":
            home[owner][group[i]] += 1
    merge: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    apart: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for i, owner in enumerate(book.owner):
        kind = book.kind[i]
        if kind == "canonical":
            continue
        target = merge if book.positive[i] else apart
        together = group[i] == home[owner].most_common(1)[0][0]
        target[kind][0] += together if book.positive[i] else not together
        target[kind][1] += 1
    return merge, apart


# ---------------------------------------------------------------- LitBank chains
def litbank_chains(folder: Path) -> dict[str, list[tuple[str, str, int]]]:
    """Per book: (chain, name, line) of every PROP_PER mention of the coreference layer."""
    books: dict[str, list[tuple[str, str, int]]] = {}
    for ann in sorted((folder / "coref").glob("*.ann")):
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        typed: set[tuple[int, int]] = set()
        chains: dict[tuple[int, int], tuple[str, str]] = {}
        for line in ann.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) < 3 or not line.startswith("T"):
                continue
            label, start, end = parts[1].split(" ")[:3]
            span = (int(start), int(end))
            if label == "PROP_PER":
                typed.add(span)
            elif not label.startswith(("PROP_", "NOM_", "PRON_")):
                chains[span] = (label, parts[2])
        from bisect import bisect_right

        books[ann.stem] = [
            (chain, name, bisect_right(starts, span[0]) - 1)
            for span, (chain, name) in sorted(chains.items())
            if span in typed
        ]
    return books


def _linked(a: str, b: str) -> bool:
    """Whether two names share a name word, or a given name and its diminutive: the pairs a
    name resolver can merge without coreference (“Edna” and “Mrs. Pontellier” it cannot)."""
    from dossier.names.forms import parse_name
    from dossier.names.lexicon import lexicon

    x, y = set(parse_name(a).keys), set(parse_name(b).keys)
    lex = lexicon()
    return bool(x & y) or any(lex.same_given(p, q) for p in x for q in y)


def score_litbank(books: dict[str, list[tuple[str, str, int]]]) -> dict[str, float | int]:
    merged = merge_pairs = kept = apart_pairs = linked = linked_merged = 0
    for mentions in books.values():
        names = [
            NameMention(Mention("lb", i, i + len(name), name.replace(" 's", "’s"), "PER"), 0, line)
            for i, (_, name, line) in enumerate(mentions)
        ]
        if not names:
            continue
        clustering = cluster_names(names)
        group = [0] * len(names)
        for g, found in enumerate(clustering.groups):
            for i in found.members:
                group[i] = g
        slots: dict[tuple[str, str], Counter[int]] = defaultdict(Counter)
        for i, (chain, name, _) in enumerate(mentions):
            slots[(chain, name)][group[i]] += 1
        predicted = {slot: votes.most_common(1)[0][0] for slot, votes in slots.items()}
        per_chain = Counter(chain for chain, _ in predicted)
        for (a, pa), (b, pb) in combinations(predicted.items(), 2):
            if a[0] == b[0]:
                if per_chain[a[0]] >= 2:
                    merge_pairs += 1
                    merged += pa == pb
                    if _linked(a[1], b[1]):
                        linked += 1
                        linked_merged += pa == pb
            else:
                apart_pairs += 1
                kept += pa != pb
    return {
        "books": len(books),
        "merge_recall": merged / merge_pairs if merge_pairs else float("nan"),
        "merge_pairs": merge_pairs,
        "merge_recall_name_linked": linked_merged / linked if linked else float("nan"),
        "name_linked_pairs": linked,
        "separation": kept / apart_pairs if apart_pairs else float("nan"),
        "separation_pairs": apart_pairs,
    }


# ---------------------------------------------------------------- speed
def speed(count: int, seed: int) -> float:
    rng = random.Random(seed)
    pool = MALE_GIVEN + FEMALE_GIVEN
    names: set[str] = set()
    while len(names) < count:
        surname = rng.choice(SURNAMES)
        made = [roundtrip(surname, rng), typo(surname, rng), surname]
        names.add(f"{rng.choice(pool)} {rng.choice([m for m in made if m])}")
    mentions = [
        NameMention(Mention("speed", i, i + len(n), n, "PER"), i // 200, i)
        for i, n in enumerate(sorted(names))
    ]
    begin = time.perf_counter()
    cluster_names(mentions)
    return time.perf_counter() - begin


def _people(folder: Path, rng: random.Random, count: int) -> list[tuple[str, str]]:
    russian = [
        (rng.choice(MALE_GIVEN), surname) for surname in SURNAMES
    ]  # fmt: skip
    from dossier.names.lexicon import lexicon

    titles = lexicon().titles
    english: set[tuple[str, str]] = set()
    if folder.is_dir():
        for mentions in litbank_chains(folder).values():
            for _, name, _ in mentions:
                words = name.split()
                if (
                    len(words) == 2
                    and all(w.isalpha() and w[0].isupper() and not w.isupper() for w in words)
                    and words[0].lower() not in titles
                ):
                    english.add((words[0], words[1]))
    people = russian + sorted(english)
    rng.shuffle(people)
    return people[:count]


def _table(title: str, rows: dict[str, list[int]]) -> None:
    print(f"  {title}")
    for kind, (hits, total) in sorted(rows.items()):
        print(f"    {kind:18s} {hits / total:6.3f}  ({hits}/{total})")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--litbank", type=Path, default=LITBANK)
    parser.add_argument("--split", type=int, default=0, help="LitBank fold for the test split")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    people = _people(args.litbank, rng, args.persons)
    print(f"variant sets: {len(people)} people (LitBank PROP names + Russian-style names)")
    for context in (False, True):
        merge: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        apart: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for start in range(0, len(people), 50):  # a cast of fifty per book
            m, a = score_book(build_book(people[start : start + 50], context, args.seed + start))
            for table, part in ((merge, m), (apart, a)):
                for kind, (hits, total) in part.items():
                    table[kind][0] += hits
                    table[kind][1] += total
        print(f" {'in a chapter' if context else 'isolated (spelling only)'}")
        _table("merge recall per variant kind", merge)
        _table("separation per negative kind", apart)
    if args.litbank.is_dir():
        books = litbank_chains(args.litbank)
        print("LitBank coreference chains (PROP person mentions, sentence = line):")
        print("  all books  ", score_litbank(books))
        ids = args.litbank / "splits" / str(args.split) / "test.ids"
        if ids.exists():
            wanted = {line.strip().removesuffix(".tsv") for line in ids.read_text().splitlines()}
            test = {k: v for k, v in books.items() if k in wanted}
            print(f"  split {args.split} test", score_litbank(test))
    print(f"speed: 5,000 distinct names clustered in {speed(5000, args.seed):.2f} s (target ≤ 2 s)")


if __name__ == "__main__":
    main()
