"""The 2002 admission, values a claim takes from its context, and ranks.

General readings, each tested on sentences written for it (not on the
development or held-out sentences that showed the gap):

- the sources' "first official apology for its state-sponsored abductions" is
  North Korea acknowledging the abductions, at the visit where Koizumi met
  Kim Jong Il: his leader's name and the date are that claim's
  slots;
- a value a curator derived from the passage's context (the date of the event
  "He called for ..." was said at) is compared when the sentence states it,
  and not demanded when it does not;
- "the 1970's" and "'80's" are decades;
- "abducting 13 Japanese" counts the abducted, not those who came home;
- "for a second time" is another occasion; "X was one of five ..." makes X a
  member, which a claim must state;
- a date that names the time of the claim's own thing ("the 2002 meeting")
  keeps a claim of another time from being denied.
"""

from __future__ import annotations

import pytest

from abduction_facts.claims import load_claims
from abduction_facts.engine import Checker
from abduction_facts.models import Verdict
from readings import Reading, reading_test

CHECKER = Checker(load_claims())


@pytest.mark.parametrize(
    "sentence",
    [
        "North Korean leader Kim Jong Il acknowledged the abductions during Koizumi's 2002 visit.",
        "In Pyongyang in 2002, Kim Jong Il confessed to Koizumi that North Korean agents had"
        " carried out the abductions.",
        "North Korea admitted the abductions when Koizumi visited in September 2002.",
    ],
)
def test_the_2002_admission_is_supported(sentence: str) -> None:
    judgement = CHECKER.judge(sentence)
    assert judgement.verdict is Verdict.SUPPORTED, judgement.note
    assert judgement.claim is not None
    assert judgement.claim.id == "north-korea-acknowledged-state-sponsored-abductions"


@pytest.mark.parametrize(
    ("sentence", "kind", "found", "expected"),
    [
        (
            "Kim Jong Un acknowledged the abductions during Koizumi's 2002 visit to Pyongyang.",
            "person",
            "Kim Jong Un",
            "Kim Jong Il",
        ),
        (
            "North Korea admitted the abductions during Koizumi's visit in 2004.",
            "date",
            "2004",
            "September 2002",
        ),
    ],
)
def test_a_changed_slot_of_the_admission_conflicts(
    sentence: str, kind: str, found: str, expected: str
) -> None:
    """The leader and date of the 2002 apology are its slots; a value the
    passage does not write is shown by its name, not by "his visit"."""
    judgement = CHECKER.judge(sentence)
    assert judgement.verdict is Verdict.CONTRADICTED, judgement.note
    assert [(c.kind.value, c.found, c.expected) for c in judgement.conflicts] == [
        (kind, found, expected)
    ]


def test_a_context_value_is_compared_only_when_stated() -> None:
    undated = CHECKER.judge(
        "Kishida has called for high-level talks with Pyongyang under his direct supervision."
    )
    assert undated.verdict is Verdict.SUPPORTED, undated.note
    dated = CHECKER.judge(
        "At the May event in Tokyo, Kishida called for high-level talks with North Korea"
        " under his direct supervision."
    )
    assert dated.verdict is Verdict.SUPPORTED, dated.note
    wrong = CHECKER.judge(
        "In April 2023, Kishida called for high-level bilateral negotiations with North Korea"
        " under his direct supervision."
    )
    assert wrong.verdict is Verdict.CONTRADICTED, wrong.note
    assert [c.kind.value for c in wrong.conflicts] == ["date"]


def test_a_count_after_its_verb_counts_that_verbs_act() -> None:
    """Not the five who came home: the 13 North Korea admitted abducting."""
    judgement = CHECKER.judge("Pyongyang has admitted abducting 13 Japanese.")
    assert judgement.verdict is Verdict.UNVERIFIED


def test_membership_of_a_counted_group_needs_a_claim_naming_the_member() -> None:
    plain = CHECKER.judge("Five abductees were repatriated in October 2002.")
    assert plain.verdict is Verdict.SUPPORTED, plain.note
    member = CHECKER.judge("Hitomi Soga was one of five abductees repatriated in October 2002.")
    assert member.verdict is Verdict.UNVERIFIED


