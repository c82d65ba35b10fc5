"""Verdict behaviour pinned at its edges: guards and thresholds a user would notice
if they moved, each with the sentence that shows it."""

from __future__ import annotations

import pytest

from abduction_facts.claims import load_claims
from abduction_facts.engine import Checker
from abduction_facts.models import Verdict

CHECKER = Checker(load_claims())


def test_modal_may_is_not_the_month_may() -> None:
    # why: the claim is dated September 2002; "may" here is a modal verb, and
    # reading it as the month would flag the sentence as a wrong date.
    judgement = CHECKER.judge("Koizumi may have visited Pyongyang in 2002.")
    assert judgement.verdict is Verdict.SUPPORTED, judgement
    assert not judgement.conflicts


def test_the_month_may_still_conflicts_with_september() -> None:
    judgement = CHECKER.judge("Koizumi visited Pyongyang in May 2002.")
    assert judgement.verdict is Verdict.CONTRADICTED
    assert [c.kind for c in judgement.conflicts] == ["date"]


# "Japan believes 17 of its nationals were abducted." shares two of its three
# content words with the claim (believes is not the claim's "identified").
_TWO_THIRDS = "Japan believes 17 of its nationals were abducted."


@pytest.mark.parametrize(
    ("coverage", "verdict"),
    [(0.66, Verdict.SUPPORTED), (0.67, Verdict.UNVERIFIED)],
)
def test_coverage_threshold_is_inclusive_at_its_boundary(coverage: float, verdict: Verdict) -> None:
    judgement = CHECKER.with_thresholds({"coverage": coverage}).judge(_TWO_THIRDS)
    assert judgement.verdict is verdict


def test_default_coverage_threshold_is_one_half() -> None:
    assert CHECKER.judge(_TWO_THIRDS).verdict is Verdict.SUPPORTED
    half = "North Korea has officially admitted abducting 13 Japanese citizens."
    # what North Korea admitted is not what Japan identified: no red flag
    assert CHECKER.judge(half).verdict is Verdict.UNVERIFIED


def test_unverified_sentence_names_the_nearest_claim_and_why() -> None:
    judgement = CHECKER.judge(_TWO_THIRDS.replace("believes", "says").replace("17", "some"))
    assert judgement.verdict is Verdict.UNVERIFIED
    if judgement.nearest is not None:
        assert judgement.note


def test_two_claims_together_support_one_sentence() -> None:
    text = (
        "The Japanese government says 17 people were kidnapped by North Korea, "
        "and five of them returned to Japan in 2002."
    )
    judgement = CHECKER.judge(text)
    assert judgement.verdict is Verdict.SUPPORTED, judgement
    assert len(judgement.claims_used) >= 2
    assert {c.id for c in judgement.claims_used} >= {
        "japan-identified-17-abductees",
        "five-abductees-repatriated-october-2002",
    }


def test_reworded_quote_is_unverified_with_the_source_wording() -> None:
    judgement = CHECKER.judge(
        "Kishida said the abductions are “an urgent human rights problem that cannot be ignored”."
    )
    assert judgement.verdict is not Verdict.SUPPORTED
    if judgement.verdict is Verdict.UNVERIFIED and judgement.note:
        assert "time-critical" in judgement.note or "closest claim" in judgement.note


def test_a_place_where_talks_happen_is_not_a_party_to_them() -> None:
    judgement = CHECKER.judge("Japan held an informal meeting with North Korea in Mongolia.")
    assert judgement.verdict is not Verdict.CONTRADICTED, judgement


@pytest.mark.parametrize(
    ("text", "as_of", "verdict"),
    [
        # no time at all: an age may have changed since the source's date
        ("Soga, 63, still hopes to see her mother again.", None, Verdict.UNVERIFIED),
        # the draft's date: 63 in October 2022 agrees with 64 in July 2023
        ("Soga, 63, still hopes to see her mother again.", "2022-10-15", Verdict.UNVERIFIED),
        # the draft's date, and an age that cannot be hers then
        ("Soga, 40, still hopes to see her mother again.", "2022-10-15", Verdict.CONTRADICTED),
        # a date of its own, the claim's year: compared as is
        ("Hitomi Soga was 46 when she met Kishida in July 2023.", None, Verdict.CONTRADICTED),
        # an age at an event a claim dates (the letter of July 2023)
        (
            "Hitomi Soga, 59, handed Kishida a letter calling for a summit.",
            None,
            Verdict.CONTRADICTED,
        ),
        # another age in the sentence pins it to the source's day
        ("Soga, 64, said her mother will be turning 90.", None, Verdict.CONTRADICTED),
    ],
)
def test_ages_move_with_time(text: str, as_of: str | None, verdict: Verdict) -> None:
    judgement = CHECKER.with_as_of(as_of).judge(text)
    assert judgement.verdict is verdict, judgement
    if verdict is Verdict.UNVERIFIED:
        assert "age" in judgement.note


