"""Who acts in a sentence, and the slots a person fills.

General readings, each tested on sentences written for it (not on the
development or held-out sentences that showed the gap):

- a fronted phrase holding a date ("On May 27, 2023, ...", "At the Sept. 17,
  2002, summit in Pyongyang, ...") or an aside ("During the visit, where he
  met Koizumi, ...") ends at the first comma after which a name acts; the
  claims' own sentences are read the same way, so such a claim has an agent;
- a person acting as the subject fills the slot of a claim whose agent is a
  person: the claim is found even when the sentence names neither its agent
  nor its verb, and on the claim's own date another person telling the
  claim's thing is a conflict;
- a leader acting for his country is no swap of parties, and a person the
  claim names in another role (whom Koizumi met) is not in its agent's place;
  where the claim's agent is named, another party acting with the claim's
  verb does its own act ("Tokyo says ..., but the North has recognised 13");
- another country after the preposition that gives the claim's country its
  slot ("abducted by", "cooperation to") conflicts when the claim's country
  is named nowhere;
- another person in a claim's person slot, with one of its values agreeing,
  pins the claim when it still covers a good part of the sentence;
- "regret" and "regrettable" are words of apology (a thesaurus lists them);
- a recurring event on another day of the claim's own year, with both
  parties and the place named, is a changed date, not another occasion;
- a fronted scene that names an event ("At a Tokyo rally on April 20, ...")
  dates the occasion whose date a curator derived;
- a hedge ("at least") and a phrasal verb's particle ("came home") are no
  words of their own; "one of the five" makes a member, like "one of five".
"""

from __future__ import annotations

import pytest

from abduction_facts.claims import load_claims
from abduction_facts.engine import Checker
from abduction_facts.extract import EntityMatcher, FactExtractor, subject_of
from readings import Reading, reading_test

BASE = load_claims()
CHECKER = Checker(BASE)
EXTRACTOR = FactExtractor(EntityMatcher(BASE.entities))


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("On May 27, 2023, Kishida proposed holding talks.", "Kishida"),
        ("At the Sept. 17, 2002, summit in Pyongyang, Kim Jong Il apologized.", "Kim Jong Il"),
        ("During the visit, where he met Koizumi, North Korea apologized.", "North Korea"),
        ("In 2002, after the summit, five abductees returned.", ""),
    ],
)
def test_the_subject_follows_a_fronted_phrase_with_commas(sentence: str, subject: str) -> None:
    facts = EXTRACTOR.extract(sentence)
    assert " ".join(facts.entities[i].surface for i in subject_of(facts)) == subject


