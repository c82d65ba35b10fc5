"""The concept lexicon (text.CONCEPTS, text.ANTONYMS) is tested like data.

Each entry is general English: a word goes in when a thesaurus lists it for the
concept in that sense, not because a test sentence or a source passage uses it.
So the sentences here are written fresh (none is in a test set or a source),
and the inflections probed below are forms the lexicon does not list.
"""

from __future__ import annotations

import pytest

from abduction_facts import check
from abduction_facts.models import Verdict
from abduction_facts.text import (
    ANTONYMS,
    CONCEPTS,
    STOPWORDS,
    antonym_index,
    concepts_of,
    stem,
)

# -- data ----------------------------------------------------------------------


def _stems(words: list[str] | tuple[str, ...]) -> set[str]:
    out: set[str] = set()
    for word in words:
        out |= set(CONCEPTS[word]) if word in CONCEPTS else {word}
    return {stem(w) for w in out}


def test_concept_words_are_lower_case_single_words() -> None:
    for concept, words in CONCEPTS.items():
        assert words, concept
        for word in words:
            assert word == word.lower(), (concept, word)
            assert word.strip(), concept
            assert " " not in word, (concept, word)
    for concept, opposites in ANTONYMS.items():
        assert concept in CONCEPTS, concept
        for word in opposites:
            assert word == word.lower(), (concept, word)
            assert " " not in word, (concept, word)


def test_no_word_is_listed_twice_in_one_concept() -> None:
    for concept, words in CONCEPTS.items():
        assert len(words) == len(set(words)), concept


def test_no_concept_lists_a_function_word() -> None:
    # why: "all", "before", "present" stand for a concept in one sense only
    for concept, words in CONCEPTS.items():
        assert not set(words) & STOPWORDS, (concept, set(words) & STOPWORDS)


def test_an_antonym_shares_no_word_with_its_own_concept() -> None:
    for concept, opposites in ANTONYMS.items():
        shared = _stems(opposites) & _stems(CONCEPTS[concept])
        assert not shared, (concept, shared)


def test_no_word_is_in_two_concepts_that_are_antonyms() -> None:
    for concept, opposites in ANTONYMS.items():
        for other in opposites:
            if other in CONCEPTS:
                shared = _stems(CONCEPTS[concept]) & _stems(CONCEPTS[other])
                assert not shared, (concept, other, shared)


def test_a_missing_person_is_not_an_absence() -> None:
    # why: "missed" and "missing" share the stem "miss": listing "missed" as the
    # opposite of participate made every missing person read as a no-show.
    assert "participate" not in antonym_index().get(stem("missing"), frozenset())
    assert "missing" in concepts_of([stem("missing")])


def test_ruling_a_country_is_not_unwillingness() -> None:
    # why: only "ruled out" is; "Kim Jong Il ruled North Korea" is not
    assert "willing" not in antonym_index().get(stem("ruled"), frozenset())


# -- inflections the lexicon does not list reach the concept through stemming --

