"""What a refusal refuses, and which act a date belongs to.

General readings of English, each tested on sentences written for it:
"refused to X" denies X only; an opposite word ("refused" for the claim's
"willing") is not also a negation that cancels itself out; a decade beside
the claim's own date dates another act; and the plain ways news words a
refusal to comment.
"""

from __future__ import annotations

import pytest

from abduction_facts.claims import load_claims
from abduction_facts.engine import Checker
from abduction_facts.extract import subject_of
from abduction_facts.models import Verdict

CHECKER = Checker(load_claims())


@pytest.mark.parametrize(
    "sentence",
    [
        "Kishida refused to negotiate with Pyongyang.",
        "Kishida has refused to hold talks with North Korea.",
    ],
)
def test_refusing_the_claims_act_contradicts_a_willingness(sentence: str) -> None:
    judgement = CHECKER.judge(sentence)
    assert judgement.verdict is Verdict.CONTRADICTED
    assert judgement.claim is not None
    assert judgement.claim.id == "kishida-willing-to-negotiate-with-pyongyang"
    assert [c.kind.value for c in judgement.conflicts] == ["polarity"]


@pytest.mark.parametrize(
    ("sentence", "claim"),
    [
        ("Kishida refused to elaborate on the contacts.", "kishida-declined-to-give-details"),
        (
            "Foreign Minister Yoko Kamikawa declined to comment on the reported meeting.",
            "kamikawa-declined-to-confirm-meeting",
        ),
        (
            "Matsuno refused to elaborate on the informal meeting.",
            "matsuno-declined-to-confirm-meeting",
        ),
    ],
)
def test_declining_to_comment_is_declining_to_give_details(sentence: str, claim: str) -> None:
    """A refusal of another act (to comment) is no refusal to negotiate."""
    judgement = CHECKER.judge(sentence)
    assert judgement.verdict is Verdict.SUPPORTED, judgement.note
    assert judgement.claim is not None
    assert judgement.claim.id == claim


@pytest.mark.parametrize(
    "sentence",
    [
        "North Korea promised in May 2014 to investigate the fate of Japanese citizens it"
        " kidnapped in the 1970s.",
        "In May 2014, Pyongyang pledged a new investigation into all Japanese abducted in the"
        " 1970s and 1980s.",
    ],
)
def test_a_decade_beside_the_claims_date_dates_another_act(sentence: str) -> None:
    judgement = CHECKER.judge(sentence)
    assert judgement.verdict is Verdict.SUPPORTED, judgement.conflicts


def test_a_decade_alone_still_dates_the_claims_act() -> None:
    # without the claim's date, the decade is the agreement's and conflicts
    changed = CHECKER.judge(
        "North Korea agreed in the 1990s to carry out a comprehensive investigation"
        " into the abductees."
    )
    assert changed.verdict is Verdict.CONTRADICTED


def test_a_date_no_claim_confirms_keeps_a_sentence_from_support() -> None:
    """A date is a checkable fact like a number: the visit was in September."""
    judgement = CHECKER.judge("Koizumi travelled to the North Korean capital in January 2002.")
    assert judgement.verdict is Verdict.UNVERIFIED
    assert "January 2002" in judgement.note
    # the claim's own time confirms a date, though the claim states none
    kept = CHECKER.judge(
        "As of September 2023, Japan and North Korea did not have diplomatic relations."
    )
    assert kept.verdict is Verdict.SUPPORTED


def test_a_date_in_a_clause_about_something_else_is_that_clauses() -> None:
    judgement = CHECKER.judge(
        "Soga, who returned to Japan in October 2002, met Kishida at the Prime Minister's"
        " Office in Tokyo on Wednesday."
    )
    assert judgement.verdict is Verdict.SUPPORTED, judgement.note


@pytest.mark.parametrize(
    "sentence",
    ["Mori went to Pyongyang in September 2002.", "Aso went to Pyongyang in September 2002."],
)
def test_an_unknown_name_before_an_irregular_past_verb_acts(sentence: str) -> None:
    """'went', 'met': a past tense without '-ed' still makes the name before it act."""
    judgement = CHECKER.judge(sentence)
    assert judgement.verdict is not Verdict.SUPPORTED
    assert sentence.split()[0] in judgement.note