@pytest.mark.parametrize(
    "sentence",
    [
        "Koizumi's 2002 meeting with Kim Jong Il was a breakthrough on the abductions.",
        "The 2002 summit between Koizumi and Kim Jong Il made progress on the abductions.",
    ],
)
def test_a_date_of_the_claims_own_thing_keeps_another_times_claim_from_denial(
    sentence: str,
) -> None:
    """ "No further progress toward a meeting" is a 2023 state; a 2002 meeting
    that brought progress does not deny it."""
    assert CHECKER.judge(sentence).verdict is not Verdict.CONTRADICTED


def test_a_derived_value_in_conflict_cites_the_passage_that_writes_it() -> None:
    """The apology's passage says "during his visit"; the passage shown first
    is the one naming Kim Jong-il, and the apology's own passage follows."""
    judgement = CHECKER.judge(
        "Kim Jong Un acknowledged the abductions during Koizumi's 2002 visit to Pyongyang."
    )
    assert judgement.verdict is Verdict.CONTRADICTED
    assert judgement.claim is not None
    assert "Kim Jong-il" in judgement.claim.passage
    assert [c.id for c in judgement.claims_used][1:] == [
        "north-korea-acknowledged-state-sponsored-abductions"
    ]


def test_a_year_before_a_word_of_the_claim_dates_that_thing() -> None:
    """ "the 2004 summit" dates the summit, and the claim's act was at the 2002 one."""
    judgement = CHECKER.judge("Kim Jong Il used the 2004 summit to apologize for the abductions.")
    assert judgement.verdict is Verdict.CONTRADICTED
    assert [(c.kind.value, c.found) for c in judgement.conflicts] == [("date", "2004")]


def test_a_count_qualified_otherwise_counts_another_set() -> None:
    """ "360 missing Japanese" are not the 17 Japan identified as abducted."""
    judgement = CHECKER.judge(
        "A civic group lists 360 missing Japanese whose abduction by North Korea"
        " cannot be ruled out."
    )
    assert judgement.verdict is Verdict.UNVERIFIED
    changed = CHECKER.judge("Japan has identified 27 of its citizens as abducted by North Korea.")
    assert changed.verdict is Verdict.CONTRADICTED


@pytest.mark.parametrize(
    ("sentence", "found", "expected"),
    [
        # the claim's recipient gives, its giver receives
        ("Kishida handed Soga a letter asking for an early summit.", "Kishida", "Soga"),
        ("Kishida gave a letter to Soga asking for an early summit.", "Kishida", "Soga"),
        # another person receives, whatever office each holds
        (
            "Soga handed Chief Cabinet Secretary Hirokazu Matsuno a letter asking for an early"
            " summit.",
            "Hirokazu Matsuno",
            "Kishida",
        ),
        (
            "Soga gave a letter to Foreign Minister Kamikawa asking for an early summit.",
            "Kamikawa",
            "Kishida",
        ),
    ],
)
def test_who_gives_and_who_receives(sentence: str, found: str, expected: str) -> None:
    judgement = CHECKER.judge(sentence)
    assert judgement.verdict is Verdict.CONTRADICTED, judgement.note
    assert [(c.kind.value, c.found, c.expected) for c in judgement.conflicts] == [
        ("person", found, expected)
    ]


def test_whom_a_remark_was_told_is_no_slot() -> None:
    judgement = CHECKER.judge(
        "Kishida told Matsuno he wanted to hold high-level talks with Kim Jong Un at an early date."
    )
    assert judgement.verdict is not Verdict.CONTRADICTED


@pytest.mark.parametrize(
    "sentence",
    [
        "A senior Chinese official said there are rules against saying what actually happened.",
        "A North Korean official said there has been no diplomatic buildup regarding"
        " behind-the-scenes contact.",
        "Japan's foreign ministry said there is no reason not to meet if Japan has a new"
        " determination.",
    ],
)
def test_a_speaker_of_another_country_conflicts(sentence: str) -> None:
    judgement = CHECKER.judge(sentence)
    assert judgement.verdict is Verdict.CONTRADICTED, judgement.note
    assert [c.kind for c in judgement.conflicts] == ["speaker"]


def test_a_speaker_of_the_same_country_agrees() -> None:
    judgement = CHECKER.judge(
        "North Korea's foreign ministry said there is no reason not to meet if Japan has a new"
        " determination."
    )
    assert judgement.verdict is Verdict.SUPPORTED, judgement.note


