"""Who did what, and to whom: roles that keep real news sentences from raising
false red flags, and published stories checked as written.

Each rule below is a general reading of English (a passive's subject suffers
the act; "a Japanese abductee" is a noun phrase; a relative clause picks out
whom a sentence means; an age follows its own person's name), tested on
sentences written for it, apart from the development stories that showed it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from abduction_facts.claims import load_claims
from abduction_facts.engine import Checker
from abduction_facts.models import EntityId, Verdict

CHECKER = Checker(load_claims())
STORIES = Path(__file__).parent / "cases" / "stories_dev"


@pytest.mark.parametrize(
    "sentence",
    [
        # a nationality before a noun names the victims, not the kidnappers
        "The brother of a Japanese abductee told reporters in Niigata that he still hopes"
        " for a reunion.",
        "Japanese abduction victims taken by North Korean agents in the 1970s are now elderly.",
        # a passive's subject suffers the act, and a relative clause with a
        # negation picks out others ("those who have not returned")
        "Tokyo says 17 Japanese were abducted and keeps looking for those who have not come back.",
        "Japan says 17 of its nationals were kidnapped, and some of those who have not"
        " returned may still be alive.",
    ],
)
def test_roles_other_than_the_claims_raise_no_conflict(sentence: str) -> None:
    judgement = CHECKER.judge(sentence)
    assert judgement.verdict is not Verdict.CONTRADICTED, judgement.conflicts


def test_a_count_of_another_act_is_no_conflict_but_a_changed_count_is() -> None:
    """'17 Japanese were abducted' counts the abducted, not the five who returned."""
    assert CHECKER.judge("Japan says 17 Japanese were abducted by North Korea.").verdict is not (
        Verdict.CONTRADICTED
    )
    changed = CHECKER.judge(
        "Koizumi's 2002 visit led to the repatriation of six abduction victims."
    )
    assert changed.verdict is Verdict.CONTRADICTED
    assert [(c.found, c.expected) for c in changed.conflicts] == [("six", "five")]


def test_a_passive_agent_does_not_hide_the_date_of_the_act() -> None:
    """'seized by North Korean agents in October 1978': the date is the seizure's."""
    judgement = CHECKER.judge(
        "Hitomi Soga and her mother Miyoshi were seized by North Korean agents in October 1978."
    )
    assert judgement.verdict is Verdict.CONTRADICTED
    assert [(c.found, c.expected) for c in judgement.conflicts] == [("October 1978", "August 1978")]


def test_an_age_after_an_unknown_name_is_that_persons() -> None:
    facts = CHECKER.extractor.extract("Kaoru Hasuike, 45, and Hitomi Soga, 43, returned to Japan.")
    owners = {n.value: n.owner for n in facts.numbers if n.role == "age"}
    assert EntityId("hitomi-soga") not in owners[45]
    assert EntityId("hitomi-soga") in owners[43]


def test_another_speakers_undated_statement_is_not_the_claimed_one() -> None:
    judgement = CHECKER.judge(
        "North Korea rejects any talks with Japan, Kim Yo Jong, the sister of the leader,"
        " said in a statement."
    )
    assert judgement.verdict is Verdict.UNVERIFIED