def test_check_takes_the_drafts_date() -> None:
    from abduction_facts import check

    (undated,) = check("Soga, 40, still hopes to see her mother again.")
    (dated,) = check("Soga, 40, still hopes to see her mother again.", as_of="2022-10-15")
    assert undated.verdict is Verdict.UNVERIFIED
    assert dated.verdict is Verdict.CONTRADICTED
    assert any("in 2022" in c.expected for c in dated.judgement.conflicts)


def test_a_qualifier_the_source_does_not_state_is_not_supported() -> None:
    plain = CHECKER.judge("Kishida has said he wants to meet Kim Jong Un.")
    qualified = CHECKER.judge(
        "Kishida has said he wants to meet Kim Jong Un without preconditions."
    )
    assert plain.verdict is Verdict.SUPPORTED
    assert qualified.verdict is Verdict.UNVERIFIED
    assert "without preconditions" in qualified.note


def test_where_a_wished_meeting_would_be_is_no_events_place() -> None:
    # the source's Tokyo is where Kishida spoke, not where he wants to meet Kim
    judgement = CHECKER.judge("Kishida said he hoped to meet Kim Jong Un in Beijing next week.")
    assert judgement.verdict is Verdict.UNVERIFIED


def test_reported_speech_that_rewords_a_remark_is_unverified_with_the_source_wording() -> None:
    judgement = CHECKER.judge(
        "Kishida told Soga the abduction problem was an urgent humanitarian issue "
        "that could not be neglected."
    )
    assert judgement.verdict is Verdict.UNVERIFIED
    assert "time-critical human rights issue" in judgement.note


def test_reported_speech_by_someone_else_is_a_speaker_conflict() -> None:
    judgement = CHECKER.judge(
        "Soga told Kishida that the abduction issue is a human rights matter "
        "that cannot be neglected given the time constraints."
    )
    assert judgement.verdict is Verdict.CONTRADICTED
    assert [c.kind for c in judgement.conflicts] == ["speaker"]


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        # 91 in 2023 is 46 at the abduction in 1978
        ("Miyoshi was abducted at age 46.", Verdict.UNVERIFIED),
        ("Miyoshi was abducted at age 30.", Verdict.CONTRADICTED),
    ],
)
def test_an_age_at_a_dated_event_is_the_age_at_that_date(text: str, verdict: Verdict) -> None:
    judgement = CHECKER.judge(text)
    assert judgement.verdict is verdict, judgement
    if verdict is Verdict.CONTRADICTED:
        assert any("1978" in c.expected for c in judgement.conflicts)
    else:
        assert "1978" in judgement.note


@pytest.mark.parametrize(
    "text",
    [
        # the remark is reported by someone unnamed, not by the mother
        "Reports say that Soga's mother, Miyoshi, will turn 91.",
        # officials, not Kamikawa, confirmed: her refraining is not denied
        "Officials confirmed that Japanese officials contacted North Korea in March and May.",
        # a state holds as of its date: a 1991 remark does not deny 2023's
        "Rishi Sunak said on September 3, 1991 that talks with Vietnam had made progress.",
    ],
)
def test_no_red_flag_for_another_partys_act_or_another_time(text: str) -> None:
    judgement = CHECKER.judge(text)
    assert judgement.verdict is not Verdict.CONTRADICTED, judgement


def test_the_same_party_denying_its_own_act_is_still_a_red_flag() -> None:
    judgement = CHECKER.judge("Kamikawa confirmed the meeting at a press conference.")
    assert judgement.verdict is Verdict.CONTRADICTED
    assert [c.kind for c in judgement.conflicts] == ["polarity"]


def test_each_age_is_placed_at_its_own_event() -> None:
    # 46 is her age at the abduction (1978); 93 is on the story's Saturday,
    # which the sentence does not date: no red flag for either
    judgement = CHECKER.judge(
        "Her mother, Miyoshi, was 46 when she was abducted and would have turned 93 on Saturday."
    )
    assert judgement.verdict is not Verdict.CONTRADICTED, judgement


def test_a_light_verb_is_not_content_the_claim_must_cover() -> None:
    judgement = CHECKER.judge(
        "Japan's former prime minister Junichiro Koizumi paid a visit to Pyongyang in 2002."
    )
    assert judgement.verdict is Verdict.SUPPORTED, judgement
