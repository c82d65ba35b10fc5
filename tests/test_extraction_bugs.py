"""Known extraction bugs, each pinned by the extraction API and, where a reader
would notice, by the verdict `check(...)` gives.

1. A number glued to letters by a hyphen ("COVID-19", "F-35") is part of a
   name, not a count.
2. "a dozen" is 12 and "half a dozen" 6; "dozens" has no exact value.
3. "one hundred and seventeen" is 117, quoted whole.
4. Number words that do not compose ("eleven twelve") are never one number;
   years said in pairs ("twenty fourteen") still are.
5. An impossible date ("February 31") is no date, and so never a date conflict.

The sentences are written for these tests, not taken from any test set.
"""

from __future__ import annotations

from collections.abc import Iterator
from unittest import mock

import pytest

from abduction_facts import api, check
from abduction_facts.claims import load_claims
from abduction_facts.engine import Checker
from abduction_facts.extract import SentenceFacts
from abduction_facts.models import FactType, Judgement, Verdict
from abduction_facts.text import parse_number_words

CHECKER = Checker(load_claims())
"""The bundled claims base, prepared once for the module."""

IDENTIFIED = "Japan has identified {} citizens abducted by North Korea."
"""A sentence the bundled base supports with 17 and contradicts with another count."""


@pytest.fixture(autouse=True)
def shared_checker() -> Iterator[None]:
    """Make `check(text)` judge with `CHECKER` instead of preparing a checker per call."""
    with mock.patch.object(api, "load_checker", return_value=CHECKER):
        yield


def extract(sentence: str) -> SentenceFacts:
    """The facts the bundled base's extractor reads from one sentence."""
    return CHECKER.extractor.extract(sentence)


def numbers(sentence: str) -> list[tuple[float, str]]:
    """(value, surface) of every number the extractor reads."""
    return [(n.value, n.surface) for n in extract(sentence).numbers]


def dates(sentence: str) -> list[tuple[int | None, int | None, int | None]]:
    """(year, month, day) of every date the extractor reads."""
    return [(d.year, d.month, d.day) for d in extract(sentence).dates]


def judge(sentence: str) -> Judgement:
    """The judgement `check` gives the one sentence."""
    [result] = check(sentence)
    return result.judgement


# --- 1. numbers glued to a name by a hyphen --------------------------------------


DESPITE = "Despite {} border closures, " + IDENTIFIED.format(17)
"""The supported sentence behind a clause that names something with a number in it."""


@pytest.mark.parametrize("name", ["COVID-19", "G-7", "Su-27", "MERS-CoV", "F-35"])
def test_hyphenated_name_leaves_no_number(name: str) -> None:
    assert numbers(DESPITE.format(name)) == [(17.0, "17")]


def test_hyphenated_name_does_not_block_support() -> None:
    judgement = judge(DESPITE.format("COVID-19"))
    assert judgement.verdict is Verdict.SUPPORTED
    assert judgement.conflicts == ()


def test_hyphenated_name_keeps_counts_and_years_written_with_a_hyphen() -> None:
    facts = extract("A 13-year-old girl was taken in the pre-1980 years.")
    assert [n.value for n in facts.numbers] == [13.0]
    assert [d.year for d in facts.dates] == [1980]


# --- 2. dozens ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "value"),
    [("a dozen", 12.0), ("half a dozen", 6.0), ("a half-dozen", 6.0), ("two dozen", 24.0)],
)
def test_dozen_phrases_are_numbers(phrase: str, value: float) -> None:
    assert numbers(IDENTIFIED.format(phrase)) == [(value, phrase)]


def test_dozens_has_no_exact_value() -> None:
    assert numbers(IDENTIFIED.format("dozens of")) == []
    assert judge(IDENTIFIED.format("dozens of")).verdict is not Verdict.CONTRADICTED


def test_a_dozen_contradicts_another_count() -> None:
    judgement = judge(IDENTIFIED.format("a dozen"))
    assert judgement.verdict is Verdict.CONTRADICTED
    assert [(c.kind, c.found, c.expected) for c in judgement.conflicts] == [
        (FactType.NUMBER, "a dozen", "17")
    ]


# --- 3. "one hundred and ..." ------------------------------------------------------