@pytest.mark.parametrize(
    ("sentence", "claim"),
    [
        # a negated predicate after the subject that holds the claim's words
        (
            "North Korea's first official apology for the abductions was not secured by"
            " Koizumi during his visit.",
            "north-korea-first-official-apology",
        ),
        # a passive names its agent after "by"
        (
            "The Pyongyang Declaration was not signed by Koizumi and Kim Jong Il in"
            " September 2002.",
            "koizumi-signed-declaration-with-kim-jong-il",
        ),
        # denying that the speaker said it denies the quote
        (
            "Kishida did not say the abductions were a time-critical human rights issue.",
            "kishida-quote-time-critical-human-rights-issue",
        ),
    ],
)
def test_a_denied_predicate_contradicts_the_claim(sentence: str, claim: str) -> None:
    judgement = CHECKER.judge(sentence)
    assert judgement.verdict is Verdict.CONTRADICTED
    assert judgement.claim is not None
    assert judgement.claim.id == claim
    assert [c.kind.value for c in judgement.conflicts] == ["polarity"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The Pyongyang Declaration was signed by Koizumi and Kim Jong Il in September 2002.",
        # "not slow" is the claim's "swift", negated twice
        "North Korea's response was not slow.",
    ],
)
def test_the_same_predicate_affirmed_is_supported(sentence: str) -> None:
    judgement = CHECKER.judge(sentence)
    assert judgement.verdict is Verdict.SUPPORTED, judgement.conflicts


@pytest.mark.parametrize(
    "sentence",
    [
        # the denied predicate is none the claims speak of
        "The abduction issue has not been resolved.",
        "The abductees' families have not given up.",
        # the negation belongs to a relative clause
        "Kishida described the abductions as a human rights issue that is time-critical"
        " and must not be neglected.",
    ],
)
def test_a_negation_of_another_predicate_raises_no_conflict(sentence: str) -> None:
    judgement = CHECKER.judge(sentence)
    assert judgement.verdict is not Verdict.CONTRADICTED, judgement.conflicts


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        # a city as a party stands for its country ...
        (
            "Japan suspects that Beijing may be involved in more cases of missing Japanese"
            " nationals.",
            "Beijing",
        ),
        # ... and a city one travels to is the place visited
        ("Koizumi went to Beijing in September 2002.", "Beijing"),
    ],
)
def test_a_city_fills_the_slot_of_its_country_or_of_the_place_visited(
    sentence: str, found: str
) -> None:
    judgement = CHECKER.judge(sentence)
    assert judgement.verdict is Verdict.CONTRADICTED
    assert [c.found for c in judgement.conflicts] == [found]


@pytest.mark.parametrize(
    "sentence",
    [
        "Japan suspects that Pyongyang may be involved in more cases of missing Japanese"
        " nationals.",
        "Koizumi went to Pyongyang in September 2002.",
    ],
)
def test_the_claims_own_city_agrees(sentence: str) -> None:
    assert CHECKER.judge(sentence).verdict is Verdict.SUPPORTED


def test_a_year_is_more_than_its_decade() -> None:
    """'In 1977' agrees with 'in the 1970s' but names a year no source gives."""
    judgement = CHECKER.judge("North Korea abducted Japanese citizens in 1977.")
    assert judgement.verdict is Verdict.UNVERIFIED
    assert "1977" in judgement.note
    # a claim that gives the year (August 1978) confirms it
    kept = CHECKER.judge("Hitomi Soga was abducted to North Korea in 1978.")
    assert kept.verdict is Verdict.SUPPORTED
    assert "soga-and-mother-abducted-august-1978" in {c.id for c in kept.evidence}


@pytest.mark.parametrize(
    "sentence",
    [
        # a wish's other party, found without the claim's own name for him
        "Kishida is seeking an early summit with Kim Jong Il.",
        "Kishida hopes to meet Kim Jong Il soon.",
        # a fronted phrase without a comma still leaves Koizumi the subject
        "At the 2002 summit Koizumi met Kim Jong Un in Pyongyang.",
    ],
)
def test_another_person_of_the_same_group_fills_the_claims_slot(sentence: str) -> None:
    judgement = CHECKER.judge(sentence)
    assert judgement.verdict is Verdict.CONTRADICTED
    assert [c.kind.value for c in judgement.conflicts] == ["person"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Shinjiro Koizumi visited Pyongyang in September 2002.",
        "Yoshiko Soga met Kishida at the Prime Minister's Office on Wednesday.",
    ],
)
def test_a_given_name_no_entity_has_before_a_known_surname_is_someone_else(
    sentence: str,
) -> None:
    judgement = CHECKER.judge(sentence)
    assert judgement.verdict is not Verdict.SUPPORTED
    assert sentence.split()[0] in judgement.note