def _story_lines() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for path in sorted(STORIES.glob("*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return rows


def test_published_stories_checked_as_written_raise_no_false_red_flag() -> None:
    """Verbatim sentences of published stories: a red flag on one the sources do
    not contradict would block an accurate story in CI."""
    wrong = []
    for row in _story_lines():
        checker = CHECKER.with_as_of(str(row["page_date"])) if row.get("page_date") else CHECKER
        judgement = checker.judge(str(row["text"]))
        if judgement.verdict is Verdict.CONTRADICTED and row.get("want") != "contradicted":
            wrong.append((row["text"], [c.as_record() for c in judgement.conflicts]))
    assert wrong == []


def test_a_claim_that_names_a_rival_for_its_slot_vouches_for_no_one() -> None:
    """A claim that Kishida wants a summit with Kim Jong Un does not vouch for
    Kim Jong Un at Koizumi's 2002 summit."""
    wrong = (
        "Five abductees came home in October 2002, weeks after Koizumi held a summit"
        " with Kim Jong Un."
    )
    right = (
        "Five abduction victims returned to Japan in October 2002 after Koizumi's summit"
        " with Kim Jong Il."
    )
    assert CHECKER.judge(wrong).verdict is not Verdict.SUPPORTED
    assert CHECKER.judge(right).verdict is Verdict.SUPPORTED


def test_a_claim_reads_close_to_its_own_clause_of_a_long_sentence() -> None:
    """The clause that restates a claim is compared with it, not the whole
    sentence: other clauses' words do not hide a restatement."""
    sentence = (
        "The government believes 17 Japanese were abducted, and it keeps looking into the fate"
        " of those who were never sent back, a spokesman told local newspapers."
    )
    judgement = CHECKER.judge(sentence)
    assert judgement.verdict is Verdict.SUPPORTED
    assert judgement.claim is not None
    assert "17" in judgement.claim.text


@pytest.mark.parametrize(
    ("sentence", "found", "expected"),
    [
        # a word that only modifies the verb does not take the date from it
        (
            "Soga and her mother Miyoshi were abducted together in June 1978.",
            "June 1978",
            "August 1978",
        ),
        ("Five abductees returned alive in November 2002.", "November 2002", "October 2002"),
        # one list of dates is one act's: a date listed with a right one is wrong
        (
            "A Japanese official secretly contacted a North Korean party official in March and"
            " August 2023.",
            "August 2023",
            "March 2023; May 2023",
        ),
    ],
)
def test_a_changed_date_of_the_claims_act_is_caught(
    sentence: str, found: str, expected: str
) -> None:
    judgement = CHECKER.judge(sentence)
    assert judgement.verdict is Verdict.CONTRADICTED
    assert [(c.found, c.expected) for c in judgement.conflicts] == [(found, expected)]


def test_a_year_no_source_speaks_of_is_never_supported() -> None:
    """No claim of the base mentions 2006: whatever else agrees, the sentence
    states a time no source gives."""
    sentence = (
        "The five surviving abductees were sent back to Japan in 2002, a month after the"
        " 2006 summit."
    )
    assert CHECKER.judge(sentence).verdict is Verdict.UNVERIFIED
    assert CHECKER.judge(sentence.replace("the 2006 summit", "the summit")).verdict is (
        Verdict.SUPPORTED
    )


@pytest.mark.parametrize(
    ("stranger", "known"),
    [
        (
            "Mori's visit to North Korea in 2002 resulted in five abducted Japanese citizens"
            " coming home.",
            "Koizumi's visit to North Korea in 2002 resulted in five abducted Japanese citizens"
            " coming home.",
        ),
        (
            "Nakayama told Soga that the abduction issue is a human rights matter that cannot be"
            " neglected for a moment given the time constraints.",
            "Kishida told Soga that the abduction issue is a human rights matter that cannot be"
            " neglected for a moment given the time constraints.",
        ),
    ],
)
def test_a_one_word_name_the_base_does_not_know_is_not_the_claims_person(
    stranger: str, known: str
) -> None:
    """A single name no entity covers, where the claim has a person the
    sentence does not name, is somebody else: never supported."""
    assert CHECKER.judge(stranger).verdict is not Verdict.SUPPORTED
    assert CHECKER.judge(known).verdict is Verdict.SUPPORTED


def test_an_event_no_source_dates_is_not_supported_at_another_year() -> None:
    """The informal meeting is reported in September 2023 with no date of its
    own: a sentence that puts it in 2014 states a time no source gives."""
    assert CHECKER.judge("Japan held an informal meeting with North Korea in 2014.").verdict is (
        Verdict.UNVERIFIED
    )
    assert CHECKER.judge("Japan held an informal meeting with North Korea in 2023.").verdict is (
        Verdict.SUPPORTED
    )


def test_another_kim_is_not_one_the_base_knows() -> None:
    """'Kim' alone may be any of the Kims the base knows; 'Kim Dae-jung' is none
    of them."""
    sentence = (
        "Kim Dae-jung made North Korea's first official apology for the abductions during"
        " Koizumi's 2002 visit."
    )
    assert CHECKER.judge(sentence).verdict is not Verdict.SUPPORTED
    assert CHECKER.judge(sentence.replace("Kim Dae-jung", "Kim Jong Il")).verdict is (
        Verdict.SUPPORTED
    )


def test_a_leader_stands_for_his_country_only_when_he_led_it() -> None:
    """North Korea's apology at the 2002 summit was Kim Jong Il's, who led it
    then; the base says nothing of him in 2023."""
    then = (
        "At the 2002 summit, Kim Jong Il admitted that North Korea had abducted Japanese"
        " citizens and apologized."
    )
    assert CHECKER.judge(then).verdict is Verdict.SUPPORTED
    assert CHECKER.judge("Kishida says he is willing to meet Kim Jong Il.").verdict is not (
        Verdict.SUPPORTED
    )
