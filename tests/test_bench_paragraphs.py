"""The LitBank bench's paragraph guess: invented sentences, one per line, tokens split by spaces."""

from __future__ import annotations

import pytest

from bench.quotes_litbank import _break_scores, _heuristic_breaks


def _breaks(*lines: str) -> set[int]:
    return _heuristic_breaks([line.split(" ") for line in lines])


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a question after its tag, then a quotation: the reply of someone else
        (['" Where are you going , boy ? " asked Mr. Hale .', '" Out . "'], {0, 1}),
        # a quotation after its own tag sentence goes on in the same voice
        (['" I know , " said Ann .', '" It is late and the road is long . "'], {0}),
        # ... unless it has a tag of its own with another subject
        (['" I know , " said Ann .', '" It is late , " said Tom .'], {0, 1}),
        # ... or is a one-word answer
        (['" I know , " said Ann .', '" Yes . "'], {0, 1}),
        # a speech tag standing as its own sentence stays with its quotation
        (['" Oh ! "', "cried Tom .", '" Hush . "'], {0, 2}),
        # narration after a closed quotation that is not its tag starts a paragraph
        (['" Come in . "', "The room was dark and cold ."], {0, 1}),
        # a speech over several sentences stays one paragraph
        (['" One thing .', "Another thing .", 'And a third . "'], {0}),
        # curly marks: every new quotation after an untagged one is a new turn
        (["“ Well ? ”", "“ Well what ? ”", "“ Nothing . ”"], {0, 1, 2}),
    ],
)
def test_bench_paragraphs_heuristic(lines: list[str], expected: set[int]) -> None:
    assert _breaks(*lines) == expected


def test_bench_paragraphs_straight_mark_ending_a_sentence_closes() -> None:
    # a letter's signature: the mark after "Yours ," opens its last paragraph, the final one closes
    lines = ['" Yours , " JOHN . "', "The coach came at noon .", '" Get in , " said the man .']
    assert _breaks(*lines) == {0, 1, 2}


def test_bench_paragraphs_scores_count_quotation_starts_apart() -> None:
    sentences = [["“", "A", "”"], ["B"], ["“", "C", "”"], ["D"]]
    counts = _break_scores(sentences, gold={0, 2, 3}, guess={0, 1, 2})
    assert counts["all"] == (1, 2, 2)  # sentence 0 left out: true 2, guessed 1 and 2, real 2 and 3
    assert counts["quote"] == (1, 1, 1)
