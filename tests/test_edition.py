"""The corrected edition: only variant names change, in their own shape, at the mentions the
names stage attached (never a search-and-replace); and the CLI's ``export`` formats."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dossier.cli import cli
from dossier.edition import (
    alias_corrections,
    chapter_names,
    correct_document,
    match_case,
    plausible_respelling,
    respell,
    write_edition,
)
from dossier.errors import ExportError
from dossier.export import to_json
from dossier.records import AliasEvidence, Analysis, Document, Entity, Mention, Paragraph

from .conftest import SAMPLE

# An invented chapter: possessives of both apostrophes and s’, a sentence-initial variant,
# variants inside a quotation, ALL CAPS, a title-and-initials form, and two variants that
# are English words (“Mark”, “Rose”) used also as words.
TEXT = (
    "RAROV’S ORDERS\n\n"
    "Rarov’s men came at dawn. Zharov did not look up from Rarov's desk.\n\n"
    "“Sharov is a liar,” said Tikhon Zharov. “Ask Comrade T. Rarov.”\n\n"
    "Mark left a mark on the door; Marko laughed. Rose picked a rose for Rosa.\n\n"
    "They sailed in Jonas’ boat, and Jonah steered. TIKHON RAROV signed."
)


def _find(text: str, word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


def _mentions(
    text: str, spans: Iterable[tuple[str, int]], doc: str = "ch01"
) -> tuple[Mention, ...]:
    found = []
    for word, nth in spans:
        start, end = _find(text, word, nth)
        found.append(Mention(doc, start, end, word, "PER"))
    return tuple(sorted(found, key=lambda m: m.start))


def _evidence(alias: str, corrected: str | None = None) -> AliasEvidence:
    if corrected is None:
        return AliasEvidence(alias, "name of its own", 1.0, ("own name",))
    head = corrected.split()[-1].title()
    reason = f"spelling variant of “{head}”: one vowel apart"  # as the names stage says
    return AliasEvidence(alias, reason, 0.9, ("spelling variant", "one vowel apart"), corrected)


def make_book(text: str = TEXT, path: str = "book/ch01.txt") -> Analysis:
    zharov = Entity(
        "tikhon-zharov", "Tikhon Zharov", "PER", "male",
        aliases=("Tikhon Zharov", "Zharov", "Rarov", "Sharov", "Comrade T. Rarov", "RAROV"),
        mentions=_mentions(text, [
            ("RAROV’S", 0), ("Rarov’s", 0), ("Zharov", 0), ("Rarov's", 0), ("Sharov", 0),
            ("Tikhon Zharov", 0), ("Comrade T. Rarov", 0), ("TIKHON RAROV", 0),
        ]),
        evidence=(
            _evidence("Tikhon Zharov"), _evidence("Zharov"), _evidence("Rarov", "Zharov"),
            _evidence("Sharov", "Zharov"), _evidence("Comrade T. Rarov", "Comrade T. Zharov"),
            _evidence("RAROV", "ZHAROV"),
            # “TIKHON RAROV” has no evidence of its own: respelled word by word
        ),
    )  # fmt: skip
    marko = Entity(
        "marko", "Marko", "PER", "male", aliases=("Marko", "Mark"),
        mentions=_mentions(text, [("Mark", 0), ("Marko", 0)]),
        evidence=(_evidence("Marko"), _evidence("Mark", "Marko")),
    )  # fmt: skip
    rosa = Entity(
        "rosa", "Rosa", "PER", "female", aliases=("Rosa", "Rose"),
        mentions=_mentions(text, [("Rose", 0), ("Rosa", 0)]),
        evidence=(_evidence("Rosa"), _evidence("Rose", "Rosa")),
    )  # fmt: skip
    jonah = Entity(
        "jonah", "Jonah", "PER", "male", aliases=("Jonah", "Jonas"),
        mentions=_mentions(text, [("Jonas’", 0), ("Jonah", 0)]),
        evidence=(_evidence("Jonah"), _evidence("Jonas", "Jonah")),
    )  # fmt: skip
    doc = Document("ch01", path, "Orders", text, chapter=1)
    cuts = [0, *(i + 2 for i in range(len(text)) if text.startswith("\n\n", i)), len(text)]
    paragraphs = tuple(Paragraph("ch01", i, cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1))
    return Analysis(documents=(doc,), paragraphs=paragraphs, entities=(zharov, marko, rosa, jonah))


def _changed_outside(original: str, corrected: str, mentions: Sequence[Mention]) -> list[str]:
    """Every change from ``original`` to ``corrected`` that falls outside a mention span."""
    spans = [(m.start, m.end) for m in mentions]
    outside = []
    matcher = difflib.SequenceMatcher(None, original, corrected, autojunk=False)
    for op, i1, i2, _, _ in matcher.get_opcodes():
        if op == "equal":
            continue
        if not any(s <= i1 and i2 <= e for s, e in spans):
            outside.append(original[max(0, i1 - 10) : i2 + 10])
    return outside


def test_edition_rewrites_only_the_variant_words() -> None:
    book = make_book()
    corrected = correct_document(book.documents[0], book.entities)
    assert corrected == (
        "ZHAROV’S ORDERS\n\n"
        "Zharov’s men came at dawn. Zharov did not look up from Zharov's desk.\n\n"
        "“Zharov is a liar,” said Tikhon Zharov. “Ask Comrade T. Zharov.”\n\n"
        "Marko left a mark on the door; Marko laughed. Rosa picked a rose for Rosa.\n\n"
        "They sailed in Jonah’s boat, and Jonah steered. TIKHON ZHAROV signed."
    )
    mentions = [m for e in book.entities for m in e.mentions]
    assert _changed_outside(TEXT, corrected, mentions) == []


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Rarov’s men", "Zharov’s men"),  # typographic possessive, sentence-initial
        ("from Zharov's desk", "from Zharov's desk"),  # straight possessive
        ("“Zharov is a liar,”", "“Zharov is a liar,”"),  # inside a quotation
        ("ZHAROV’S ORDERS", "ZHAROV’S ORDERS"),  # all caps stays all caps
        ("Comrade T. Zharov", "Comrade T. Zharov"),  # a title and initials keep their shape
        ("Marko left a mark", "Marko left a mark"),  # the English word is left alone
        ("picked a rose for Rosa", "picked a rose for Rosa"),
        ("Jonah’s boat", "Jonah’s boat"),  # s’ becomes ’s when the new name has no s
    ],
)
def test_edition_keeps_the_shape_of_each_mention(phrase: str, expected: str) -> None:
    book = make_book()
    assert expected in correct_document(book.documents[0], book.entities)


def test_edition_surname_alone_stays_a_surname() -> None:
    corrected = correct_document(make_book().documents[0], make_book().entities)
    assert "Tikhon Zharov’s men" not in corrected
    assert corrected.count("Tikhon Zharov") == 1  # the one that was written in full


def test_edition_leaves_unattached_words_alone() -> None:
    """A variant spelling the names stage did not attach to the entity is not a name here."""
    text = "Rarov came. The rarov bird sang; Rarov is also a river."
    mention = Mention("ch01", 0, 5, "Rarov", "PER")
    entity = Entity("z", "Zharov", "PER", mentions=(mention,),
                    evidence=(_evidence("Rarov", "Zharov"),))  # fmt: skip
    doc = Document("ch01", "ch01.txt", "", text)
    expected = "Zharov came. The rarov bird sang; Rarov is also a river."
    assert correct_document(doc, [entity]) == expected


def test_edition_skips_a_mention_that_no_longer_matches_the_text() -> None:
    doc = Document("ch01", "ch01.txt", "", "Sharov came.")
    stale = Mention("ch01", 0, 5, "Rarov", "PER")
    entity = Entity("z", "Zharov", "PER", mentions=(stale,),
                    evidence=(_evidence("Rarov", "Zharov"),))  # fmt: skip
    assert correct_document(doc, [entity]) == "Sharov came."


@pytest.mark.parametrize(
    ("target", "model", "expected"),
    [("Zharov", "RAROV", "ZHAROV"), ("Zharov", "rarov", "zharov"), ("Zharov", "Rarov", "Zharov"),
     ("McAdam", "Mcadam", "McAdam"), ("ZHAROV", "Rarov", "Zharov"), ("Zharov", "R", "Zharov")],
)  # fmt: skip
def test_edition_match_case(target: str, model: str, expected: str) -> None:
    assert match_case(target, model) == expected


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        ("Comrade T. Rarov", {"Rarov": "Zharov"}, "Comrade T. Zharov"),
        ("Tikhon  Rarov", {"rarov": "Zharov"}, "Tikhon  Zharov"),  # spacing kept
        ("(Rarov)", {"Rarov": "Zharov"}, "(Zharov)"),
        ("Zharov", {"Rarov": "Zharov"}, None),
        ("Rarovsky", {"Rarov": "Zharov"}, None),  # whole words only
    ],
)
def test_edition_respell(text: str, words: dict[str, str], expected: str | None) -> None:
    assert respell(text, words) == expected


def test_edition_infers_corrections_from_stored_reasons() -> None:
    """Evidence stored before ``corrected`` existed still names the word it varies."""
    reason = "spelling variant of “Rarev” (so “Zharov”): same fine key; surname of “X”"
    entity = Entity(
        "z", "Tikhon Zharov", "PER",
        evidence=(
            AliasEvidence("Tikhon Rarov", reason, 0.8, ("spelling variant", "used nearby")),
            AliasEvidence("Thames", "spelling variant of “Tikhon”", 0.8, ("spelling variant",)),
            AliasEvidence("Zharov", "surname", 0.9, ("surname",)),
        ),
    )  # fmt: skip
    assert alias_corrections(entity) == {"Tikhon Rarov": "Tikhon Zharov"}


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        ("Sharov", "Zharov"),
        ("Tikhon Sharov", "Tikhon Zharov"),
        ("Kolya", None),  # a diminutive is another name
        ("Zharova", None),  # a feminine form is another word
        ("Zharovs", None),  # so is a plural (“the Zharovs”)
    ],
)
def test_edition_editor_merge_of_a_lookalike_is_a_variant(alias: str, expected: str | None) -> None:
    from dossier.curation import Decision, apply_decisions

    def person(ident: str, name: str) -> Entity:
        return Entity(ident, name, "PER", aliases=(name,), evidence=(_evidence(name),))

    entities = [person("tikhon-zharov", "Tikhon Zharov"), person("other", alias)]
    decision = Decision(1, "merge", ("Tikhon Zharov", alias))
    (merged,) = apply_decisions(entities, [decision]).entities
    assert alias_corrections(merged).get(alias) == expected


def test_edition_export_json_has_corrected_only_when_set() -> None:
    data = to_json(make_book())
    evidence = {e["alias"]: e for e in data["entities"][0]["alias_evidence"]}
    assert evidence["Rarov"]["corrected"] == "Zharov"
    assert "corrected" not in evidence["Zharov"]


def test_edition_writes_chapters_and_diffs(tmp_path: Path) -> None:
    written = write_edition(make_book(), tmp_path / "edition", diff=True)
    assert [p.name for p in written] == ["ch01.txt", "ch01.diff"]
    text = (tmp_path / "edition" / "ch01.txt").read_text(encoding="utf-8")
    assert text.startswith("ZHAROV’S ORDERS")
    patch = (tmp_path / "edition" / "ch01.diff").read_text(encoding="utf-8")
    assert "-Rarov’s men came" in patch and "+Zharov’s men came" in patch
    assert not list((tmp_path / "edition").glob(".*"))  # no temporary file left behind


def test_edition_into_a_file_fails(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    with pytest.raises(ExportError, match="not a folder"):
        write_edition(make_book(), tmp_path / "taken")


def test_edition_chapter_names_fall_back_to_ids_for_one_shared_file() -> None:
    docs = [Document(f"c{i}", "book.epub", "", "x") for i in range(2)]
    assert chapter_names(docs) == {"c0": "c0", "c1": "c1"}
    assert chapter_names([Document("a", "x/one.html", "", "")]) == {"a": "one"}


# --- the CLI ----------------------------------------------------------------------------


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture()
def stored(tmp_path: Path) -> Path:
    from dossier.store import write_analysis

    db = tmp_path / "book" / "dossier.db"
    run: dict[str, Any] = dict.fromkeys(("started", "finished", "version", "model", "paths"), "")
    run.update(dict.fromkeys(("documents", "tokens", "parsed", "cached", "seconds"), 0))
    write_analysis(db, make_book(), run)
    return db


@pytest.mark.parametrize(
    ("fmt", "name", "check"),
    [
        ("json", "out.json", lambda p: json.loads(p.read_text(encoding="utf-8"))["entities"]),
        ("csv", "csv", lambda p: (p / "entities.csv").is_file()),
        ("text", "edition", lambda p: "Zharov’s men" in (p / "ch01.txt").read_text("utf-8")),
        ("tbx", "names.tbx", lambda p: "deprecatedTerm-admn-sts" in p.read_text("utf-8")),
        ("tsv", "names.tsv", lambda p: "Rarov\tZharov\n" in p.read_text("utf-8")),
        ("gexf", "people.gexf", lambda p: "<gexf" in p.read_text("utf-8")),
    ],
)
def test_edition_cli_export_formats(
    stored: Path, tmp_path: Path, fmt: str, name: str, check: Any
) -> None:
    result = _run("export", str(stored), "--format", fmt, "-o", str(tmp_path / name))
    assert result.exit_code == 0, result.output
    assert check(tmp_path / name)


def test_edition_cli_text_with_diff(stored: Path, tmp_path: Path) -> None:
    result = _run("export", str(stored), "--format", "text", "--diff", "-o", str(tmp_path / "e"))
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "e").iterdir()) == ["ch01.diff", "ch01.txt"]


def _bad(stored: Path, tmp_path: Path, case: str) -> list[str]:
    (tmp_path / "file.txt").write_text("keep me", encoding="utf-8")
    (tmp_path / "junk.db").write_text("not sqlite", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    db, fmt, out, *extra = {
        "missing db": (tmp_path / "none.db", "text", tmp_path / "e"),
        "not a db": (tmp_path / "junk.db", "tsv", tmp_path / "t"),
        "text into a file": (stored, "text", tmp_path / "file.txt"),
        "tbx into a folder": (stored, "tbx", tmp_path / "folder"),
        "diff without text": (stored, "tsv", tmp_path / "t", "--diff"),
    }[case]
    return ["export", str(db), "--format", str(fmt), "-o", str(out), *map(str, extra)]


@pytest.mark.parametrize(
    "case", ["missing db", "not a db", "text into a file", "tbx into a folder", "diff without text"]
)
def test_edition_cli_errors_are_one_line(stored: Path, tmp_path: Path, case: str) -> None:
    result = CliRunner().invoke(cli, _bad(stored, tmp_path, case))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert (tmp_path / "file.txt").read_text(encoding="utf-8") == "keep me"


# --- on the sample book -------------------------------------------------------------------


@pytest.mark.model
def test_edition_sample_book_variants_respelled(sample_run: Any, tmp_path: Path) -> None:
    analysis, _ = sample_run
    written = write_edition(analysis, tmp_path / "edition", diff=True)
    assert {p.name for p in written} >= {"chapter-1.txt", "chapter-1.diff"}
    corrections = {}
    for entity in analysis.entities:
        corrections.update({a: (entity.name, c) for a, c in alias_corrections(entity).items()})
    assert corrections["Borontsov"] == ("Arkady Vorontsov", "Vorontsov")
    assert corrections["Worontsof"] == ("Arkady Vorontsov", "Vorontsov")
    assert corrections["Rarov"] == ("Tikhon Zharov", "Zharov")
    assert corrections["Sharov"] == ("Tikhon Zharov", "Zharov")
    mentions = [m for e in analysis.entities for m in e.mentions]
    for document in analysis.documents:
        corrected = (tmp_path / "edition" / f"{Path(document.path).stem}.txt").read_text("utf-8")
        for variant in ("Borontsov", "Worontsof", "Rarov", "Sharov"):
            assert f" {variant} " not in corrected and f" {variant}," not in corrected
        own = [m for m in mentions if m.doc == document.id]
        assert _changed_outside(document.text, corrected, own) == []
    assert SAMPLE.is_dir()


def test_edition_follows_an_editor_merge_of_a_lookalike() -> None:
    """“Sharov” left apart by the names stage, merged by the editor: respelled like a variant;
    a merged nickname (“Tisha”) is another name, not a misspelling, and stays."""
    from dossier.curation import Decision, apply_decisions

    text = "Tikhon Zharov came in. Sharov sat. Tisha smiled. Zharov left."
    doc = Document("ch01", "ch01.txt", "", text)

    def person(ident: str, name: str, words: list[str]) -> Entity:
        mentions = _mentions(text, [(w, 0) for w in words])
        aliases = tuple(dict.fromkeys(words))
        evidence = tuple(_evidence(a) for a in aliases)
        return Entity(ident, name, "PER", "male", aliases=aliases, mentions=mentions,
                      evidence=evidence)  # fmt: skip

    entities = [
        person("tikhon-zharov", "Tikhon Zharov", ["Tikhon Zharov", "Zharov"]),
        person("sharov", "Sharov", ["Sharov"]),
        person("tisha", "Tisha", ["Tisha"]),
    ]
    decisions = [
        Decision(1, "merge", ("Tikhon Zharov", "Sharov")),
        Decision(2, "merge", ("Tikhon Zharov", "Tisha")),
    ]
    curated = apply_decisions(entities, decisions, [doc]).entities
    assert correct_document(doc, curated) == (
        "Tikhon Zharov came in. Zharov sat. Tisha smiled. Zharov left."
    )


USED = {"tikhon", "zharov", "gilbert", "germany", "zotov", "hampton", "court", "venice"}


@pytest.mark.parametrize(
    ("word", "target", "features", "expected"),
    [
        ("Rarov", "Zharov", ("same fine key", "used nearby"), True),
        ("Sharov", "Zharov", ("one typo",), True),
        ("Zotoff", "Zotov", None, True),  # a romanisation of the same word
        ("Rarov", "Zharov", ("same fine key", "same skeleton"), False),  # sound alone
        ("Finesse", "Venice", ("same fine key",), False),
        ("Rarov", "Yezhov", ("used nearby",), False),  # the entity never writes Yezhov
        ("Gilberts", "Gilbert", ("one typo",), False),  # a plural
        ("German", "Germany", ("one typo",), False),  # an adjective
        ("Zotova", "Zotov", ("one typo",), False),  # a feminine form
        ("Zharov", "ZHAROV", None, False),  # case only
        ("Tikhon\u00a0II", "Tikhon", None, False),  # a joined numeral is no single word
    ],
)
def test_edition_plausible_respelling(
    word: str, target: str, features: tuple[str, ...] | None, expected: bool
) -> None:
    assert plausible_respelling(word, target, USED, features) is expected