READINGS: list[Reading] = [
    (
        "another person proposing on the claim's date",
        "On May 27, 2023, Foreign Minister Hayashi proposed holding high-level talks with"
        " Pyongyang.",
        "contradicted",
    ),
    (
        "another person telling the claim's thing on its date, without its verb",
        "Chief Cabinet Secretary Matsuno told the rally on May 27 that he would set up"
        " high-level talks.",
        "contradicted",
    ),
    (
        "the claim's own agent telling it on its date",
        "Kishida told the rally on May 27 that he would set up high-level talks.",
        "supported",
    ),
    (
        "a hedge of a count is no word of its own",
        "Japan thinks North Korea kidnapped at least 11 Japanese, and some say the true figure"
        " is higher.",
        "contradicted",
    ),
    (
        "the particle of a phrasal verb is no word of its own",
        "Japan says Pyongyang kidnapped 17 of its people, five of whom later came home in 2002.",
        "supported",
    ),
    (
        "another party doing its own act beside the claim's agent",
        "Tokyo says Pyongyang abducted at least 17 Japanese nationals, but the North has"
        " recognised only 13 kidnappings.",
        "unverified",
    ),
    (
        "'one of the five' makes a member, which a claim must state",
        "Soga, one of the five abductees who went home in 2002, met Kishida on July 5, 2023.",
        "unverified",
    ),
    (
        "'the following year' of an undated event is a time no claim dates",
        "North Korea stayed away from the Mongolia conference again the following year.",
        "unverified",
    ),
    (
        "the subject's second verb joined by 'and' is the claim's act, with its recipient",
        "Soga visited the Prime Minister's Office on July 5, 2023 and handed Chief Cabinet"
        " Secretary Matsuno a letter calling for an early summit.",
        "contradicted",
    ),
    (
        "the subject's second verb joined by 'and', with the claim's recipient",
        "Soga visited the Prime Minister's Office on July 5, 2023 and handed Kishida a letter"
        " calling for an early summit.",
        "supported",
    ),
    (
        "another leader in the slot and one agreeing value pin the claim",
        "Kim Jong Un admitted to Koizumi that operatives tied to North Korea had carried out the"
        " kidnappings, and he said sorry.",
        "contradicted",
    ),
    (
        "the claim's own leader and the same value",
        "Kim Jong Il admitted to Koizumi that operatives tied to North Korea had carried out the"
        " kidnappings, and he said sorry.",
        "supported",
    ),
    (
        "'it' doing the claim's act is the subject's country",
        "China admitted in 2002 that it had abducted Japanese nationals in the 1970s and 1980s.",
        "contradicted",
    ),
    (
        "'it' doing the claim's act, the claim's own country",
        "North Korea admitted in 2002 that it had abducted Japanese nationals in the 1970s and"
        " 1980s.",
        "supported",
    ),
    (
        "a country listing what another did is no swap",
        "Japan officially lists 17 people as abducted in the 1970s and 1980s.",
        "supported",
    ),
    (
        "a date right after the verb of saying dates the remark",
        "Pyongyang replied on June 2 that there was no reason for the two countries not to meet.",
        "contradicted",
    ),
    (
        "a date right after the verb of saying, the remark's own",
        "Pyongyang replied on May 29 that there was no reason for the two countries not to meet.",
        "supported",
    ),
    (
        "'regrettable' speaks of regret, a word of apology",
        "Kim Jong Il told Koizumi that the kidnappings were regrettable and that he wanted to"
        " apologize sincerely.",
        "supported",
    ),
    (
        "'with N other' counts the one named in: a changed count",
        "Hitomi Soga returned to Japan in October 2002 with six other abductees.",
        "contradicted",
    ),
    (
        "'with N other' makes the one named a member, which a claim must state",
        "Hitomi Soga returned to Japan in October 2002 with four other abductees.",
        "unverified",
    ),
    (
        "'consultations' are talks",
        "Kishida said on May 27 he would pursue high-level consultations with Seoul under his"
        " direct control.",
        "contradicted",
    ),
    (
        "a recurring meeting's other day in its year, both parties and the place named",
        "Kishida met Hitomi Soga at the Prime Minister's Office on March 3, 2023.",
        "contradicted",
    ),
    (
        "a recurring meeting in another year is another occasion",
        "Kishida met Hitomi Soga at the Prime Minister's Office on March 3, 2022.",
        "unverified",
    ),
    (
        "a meeting at the same place with other people is another meeting",
        "On March 3, 2023, Kishida met members of a rescue association at the Prime Minister's"
        " Office.",
        "unverified",
    ),
    (
        "a scene naming an event dates the occasion a curator derived",
        "At a Tokyo rally on April 20, Kishida said he wanted high-level talks with Pyongyang to"
        " bring about a summit with Kim Jong Un.",
        "contradicted",
    ),
    (
        "a scene naming an event, on the occasion's date",
        "At a Tokyo rally on May 27, Kishida said he wanted high-level talks with Pyongyang to"
        " bring about a summit with Kim Jong Un.",
        "supported",
    ),
    (
        "a fronted date naming no event dates no derived occasion",
        "In late August 2002, Koizumi announced that he would travel to Pyongyang.",
        "unverified",
    ),
    (
        "a leader acting for his country, after a fronted aside",
        "During the 2002 visit, where he met Koizumi, Kim Jong Il admitted the abductions.",
        "supported",
    ),
    (
        "a person the claim names in another role acts on its occasion",
        "At the Sept. 17, 2002, summit in Pyongyang, Kim Jong Il said he was sorry for the"
        " abductions.",
        "supported",
    ),
]