PROBES = {
    "abduct": "abducts kidnaps snatching seizing",
    "identify": "identifying designates certifies",
    "citizen": "peoples",
    "agent": "operative's",
    "suspect": "suspecting believed",
    "missing": "disappears disappearances vanishing",
    "visit": "visits trips travelling journeys",
    "sign": "signs concluding inking",
    "declaration": "declarations declaring",
    "agreement": "agreements deals pacts treaties",
    "apology": "apologises apologizing",
    "admit": "admits acknowledges admitting confessing",
    "repatriate": "repatriating returns homecomings",
    "relation": "relationships",
    "diplomatic": "diplomatically",
    "normalize": "normalizing normalisation",
    "economic": "economies",
    "cooperation": "cooperating collaborated",
    "pledge": "pledges promises commits vows",
    "effort": "effort",
    "meet": "meets negotiated speaking",
    "informal": "unofficially informally",
    "formal": "formally",
    "willing": "wishes desires",
    "highlevel": "high-level",
    "refrain": "refrains declining refusing abstaining",
    "clarify": "clarifies confirming verifying disclosing",
    "sensitive": "sensitivities",
    "pressconference": "briefing",
    "reach_out": "approaching contacting",
    "progress": "advances breakthroughs",
    "deadlock": "deadlocked impasses stalling",
    "break": "breaks ends overcoming",
    "urgent": "urgently",
    "age": "ages",
    "relative": "family",
    "event": "events rallies gatherings",
    "rule": "rule",
    "happen": "happens occurring transpires",
    "investigation": "investigations investigating probes inquiries",
    "terminate": "terminates halting stops scrapping disbanding abandoning",
    "complete": "completes finishing",
    "promise": "promising vowing",
    "comprehensive": "comprehensively thoroughly",
    "unilateral": "unilateral",
    "announce": "announces announcing notifies",
    "propose": "proposes proposals offers suggests",
    "intend": "intending intentions plans aims",
    "past": "past",
    "statement": "statements responds replies",
    "reason": "reasons",
    "swift": "swiftness promptly",
    "resolved": "resolved settled",
    "assert": "asserts asserting insists claims maintains",
    "gulf": "gulfs gaps rifts differences",
    "buildup": "buildups preparations",
    "border": "borders frontiers",
    "closed": "closing shutting",
    "pandemic": "pandemics",
    "limited": "limits restricting",
    "dispatch": "dispatches sending",
    "conference": "conferences forums symposiums",
    "participate": "participates attending joins",
    "priority": "priorities goals",
    "deterrence": "deterrents deterring",
    "nuclear": "nuclear",
    "missile": "missiles",
    "dialogue": "dialogues engaging discussing",
    "resolution": "resolutions settlements solutions",
    "hint": "hints hinted signals signalled",
    "unity": "unites",
    "disrupt": "disrupts undermines divides",
    "defense": "defences defenses",
    "share": "shares exchanges",
    "letter": "letters",
    "rescue": "rescues rescuing liberating",
    "fade": "fades faded forgets",
    "humanrights": "rights",
    "lead": "leads leaders rules",
    "older": "elderly",
    "whereabouts": "locations",
    "know": "knows",
    "turn": "turned",
    "overwhelm": "overwhelms",
    "realize": "realizes materializes realised",
    "supervision": "supervises supervising overseeing",
    "historic": "historic",
    "first": "first",
    "state_sponsored": "state-sponsored",
    "determination": "determined",
    "improve": "improves improved improvements",
    "handover": "delivers presents submits",
}


def test_every_concept_has_probes() -> None:
    assert set(PROBES) == set(CONCEPTS)


@pytest.mark.parametrize("concept", sorted(PROBES))
def test_inflections_reach_their_concept(concept: str) -> None:
    for word in PROBES[concept].split():
        assert concept in concepts_of([stem(word)]), (concept, word, stem(word))


@pytest.mark.parametrize(
    ("word", "concept"),
    [
        ("unusually", "swift"),
        ("all", "comprehensive"),
        ("actually", "happen"),
        ("home", "repatriate"),
        ("state", "state_sponsored"),
        ("before", "past"),
        ("comment", "refrain"),
        ("comment", "clarify"),
        ("veracity", "clarify"),
        ("present", "participate"),
        ("secret", "informal"),
        ("personally", "supervision"),
        ("directly", "supervision"),
        ("sway", "disrupt"),
        ("possibly", "suspect"),
        ("taken", "abduct"),
        ("went", "visit"),
        ("according", "agreement"),
        ("pressing", "pressconference"),
        ("grow", "age"),
        ("few", "limited"),
        ("call", "propose"),
        ("initially", "intend"),
        ("return", "rescue"),
    ],
)
def test_a_word_of_the_source_passage_is_not_a_synonym(word: str, concept: str) -> None:
    assert concept not in concepts_of([stem(word)])


# -- through the engine: fresh sentences, one concept's synonym each -----------