def test_a_relative_named_otherwise_than_the_claim_names_her_conflicts() -> None:
    judgement = CHECKER.judge("Soga and her mother Yaeko were abducted in August 1978.")
    assert judgement.verdict is Verdict.CONTRADICTED
    (conflict,) = judgement.conflicts
    assert conflict.found == "her mother Yaeko"
    assert "Miyoshi" in conflict.expected
    kept = CHECKER.judge("Soga and her mother Miyoshi were abducted in August 1978.")
    assert kept.verdict is Verdict.SUPPORTED


@pytest.mark.parametrize(
    "sentence",
    [
        # a year between a determiner and a noun dates that noun (the report)
        "North Korea promised a comprehensive investigation into all Japanese, according to"
        " a 2012 report by Japan's Foreign Ministry.",
        # what is unknown is their fate, not the kidnapping told after "after"
        "The fate of many abductees is still unknown after they were kidnapped by North"
        " Korean agents in the 1970s and 1980s.",
        # "a visit": some visit, not the claim's 2002 one
        "A visit by Abe to Pyongyang is possible.",
        # someone the base does not know, and "a woman" is not its abductee
        "Taro Yamada, the brother of a woman abducted by North Korea in 1983, died on Monday.",
    ],
)
def test_facts_of_another_noun_clause_or_person_raise_no_conflict(sentence: str) -> None:
    judgement = CHECKER.judge(sentence)
    assert judgement.verdict is not Verdict.CONTRADICTED, judgement.conflicts


def test_the_definite_act_of_another_person_still_conflicts() -> None:
    judgement = CHECKER.judge("Abe visited Pyongyang.")
    assert judgement.verdict is Verdict.CONTRADICTED


def test_an_aside_in_parentheses_names_no_one_and_claims_nothing() -> None:
    judgement = CHECKER.judge(
        "The government has identified 17 citizens as abducted by North Korea"
        " (see Background Notes for the list)."
    )
    assert judgement.verdict is Verdict.SUPPORTED, judgement.note


def test_a_title_before_a_surname_is_no_given_name() -> None:
    judgement = CHECKER.judge("Then Mr. Kim apologized to Koizumi in Pyongyang in September 2002.")
    assert "Mr." not in judgement.note


def test_a_possessive_and_a_title_lead_to_the_subject() -> None:
    """'Japan's former prime minister Junichiro Koizumi paid a visit': Koizumi acts."""
    judgement = CHECKER.judge(
        "Japan's former prime minister Junichiro Koizumi paid a landmark visit to Pyongyang"
        " in 2002, meeting Kim Jong Il."
    )
    assert judgement.verdict is Verdict.SUPPORTED, judgement.note
    # "Koizumi's visit to Pyongyang": a possessive, and nobody acts
    facts = CHECKER.extractor.extract("Koizumi's visit to Pyongyang was historic.")
    assert subject_of(facts) == ()


def test_who_whom_and_when_pin_a_claim_whose_place_another_city_fills() -> None:
    """Another city fills the claim's place slot, found without the claim's verb."""
    judgement = CHECKER.judge("Koizumi and Kim Jong Il held a summit in Seoul in September 2002.")
    assert judgement.verdict is Verdict.CONTRADICTED
    assert [(c.found, c.expected) for c in judgement.conflicts] == [("Seoul", "Pyongyang")]
    kept = CHECKER.judge("Koizumi and Kim Jong Il held a summit in Pyongyang in September 2002.")
    assert kept.verdict is Verdict.SUPPORTED


def test_whoever_tells_fills_the_tellers_slot() -> None:
    """Telling is anyone's act: with the recipient and what was said pinned,
    another teller conflicts, whatever office he holds."""
    judgement = CHECKER.judge(
        "Kamikawa told Soga she wanted to hold high-level talks with Kim Jong Un at an early date."
    )
    assert judgement.verdict is Verdict.CONTRADICTED
    assert [(c.kind, c.found, c.expected) for c in judgement.conflicts] == [
        ("speaker", "Kamikawa", "Kishida")
    ]
    # telling reporters, with nothing of the claim's pinned, is another occasion
    other = CHECKER.judge("Matsuno told reporters he wanted talks with Kim Jong Un.")
    assert other.verdict is Verdict.UNVERIFIED


def test_a_list_of_occasions_holds_the_claims_one() -> None:
    """'trips to Pyongyang in 2002 and 2004': two occasions; 2002 is the claim's."""
    judgement = CHECKER.judge(
        "Five abductees came home after Koizumi's trips to Pyongyang in 2002 and 2004."
    )
    assert judgement.verdict is not Verdict.CONTRADICTED, judgement.conflicts