@pytest.mark.parametrize(
    "sentence",
    [
        "Before Koizumi's visit, Tokyo believed that 11 Japanese had been abducted.",
        "Before Koizumi's visit, Japan had identified 17 abductees.",
    ],
)
def test_a_state_before_an_event_a_claim_dates_is_another_time(sentence: str) -> None:
    """The 17 are Japan's count as of 2023; before the 2002 visit is another time."""
    judgement = CHECKER.judge(sentence)
    assert judgement.verdict is Verdict.UNVERIFIED


def test_countries_naming_a_summit_are_its_parties() -> None:
    judgement = CHECKER.judge(
        "Hitomi Soga met Kishida at his office and asked for an early Japan-North Korea summit."
    )
    assert judgement.verdict is not Verdict.CONTRADICTED


def test_a_relative_named_between_commas() -> None:
    changed = CHECKER.judge("Hitomi Soga and her mother, Yaeko, were abducted in August 1978.")
    assert changed.verdict is Verdict.CONTRADICTED
    assert [c.kind.value for c in changed.conflicts] == ["person"]
    same = CHECKER.judge("Hitomi Soga and her mother, Miyoshi, were abducted in August 1978.")
    assert same.verdict is Verdict.SUPPORTED


def test_a_refusal_reaches_an_act_a_few_modifiers_after_its_light_verb() -> None:
    judgement = CHECKER.judge(
        "Under the declaration, the two countries refused to make every possible effort to"
        " normalize their relations."
    )
    assert judgement.verdict is Verdict.CONTRADICTED
    assert [c.kind.value for c in judgement.conflicts] == ["polarity"]


def test_a_negation_just_before_a_quotation_reaches_into_it() -> None:
    negated = CHECKER.judge(
        "Kishida said he would not \u201clike to hold high-level talks under my direct"
        " supervision.\u201d"
    )
    assert negated.verdict is not Verdict.SUPPORTED
    plain = CHECKER.judge(
        "Kishida said he would \u201clike to hold high-level talks under my direct"
        " supervision.\u201d"
    )
    assert plain.verdict is Verdict.SUPPORTED


def test_someone_the_base_does_not_know_in_a_pinned_occasions_slot() -> None:
    """The date, the office and Kishida pin the July 5 meeting; an abductee the
    base does not know stands where it has Soga."""
    judgement = CHECKER.judge(
        "Prime Minister Fumio Kishida met abductee Yasushi Chimura at the prime minister's office"
        " in Tokyo on July 5."
    )
    assert judgement.verdict is Verdict.CONTRADICTED
    assert [(c.kind.value, c.found, c.expected) for c in judgement.conflicts] == [
        ("person", "Yasushi Chimura", "Hitomi Soga")
    ]
    # with no date, another meeting
    other = CHECKER.judge("Kishida met abductee Yasushi Chimura at his office.")
    assert other.verdict is Verdict.UNVERIFIED


def test_who_announced_is_the_party_when_announcing_is_the_claims_act() -> None:
    judgement = CHECKER.judge(
        "Talks stalled after Japan announced in 2016 that it was terminating the investigation."
    )
    assert judgement.verdict is Verdict.CONTRADICTED
    assert [(c.found, c.expected) for c in judgement.conflicts] == [("Japan", "North Korea")]