SUPPORTED = [
    # identify (listed), citizen, abduct, agent
    "Japan has listed 17 of its citizens as abducted by North Korean agents.",
    # identify (recognise), abduct (kidnapped), agent (spies)
    "Tokyo officially recognises 17 of its nationals as kidnapped by North Korean spies.",
    # suspect (believes), missing (disappearances)
    "Japan believes Pyongyang may be behind more disappearances of its nationals.",
    # visit (trip)
    "Koizumi made a trip to Pyongyang in September 2002.",
    # sign (inked), historic (landmark)
    "Koizumi inked a landmark declaration with Kim Jong Il in September 2002.",
    # repatriate (returned)
    "Five abductees were returned to Japan in October 2002.",
    # relation (ties)
    "Tokyo and Pyongyang have no diplomatic ties.",
    # pledge (promised), cooperation (assistance), normalize (normalised)
    "Japan promised economic assistance to North Korea once ties were normalised.",
    # informal (unofficial), meet (talks)
    "Japan held unofficial talks with North Korea.",
    # willing (eager)
    "Kishida said he is eager to meet Kim Jong Un.",
    # propose (suggested), highlevel (summit)
    "On May 27, 2023, Kishida suggested a summit to break the deadlock.",
    # refrain (declined), clarify (confirm)
    "Asked by reporters on September 29, 2023, Kamikawa declined to confirm the meeting.",
    # pressconference (briefings)
    "Kamikawa and Matsuno gave separate briefings on September 29, 2023.",
    # reach_out (approached)
    "Japanese officials approached North Korea in March and May 2023.",
    # progress (headway)
    "There has been no further headway toward a summit between Kishida and Kim.",
    # deadlock (stalemate)
    "Talks between Japan and North Korea reached a stalemate after the investigation ended in "
    "2016.",
    # terminate (halted)
    "North Korea unilaterally halted the investigation in 2016.",
    # promise (pledged), comprehensive (thorough)
    "In the 2014 Stockholm Agreement, North Korea pledged a thorough investigation into all "
    "Japanese citizens possibly abducted.",
    # swift (quickly)
    "North Korea's statement came unusually quickly.",
    # assert (insists), resolved (settled)
    "Pyongyang insists that the abduction issue is settled.",
    # gulf (gap)
    "A gap still remains between the positions of Japan and North Korea on the abductions.",
    # closed (shut)
    "The China-North Korea border remained shut because of the pandemic.",
    # limited (scarce)
    "Chances for direct contact with North Korea have been scarce.",
    # dispatch (sent), conference (forum)
    "Japan's Foreign Ministry sent one official to an international forum held in Mongolia in "
    "June 2023.",
    # participate (attend), negated as in the claim
    "North Korea did not attend the June 2023 international conference in Mongolia.",
    # past (previously)
    "North Korea had previously attended the international conference in Mongolia.",
    # priority (goal)
    "North Korea's main goal is thought to be securing deterrence against the United States.",
    # defense (security)
    "South Korea, the United States and Japan are quickly strengthening their security "
    "cooperation.",
    # lead (ruling)
    "Kim Jong Il was ruling North Korea in September 2002.",
    # whereabouts (fate), know
    "The fate of Miyoshi Soga is not known.",
    # urgent, missing (vanished), older
    "The abduction issue remains highly urgent as the relatives of those who vanished get older.",
    # comprehensive (thorough), resolution
    "Japan is dedicated to a thorough resolution of the abduction, nuclear and missile issues.",
    # supervision (supervise)
    "Kishida said he would personally supervise high-level negotiations with North Korea.",
]


@pytest.mark.parametrize("sentence", SUPPORTED)
def test_a_synonym_reaches_the_claim(sentence: str) -> None:
    (result,) = check(sentence)
    assert result.verdict is Verdict.SUPPORTED, result.judgement.note


CONTRADICTED = [
    # terminate vs complete
    "North Korea completed the investigation in 2016.",
    # swift vs slow
    "North Korea's statement came slowly.",
    # closed vs open
    "The China-North Korea border was open during the coronavirus pandemic.",
    # limited vs frequent
    "Contacts with North Korea have been frequent.",
    # participate (joined), against "did not participate"
    "North Korea joined the June 2023 international conference in Mongolia.",
]


@pytest.mark.parametrize(
    "sentence",
    [
        "North Korea boycotted the June 2023 international conference in Mongolia.",
        "North Korea skipped the June 2023 international conference in Mongolia.",
    ],
)
def test_an_antonym_of_a_negated_claim_agrees_with_it(sentence: str) -> None:
    """'Boycotted' is the opposite of 'participated', and so says what 'did
    not participate' says; it is not also a negation that flips it back."""
    (result,) = check(sentence)
    assert result.verdict is Verdict.SUPPORTED, result.judgement.conflicts


@pytest.mark.parametrize("sentence", CONTRADICTED)
def test_an_antonym_contradicts_the_claim(sentence: str) -> None:
    (result,) = check(sentence)
    assert result.verdict is Verdict.CONTRADICTED, result.judgement.note


@pytest.mark.parametrize(
    "sentence",
    [
        # "present" (a proposal) is not attending: no conflict with "did not participate"
        "North Korea presented a proposal at the international conference in Mongolia.",
        # "secret" says more than "informal"
        "Japan held secret talks with North Korea.",
        # "a few" officials is not "limited opportunities"
        "A few North Korean officials met Japanese diplomats.",
        # "direct talks" is not "under his direct supervision"
        "Kishida called for direct high-level talks with North Korea.",
        # a house is not a repatriation
        "Abductees' relatives gathered at Kishida's home in October 2002.",
    ],
)
def test_a_removed_non_synonym_no_longer_bridges(sentence: str) -> None:
    (result,) = check(sentence)
    assert result.verdict is Verdict.UNVERIFIED, result.judgement.claim


def test_commenting_is_not_read_as_declining_to_confirm() -> None:
    # why: "comment" was listed under both refrain and clarify, so saying
    # something about the meeting contradicted "refrained from confirming" it
    (result,) = check("Matsuno commented on the meeting at a press conference.")
    assert result.verdict is not Verdict.CONTRADICTED