def test_a_promise_about_the_future_asserts_no_progress_made() -> None:
    judgement = CHECKER.judge(
        "\u201cWe will make progress toward a summit,\u201d Kishida told reporters."
    )
    assert judgement.verdict is not Verdict.CONTRADICTED, judgement.conflicts


def test_an_age_before_a_name_is_that_persons() -> None:
    facts = CHECKER.extractor.extract(
        "Her mother, 81-year-old Sakie Yokota, spoke to reporters in Tokyo."
    )
    (age,) = facts.numbers
    assert age.role == "age"
    assert "sakie-yokota" in age.owner


def test_words_before_a_title_name_an_office_not_a_person() -> None:
    judgement = CHECKER.judge("Hirokazu Matsuno doubles as Abduction Issue Minister.")
    assert judgement.verdict is Verdict.SUPPORTED, judgement.note


def test_a_claim_of_another_time_vouches_for_no_one() -> None:
    """Kishida's 2023 wish for a summit with Kim Jong Un does not vouch for Kim
    Jong Un at the 2002 summit."""
    judgement = CHECKER.judge(
        "At the 2002 summit Kim Jong Un admitted that North Korea had abducted Japanese"
        " nationals, and apologized."
    )
    assert judgement.verdict is not Verdict.SUPPORTED


@pytest.mark.parametrize(
    "sentence",
    [
        "Japan lists 17 citizens as abducted, five of whom were not repatriated in 2002.",
        "Hitomi Soga, who was not abducted with her mother in August 1978, met Kishida.",
    ],
)
def test_a_clause_after_a_comma_or_of_whom_asserts_its_negation(sentence: str) -> None:
    judgement = CHECKER.judge(sentence)
    assert judgement.verdict is Verdict.CONTRADICTED
    assert "polarity" in [str(c.kind) for c in judgement.conflicts]


def test_a_restrictive_relative_clause_still_denies_nothing() -> None:
    judgement = CHECKER.judge(
        "Japan says 17 citizens were abducted and keeps working for those who were not"
        " repatriated in 2002."
    )
    assert judgement.verdict is not Verdict.CONTRADICTED, judgement.conflicts


def test_reported_speech_that_negates_the_quote_flips_it() -> None:
    judgement = CHECKER.judge("Soga said her mother would not be turning 91 this year.")
    assert judgement.verdict is Verdict.CONTRADICTED
    # leaving out a negated part of the quote denies nothing
    kept = CHECKER.judge("Kishida described the abductions as a time-critical human rights issue.")
    assert kept.verdict is Verdict.SUPPORTED


def test_direct_control_is_direct_supervision() -> None:
    judgement = CHECKER.judge(
        "Kishida wants high-level talks with North Korea under his direct control."
    )
    assert judgement.verdict is Verdict.SUPPORTED, judgement.note
    assert judgement.claim is not None
    assert judgement.claim.id == "kishida-called-for-talks-under-his-supervision"


def test_a_fronted_date_no_claim_confirms_keeps_the_sentence_from_support() -> None:
    """'At a rally in April 2023, ...': the fronted date dates the main clause."""
    judgement = CHECKER.judge(
        "During a speech in April 2023, Kishida called for high-level bilateral negotiations"
        " with North Korea under his direct supervision."
    )
    assert judgement.verdict is not Verdict.SUPPORTED
    assert "April 2023" in judgement.note


def test_a_phrasal_verb_with_its_object_between() -> None:
    """'sent the five abductees home' is 'sent home': repatriated."""
    judgement = CHECKER.judge("North Korea sent the five abductees home in October 2002.")
    assert judgement.verdict is Verdict.SUPPORTED, judgement.note


def test_a_plural_opening_the_sentence_is_no_name() -> None:
    facts = CHECKER.extractor.extract("Officials sent the letter back to Tokyo.")
    assert facts.unknown_words == []


@pytest.mark.parametrize(
    ("as_of", "verdict"),
    [("2015-06-01", Verdict.UNVERIFIED), ("2023-10-01", Verdict.CONTRADICTED)],
)
def test_an_undated_sentence_speaks_of_its_drafts_time(as_of: str, verdict: Verdict) -> None:
    """A state holds as of its date; a draft of 2015 speaks of 2015."""
    checker = CHECKER.with_as_of(as_of)
    judgement = checker.judge("Japan and North Korea have diplomatic relations.")
    assert judgement.verdict is verdict
    # a date without a year is in the draft's year: another June's conference
    june = checker.judge("North Korea attended the conference in Mongolia in June.")
    assert june.verdict is verdict