test_reading = reading_test(READINGS, CHECKER)


def test_a_leader_and_his_country_are_no_giver_and_receiver() -> None:
    judgement = CHECKER.judge(
        "Kim Jong Il admitted to Koizumi that agents linked to North Korea had kidnapped"
        " Japanese citizens."
    )
    assert judgement.verdict.value != "contradicted", judgement.conflicts


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("Hitomi Soga was abducted to China in the 1970s.", "China"),
        ("Japan pledged economic cooperation to Mongolia.", "Mongolia"),
        ("Japan says 17 of its citizens were taken away by Russia.", "Russia"),
    ],
)
def test_another_country_after_the_claims_preposition_conflicts(sentence: str, found: str) -> None:
    judgement = CHECKER.judge(sentence)
    assert judgement.verdict.value == "contradicted", judgement.note
    assert [(c.found, c.expected) for c in judgement.conflicts] == [(found, "North Korea")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Hitomi Soga was abducted to North Korea in the 1970s.",
        # the claim's country is named; the other one is another party's fact
        "Japan has identified 17 people abducted by North Korea, and South Korea says hundreds"
        " of its citizens were taken too.",
    ],
)
def test_the_claims_own_country_named_is_no_conflict(sentence: str) -> None:
    assert CHECKER.judge(sentence).verdict.value == "supported"


@pytest.mark.parametrize(
    ("sentence", "shifted"),
    [
        ("Pyongyang replied two days after Kishida's May 27 remarks.", (None, 5, 29)),
        ("They met on May 30, 2023, and a week later talks began.", (2023, 6, 6)),
        ("Abductees came home two months after the September 2002 summit.", (2002, 11, None)),
        ("Three years before the 2002 summit, talks had stalled.", (1999, None, None)),
    ],
)
def test_a_date_counted_from_another_is_a_date_not_a_count(
    sentence: str, shifted: tuple[int | None, int | None, int | None]
) -> None:
    facts = EXTRACTOR.extract(sentence)
    assert shifted in [(d.year, d.month, d.day) for d in facts.dates]
    assert not facts.numbers


@pytest.mark.parametrize(
    ("sentence", "verdict"),
    [
        (
            "North Korea answered two days after Kishida's May 27 proposal, saying there was no"
            " reason not to meet.",
            "supported",
        ),
        (
            "A week after the May 27 rally, Pyongyang issued a statement saying it saw no reason"
            " not to meet Japan.",
            "contradicted",
        ),
        (
            "Five abductees returned to Japan a month after Koizumi's September 2002 visit.",
            "supported",
        ),
        (
            "Pyongyang apologized for the abductions in September 2002, and five abductees went"
            " home to Japan a month later.",
            "supported",
        ),
        (
            "Pyongyang apologized for the abductions in September 2002, and five abductees went"
            " home to Japan three years later.",
            "contradicted",
        ),
        (
            "Five abductees returned to Japan two months after Koizumi's September 2002 visit.",
            "contradicted",
        ),
    ],
)
def test_a_counted_date_is_compared_with_the_claim_of_its_event(
    sentence: str, verdict: str
) -> None:
    assert CHECKER.judge(sentence).verdict.value == verdict


def test_a_country_after_the_same_preposition_of_another_verb_is_no_slot() -> None:
    # "abducted to North Korea" is the claim's; "returned to Japan" is another act
    judgement = CHECKER.judge("Hitomi Soga was abducted in the 1970s and later returned to Japan.")
    assert judgement.verdict.value != "contradicted", judgement.conflicts