# Readings checked one sentence at a time: what the sentence shows, the
# sentence, and the verdict it must get.
READINGS: list[Reading] = [
    (
        "what was told is part of what the sentence says",
        "Kishida told Soga that the abductions were his cabinet's top priority.",
        "unverified",
    ),
    (
        "what was told is part of what the sentence says",
        "Kishida told Soga he wanted to hold high-level talks with Kim Jong Un at an early date.",
        "supported",
    ),
    (
        "a count of an agentless claim's act, whoever lets it happen",
        "Pyongyang let six of the abductees return home in October 2002.",
        "contradicted",
    ),
    (
        "a count of an agentless claim's act, whoever lets it happen",
        "Pyongyang let five of the abductees return home in October 2002.",
        "supported",
    ),
    (
        "a claim of the same date pins a recurring meeting's occasion",
        "Kim Jong Il apologized for the abductions when he met Koizumi in Seoul.",
        "contradicted",
    ),
    (
        "a claim of the same date pins a recurring meeting's occasion",
        "Kim Jong Il apologized for the abductions when he met Koizumi in Pyongyang.",
        "supported",
    ),
    (
        "a later rank is another occasion",
        "Koizumi visited Pyongyang for the third time in September 2002.",
        "unverified",
    ),
    (
        "a later rank is another occasion",
        "In September 2002, Koizumi made a second visit to Pyongyang.",
        "unverified",
    ),
    (
        "the same giver and receiver agree",
        "Soga handed Prime Minister Kishida a letter asking for an early summit.",
        "supported",
    ),
    (
        "the same giver and receiver agree",
        "Soga presented a letter to Kishida asking for an early summit.",
        "supported",
    ),
    (
        "the same giver and receiver agree",
        "Kim Jong Il signed a declaration with Koizumi in Pyongyang in September 2002.",
        "supported",
    ),
    (
        "going home is returning",
        "North Korea let five abductees go home in October 2002.",
        "supported",
    ),
    (
        "going home is returning",
        "The five Japanese allowed home in October 2002 were abductees.",
        "supported",
    ),
    (
        "a decade with an apostrophe is a decade",
        "Japanese citizens were abducted by North Korea in the 1970's and 1980's.",
        "supported",
    ),
    (
        "a decade with an apostrophe is a decade",
        "North Korea abducted Japanese citizens in the '70s and '80's.",
        "supported",
    ),
    (
        "a decade with an apostrophe is a decade",
        "Japanese citizens were abducted by North Korea in the 1960's.",
        "contradicted",
    ),
    (
        "the 2002 summit",
        "Koizumi held a summit with Kim Jong Il in Pyongyang in September 2002.",
        "supported",
    ),
    (
        "the 2002 summit",
        "In 2002 Koizumi held talks in Pyongyang with Kim Jong Un.",
        "contradicted",
    ),
    (
        "the 2002 summit",
        "Prime Minister Takaichi said she wants a summit with Kim Jong Un.",
        "unverified",
    ),
    ("the 2002 summit", "Koizumi travelled to Pyongyang twice to meet Kim Jong Il.", "unverified"),
    ("the 2002 summit", "Koizumi went to Pyongyang three times to meet Kim Jong Il.", "unverified"),
    (
        "ruling out is the opposite of suspecting",
        "Japan has ruled out North Korean involvement in other cases of missing Japanese.",
        "contradicted",
    ),
    (
        "ruling out is the opposite of suspecting",
        "Japan has not ruled out North Korean involvement in other cases of missing Japanese.",
        "supported",
    ),
    (
        "ruling out is the opposite of suspecting",
        "North Korean involvement cannot be ruled out in more cases of missing Japanese.",
        "supported",
    ),
    (
        "a short restatement every word of which the claim covers",
        "The abductees' families are ageing.",
        "supported",
    ),
    (
        "a short restatement every word of which the claim covers",
        "Relatives of the abductees are getting older.",
        "supported",
    ),
    (
        "a short restatement every word of which the claim covers",
        "The families of the abductees died.",
        "unverified",
    ),
    (
        "the scene of a recurring event",
        "At a rally of abductees' families in Nagoya on May 27, Kishida said he would realize"
        " talks with Kim Jong Un.",
        "contradicted",
    ),
    (
        "the scene of a recurring event",
        "Speaking in Nagoya, Kishida said he was ready to meet Kim Jong Un.",
        "supported",
    ),
    (
        "refusals across a phrase opposites and replies",
        "Japan refused in the declaration to offer economic cooperation once diplomatic"
        " relations were normalized.",
        "contradicted",
    ),
    (
        "refusals across a phrase opposites and replies",
        "Japan promised to offer economic cooperation once ties were normalized.",
        "supported",
    ),
    (
        "refusals across a phrase opposites and replies",
        "North Korea said in 2016 it was expanding its investigation.",
        "contradicted",
    ),
    (
        "refusals across a phrase opposites and replies",
        "Seoul replied on May 29 that there was no reason not to meet if Japan had a new"
        " determination.",
        "contradicted",
    ),
    (
        "refusals across a phrase opposites and replies",
        "Pyongyang responded on May 29 that there was no reason for the two sides not to meet.",
        "supported",
    ),
    (
        "another person in the agents place on the claims date",
        "On May 27 Foreign Minister Yoshimasa Hayashi spoke at the rally in Tokyo and said he"
        " was willing to meet Kim Jong Un.",
        "contradicted",
    ),
    (
        "another person in the agents place on the claims date",
        "On May 27 Kishida spoke at the rally in Tokyo and said he was willing to meet Kim"
        " Jong Un.",
        "supported",
    ),
    (
        "another person in the agents place on the claims date",
        "Foreign Minister Yoshimasa Hayashi said he was willing to meet Kim Jong Un.",
        "unverified",
    ),
    (
        "another person in the agents place on the claims date",
        "Hitomi Soga met Fumio Kishida at the Prime Minister's Office on July 5, 2023.",
        "supported",
    ),
    (
        "phrasal verbs and officials of another country",
        "North Korea said there was no reason for the two countries not to deal with each other.",
        "unverified",
    ),
    (
        "phrasal verbs and officials of another country",
        "A South Korean vice foreign minister said on May 29 there was no reason not to meet"
        " if Japan had a new determination.",
        "contradicted",
    ),
    (
        "phrasal verbs and officials of another country",
        "A North Korean vice foreign minister said on May 29 there was no reason not to meet"
        " if Japan had a new determination.",
        "supported",
    ),
    (
        "a fronted participle phrase",
        "Meeting Soga, 64, Kishida said he wanted talks with Kim Jong Un at an early date.",
        "supported",
    ),
    (
        "a fronted participle phrase",
        "Meeting Soga, 64, Kishida said he wanted talks with Kim Jong Il at an early date.",
        "contradicted",
    ),
    (
        "a subset count of the claims act",
        "Of the abductees, four returned to Japan in October 2002.",
        "contradicted",
    ),
    (
        "a subset count of the claims act",
        "Of the abductees, five returned to Japan in October 2002.",
        "supported",
    ),
    (
        "a subset count of the claims act",
        "Japan has identified 17 abductees, five of whom came home in 2002.",
        "supported",
    ),
    (
        "dates of the claims verb and negated intent",
        "North Korea announced in 2019 that it was halting the investigation.",
        "contradicted",
    ),
    (
        "dates of the claims verb and negated intent",
        "North Korea announced in 2016 that it was halting the investigation.",
        "supported",
    ),
    (
        "dates of the claims verb and negated intent",
        "Under a deal struck in Stockholm in 2012, North Korea promised a comprehensive"
        " investigation.",
        "contradicted",
    ),
    (
        "dates of the claims verb and negated intent",
        "Kishida told her he did not plan to take the lead on the abduction issue.",
        "contradicted",
    ),
    (
        "a place naming an event",
        "At the 2002 Osaka summit, Koizumi and Kim Jong Il signed the Pyongyang Declaration.",
        "contradicted",
    ),
    (
        "nationality phrasal endings and named years",
        "North Korea announced in 2016 that it was ending its investigation into the"
        " abductions of Japanese citizens.",
        "supported",
    ),
    (
        "nationality phrasal endings and named years",
        "Japan announced in 2016 the termination of the investigation.",
        "contradicted",
    ),
    (
        "nationality phrasal endings and named years",
        "In 2016 North Korea shut down the investigation.",
        "supported",
    ),
    (
        "nationality phrasal endings and named years",
        "In 2016 North Korea tore up the 2014 Stockholm agreement and ended the investigation.",
        "supported",
    ),
    (
        "nationality phrasal endings and named years",
        "Under the 2015 Stockholm agreement, North Korea promised an investigation.",
        "contradicted",
    ),
    (
        "stressing reports speech",
        "North Korea's foreign ministry stressed there was no reason not to meet if Japan had"
        " a new determination.",
        "supported",
    ),
    (
        "stressing reports speech",
        "Japan's foreign ministry stressed there was no reason not to meet if Japan had a new"
        " determination.",
        "contradicted",
    ),
    (
        "an aside between a word and its negated predicate",
        "The fate of Miyoshi Soga, who was taken along with her daughter in 1978, is still"
        " not known.",
        "supported",
    ),
    (
        "an aside between a word and its negated predicate",
        "The fate of Miyoshi Soga, who was taken along with her daughter in 1978, is now known.",
        "contradicted",
    ),
    (
        "saying the claims proposal on its date",
        "At a rally in Tokyo on May 27, Foreign Minister Yoko Kamikawa said she would hold"
        " high-level talks under her direct control.",
        "contradicted",
    ),
    (
        "saying the claims proposal on its date",
        "Kishida told reporters on September 29, 2023 that he would refrain from commenting"
        " on the reported contact with North Korea.",
        "supported",
    ),
]

test_reading = reading_test(READINGS, CHECKER)