def test_one_hundred_and_seventeen_is_read_whole() -> None:
    assert numbers(IDENTIFIED.format("one hundred and seventeen")) == [
        (117.0, "one hundred and seventeen")
    ]
    judgement = judge(IDENTIFIED.format("one hundred and seventeen"))
    assert [c.found for c in judgement.conflicts] == ["one hundred and seventeen"]


def test_lone_one_is_still_no_number() -> None:
    assert numbers("One of the abductees returned, and no one else did.") == []


# --- 4. number words that do not compose ----------------------------------------


@pytest.mark.parametrize(
    "words",
    [["eleven", "twelve"], ["five", "six"], ["eleven", "and", "twelve"], ["eleven", "twenty"]],
)
def test_words_that_do_not_compose_are_no_one_number(words: list[str]) -> None:
    assert parse_number_words(words) is None


@pytest.mark.parametrize(
    ("phrase", "each"),
    [
        ("eleven twelve", {11.0, 12.0}),
        ("five six", {5.0, 6.0}),
        ("twelve and thirteen", {12.0, 13.0}),
    ],
)
def test_words_that_do_not_compose_are_never_read_as_one(phrase: str, each: set[float]) -> None:
    values = {value for value, _ in numbers(IDENTIFIED.format(phrase))}
    assert values <= each


@pytest.mark.parametrize(
    ("words", "value"),
    [
        (["twenty", "fourteen"], 2014),
        (["nineteen", "seventy-eight"], 1978),
        (["twenty", "twenty-one"], 2021),
        (["twenty", "thirty"], 2030),
        (["twenty-one"], 21),
        (["twenty", "one"], 21),
        (["one", "hundred", "and", "seventeen"], 117),
        (["two", "thousand", "and", "two"], 2002),
        (["nineteen", "hundred"], 1900),
        (["dozen"], 12),
    ],
)
def test_number_words_that_compose(words: list[str], value: int) -> None:
    assert parse_number_words(words) == value


def test_years_in_words_still_date_a_claim() -> None:
    sentence = "In twenty fourteen, Japan and North Korea signed the Stockholm Agreement."
    assert dates(sentence) == [(2014, None, None)]
    assert judge(sentence).verdict is Verdict.SUPPORTED
    sentence = "Hitomi Soga and her mother were abducted in August nineteen seventy-eight."
    assert (1978, None, None) in dates(sentence)
    assert judge(sentence).verdict is Verdict.SUPPORTED


# --- 5. impossible dates ---------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    ["February 31, 1978", "31 February 1978", "April 31", "February 30", "February 29, 1978"],
)
def test_impossible_date_is_no_date(written: str) -> None:
    facts = extract(f"Hitomi Soga and her mother were abducted on {written}.")
    assert facts.dates == []
    assert facts.numbers == []


def test_impossible_iso_date_is_no_date() -> None:
    assert dates("Hitomi Soga and her mother were abducted on 1978-02-31.") == []


@pytest.mark.parametrize(
    ("written", "date"),
    [
        ("February 29, 1980", (1980, 2, 29)),
        ("February 29", (None, 2, 29)),
        ("30 April", (None, 4, 30)),
    ],
)
def test_possible_dates_are_still_dates(written: str, date: tuple[int | None, int, int]) -> None:
    assert dates(f"Hitomi Soga and her mother were abducted on {written}.") == [date]


@pytest.mark.parametrize("written", ["February 31, 1978", "30 February 1978", "1978-02-31"])
def test_impossible_date_is_no_date_conflict(written: str) -> None:
    judgement = judge(f"Hitomi Soga and her mother were abducted on {written}.")
    assert not any(c.kind is FactType.DATE for c in judgement.conflicts)
    assert judgement.verdict is not Verdict.CONTRADICTED


def test_an_accented_name_after_a_title_is_read_whole() -> None:
    """Letters with accents are letters: "President Andrés Manuel López Obrador"
    is one person, not "Andr" followed by stray pieces."""
    facts = CHECKER.extractor.extract(
        "President Andrés Manuel López Obrador said the quake was strong."
    )
    assert [m.surface for m in facts.entities] == ["Andrés Manuel López Obrador"]


def test_a_hyphenated_age_is_an_age() -> None:
    """'a 91-year-old mother' is tokenized '91', '-', 'year-old': still an age."""
    facts = Checker(load_claims()).extractor.extract("Her 91-year-old mother is still waiting.")
    assert [(n.value, n.role) for n in facts.numbers] == [(91.0, "age")]