@pytest.mark.parametrize(
    "sentence",
    [
        # the decade dates the kidnapping, not the repatriation of 2002
        "Five citizens kidnapped by North Korean agents in the 1970s were repatriated to Japan.",
        # "may be": the modal, not the month
        "North Korean officials may be attending the conference in Mongolia in June 2023.",
        # another party and another count: that party's fact
        "Pyongyang has acknowledged only 13 abductees, Japan says.",
    ],
)
def test_a_modal_another_act_or_another_party_raises_no_conflict(sentence: str) -> None:
    judgement = CHECKER.judge(sentence)
    assert judgement.verdict is not Verdict.CONTRADICTED, judgement.conflicts


def test_a_decade_on_the_claims_own_act_still_conflicts() -> None:
    judgement = CHECKER.judge("Five abductees were repatriated to Japan in the 1990s.")
    assert judgement.verdict is Verdict.CONTRADICTED


def test_a_span_of_years_is_a_fact_to_confirm() -> None:
    """No claim says how many years passed; a sentence that does is not supported."""
    judgement = CHECKER.judge(
        "Five abduction victims were repatriated to Japan in October 2002, 30 years after"
        " they were kidnapped."
    )
    assert judgement.verdict is not Verdict.SUPPORTED
    assert "30" in judgement.note


def test_calling_something_the_first_needs_a_claim_that_says_so() -> None:
    judgement = CHECKER.judge(
        "In September 2002 Koizumi made the first visit to Pyongyang by a Japanese leader."
    )
    assert judgement.verdict is not Verdict.SUPPORTED
    kept = CHECKER.judge(
        "In September 2002, during Koizumi's visit, North Korea made its first official"
        " apology for the abductions."
    )
    assert kept.verdict is Verdict.SUPPORTED


@pytest.mark.parametrize(
    "sentence",
    [
        "No more abductees have been repatriated since 2002.",
        "Not one abductee has come home after the five were repatriated in October 2002.",
    ],
)
def test_a_denial_of_the_time_after_the_event_does_not_deny_it(sentence: str) -> None:
    judgement = CHECKER.judge(sentence)
    assert judgement.verdict is not Verdict.CONTRADICTED, judgement.conflicts


def test_the_claims_event_denied_with_after_its_circumstance_still_conflicts() -> None:
    judgement = CHECKER.judge(
        "Five abductees were not repatriated in October 2002 after Koizumi's visit."
    )
    assert judgement.verdict is Verdict.CONTRADICTED


def test_an_age_said_relative_to_an_unknown_date_is_no_conflict() -> None:
    judgement = CHECKER.judge("Soga said her mother would turn 93 next year.")
    assert judgement.verdict is Verdict.UNVERIFIED


def test_a_short_restatement_pinned_by_its_values_is_supported() -> None:
    """Every word covered and two values confirmed: a low fuzzy score only
    means the claim says more."""
    judgement = CHECKER.judge("Five abductees were returned in 2002.")
    assert judgement.verdict is Verdict.SUPPORTED, judgement.note


def test_one_persons_age_dates_anothers() -> None:
    """In a draft of 2002, 'Soga, 19' dates the sentence to 1978, when her
    mother (91 in 2023) was 46."""
    checker = CHECKER.with_as_of("2002-10-15")
    kept = checker.judge("Hitomi Soga, 19, was abducted with her mother, Miyoshi, 46.")
    assert kept.verdict is not Verdict.CONTRADICTED, kept.conflicts
    changed = checker.judge("Hitomi Soga, 19, was abducted with her mother, Miyoshi, 52.")
    assert changed.verdict is Verdict.CONTRADICTED


def test_a_denial_said_of_others_counted_otherwise_is_not_the_claims() -> None:
    judgement = CHECKER.judge(
        "Eight of the abductees died in North Korea without ever being repatriated."
    )
    assert judgement.verdict is not Verdict.CONTRADICTED, judgement.conflicts


def test_an_organisation_named_after_a_country_is_that_countrys() -> None:
    facts = CHECKER.extractor.extract(
        "The North Korean Ministry of Foreign Affairs said the abduction issue was resolved."
    )
    ministry = facts.entities[1]
    assert ministry.primary == "nk-foreign-ministry"
    # a body of a country the base does not know is no one it knows
    other = CHECKER.extractor.extract("China's Foreign Ministry declined to comment.")
    assert other.entities[1].ambiguous
