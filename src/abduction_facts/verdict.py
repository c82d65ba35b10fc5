"""Compare a sentence's facts with candidate claims: supported, contradicted or unverified.

The rules, in order (see CONTRACT.md):
1. A claim is compared only when the sentence touches all of its anchors
   (match.py); what remains to compare are the claim's typed facts.
2. Each fact the claim holds and the sentence also states must agree:
   numbers of the same role, dates where both give the same component, the
   person/place/organisation in the same slot (same entity group), the
   polarity, a quote's speaker and wording.  A disagreement is a Conflict.
3. Time: a state holds as of its date; a statement about another explicit
   time, or another occasion of a recurring event, is not contradicted.
4. A conflict only counts when the sentence fact behind it is not confirmed by
   another claim ("Soga, 64, said her mother will turn 90": 64 is Soga's age).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from abduction_facts.extract import (
    IRREGULAR_PAST,
    DateMention,
    EntityMention,
    NumberMention,
    SentenceFacts,
    actors,
    coordinated_verbs,
    country_mentions,
    display_number,
    mention_role,
    recipient_of,
    subject_of,
    verb_index_of_subject,
    verb_of_subject,
)
from abduction_facts.match import ORDINALS, Candidate, CompiledClaim, reported_speech
from abduction_facts.models import (
    Claim,
    ClaimKind,
    ClaimsBase,
    Conflict,
    Entity,
    EntityId,
    EntityKind,
    Fact,
    FactType,
    Judgement,
    Verdict,
)
from abduction_facts.text import (
    ANTONYMS,
    CONCEPTS,
    IRREALIS_WORDS,
    MONTH_NAMES,
    NEGATION_WORDS,
    NUMBER_WORDS,
    SPEECH_VERBS,
    STOPWORDS,
    concept_index,
    fold,
    stem,
    tokenize,
)

# why: below these fuzzy scores (0-100, token_set_ratio of normalised texts) a
# sentence that touches a claim's anchors is still too far from it to be judged.
DEFAULT_THRESHOLDS: dict[str, float] = {
    "support": 45.0,
    "contradict": 45.0,
    # why: share of the sentence's own content words the claim's text and passage
    # also use (after concept folding); below it the sentence says something else.
    "coverage": 0.5,
    # why: a changed value may come with other small changes ("her younger sister")
    "coverage_contradict": 0.5,
}

_KIND_OF_ENTITY = {
    EntityKind.PERSON: FactType.PERSON,
    EntityKind.PLACE: FactType.PLACE,
    EntityKind.ORGANISATION: FactType.ORGANISATION,
}
_ONSET_WORDS = frozenset(
    "establish established establishes establishing normalize normalized normalised restore "
    "restored open opened forge forged began begun start started set since".split()
)

FactKey = tuple[str, int]
_BEGINNING_WORDS = frozenset("became become becomes becoming appointed named assumed".split())
_REWORDED = "the source words the quote differently"
_AGELESS = "an age changes with time, and the sentence does not say when (give the draft's date)"
_STATE_AT_ANOTHER_TIME = (
    "who holds a state changes with time, and the sentence does not say when"
    " (give the draft's date)"
)
OTHER_TIME = "the sentence is about another time"
# why: these negate a verb phrase a few words on ("failed to obtain an official apology")
_LONG_REACH = frozenset(
    "neither failed fail fails refused refuse refuses declined decline declines refrained "
    "refrain refrains".split()
)
# why: another claim naming the same person does not make them the speaker.
_UNEXPLAINABLE = frozenset({"speaker", FactType.QUOTE, FactType.POLARITY})


@dataclass(slots=True)
class Comparison:
    """How one sentence compares with one candidate claim."""

    candidate: Candidate
    conflicts: list[tuple[FactKey, Conflict]] = field(default_factory=list)
    matched: set[FactKey] = field(default_factory=set)
    downgrade: str = ""
    blocked: str = ""
    facts_matched: int = 0
    specificity: int = 0
    coverage: float = 0.0
    extra_persons: set[int] = field(default_factory=set)
    time_keys: set[FactKey] = field(default_factory=set)
    ageless: set[FactKey] = field(default_factory=set)  # age conflicts of no stated time
    clause_score: float = 0.0  # fuzzy score against the clauses holding its values
    # sentence dates the claim's own time confirms ("as of September 2023" for
    # a state as of 2023-09-29), where the claim states no date fact
    in_time: set[FactKey] = field(default_factory=set)

    def add(self, key: FactKey, conflict: Conflict) -> None:
        """Record a conflict caused by the sentence fact `key`."""
        self.conflicts.append((key, conflict))

    @property
    def conflict_keys(self) -> set[FactKey]:
        """The sentence facts behind the conflicts."""
        return {key for key, _ in self.conflicts}


def _date_text(date: str) -> str:
    parts = date.split("-")
    if len(parts) == 1:
        return date
    month = MONTH_NAMES[int(parts[1])]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{month} {int(parts[2])}, {parts[0]}"


def _weekday(year: int, month: int, day: int) -> int:
    import datetime

    return datetime.date(year, month, day).weekday()


def _claim_date(value: str) -> tuple[int, int | None, int | None]:
    parts = [int(p) for p in value.split("-")]
    return parts[0], (parts[1] if len(parts) > 1 else None), (parts[2] if len(parts) > 2 else None)


def _dates_agree(d: DateMention, value: str, following: bool = False) -> bool:
    year, month, day = _claim_date(value)
    if following and d.month is not None and month is not None:
        # why: "Koizumi's September 2002 visit led to ... the following month"
        before_year, before_month = (year, month - 1) if month > 1 else (year - 1, 12)
        if d.month == before_month and d.year in (None, before_year):
            return True
    if d.weekday is not None:
        return day is not None and month is not None and _weekday(year, month, day) == d.weekday
    if d.year is not None and d.year != year:
        return False
    if d.month is not None and month is not None and d.month != month:
        return False
    if d.day is not None and day is not None and d.day != day:
        return False
    # "in May" says nothing about a claim dated only by year; "May 2002" vs "2002" agree
    return not (d.year is None and month is None)


@functools.lru_cache(maxsize=4096)
def _says_a_wish(text: str) -> bool:
    """A claim's text tells a wish, plan or future ("wanted to hold talks")."""
    return not _FUTURE.isdisjoint(_words(text))


def _words(text: str) -> list[str]:
    return _ALNUM.findall(fold(text).lower())


_ALNUM = re.compile(r"[^\W_]+")


class Judge:
    """Turns candidates into a Judgement for one sentence."""

    def __init__(
        self,
        entities: Mapping[EntityId, Entity],
        thresholds: Mapping[str, float] | None = None,
        *,
        as_of: str | None = None,
        years: frozenset[int] = frozenset(),
        writers: Mapping[str, tuple[Claim, ...]] | None = None,
    ) -> None:
        self.entities = entities
        # entity id -> the claims whose passage writes it as a fact (see writers_of)
        self.writers = writers or {}
        self.thresholds = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
        # the draft's own date (YYYY, YYYY-MM or YYYY-MM-DD), when it is known
        self.as_of = as_of
        # every year the claims base speaks of (empty: not known, no check)
        self.years = years

    def judge(self, facts: SentenceFacts, candidates: Sequence[Candidate]) -> Judgement:
        """The verdict for one sentence given its candidate claims."""
        if not candidates:
            return Judgement(Verdict.UNVERIFIED)
        _years_of_ages(facts, candidates)
        comparisons = [self.compare(facts, c) for c in candidates]
        # why: "Meeting a woman abducted in the 1970s, Kishida signalled ...": a
        # date another claim accounts for is not "another time" for this one,
        # however little of the rest of the sentence that claim covers.
        dated = _strength(c for c in comparisons if not c.blocked)
        # A date that names the time of the claim's own thing keeps its doubt:
        # "Koizumi's 2002 meeting with Kim Jong Il resulted in a breakthrough"
        # does not deny a 2023 "no further progress toward a meeting" because a
        # claim on the 2002 apology names the year.
        for c in comparisons:
            if (
                c.downgrade == OTHER_TIME
                and c.time_keys
                and c.time_keys <= dated.keys()
                and not _dates_anchor_noun(facts, c)
            ):
                c.downgrade = ""
        # why: "Kim Jong Il apologized when he met Koizumi in Seoul": the
        # apology, a claim of the same date naming the same people, pins the
        # meeting's occasion that the town alone did not
        for c in comparisons:
            if c.downgrade == _ANOTHER_TOWN and any(
                a is not c
                and not a.blocked
                and not a.conflicts
                and not a.downgrade
                and _event_dates(a.candidate.compiled.claim)
                & _event_dates(c.candidate.compiled.claim)
                and any(
                    k[0] == "entity" and facts.entities[k[1]].kind is EntityKind.PERSON
                    for k in a.matched & c.matched
                )
                for a in comparisons
            ):
                c.downgrade = ""
        before = _time_before(facts, comparisons)
        if before:
            # why: "Before Koizumi's visit, Tokyo suspected that about 11
            # Japanese had been abducted": a state before the event a claim
            # dates neither denies nor restates a state of a later date
            for c in comparisons:
                claim = c.candidate.compiled.claim
                if claim.kind is ClaimKind.STATE and claim.as_of > before:
                    c.downgrade = c.downgrade or OTHER_TIME
        live = self._on_topic(facts, comparisons)
        strength = _strength(live)
        agreeing = [c for c in live if not c.conflicts and not c.downgrade]
        # why: a person one claim does not cover may be what another claim is
        # about ("Koizumi visited Pyongyang for a summit with then-leader Kim Jong Il").
        vouched = {
            key[1]
            for c in agreeing
            if not self._rivalled(facts, c) and _same_time(facts, c)
            for key in c.matched
            if key[0] == "entity"
        } | self._roles_held(facts, comparisons)
        # why: a time relative to the draft ("next week") no claim can confirm;
        # nor "the first visit to North Korea by a Japanese prime minister" (that
        # none came before) when no claim on the sentence's matter says "first"
        relative = (
            bool(_relative_time(facts))
            or self._unknown_year(facts)
            or _unstated_first(facts, agreeing)
        )
        # why: "Soga was one of five abductees who came home": her being one of
        # them is a fact of its own, which no pair of claims makes
        relative = relative or _unconfirmed_member(facts, live)
        unexplained_numbers = relative or any(
            ("number", i) not in strength and _checkable(n) for i, n in enumerate(facts.numbers)
        )
        supports = [
            c
            for c in agreeing
            if not c.blocked
            and not unexplained_numbers
            and not _unexplained_date(facts, c, strength, agreeing)
            and c.extra_persons <= vouched
            and (c.candidate.score >= self.thresholds["support"] or _pinned_and_covered(c))
            and _stands_without_anchors(c, self.thresholds["support"])
        ]
        # why: a sentence fact another claim confirms is not a conflict ("Soga, 64,"
        # is her age, not her mother's), unless that claim is less specific
        # (matched fewer facts) than the one that disagrees.
        contradictions = []
        for c in live:
            if not c.conflicts or c.downgrade:
                continue
            if c.candidate.score < self.thresholds["contradict"]:
                continue
            kept: list[Conflict] = []
            for key, conflict in c.conflicts:
                if strength.get(key, -1) > c.specificity and conflict.kind not in _UNEXPLAINABLE:
                    continue
                if key in c.ageless:
                    timed = _age_in_time(facts, key, conflict, strength, c, live)
                    if isinstance(timed, str):
                        c.downgrade = c.downgrade or timed
                        continue
                    conflict = timed
                kept.append(conflict)
            if not kept and c.ageless:
                c.downgrade = c.downgrade or _AGELESS
                continue
            if kept:
                contradictions.append((c, kept))
        if contradictions:
            best, kept = max(
                contradictions,
                key=lambda p: (p[0].coverage, p[0].candidate.score, len(p[0].matched)),
            )
            claim = best.candidate.compiled.claim
            writer = self._writer(claim, kept)
            return Judgement(
                Verdict.CONTRADICTED,
                score=best.candidate.score,
                claim=writer or claim,
                conflicts=tuple(kept),
                evidence=(writer, claim) if writer else (),
            )
        reworded = [c for c in live if c.downgrade.startswith(_REWORDED)]
        if reworded:
            # why: a sentence quoting a remark the source words differently is
            # about that remark; other claims confirming its names do not make
            # the quotation right.
            best = max(reworded, key=lambda c: c.candidate.score)
            return Judgement(
                Verdict.UNVERIFIED,
                score=best.candidate.score,
                note=best.downgrade,
                nearest=best.candidate.compiled.claim,
            )
        if supports:
            best = max(
                supports,
                # why: each agreeing value counts like ten points of wording.
                key=lambda c: (
                    c.coverage >= self.thresholds["coverage"],
                    c.candidate.score + 10 * c.facts_matched,
                    _closeness(facts, c.candidate),
                ),
            )
            used = [best, *_also_used(facts, best, agreeing)]
            return Judgement(
                Verdict.SUPPORTED,
                score=best.candidate.score,
                claim=best.candidate.compiled.claim,
                not_covered=tuple(_not_covered(facts, set(strength))),
                evidence=tuple(c.candidate.compiled.claim for c in used) if len(used) > 1 else (),
            )
        combined = [] if relative else self._evidence_set(facts, comparisons, live)
        if combined:
            best = combined[0]
            return Judgement(
                Verdict.SUPPORTED,
                score=best.candidate.score,
                claim=best.candidate.compiled.claim,
                evidence=tuple(c.candidate.compiled.claim for c in combined),
            )
        downgraded = [c for c in live if c.downgrade]
        if downgraded:
            best = max(downgraded, key=lambda c: c.candidate.score)
            claim = best.candidate.compiled.claim
            return Judgement(
                Verdict.UNVERIFIED,
                score=best.candidate.score,
                note=f"{best.downgrade}: claim {claim.id} holds as of {claim.as_of}",
                nearest=claim,
            )
        return _nearest(facts, comparisons, self.thresholds["coverage"])

    def _writer(self, claim: Claim, conflicts: Sequence[Conflict]) -> Claim | None:
        """The claim whose passage writes the value a conflict expects, when
        `claim` only derives it from the paragraph before, of the same time.

        why: "Kim Jong Un apologized at the 2002 summit": the apology's passage
        says "during his visit"; the passage to show is the one that names Kim
        Jong-il as leading North Korea then.
        """
        for conflict in conflicts:
            for fact in claim.facts:
                entity = self.entities.get(EntityId(fact.value))
                if not fact.derived or entity is None or entity.name != conflict.expected:
                    continue
                for other in self.writers.get(fact.value, ()):
                    if other is not claim and other.as_of[:7] == claim.as_of[:7]:
                        return other
        return None

    def _unknown_year(self, facts: SentenceFacts) -> bool:
        """The sentence dates something in a year no claim of the base speaks of.

        why: "a month after the 2005 Koizumi-Kim summit, five abductees were
        sent back": a claim that confirms the rest says nothing of 2005, and no
        claim of the base does; the sentence states a time no source gives.
        """
        if not self.years:
            return False
        return any(d.year is not None and d.year not in self.years for d in facts.dates)

    def _roles_held(self, facts: SentenceFacts, comparisons: list[Comparison]) -> set[int]:
        """People a state claim says held their role in the year the sentence
        names ("Kim Jong Il was leading North Korea in September 2002"): a
        leader may stand for the country he led, then.

        why: "Kim Jong Il admitted ... and apologized" restates North Korea's
        apology at the 2002 summit, when he led it.
        """
        held: set[int] = set()
        for c in comparisons:
            claim = c.candidate.compiled.claim
            if c.conflicts or c.downgrade or claim.kind is not ClaimKind.STATE:
                continue
            if self._rivalled(facts, c):
                continue
            if not any(d.year == int(claim.as_of[:4]) for d in facts.dates):
                continue  # why: he led it then; the sentence must say it is then
            people = {f.value for f in claim.facts if f.type is FactType.PERSON}
            held |= {
                key[1]
                for key in c.matched
                if key[0] == "entity" and people & facts.entities[key[1]].ids
            }
        return held

    def _rivalled(self, facts: SentenceFacts, c: Comparison) -> bool:
        """The sentence names another person for a slot the claim fills.

        why: "Koizumi's first summit with Kim Jong Un": a claim that Kishida
        wants a summit with Kim Jong Un does not vouch for Kim Jong Un in
        Koizumi's summit.
        """
        compiled = c.candidate.compiled
        ids = {f.value for f in compiled.claim.facts if f.type is FactType.PERSON}
        ids.update(*compiled.groups)
        groups = {
            entity.group
            for value in ids
            if (entity := self.entities.get(EntityId(value))) is not None
            and entity.kind is EntityKind.PERSON
        }
        return any(facts.entities[i].group in groups for i in c.extra_persons)

    def _evidence_set(
        self, facts: SentenceFacts, comparisons: list[Comparison], live: list[Comparison]
    ) -> list[Comparison]:
        """Up to three agreeing claims that together confirm the sentence, or [].

        why: "Japan says 17 people were kidnapped, and five of them returned in
        2002" joins two claims; no one claim covers it, but each value has a
        claim that confirms it and together they cover most of its words.  No
        claim may conflict with the sentence (checked before this is called).
        """
        pool = [
            c
            for c in comparisons
            if not c.conflicts
            and not c.downgrade
            and not self._rivalled(facts, c)
            and _same_time(facts, c)
            and (not c.blocked or c.facts_matched)
            and c.candidate.score >= self.thresholds["support"]
            and c.facts_matched
        ]
        heads = [
            c
            for c in pool
            if c in live
            and not c.blocked
            and _stands_without_anchors(c, self.thresholds["support"])
        ]
        if not heads:
            return []
        head = max(heads, key=lambda c: (c.facts_matched, c.coverage, c.candidate.score))
        chosen = [head]
        explained = head.matched | head.in_time
        needed = _checkable_keys(facts)
        for c in sorted(pool, key=lambda c: (-len(c.matched - explained), -c.candidate.score)):
            if len(chosen) == _MAX_EVIDENCE or needed <= explained:
                break
            if c is head or not (c.matched - explained) & needed:
                continue
            chosen.append(c)
            explained |= c.matched | c.in_time
        if not needed <= explained:
            return []
        vocabulary: set[str] = set()
        for c in chosen:
            vocabulary |= c.candidate.compiled.vocabulary
        content = facts.content_at
        if content:
            covered = sum(1 for i in content if facts.token_features[i] & vocabulary)
            if covered / len(content) < self.thresholds["coverage"]:
                return []
        return chosen

    def _on_topic(self, facts: SentenceFacts, comparisons: list[Comparison]) -> list[Comparison]:
        """The comparisons whose claim covers enough of what the sentence says.

        why: a clause may hold two claims' facts ("Kishida told Soga at the
        Prime Minister's Office he wanted talks with Kim"); words that an
        on-topic, agreeing claim covers count as covered for the others.
        """
        threshold = self.thresholds["coverage"]
        lower = self.thresholds["coverage_contradict"]
        # why: a sentence that names two of the claim's own values (Soga and her
        # mother; Kim Jong Il and the Pyongyang Declaration) and changes a third
        # is about that claim, however much detail it adds around them.
        passing = [
            c
            for c in comparisons
            if c.coverage >= threshold
            or (c.conflicts and (c.coverage >= lower or _pinned(c) or _swap_pinned(c)))
            or _anchored_by_values(facts, c)
        ]
        shared: set[str] = set()
        for c in comparisons:
            if c.coverage >= 0.3 and not c.conflicts and not c.blocked and not c.downgrade:
                shared |= c.candidate.compiled.vocabulary
        live = list(passing)
        for c in comparisons:
            # why: a claim found without all its anchors must stand on its own words
            if c.candidate.missing and not any(k[0] in ("number", "date") for k in c.matched):
                continue
            if c not in passing and _coverage(facts, c.candidate, shared) >= threshold:
                live.append(c)
        return live

    # -- one claim ------------------------------------------------------------

    def compare(self, facts: SentenceFacts, candidate: Candidate) -> Comparison:
        """Every agreement and conflict between the sentence and one claim."""
        out = Comparison(candidate)
        claim = candidate.compiled.claim
        self._entities(facts, candidate, out)
        if candidate.compiled.country_slots:
            self._country_slots(facts, candidate, out)
        facts_needed = candidate.compiled.states_values and any(
            f.type in (FactType.NUMBER, FactType.DATE) for f in claim.facts
        )
        numbers = [f for f in claim.facts if f.type is FactType.NUMBER]
        if numbers:
            self._numbers(facts, numbers, out)
        dates = [f for f in claim.facts if f.type is FactType.DATE]
        if dates:
            self._dates(facts, dates, out)
        else:
            out.in_time = {
                ("date", i) for i, d in enumerate(facts.dates) if _dates_agree(d, claim.as_of)
            }
        self._polarity(facts, candidate, out)
        self._quote(facts, candidate, out)
        self._time(facts, candidate, out)
        self._agent(facts, candidate, out)
        if claim.kind is ClaimKind.QUOTE and _another_remark(facts, claim, out):
            # why: "Abe said he is willing to hold direct talks": another remark
            # altogether; whoever made it is no rival speaker of this one
            out.conflicts = [(k, c) for k, c in out.conflicts if c.kind != "speaker"]
        out.coverage = _coverage(facts, candidate)
        if candidate.missing:
            out.clause_score = _clause_score(facts, out)
        # why: a claim about Soga that matched her name is more specific than a
        # general claim that matched only a decade.
        out.specificity = out.facts_matched + sum(
            1
            for group in candidate.compiled.groups
            if any(self.entities.get(EntityId(a)) is not None for a in group)
            and any(f in group for i in facts.entities for f in i.ids)
            and any(
                self.entities[EntityId(a)].kind is EntityKind.PERSON
                for a in group
                if EntityId(a) in self.entities
            )
        )
        unnamed = self._unnamed_person(facts, candidate.compiled)
        if (
            facts.unknown_names
            and not out.conflicts
            and unnamed is not None
            and any(k[0] == "date" for k in out.matched)
            and out.facts_matched >= _VALUES_THAT_PIN
        ):
            # why: "Kishida met abductee Kaoru Hasuike at the Prime Minister's
            # Office on July 5": the claim's date and values pin its occasion,
            # and a person the base does not know stands where it has Soga
            out.blocked = ""
            out.add(("name", 0), Conflict(FactType.PERSON, facts.unknown_names[0], unnamed.name))
        if facts.unknown_names and out.conflicts and self._people_unnamed(facts, candidate):
            # why: "Akihiro Arimoto, the father of a Japanese woman abducted in
            # 1983": a sentence about someone the base does not know, and not
            # about the claim's person, states another person's facts
            out.downgrade = out.downgrade or (
                f"about {facts.unknown_names[0]}, whom the claims base does not know"
            )
        unstated = _unstated_qualifier(facts, candidate)
        if unstated:
            out.blocked = (
                out.blocked
                or f"adds \u201cwithout {unstated}\u201d, which the claim does not state"
            )

        if facts_needed and not out.facts_matched and not out.conflicts:
            # why: a claim whose content is its values ("in the 1970s and 1980s")
            # does not support a sentence that states none of them.
            out.blocked = out.blocked or "states none of the claim's values"
        return out

    def _entities(self, facts: SentenceFacts, candidate: Candidate, out: Comparison) -> None:
        compiled = candidate.compiled
        covered = compiled.entity_ids
        best = _best_clauses(facts, candidate)
        # why: "Kishida said Japan would keep working for the return of all
        # abductees": who reports a fact fills none of its slots (but a quote's
        # speaker is compared in _quote).
        # why: unless telling is the claim's own act ("North Korea announced
        # the termination"): then who announced is its party
        speakers = (
            _speakers(facts)
            if compiled.claim.kind is not ClaimKind.QUOTE
            and not compiled.agent_verb & SPEECH_VERBS_STEMS
            else frozenset()
        )
        # why: "Kishida is seeking a summit with Kim Jong Il": a wish's party
        # fills the person slot of a claim that is itself a wish ("wanted to hold
        # talks with Kim Jong Un"); where the wished meeting would be is still
        # not where the claim's event was
        wish = _says_a_wish(compiled.claim.text)
        for fact in compiled.claim.facts:
            if fact.type not in (FactType.PERSON, FactType.PLACE, FactType.ORGANISATION):
                continue
            entity = self.entities.get(EntityId(fact.value))
            named = [i for i, m in enumerate(facts.entities) if m.primary == fact.value]
            implied = [i for i, m in enumerate(facts.entities) if fact.value in m.ids]
            role = compiled.role_of(fact.value)
            rivals = (
                [
                    (i, m)
                    for i, m in enumerate(facts.entities)
                    # why: the cheap tests first; most mentions fill another slot
                    if m.group == entity.group
                    and not m.ambiguous
                    and (m.primary not in covered if m.primary is not None else not m.ids & covered)
                    if _value_clause_ok(facts, facts.token_at(m.start), best)
                    and (
                        _in_claim_clause(facts, facts.token_at(m.start), candidate)
                        # why: "At a gathering in Osaka on May 27, Kishida said
                        # ...": a fronted phrase sets the scene of what follows
                        or (role == "location" and _fronted(facts, facts.token_at(m.start)))
                        # why: "Japan unilaterally announced in 2016 that it was
                        # terminating the investigation": the clause of the
                        # claim's own verb holds its party
                        or _in_claim_verb_clause(facts, facts.token_at(m.start), candidate)
                    )
                    and not _government(facts, m)
                    and not _nationality(facts, m)
                    and _same_role(fact, mention_role(facts, m), role)
                    and (
                        (wish and fact.type is FactType.PERSON)
                        or not _wished(facts, facts.token_at(m.start))
                    )
                    and not (speakers and i in speakers)
                ]
                if entity is not None
                else []
            )
            if not rivals and entity is not None:
                rivals = self._governments(facts, candidate, entity, speakers)
            # why: "the Prime Minister's Office in Osaka": the office implies Tokyo,
            # but a city named outright outranks one only implied.
            if named or (implied and not rivals):
                renamed = [
                    (k, name)
                    for k, name in facts.named_relatives
                    if k in (named or implied) and not _bears_name(entity, name)
                ]
                if renamed and entity is not None:
                    # why: "her mother Yaeko" where the claim's mother is Miyoshi
                    k, name = renamed[0]
                    found = f"{facts.entities[k].surface} {name}"
                    kind = _KIND_OF_ENTITY[entity.kind]
                    out.add(("entity", k), Conflict(kind, found, entity.name))
                    continue
                out.matched.update(("entity", i) for i in named or implied)
                out.facts_matched += 1
                continue
            if not rivals and entity is not None and role == "location":
                rivals = self._other_venues(facts, candidate, fact, best)
            if rivals and entity is not None:
                i, m = rivals[0]
                # why: a value the passage does not write ("his visit": Kim Jong
                # Il, from the paragraph before) is shown by its name
                expected = entity.name if fact.derived else fact.text
                out.add(("entity", i), Conflict(_KIND_OF_ENTITY[entity.kind], m.surface, expected))
        for i, m in enumerate(facts.entities):
            if m.primary in covered if m.primary is not None else m.ids & covered:
                out.matched.add(("entity", i))
            elif (
                m.kind is EntityKind.PERSON
                and not m.generic
                and not m.ambiguous
                and ("entity", i) not in out.conflict_keys
            ):
                out.extra_persons.add(i)
        if facts.unknown_names:
            out.blocked = (
                out.blocked or f"names {facts.unknown_names[0]}, whom the claim does not cover"
            )
        elif facts.unknown_words and self._person_unnamed(facts, compiled):
            # why: "after Mori's first summit with Kim Jong Il": a name the base
            # does not know where the claim has a person the sentence does not name
            out.blocked = out.blocked or (
                f"names {facts.unknown_words[0]}, where the claim names someone else"
            )

    def _country_slots(self, facts: SentenceFacts, candidate: Candidate, out: Comparison) -> None:
        """Another country where the claim's wording has one after the same
        preposition, and the sentence names the claim's country nowhere.

        why: "17 Japanese were abducted by South Korea", "Japan pledged economic
        cooperation to China": the party after "by", "to", "with" is a slot of
        the act, and a country the claims base names as a value only seldom
        (North Korea, in most claims) is still the claim's party.
        """
        compiled = candidate.compiled
        named = {i for m in facts.entities if not m.ambiguous for i in m.ids}
        for marker, m in country_mentions(facts):
            k = facts.entities.index(m)
            found = self._countries(m.ids)
            if not found or found & compiled.entity_ids or ("entity", k) in out.conflict_keys:
                continue
            expected = sorted(
                x for slot, x in compiled.country_slots if slot == marker and x not in named
            )
            at = facts.token_at(m.start)
            if not expected or not _in_claim_clause(facts, at, candidate):
                continue
            # why: "Soga returned to Japan" is no slot of "abducted to North
            # Korea": the word the preposition follows must be the claim's
            head = [i for i in facts.content_at if at - 5 <= i < at]
            if not head or not facts.token_features[head[-1]] & compiled.vocabulary:
                continue
            out.add(
                ("entity", k), Conflict(FactType.PLACE, m.surface, self.entities[expected[0]].name)
            )
            return

    def _governments(
        self,
        facts: SentenceFacts,
        candidate: Candidate,
        entity: Entity,
        speakers: frozenset[int],
    ) -> list[tuple[int, EntityMention]]:
        """Capitals named for their governments that fill the claim's country
        slot with another country.

        why: "Tokyo held an informal meeting with Beijing": Beijing stands for
        China, where the claim has North Korea.
        """
        covered = candidate.compiled.entity_ids
        found: list[tuple[int, EntityMention]] = []
        for i, m in enumerate(facts.entities):
            implied = m.ids - {m.primary} if m.primary is not None else frozenset()
            if not implied or implied & covered or m.kind is not EntityKind.PLACE:
                continue
            if not (_government(facts, m) or mention_role(facts, m) == "party"):
                continue
            if not any(
                (e := self.entities.get(EntityId(x))) is not None and e.group == entity.group
                for x in implied
            ):
                continue
            index = facts.token_at(m.start)
            if (
                i not in speakers
                and _in_claim_clause(facts, index, candidate)
                and not _wished(facts, index)
            ):
                found.append((i, m))
        return found

    def _people_unnamed(self, facts: SentenceFacts, candidate: Candidate) -> bool:
        """The claim is about a person (a fact, its speaker or agent, or an
        anchor) and the sentence names none of its people."""
        compiled = candidate.compiled
        people = {f.value for f in compiled.claim.facts if f.type is FactType.PERSON}
        if compiled.claim.speaker:
            people.add(compiled.claim.speaker)
        people |= {
            a
            for a in compiled.anchors | compiled.agent
            if (e := self.entities.get(EntityId(a))) is not None and e.kind is EntityKind.PERSON
        }
        # why: "Megumi Yokota's mother": with a person the base does not know
        # in the sentence, "her mother" may well be that person's
        named = {
            i
            for m in facts.entities
            if m.surface[:1].isupper() or m.kind is not EntityKind.PERSON
            for i in m.ids
        }
        return bool(people) and not people & named

    def _unnamed_person(self, facts: SentenceFacts, compiled: CompiledClaim) -> Entity | None:
        """The person the claim names as a fact (not its agent) whom the
        sentence does not name, when there is exactly one."""
        named = {i for m in facts.entities for i in m.ids}
        values = [f.value for f in compiled.claim.facts if f.type is FactType.PERSON]
        values += [group[0] for group in compiled.claim.about if len(group) == 1]
        people = {
            e.id: e
            for value in values
            if value not in named
            and value not in compiled.agent
            and (e := self.entities.get(EntityId(value))) is not None
            and e.kind is EntityKind.PERSON
        }
        return next(iter(people.values())) if len(people) == 1 else None

    def _person_unnamed(self, facts: SentenceFacts, compiled: CompiledClaim) -> bool:
        """The claim has a person (a fact, its speaker or its agent) whom the
        sentence does not name."""
        people = {f.value for f in compiled.claim.facts if f.type is FactType.PERSON}
        if compiled.claim.speaker:
            people.add(compiled.claim.speaker)
        people |= {
            a
            for a in compiled.agent
            if (e := self.entities.get(EntityId(a))) is not None and e.kind is EntityKind.PERSON
        }
        named = {i for m in facts.entities for i in m.ids}
        return bool(people - named)

    def _other_venues(
        self, facts: SentenceFacts, candidate: Candidate, fact: Fact, best: frozenset[int]
    ) -> list[tuple[int, EntityMention]]:
        """Places or bodies the sentence names as where the claim's event happened,
        when the claim names another venue ("met Kishida at the Foreign Ministry"
        where the source says the Prime Minister's Office).

        Only the claim's most specific venue is compared (the office, not the
        Tokyo it implies), and a venue that is, or lies in, the claim's is no rival.
        """
        compiled = candidate.compiled
        venue = self.entities[EntityId(fact.value)]
        for other in compiled.claim.facts:
            if other.type is FactType.PLACE and other.value != fact.value:
                inner = self.entities.get(EntityId(other.value))
                if inner is not None and venue.id in inner.implies:
                    return []  # a more specific venue of the claim is compared instead
        out: list[tuple[int, EntityMention]] = []
        for i, m in enumerate(facts.entities):
            own = {m.primary} if m.primary is not None else m.ids
            if m.kind is EntityKind.PERSON or m.ambiguous or own & compiled.entity_ids:
                continue
            if venue.id in m.ids or own & set(venue.implies):
                continue  # the claim's venue itself, or the city or country it lies in
            index = facts.token_at(m.start)
            if (
                mention_role(facts, m) == "location"
                and not _wished(facts, index)
                and _value_clause_ok(facts, index, best)
                and _in_claim_clause(facts, index, candidate)
            ):
                out.append((i, m))
        return out

    def _agent(self, facts: SentenceFacts, candidate: Candidate, out: Comparison) -> None:
        """Who acts: the sentence's subject against the claim's.

        why: "North Korea admitted abducting 13" is not what "Japan has
        identified 17" says, and "Japan promised an investigation" swaps the
        party that promised it.  A subject of another kind (a leader for his
        country) is not compared.
        """
        compiled = candidate.compiled
        subject = subject_of(facts)
        mentions = [facts.entities[i] for i in subject]
        if (
            candidate.missing
            and out.conflicts
            and not (compiled.agent and any(m.ids & compiled.agent for m in mentions))
            # why: "At the 2002 Beijing summit Kim Jong Il admitted ...": where
            # or when an event two of the claim's values pin took place is the
            # event's, whoever the sentence has act in it
            and not (
                out.facts_matched >= 2
                and all(c.kind in (FactType.PLACE, FactType.DATE) for _, c in out.conflicts)
            )
            # why: "The North let six of them return home in 2002": a claim that
            # names no agent ("five were repatriated") counts its act's people,
            # whoever let them go
            and not (not compiled.agent and _counts_of_the_act(facts, out))
        ):
            # why: a claim found without its predicate conflicts only when the
            # sentence names the same party acting ("Japan lists 14 abductees"
            # against "Japan has identified 17"); "Kim Jong Il confirmed 11
            # kidnappings" states another party's count.
            out.conflicts.clear()
            out.downgrade = out.downgrade or "the sentence may state another party's fact"
            return
        if not compiled.agent:
            return
        # why: "Talks stalled after Japan unilaterally announced ...": a party
        # acting with the claim's own verb anywhere in the sentence
        # why: "Tokyo says 17 were abducted, but Pyongyang has recognized only
        # 13": where the claim's agent is named too, the other actor is
        # another party doing its own act
        agent_named = any(m.ids & compiled.agent for m in facts.entities if not m.ambiguous)
        for k, verb in actors(facts):
            if facts.token_features[verb] & compiled.agent_verb and k not in subject:
                m = facts.entities[k]
                if not (m.ambiguous or m.generic or m.ids & compiled.agent or agent_named):
                    self._swapped_agent(k, m, compiled, out)
                return
        if not mentions:
            return
        if any(m.ambiguous or m.generic for m in mentions):
            return
        if any(m.ids & compiled.agent for m in mentions):
            # why: "Soga visited the office and handed Matsuno a letter": the
            # subject's second verb may be the claim's act
            for verb in coordinated_verbs(facts):
                if facts.token_features[verb] & compiled.agent_verb:
                    self._other_recipient(facts, compiled, out, verb)
                    break
            return
        first = mentions[0]
        acted = verb_of_subject(facts)
        if acted & compiled.agent_verb and self._roles_swapped(facts, subject, first, compiled):
            # why: "Kishida handed Soga a letter": the claim's recipient gives
            # and its giver receives
            out.add(
                ("entity", subject[0]),
                Conflict(FactType.PERSON, first.surface, compiled.agent_name),
            )
            return
        # why: "Matsuno told Soga he wanted talks with Kim Jong Un": who tells
        # whom what is a speaker's slot, which anyone may fill; with the
        # recipient and what was said pinned, another teller is a conflict
        speech = bool(acted & SPEECH_VERBS and compiled.agent_verb & SPEECH_VERBS)
        # why: "On May 27 Prime Minister Ishiba attended the Tokyo rally and
        # expressed eagerness to meet Kim Jong Un": the claim's date pins its
        # occasion, and another person in its agent's place is a conflict
        # whatever office each holds
        pinned = (
            first.kind is EntityKind.PERSON
            and compiled.agent_kind == EntityKind.PERSON.value
            and not first.generic
            and any(k[0] == "date" for k in out.matched)
            # why: "Soga met Kishida on July 5": the claim's agent is named too,
            # so the subject is another party to the act, not in its place
            and not any(m.ids & compiled.agent for m in facts.entities if not m.ambiguous)
            # why: "At the 2002 summit, Kim Jong Il admitted ...": a person the
            # claim names in another role (whom Koizumi met) acts on the
            # occasion too, not in its agent's place
            and not first.ids & compiled.entity_ids
        )
        if candidate.missing:
            if first.kind is EntityKind.PERSON and compiled.agent_kind != EntityKind.PERSON.value:
                return  # why: a leader acting for his country is not compared with it
            # why: "Matsuno said on May 27 he would hold high-level talks": on
            # the claim's own date, saying it is proposing it; a sentence that
            # lacks only the claim's agent and its verb of telling has another
            # person in the agent's place
            said = (
                compiled.agent_verb & _TELLING_ACTS
                if pinned and acted & SPEECH_VERBS_STEMS
                else frozenset()
            )
            agent_missing = all(
                compiled.groups[g] & (compiled.agent | said) for g in candidate.missing
            )
            if pinned and agent_missing:
                self._swapped_agent(subject[0], first, compiled, out, speech=speech, pinned=True)
                return
            if (
                agent_named
                and out.conflicts
                and all(c.kind is FactType.PLACE for _, c in out.conflicts)
                and any(facts.token_features[i] & compiled.agent_verb for i in facts.content_at)
            ):
                # why: "17 abductees, five of whom returned after a visit to
                # Seoul by Koizumi": the claim's own agent and act are named, so
                # the place is where its act happened, whoever the subject is
                return
            if not (speech and len(out.matched) >= 2):
                out.downgrade = out.downgrade or (
                    f"about what {first.surface} did, not {compiled.agent_name}"
                )
                return
        # why: "At the Tokyo gathering on May 27, Foreign Minister Kamikawa said
        # she would set up high-level talks under her direct control": on the
        # claim's own date, saying the claim's thing is doing it
        telling = (
            pinned
            and bool(acted & SPEECH_VERBS_STEMS)
            # only when the claim's act is itself saying something ("called
            # for", "proposed"); several people refrained on September 29
            and bool(compiled.agent_verb & _TELLING_ACTS)
        )
        if (
            not acted & compiled.agent_verb
            and not telling
            and not self._country_in_place(facts, first, compiled)
        ):
            return  # another act ("Japan lists ... abducted by North Korea")
        self._swapped_agent(subject[0], first, compiled, out, speech=speech, pinned=pinned)
        if ("entity", subject[0]) in out.conflict_keys and any(
            c.kind in (FactType.NUMBER, FactType.DATE) for _, c in out.conflicts
        ):
            # why: "Pyongyang recognized only 13 instances of kidnapping":
            # another party and another count is that party's fact, not a swap
            out.conflicts.clear()
            out.downgrade = out.downgrade or (
                f"about what {first.surface} did, not {compiled.agent_name}"
            )

    def _country_in_place(
        self, facts: SentenceFacts, first: EntityMention, compiled: CompiledClaim
    ) -> bool:
        """Another country is the subject, the claim's act is done in the
        sentence, and the claim's own country is named nowhere in it.

        why: "South Korea admitted in 2002 that it had abducted Japanese
        nationals": "it" is the subject's country, which does the claim's act.
        """
        if compiled.agent_kind != EntityKind.PLACE.value or first.kind is not EntityKind.PLACE:
            return False
        if not self._countries(first.ids) or first.ids & compiled.agent:
            return False
        named = {i for m in facts.entities if not m.ambiguous for i in m.ids}
        if named & compiled.agent:
            return False
        words = facts.tokens_lower
        # the claim's act done by "it" (the subject), in its active voice
        return any(
            feats & compiled.agent_verb
            and any(
                words[v - k] == "it" and all(w in _AUXILIARIES for w in words[v - k + 1 : v])
                for k in (1, 2, 3)
                if v - k >= 0
            )
            for v, feats in enumerate(facts.token_features)
        )

    @staticmethod
    def _other_recipient(
        facts: SentenceFacts, compiled: CompiledClaim, out: Comparison, verb: int
    ) -> None:
        """Another person receives the claim's act: a conflict, whatever office
        each holds ("Soga handed Chief Cabinet Secretary Matsuno a letter" where
        she gave it to Kishida)."""
        if not compiled.recipient or compiled.agent_verb & SPEECH_VERBS:
            return  # why: a remark is told to many; who heard it is no slot
        given = recipient_of(facts, verb)
        if given is None or ("entity", given) in out.conflict_keys:
            return
        m = facts.entities[given]
        if (
            m.kind is not EntityKind.PERSON
            or m.ambiguous
            or m.generic
            or m.ids & compiled.recipient
        ):
            return
        out.add(("entity", given), Conflict(FactType.PERSON, m.surface, compiled.recipient_name))

    @staticmethod
    def _roles_swapped(
        facts: SentenceFacts,
        subject: tuple[int, ...],
        first: EntityMention,
        compiled: CompiledClaim,
    ) -> bool:
        """The sentence's subject is a person the claim names in another role,
        and the claim's own agent is named after it."""
        if (
            first.kind is not EntityKind.PERSON
            or first.ambiguous
            # why: "Kim Jong Il conceded ... people linked to North Korea": a
            # leader and his country are no giver and receiver
            or compiled.agent_kind != EntityKind.PERSON.value
        ):
            return False
        others = {
            f.value for f in compiled.claim.facts if f.type is FactType.PERSON
        } - compiled.agent
        if not first.ids & others:
            return False
        verb = verb_index_of_subject(facts)
        # why: only as the verb's object ("handed Soga", "gave it to Soga"); "signed
        # a declaration with Koizumi" is done together
        return any(
            m.ids & compiled.agent
            and not m.ambiguous
            and (
                facts.token_at(m.start) == verb + 1
                or facts.tokens_lower[facts.token_at(m.start) - 1] == "to"
            )
            for i, m in enumerate(facts.entities)
            if i not in subject and m.start > first.start
        )

    @staticmethod
    def _swapped_agent(
        index: int,
        mention: EntityMention,
        compiled: CompiledClaim,
        out: Comparison,
        *,
        speech: bool = False,
        pinned: bool = False,
    ) -> None:
        """Another party of the same kind does the claim's act (any person,
        when the act is telling or the claim's date pins the occasion): a
        conflict."""
        same_slot = mention.kind.value == compiled.agent_kind and (
            mention.group == compiled.agent_group
            or mention.kind is not EntityKind.PERSON
            or speech
            or pinned
        )
        if not same_slot or ("entity", index) in out.conflict_keys:
            return
        if speech and mention.kind is EntityKind.PERSON:
            # why: another claim naming the teller does not make him the one who told
            out.add(("entity", index), Conflict("speaker", mention.surface, compiled.agent_name))
            return
        kind = FactType.PERSON if mention.kind is EntityKind.PERSON else FactType.ORGANISATION
        out.add(("entity", index), Conflict(kind, mention.surface, compiled.agent_name))

    def _numbers(self, facts: SentenceFacts, numbers: Sequence[Fact], out: Comparison) -> None:
        for fact in numbers:
            want = float(fact.value)
            if fact.role == "age":
                about = out.candidate.compiled.anchors
                anyone = not any(m.kind is EntityKind.PERSON for m in facts.entities)
                pool = [
                    (i, n)
                    for i, n in enumerate(facts.numbers)
                    if n.role == "age" and (n.owner & about or (anyone and not n.owner))
                ]
            else:
                counts = [
                    (i, n)
                    for i, n in enumerate(facts.numbers)
                    if n.role in ("", "subset") and not _counts_others(facts, n)
                ]
                # why: "17 kidnappings" counts what "17 citizens who were abducted"
                # counts: a count of the claim's own subject matter
                subject = out.candidate.compiled.anchors
                vocabulary = out.candidate.compiled.vocabulary
                pool = [
                    (i, n)
                    for i, n in counts
                    if (
                        not fact.role
                        or fact.role in n.counted
                        or not n.counted
                        or not n.counted.isdisjoint(subject)
                    )
                    and (
                        not n.role
                        or n.value == want
                        # why: "four of those held returned to Japan" counts the
                        # claim's act (the return) among a set
                        or (n.role == "subset" and _does_claims_act(facts, n, out, fact))
                    )
                    # why: "360 missing Japanese" counts the missing, not the 17
                    # identified abductees: a qualifier the claim never uses
                    and (n.counted & _QUALIFIERS) <= vocabulary
                ]
                if not pool and counts:
                    # why: "five children of the abductees" counts something else
                    out.downgrade = out.downgrade or "the sentence counts something else"
                    continue
            if fact.role == "age" and pool:
                self._ages(facts, fact, pool, out)
                continue
            same = [i for i, n in pool if n.value == want]
            if same:
                out.matched.update(("number", i) for i in same)
                out.facts_matched += 1
                continue
            if fact.role != "age":
                pool = [(i, n) for i, n in pool if not _counts_another_act(facts, n, out, fact)]
            # why: every candidate number conflicts; one another claim confirms
            # ("Soga, 64," is her age) is dropped when the verdict is assembled.
            for i, n in pool:
                out.add(("number", i), Conflict(FactType.NUMBER, n.surface, fact.text))

    def _ages(
        self,
        facts: SentenceFacts,
        fact: Fact,
        pool: Sequence[tuple[int, NumberMention]],
        out: Comparison,
    ) -> None:
        """Ages move with time: an age is compared at the sentence's own time.

        The time is a date the sentence gives, else the draft's date; "63" in
        October 2022 agrees with "64" in July 2023.  With no time at all an age
        that differs is left to the verdict (see Judge.judge): it conflicts only
        when another age in the sentence pins it to the claim's time ("Soga, 64,
        said her mother will be turning 90").
        """
        want = float(fact.value)
        claim_year = int(out.candidate.compiled.claim.as_of[:4])
        anchors = out.candidate.compiled.anchors
        # why: "Hitomi Soga, 19, disappears ... with her mother, Miyoshi, 46": the
        # year another person's age gives (Soga at 19: 1978) dates this one's
        told = {y for owners, y in facts.memo.get(("age_years", 0), ()) if not owners & anchors}
        when = (
            _year_of(facts)
            or (told.pop() if len(told) == 1 else None)
            or (int(self.as_of[:4]) if self.as_of else None)
        )
        for i, n in pool:
            if when is None or when == claim_year:
                if n.value == want:
                    out.matched.add(("number", i))
                    out.facts_matched += 1
                    continue
                out.add(("number", i), Conflict(FactType.NUMBER, n.surface, fact.text))
                kind = out.candidate.compiled.claim.kind
                if when is None and (
                    kind is ClaimKind.STATE
                    or not _reports_speech(facts)
                    or bool(_relative_time(facts))
                ):
                    # why: a quote's age is said on the remark's occasion, which a
                    # sentence reporting the remark shares; a state's is not, nor
                    # is a remark timed relative to an unknown date ("will turn 92
                    # next month")
                    out.ageless.add(("number", i))
                continue
            expected = want - (claim_year - when)
            if abs(n.value - expected) <= 1:
                # why: the same person at another time; the claim states her age
                # as of its own date, so the sentence is about another time
                out.downgrade = out.downgrade or (
                    f"an age at another time ({n.surface} in {when} agrees with {fact.text} "
                    f"in {claim_year})"
                )
                continue
            out.add(
                ("number", i),
                Conflict(FactType.NUMBER, n.surface, f"{display_number(expected)} in {when}"),
            )

    def _dates(self, facts: SentenceFacts, dates: Sequence[Fact], out: Comparison) -> None:
        points = [f for f in dates if not f.value.endswith("0s")]
        decades = {int(f.value[:4]) for f in dates if f.value.endswith("0s")}
        expected_points = "; ".join(_expected_date(f) for f in points)
        best = _best_clauses(facts, out.candidate)
        if points and not decades:
            point_decades = {_claim_date(f.value)[0] // 10 * 10 for f in points}
            # why: "agreed in May 2014 to reinvestigate what happened to the
            # Japanese it abducted in the 1970s": once the sentence states the
            # claim's date, a decade beside it, never more precise, dates another act
            dated = any(
                _dates_agree(d, f.value, facts.following_month) for d in facts.dates for f in points
            )
            for i, dm in enumerate(facts.decades):
                if (
                    dm.decade not in point_decades
                    and not dated
                    and _attached_to_anchor(facts, dm.index, out.candidate)
                ):
                    out.add(("decade", i), Conflict(FactType.DATE, dm.surface, expected_points))
        for i, d in enumerate(facts.dates):
            shifted = d.index in facts.shifted_at
            if shifted and any(
                _dates_agree(e, f.value) for e in facts.dates if e is not d for f in points
            ):
                # why: "Two days after Kishida's May 27 proposal, North Korea
                # said ...": the date it counts from is the claim's own; the
                # claim is about the earlier event, not the one this dates
                continue
            relevant = (
                # why: "Ten days after Kishida's May 27 remarks, North Korea
                # said ...": a date counted from another, opening the
                # sentence, dates its main clause (not the remarks)
                (shifted and d.index == 0)
                # why: "At a gathering of abductees' families in Tokyo on March
                # 27, Kishida said ...": a scene-setting phrase naming an event
                # dates the occasion, the date a curator derived for what was
                # said there
                or (
                    bool(points)
                    and all(f.derived for f in points)
                    and _fronted(facts, d.index)
                    and _names_an_event(facts, d.index)
                )
                or (
                    _value_clause_ok(facts, d.index, best)
                    and _dates_the_claim(facts, d.index, out.candidate)
                    and _attached_to_claim(facts, d.index, out.candidate)
                    and not _beside_stranger(facts, d.index, out)
                )
            )
            if points:
                if any(_dates_agree(d, f.value, facts.following_month) for f in points):
                    out.matched.add(("date", i))
                    out.facts_matched += 1
                elif (relevant or _listed_with_a_match(facts, i, points)) and _comparable(
                    d, points
                ):
                    if len(points) == 1 and _listed_with_a_match(facts, i, points, joined=True):
                        # why: "Koizumi's visits to North Korea in 2002 and 2004":
                        # a list of occasions, one of which is the claim's
                        continue
                    out.add(("date", i), Conflict(FactType.DATE, d.surface, expected_points))
            elif decades and d.year is not None:
                if d.year // 10 * 10 in decades:
                    # why: "from 1977 until 1983" agrees with "the 1970s and
                    # 1980s" but names years the claim does not give
                    out.facts_matched += 1
                elif relevant and not any(dm.decade in decades for dm in facts.decades):
                    # why: "In 2002, North Korea said it kidnapped 13 Japanese in
                    # the 1970s and 1980s": the claim's decades are stated; the
                    # year dates another act (the saying)
                    out.add(
                        ("date", i),
                        Conflict(
                            FactType.DATE, d.surface, " and ".join(f"{x}s" for x in sorted(decades))
                        ),
                    )
        if decades:
            expected = " and ".join(f.text for f in dates if f.value.endswith("0s"))
            for i, dm in enumerate(facts.decades):
                if dm.decade in decades:
                    out.matched.add(("decade", i))
                    out.facts_matched += 1
                else:
                    out.add(("decade", i), Conflict(FactType.DATE, dm.surface, expected))

    def _polarity(self, facts: SentenceFacts, candidate: Candidate, out: Comparison) -> None:
        claim = candidate.compiled.claim
        polarity = next((f for f in claim.facts if f.type is FactType.POLARITY), None)
        claim_negative = polarity is not None and polarity.value == "negative"
        if candidate.missing:
            # why: a sentence that does not use the claim's predicate ("refrained
            # from providing details") neither affirms nor denies it; but one that
            # negates the claim's own words ("said it would not conduct the
            # investigation" for "promised to conduct") denies what it asserts.
            if polarity is not None:
                out.blocked = out.blocked or "does not state what the claim asserts or denies"
                return
            negations = _negations_in_scope(facts, candidate, after=False)
            if not negations:
                return
            # why: and only on the same occasion: "would not attend the 2019
            # dialogue" does not deny that North Korea attended in the past
            same_time = any(key[0] in ("date", "decade") for key in out.matched)
            if not same_time or not _negates_claim_words(facts, negations, candidate):
                out.blocked = out.blocked or "negates something the claim does not state"
                return
        if claim.kind is ClaimKind.QUOTE and polarity is None:
            denied = [
                n
                for n in facts.negation_at
                if _negates_predicate_of(
                    facts, n, (), frozenset(), _speakers_of(candidate), reporting=True
                )
            ]
            if denied:
                # why: "Kishida has not described the abductions as ...": the
                # quote's speaker is said not to have said it
                found = _negated_words(facts, denied, candidate)
                out.add(("polarity", 0), Conflict(FactType.POLARITY, found, claim.text))
            return
        if candidate.flipped and _opposes_another_act(facts, candidate):
            out.blocked = out.blocked or "opposes an act the claim does not state"
            return
        negations = _negations_in_scope(facts, candidate, after=claim_negative)
        if candidate.flipped:
            # why: "Kishida refused to negotiate": "refused" is the opposite of
            # the claim's "willing"; read as a negation as well, it cancelled out
            opposite = {word.lower() for _, word in candidate.flipped}
            negations = [i for i in negations if facts.tokens_lower[i] not in opposite]
        if claim.kind is ClaimKind.QUOTE:
            # why: a quote's own words carry its polarity ("no diplomatic buildup")
            negations = sorted([*negations, *facts.quoted_negation_at])
        sentence_negative = len(negations) % 2 == 1
        if candidate.flipped:
            sentence_negative = not sentence_negative
        if sentence_negative == claim_negative:
            if polarity is not None:
                out.facts_matched += 1
            return
        if _irrealis_in_scope(facts, candidate):
            out.downgrade = (
                out.downgrade or "the sentence does not assert it (a wish, plan or condition)"
            )
            return
        if candidate.flipped:
            concept, word = candidate.flipped[0]
            found = _negated_words(facts, negations, candidate) if negations else word
            expected = _concept_words(claim.passage, concept) or claim.text
        else:
            found = (
                _negated_words(facts, negations, candidate)
                if negations
                else _assertion(facts.text, candidate)
            )
            expected = (
                polarity.text if polarity is not None else _assertion(claim.passage, candidate)
            )
        if found.casefold() == expected.casefold():
            # why: "no further progress: no high-level": the sentence says the
            # claim's own negative words and negates again; which way it reads
            # is unclear, and a conflict must name two different values.
            out.downgrade = out.downgrade or "its negations do not read one way"
            return
        counts = {float(f.value) for f in claim.facts if f.type is FactType.NUMBER}
        if counts and facts.numbers and not any(n.value in counts for n in facts.numbers):
            # why: "six of the eleven died without being repatriated": a
            # denial said of others, counted otherwise, is not the claim's five
            out.downgrade = out.downgrade or "the sentence says it of others"
            return
        if claim.kind is ClaimKind.EVENT and not claim.recurring and not candidate.flipped:
            act = candidate.compiled.dated_act or candidate.compiled.anchors
            since = [
                i
                for i, w in enumerate(facts.tokens_lower)
                if w == "since"
                # why: "... have returned after five people were repatriated":
                # "after" the claim's own act, the time after it
                or (
                    w == "after"
                    and any(n < i for n in negations)
                    and any(
                        p > i and facts.token_features[p] & act
                        for p in _anchor_positions(facts, candidate)
                    )
                )
            ]
            if since and negations:
                # why: "none of the abductees has returned since 2002", "no other
                # abductees have come back since then": a denial of the time
                # after the claim's event does not deny the event
                out.downgrade = out.downgrade or "the sentence is about the time since"
                return
        others = self._other_parties(facts, candidate)
        if others == OTHER_TIME:
            # why: kept with its dates, so a date another claim explains ("who
            # was abducted in 1978") lifts it in Judge.judge and the conflict stands
            out.time_keys |= {("date", i) for i, d in enumerate(facts.dates) if d.year is not None}
            out.downgrade = out.downgrade or OTHER_TIME
        elif others:
            out.downgrade = out.downgrade or others
            return
        out.add(("polarity", 0), Conflict(FactType.POLARITY, found, expected))

    def _other_parties(self, facts: SentenceFacts, candidate: Candidate) -> str:
        """Why the sentence may be about another party's act, or "".

        why: did or did not is a conflict only for the same party's act:
        "Officials confirmed that ..." does not deny that Kamikawa refrained
        from confirming; and a state holds as of its date: "Sunak said in 1991
        that talks had made progress" does not deny that there has been none
        by 2023.
        """
        compiled = candidate.compiled
        if compiled.agent and compiled.agent_kind == EntityKind.PERSON.value:
            predicate = [
                i
                for i in _anchor_positions(facts, candidate)
                if not any(
                    self.entities.get(EntityId(a)) is not None
                    for a in facts.token_features[i] & compiled.anchors
                )
            ]
            first = predicate[0] if predicate else len(facts.tokens_lower)
            # why: "was not signed by Koizumi": a passive names its agent after "by"
            named = any(
                m.ids & compiled.agent
                and (
                    facts.token_at(m.start) < first
                    or facts.tokens_lower[facts.token_at(m.start) - 1] == "by"
                )
                for m in facts.entities
            )
            if not named:
                return f"the sentence does not say that {compiled.agent_name} did it"
        claim = compiled.claim
        years = {d.year for d in facts.dates if d.year is not None}
        onset = any(w in _ONSET_WORDS for w in facts.tokens_lower)
        if (
            claim.kind is ClaimKind.STATE
            and years
            and int(claim.as_of[:4]) not in years
            and not onset  # "established relations in 2002" still holds today
        ):
            # why: "Sunak said on September 3, 1991 that talks had made progress":
            # a state holds as of its date, whichever clause the other date is in
            return OTHER_TIME
        return ""

    def _quote(self, facts: SentenceFacts, candidate: Candidate, out: Comparison) -> None:
        claim = candidate.compiled.claim
        quoted = [f.value for f in claim.facts if f.type is FactType.QUOTE]
        if not quoted:
            return
        speaker = self.entities.get(claim.speaker) if claim.speaker else None
        if speaker is not None:
            # why: only a sentence that reports speech names a speaker ("Her
            # mother will be turning 91" attributes nothing to anyone)
            reports_speech = _reports_speech(facts)
            said_by = [
                (i, m)
                for i, m in enumerate(facts.entities)
                if reports_speech
                and m.kind is EntityKind.PERSON
                and not m.ambiguous
                and not any(a <= m.start < b for a, b in facts.quote_spans)
            ]
            # why: "Soga told Kishida ...": the subject of the speech verb is
            # the speaker, whoever else the sentence names.
            reporting = _speakers(facts)
            if any(i in reporting for i, _ in said_by):
                said_by = [(i, m) for i, m in said_by if i in reporting]
            elif reporting or _unnamed_speaker(facts):
                # why: "After Kishida's remarks, North Korea said ...": the
                # country reporting it speaks; its speaker is compared below
                said_by = []
            if any(speaker.id in m.ids for _, m in said_by):
                out.facts_matched += 1  # the right speaker is a fact the claim confirms
            elif said_by:
                i, m = said_by[0]
                out.add(("entity", i), Conflict("speaker", m.surface, speaker.name))
                out.blocked = ""
            elif reports_speech:
                self._speaking_country(facts, speaker, reporting, out)
        quote_words = _words(quoted[0])
        if not facts.quotes and claim.kind is ClaimKind.QUOTE:
            # why: "Kishida called the abductions a time-critical human rights
            # issue" reports the quote without quote marks.
            content = [w for w in quote_words if w not in STOPWORDS]
            said = {stem(w) for w in _words(facts.text)}
            if content and sum(stem(w) in said for w in content) / len(content) >= 0.5:
                reported = _words(reported_speech(facts))
                if (
                    reported
                    and _shared_negations(reported, quote_words) % 2
                    != _shared_negations(quote_words, reported) % 2
                ):
                    # why: "Soga said her mother would not turn 91": reported
                    # speech that negates the remark flips it
                    out.add(
                        ("polarity", 0),
                        Conflict(FactType.POLARITY, _assertion(facts.text, candidate), quoted[0]),
                    )
                else:
                    out.matched.add(("quote", 0))
                    out.facts_matched += 1
            elif out.facts_matched and _rewords(facts, content):
                # why: reported speech that rewords the remark ("an urgent
                # humanitarian issue that could not be neglected") is no misquote
                # and no support: the source words it differently
                out.downgrade = out.downgrade or f"{_REWORDED}: \u201c{quoted[0]}\u201d"
            elif not out.facts_matched:
                out.blocked = out.blocked or "does not report the quote"
        for k, q in enumerate(facts.quotes):
            words = _words(q)
            if _is_sublist(words, quote_words) or _is_sublist(words, _words(claim.passage)):
                if _negated_before_quote(facts, k):
                    # why: "He said he would not 'like to hold high-level talks'"
                    out.add(
                        ("quote", 0), Conflict(FactType.QUOTE, f"not \u201c{q}\u201d", quoted[0])
                    )
                    continue
                out.matched.add(("quote", 0))
                out.facts_matched += 1
            elif _shares_words(words, quote_words):
                numbers, source = _numerals(words), _numerals(quote_words)
                if numbers and source and numbers != source:
                    # why: "My mother will be turning 95": a number in a quote is a fact
                    out.add(
                        ("quote", 0),
                        Conflict(FactType.NUMBER, " ".join(numbers), " ".join(source)),
                    )
                elif _negation_count(words) % 2 != _negation_count(quote_words) % 2:
                    out.add(("quote", 0), Conflict(FactType.QUOTE, q, quoted[0]))
                else:
                    # why: another translation or wording of the same remark is
                    # not a misquote; only a flipped meaning is.
                    out.downgrade = out.downgrade or (f"{_REWORDED}: \u201c{quoted[0]}\u201d")

    def _speaking_country(
        self, facts: SentenceFacts, speaker: Entity, reporting: frozenset[int], out: Comparison
    ) -> None:
        """A country, or a body or official of one, speaks where the claim's
        speaker is of another country: a conflict.

        why: "A senior North Korean official said there are rules against
        saying what actually happened" where a Japanese diplomatic source said
        it; "Japan's Foreign Ministry said there is no reason not to meet".
        """
        expected = self._countries({speaker.id, *speaker.implies})
        if not expected:
            return
        for i in sorted(reporting):
            m = facts.entities[i]
            if m.kind is EntityKind.PERSON and i and m.ambiguous:
                # why: "a South Korean vice foreign minister said": the official
                # speaks for the country named right before the title
                before = facts.entities[i - 1]
                if facts.text[before.end : m.start].strip() == "":
                    m = before
            if m.kind is EntityKind.PERSON or m.ambiguous:
                continue
            found = self._countries(m.ids)
            if found and not found & expected:
                out.add(("entity", i), Conflict("speaker", m.surface, speaker.name))
                return

    def _countries(self, ids: Iterable[str]) -> set[str]:
        """The countries among `ids` and those their entities imply."""
        out: set[str] = set()
        for value in ids:
            entity = self.entities.get(EntityId(value))
            if entity is None:
                continue
            for x in (entity.id, *entity.implies):
                other = self.entities.get(EntityId(x))
                if other is not None and other.group == "country":
                    out.add(x)
        return out

    def _time(self, facts: SentenceFacts, candidate: Candidate, out: Comparison) -> None:
        claim = candidate.compiled.claim
        if claim.kind is ClaimKind.STATE or claim.recurring:
            # why: a state holds as of its date; "in 2021", "as of 2025" or "in
            # the 1990s" asks about another time, which the claim does not cover.
            as_of = int(claim.as_of[:4])
            onset = any(w in _ONSET_WORDS for w in facts.tokens_lower)
            anchored = {facts.sentence_part_of[p] for p in _anchor_positions(facts, candidate)}
            # why: "a conference set for June 14 and 15" in a draft of 2018: a
            # date without a year is in the draft's year
            drafted = int(self.as_of[:4]) if self.as_of else None
            out.time_keys |= {
                ("date", i)
                for i, d in enumerate(facts.dates)
                if (d.year if d.year is not None else drafted) not in (None, as_of)
                and facts.sentence_part_of[d.index] in anchored
                and _dates_the_claim(facts, d.index, candidate)
            } | {
                ("decade", i)
                for i, dm in enumerate(facts.decades)
                if dm.decade != as_of // 10 * 10
                and facts.sentence_part_of[dm.index] in anchored
                and _dates_the_claim(facts, dm.index, candidate)
            }
            if out.time_keys and not (onset and out.conflicts):
                out.downgrade = OTHER_TIME
                return
            if (
                out.conflicts
                # why: an age is compared at the draft's date instead (_ages)
                and all(c.kind is not FactType.NUMBER for _, c in out.conflicts)
                and drafted is not None
                and drafted != as_of
                and not facts.dates
                and not facts.decades
            ):
                # why: "Tokyo is refusing to return the five" in a draft of 2002:
                # a sentence that gives no time speaks of the draft's, and the
                # claim's state is as of another year
                out.downgrade = OTHER_TIME
                return
            if (
                claim.kind is ClaimKind.STATE
                and facts.dates
                and any(w in _BEGINNING_WORDS for w in facts.tokens_lower)
            ):
                # why: "Kamikawa became foreign minister in September 2023": the
                # claim says the state holds as of its date, not when it began.
                out.downgrade = out.downgrade or "the claim does not say when this began"
                return
            if (
                claim.kind is ClaimKind.STATE
                and any(c.kind is FactType.PERSON for _, c in out.conflicts)
                and not any(d.year is not None for d in facts.dates)
                and not facts.decades
                and (self.as_of is None or self.as_of[:4] != claim.as_of[:4])
            ):
                # why: "North Korean leader Kim Jong-un" against "Kim Jong Il was
                # leading North Korea in 2002": who holds an office changes; with
                # no time of its own (nor the draft's, in the claim's year) the
                # sentence may speak of another time
                out.downgrade = out.downgrade or _STATE_AT_ANOTHER_TIME
                return
        if (
            claim.kind is ClaimKind.EVENT
            and not claim.recurring
            and not any(f.type is FactType.DATE for f in claim.facts)
        ):
            # why: "Japan held an informal meeting with North Korea in 2014": the
            # claim gives no date of its own, and its source reports the event
            # as of another year; the sentence dates it where no source does.
            as_of = int(claim.as_of[:4])
            undated = {
                ("date", i)
                for i, d in enumerate(facts.dates)
                if d.year is not None
                and d.year != as_of
                and _dates_the_claim(facts, d.index, candidate)
                and _attached_to_claim(facts, d.index, candidate)
            }
            if undated:
                out.time_keys |= undated
                out.downgrade = out.downgrade or OTHER_TIME
                return
        if not out.conflicts:
            return
        if (
            claim.recurring
            and any(
                c.kind is FactType.PLACE and facts.entities[k[1]].group in _TOWNS
                for k, c in out.conflicts
                if k[0] == "entity"
            )
            and not any(k[0] == "date" for k in out.matched)
        ):
            # why: "Kishida said in Osaka that he was willing to meet Kim": he
            # said so in many towns; only the claim's date pins its occasion (a
            # building, "at the Foreign Ministry", is the occasion's own place)
            out.downgrade = _ANOTHER_TOWN
            return
        anchors = candidate.compiled.anchors
        other_occasion = any(
            not (facts.token_features[i] & anchors) and _in_claim_clause(facts, i, candidate)
            for i in facts.occasion_at
        )
        # why: "During Koizumi's earlier trip to Seoul in September 2002": a
        # sentence that dates the event with the claim's own date speaks of the
        # same occasion, whatever it was earlier or later than
        if (
            other_occasion
            and (claim.recurring or claim.kind is ClaimKind.EVENT)
            and not any(k[0] == "date" for k in out.matched)
        ):
            out.downgrade = "the sentence is about another occasion"
            return
        if (
            claim.kind is ClaimKind.STATE
            and _year_of(facts) is None
            and any(
                facts.tokens_lower[n.index + 1 : n.index + 3].count("when")
                for n in facts.numbers
                if n.role == "age"
            )
        ):
            # why: "Hitomi Soga was 19 when she was abducted": the state at
            # another time (with a date, _ages compares it at that time)
            out.downgrade = OTHER_TIME
            return
        kinds = {str(c.kind) for _, c in out.conflicts}
        date_conflict = "date" in kinds
        if date_conflict and (
            kinds & {"person", "place", "organisation", "speaker", "number"}
            or (out.extra_persons & _speakers(facts) and not _dates_an_anchor(facts, out))
        ):
            # why: when both who/where and when differ, it is another event
            # ("In a statement on March 25, 2024, Kim Yo Jong said ...").
            out.downgrade = "another event (a different date and participant)"
            return
        if claim.recurring and date_conflict and not _same_year_pinned(facts, out):
            out.downgrade = "another occasion of a recurring event"
            return
        if (
            claim.kind is ClaimKind.EVENT
            and (not out.facts_matched or _indefinite_event(facts, candidate))
            and not facts.dates
            and kinds <= {"person", "speaker"}
            and any(f.type is FactType.DATE for f in claim.facts)
        ):
            # why: "North Korea rejects any talks, Kim Yo Jong said in a
            # statement": with no date and none of the event's own values, another
            # participant marks another event of the same kind, not a wrong name.
            out.downgrade = "another event (another participant, and no date or value of this one)"
            return


_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)(s?)\b")


def writers_of(base: ClaimsBase) -> dict[str, tuple[Claim, ...]]:
    """For each person, place or organisation, the claims whose passage writes
    it as a fact (not derived from elsewhere), in the base's order."""
    writers: dict[str, list[Claim]] = {}
    for claim in base.claims:
        for fact in claim.facts:
            if fact.type in _ENTITY_TYPES and not fact.derived:
                writers.setdefault(fact.value, []).append(claim)
    return {value: tuple(claims) for value, claims in writers.items()}


_ENTITY_TYPES = (FactType.PERSON, FactType.PLACE, FactType.ORGANISATION)


def years_of(base: ClaimsBase) -> frozenset[int]:
    """Every year the base speaks of: its claims' dates and texts, their
    passages and their sources' dates (a decade stands for its ten years)."""
    years: set[int] = set()
    texts = [s.published for s in base.sources]
    for claim in base.claims:
        texts += [claim.as_of, claim.text, claim.passage]
        texts += [f.value for f in claim.facts if f.type is FactType.DATE]
    for text in texts:
        for match in _YEAR.finditer(text):
            year = int(match.group(1))
            years.update(range(year, year + 10) if match.group(2) else (year,))
    return frozenset(years)


def _nearest(
    facts: SentenceFacts, comparisons: Sequence[Comparison], threshold: float
) -> Judgement:
    """An unverified judgement naming the closest claim and why it did not count."""
    if not comparisons:
        return Judgement(Verdict.UNVERIFIED)
    best = max(comparisons, key=lambda c: (c.facts_matched, c.candidate.score))
    claim = best.candidate.compiled.claim
    if best.downgrade:
        why = best.downgrade
    elif best.blocked:
        why = f"the sentence {best.blocked}"
    elif best.conflicts:
        why = "the sentence's other wording does not say it is about the same fact"
    elif best.coverage < threshold:
        why = f"the claim covers {best.coverage:.0%} of the sentence's own words"
    else:
        left = _not_covered(facts, set(best.matched))
        why = f"no claim confirms its {left[0]}" if left else "the match is too weak"
    return Judgement(
        Verdict.UNVERIFIED, score=best.candidate.score, note=f"closest claim: {why}", nearest=claim
    )


# why: a sentence joins at most a few facts; more claims than this explain anything
_MAX_EVIDENCE = 3


def _same_time(facts: SentenceFacts, c: Comparison) -> bool:
    """The claim may speak of the time of the clauses where the sentence names
    what it matched: a year given there (or in a fronted phrase) is the claim's
    (its date, decade or as-of year); with none, any claim but a state may (a
    state holds only as of its date).

    why: "Kishida wants a summit with Kim Jong Un" (2023) does not vouch for
    Kim Jong Un at "the 2002 summit"; that Kim Jong Il led North Korea in 2002
    does not vouch for him in "Kishida is open to talks with Kim Jong Il"; but
    "Soga, who was abducted in 1978, met Kishida" dates only the relative clause.
    """
    claim = c.candidate.compiled.claim
    clauses = {
        facts.clause_of[facts.token_at(facts.entities[key[1]].start)]
        for key in c.matched
        if key[0] == "entity"
    }
    fronted = bool(facts.tokens_lower) and facts.tokens_lower[0] in _FRONTING
    years = {
        d.year
        for d in facts.dates
        if d.year is not None
        and (facts.clause_of[d.index] in clauses or (fronted and facts.clause_of[d.index] == 0))
    }
    years |= {
        y
        for dm in facts.decades
        if facts.clause_of[dm.index] in clauses
        for y in range(dm.decade, dm.decade + 10)
    }
    if not years:
        return claim.kind is not ClaimKind.STATE
    own = {int(claim.as_of[:4])}
    for fact in claim.facts:
        if fact.type is FactType.DATE:
            start = int(fact.value[:4])
            own |= set(range(start, start + 10)) if fact.value.endswith("0s") else {start}
    return bool(years & own)


def _also_used(
    facts: SentenceFacts, best: Comparison, agreeing: Sequence[Comparison]
) -> list[Comparison]:
    """The other agreeing claims that confirm values `best` does not (at most two)."""
    needed = _checkable_keys(facts) - best.matched
    used: list[Comparison] = []
    for c in sorted(agreeing, key=lambda c: -c.candidate.score):
        if len(used) == _MAX_EVIDENCE - 1 or not needed:
            break
        gain = c.matched & needed
        if c is not best and gain:
            used.append(c)
            needed -= gain
    return used


def _stands_without_anchors(c: Comparison, support: float) -> bool:
    """A claim found without all its anchors may lead a support only when the
    sentence states one of its numbers or dates and reads close to it.

    why: "Kim Jong Il told Koizumi that rogue elements carried out the
    abductions" names the claim's parties but not what the claim says of them.
    """
    if not c.candidate.missing:
        return True
    dated = any(key[0] in ("number", "date", "decade") for key in c.matched)
    return dated and max(c.candidate.score, c.clause_score) >= support + _PARTIAL_MARGIN


def _clause_score(facts: SentenceFacts, c: Comparison) -> float:
    """The fuzzy score of the claim against only the clauses that hold the
    sentence's values it confirms.

    why: "Tokyo believes 17 Japanese were abducted, and continues to
    investigate the fate of those who didn't return": the words of the other
    clauses lower the whole sentence's score, not the closeness of the clause
    that restates the claim.
    """
    positions = [_key_position(facts, key) for key in c.matched]
    clauses = {facts.clause_of[p] for p in positions if p is not None}
    if not clauses or len(clauses) == len(set(facts.clause_of)):
        return 0.0
    stems = [s for i, s in sorted(facts.stem_at.items()) if facts.clause_of[i] in clauses]
    ids = sorted(
        {
            i
            for m in facts.entities
            if facts.clause_of[facts.token_at(m.start)] in clauses
            for i in m.ids
        }
    )
    return float(fuzz.token_set_ratio(" ".join([*stems, *ids]), c.candidate.compiled.masked))


def _key_position(facts: SentenceFacts, key: FactKey) -> int | None:
    kind, i = key
    if kind == "number":
        return facts.numbers[i].index
    if kind == "date":
        return facts.dates[i].index
    if kind == "decade":
        return facts.decades[i].index
    if kind == "entity":
        return facts.token_at(facts.entities[i].start)
    return None


# why: fuzzy points a claim found without an anchor must score above the support floor
_PARTIAL_MARGIN = 15.0


# why: words that put what follows in the future or in a wish ("hoped to meet
# Kim in Beijing next week"): where such an event would be is no event's place
_FUTURE = IRREALIS_WORDS | frozenset("will would next".split())


_RELATIVE_DAYS = frozenset("tomorrow yesterday tonight".split())
_RELATIVE_UNITS = frozenset(
    "week weekend month year monday tuesday wednesday thursday friday saturday sunday".split()
)


def _relative_time(facts: SentenceFacts) -> str:
    """A time said relative to the draft ("next week", "last month", "yesterday"),
    which no claim can confirm without the draft's date, or ""."""
    words = facts.tokens_lower
    for i, word in enumerate(words):
        if word in _RELATIVE_DAYS:
            return word
        following = words[i + 1] if i + 1 < len(words) else ""
        if word in ("next", "last", "coming") and following in _RELATIVE_UNITS:
            return f"{word} {following}"
        # why: "stayed away the following year": relative to an event the
        # sentence does not date, a time no claim dates (the sources' "the
        # following month" is read as a date of its own)
        if (
            word in ("following", "previous", "preceding")
            and following in _RELATIVE_UNITS
            and not (following == "month" and facts.following_month)
            # "repatriated in October 2002 ... talks the previous month": the
            # sentence dates what it is relative to
            and not any(d.year is not None for d in facts.dates)
        ):
            return f"{word} {following}"
    return ""


def _unstated_qualifier(facts: SentenceFacts, candidate: Candidate) -> str:
    """The words of a "without ..." qualifier the claim does not state, or "".

    why: "wants to meet Kim Jong Un without preconditions" asserts the missing
    preconditions; a claim that only says he wants to meet does not confirm it.
    """
    words = facts.tokens_lower
    vocabulary = candidate.compiled.vocabulary
    for n, word in enumerate(words):
        if word != "without":
            continue
        after = [i for i in facts.content_at if i > n][:1]
        if after and not facts.token_features[after[0]] & vocabulary:
            return facts.text[facts.token_starts[after[0]] : facts.token_ends[after[0]]]
    return ""


def _unstated_first(facts: SentenceFacts, agreeing: Sequence[Comparison]) -> bool:
    """The sentence calls something the first ("the first visit") and no
    agreeing claim's wording says first ("for the first time", which modifies
    the act, is left to the act's claim)."""
    # why: "the first-ever summit" ranks it first
    words = [w.removesuffix("-ever") for w in facts.tokens_lower]
    for i, word in enumerate(words):
        if word in _REPEATS or (word == "times" and i and words[i - 1] in NUMBER_WORDS):
            # why: "travelled to North Korea twice to meet Kim Jong Il": how
            # often something happened is a count some claim must state
            if not any(word in c.candidate.compiled.vocabulary for c in agreeing):
                return True
            continue
        if word not in ORDINALS:
            continue
        if word == "first":
            # "for the first time" modifies the act and is left to the act's claim
            if words[max(0, i - 2) : i] != ["for", "the"] and not any(
                "first" in c.candidate.compiled.vocabulary for c in agreeing
            ):
                return True
            continue
        # why: "visited North Korea for a second time" is another visit than the
        # claim's: a later rank is a fact a claim must state of the same thing
        things = {
            f"{word}:{f}"
            for j in range(i + 1, min(i + 4, len(words)))
            for f in facts.token_features[j]
        }
        if not any(things & c.candidate.compiled.ranked for c in agreeing):
            return True
    return False


_REPEATS = frozenset({"twice", "thrice"})


def _another_remark(facts: SentenceFacts, claim: Claim, out: Comparison) -> bool:
    """The sentence reports a remark other than the claim's quote."""
    if out.blocked == "does not report the quote":
        return True
    quoted = [f.value for f in claim.facts if f.type is FactType.QUOTE]
    if not quoted or not facts.quotes:
        return False
    words = _words(quoted[0])
    return not any(_shares_words(_words(q), words) for q in facts.quotes)


def _indefinite_event(facts: SentenceFacts, candidate: Candidate) -> bool:
    """The sentence names the claim's act with an indefinite article ("a visit
    by Kishida to Pyongyang is possible"): some such act, not the claim's."""
    words = facts.tokens_lower
    return any(
        p > 0 and words[p - 1] in ("a", "an") and p in facts.stem_at
        for p in _anchor_positions(facts, candidate)
    )


def _bears_name(entity: Entity | None, name: str) -> bool:
    """`name` is a word of the entity's name or aliases (or the entity is unknown)."""
    if entity is None:
        return True
    words = {w.lower() for a in (entity.name, *entity.aliases) for w in a.split()}
    return name.lower() in words


def _wished(facts: SentenceFacts, index: int) -> bool:
    """A wish, plan or future governs the value at token `index` (same clause)."""
    clause = facts.clause_of[index]
    return any(
        facts.tokens_lower[i] in _FUTURE
        for i in range(max(0, index - 8), min(len(facts.tokens_lower), index + 4))
        if facts.clause_of[i] == clause
    )


def _same_role(fact: Fact, found: str, expected: str) -> bool:
    """Whether a sentence's place fills the claim's slot for `fact`: a party
    (Japan held talks) is not a location (talks in Myanmar); for a place fact,
    only where something comes from ("abducted from Sado") differs."""
    if fact.type is FactType.PLACE:
        return (found == "origin") == (expected == "origin")
    return found == expected


def _years_of_ages(facts: SentenceFacts, candidates: Sequence[Candidate]) -> None:
    """For each age the sentence gives of someone an age claim knows, the year
    at which that person had it ("Soga, 19," and "Soga is 64" in 2023: 1978),
    kept in the sentence's memo as (the person's ids, year)."""
    found: list[tuple[frozenset[EntityId], int]] = []
    for candidate in candidates:
        claim = candidate.compiled.claim
        anchors = candidate.compiled.anchors
        for fact in claim.facts:
            if fact.type is not FactType.NUMBER or fact.role != "age":
                continue
            for n in facts.numbers:
                if n.role == "age" and n.owner & anchors:
                    year = int(claim.as_of[:4]) - int(float(fact.value) - n.value)
                    found.append((n.owner, year))
    facts.memo[("age_years", 0)] = tuple(found)


def _year_of(facts: SentenceFacts) -> int | None:
    """The one year the sentence's own dates name, if they name exactly one."""
    years = {d.year for d in facts.dates if d.year is not None}
    return years.pop() if len(years) == 1 else None


def _age_in_time(
    facts: SentenceFacts,
    key: FactKey,
    conflict: Conflict,
    strength: Mapping[FactKey, int],
    state: Comparison,
    live: Sequence[Comparison],
) -> Conflict | str:
    """An age conflict of a sentence that gives no date, placed in time.

    Another confirmed age pins the sentence to the state's day ("Soga, 64, said
    her mother will be turning 90"): the conflict stands.  So does a confirmed,
    dated event of that day ("Hitomi Soga, 59, handed Kishida a letter").  An
    age at an event of another year is an age at that event's date ("Miyoshi
    was abducted at 46": 91 in 2023 is 46 in 1978): it agrees, or conflicts
    with the age she had then.  With no time at all, it is left unverified.
    """
    if any(
        ("number", j) in strength
        for j, n in enumerate(facts.numbers)
        if n.role == "age" and ("number", j) != key
    ):
        return conflict
    claim = state.candidate.compiled.claim
    age = next((f for f in claim.facts if f.role == "age"), None)
    if age is None:
        return conflict
    for c in live:
        event = c.candidate.compiled.claim
        if (
            event.kind is ClaimKind.STATE
            or event.recurring  # why: which meeting is unsaid
            or c.conflicts
            or c.downgrade
            or c.blocked
            or not c.facts_matched
        ):
            continue
        if not _age_of_event(facts, key[1], c):
            continue  # why: "was 46 when she was abducted and would have turned 93"
        when = _event_date(event)
        if when[:7] == claim.as_of[:7]:
            return conflict
        year, then = int(when[:4]), int(claim.as_of[:4])
        expected = float(age.value) - (then - year)
        found = facts.numbers[key[1]].value
        if abs(found - expected) <= 1:
            return (
                f"an age at another time ({conflict.found} in {year} agrees with "
                f"{age.text} in {then})"
            )
        return Conflict(FactType.NUMBER, conflict.found, f"{display_number(expected)} in {year}")
    return _AGELESS


def _age_of_event(facts: SentenceFacts, number: int, event: Comparison) -> bool:
    """The age `number` (an index into facts.numbers) is the sentence's age
    nearest to a word of the event's claim: the age at that event."""
    ages = [n.index for n in facts.numbers if n.role == "age"]
    mine = facts.numbers[number].index
    for position in _anchor_positions(facts, event.candidate):
        if min(ages, key=lambda i: (abs(i - position), i)) == mine:
            return True
    return False


def _event_date(claim: Claim) -> str:
    """When an event claim happened: its date fact, else the date it holds as of."""
    for fact in claim.facts:
        if fact.type is FactType.DATE and not fact.value.endswith("0s"):
            return fact.value
    return claim.as_of


def _anchored_by_values(facts: SentenceFacts, c: Comparison) -> bool:
    """The claim confirms three or more of the sentence's values and every
    value the sentence states, and uses some of its wording (or, found without
    all its anchors, reads close to it: see _stands_without_anchors): the
    sentence restates it, however much detail it adds around them.

    why: real writers add scene-setting to a fact ("Soga and her mother Miyoshi
    were snatched on Sado Island as they headed home after shopping"); the
    added words are detail no claim states, not another fact, when the claim
    already accounts for every name, date and number.
    """
    return (
        not c.conflicts
        and c.facts_matched >= _VALUES_THAT_PIN
        and (c.coverage >= _DETAIL_COVERAGE or bool(c.candidate.missing))
        and _checkable_keys(facts) <= c.matched
    )


# why: three agreeing values (who, whom, when) identify one fact of the base
_VALUES_THAT_PIN = 3
# why: the least share of the sentence's wording such a claim must still use
_DETAIL_COVERAGE = 0.2


def _pinned_and_covered(c: Comparison) -> bool:
    """A fully anchored claim that confirms two of the sentence's values and
    covers every one of its words, however few ("Five citizens were returned in
    2002"): its fuzzy score is low only because the claim says more."""
    if c.candidate.missing or c.coverage < 1.0:
        return False
    # why: "The parents of the abductees are aging": every anchor touched and
    # every word covered by the claim's concepts is a restatement, whatever
    # its wording's fuzzy score, down to a floor
    return c.facts_matched >= 2 or c.candidate.score >= _COVERED_FLOOR


# why: below this fuzzy score a fully covered sentence shares too little wording
_COVERED_FLOOR = 35.0


def _swap_pinned(c: Comparison) -> bool:
    """Another person of the claim's slot and one of its values agreeing: the
    swapped person and the agreeing value together pin the claim, when the
    claim still covers much of the sentence.

    why: "Kim Jong Un conceded to Koizumi that people linked to North Korea
    had carried out the abductions": the leader in Kim Jong Il's place and
    Koizumi make it the 2002 admission, however the rest is worded.
    """
    return (
        not c.candidate.missing
        and c.facts_matched >= 1
        and c.coverage >= _SWAP_COVERAGE
        and any(conflict.kind is FactType.PERSON for _, conflict in c.conflicts)
    )


# why: the least share of a sentence's wording a claim pinned by a swap must use
_SWAP_COVERAGE = 0.35


def _same_year_pinned(facts: SentenceFacts, out: Comparison) -> bool:
    """A recurring event's other day in the claim's own year, with three more of
    its values (who, whom, where) agreeing: a changed date, not another
    occasion.

    why: "Kishida met Soga at the Prime Minister's Office in Tokyo on June 5,
    2023": the meeting the sources date July 5, 2023, with every other value
    the same.
    """
    year = int(out.candidate.compiled.claim.as_of[:4])
    dated = [facts.dates[k[1]] for k, c in out.conflicts if k[0] == "date"]
    others = {k for k in out.matched if k[0] == "entity"}
    people = [k for k in others if facts.entities[k[1]].kind is EntityKind.PERSON]
    return (
        bool(dated)
        and all(d.year in (year, None) for d in dated)
        and len(others) >= _VALUES_THAT_PIN
        # both parties named: "Kishida met members of an association" is not
        # the claim's meeting with Soga
        and len(people) >= 2
    )


def _pinned(c: Comparison) -> bool:
    """Two or more of a fully anchored claim's values agree with the sentence,
    or three of a claim's found without all its anchors ("Kim Jong Il and
    Koizumi met in Beijing on September 17, 2002": who, whom and when pin the
    claim of their Pyongyang summit, whatever verb the sentence uses)."""
    return c.facts_matched >= (_VALUES_THAT_PIN if c.candidate.missing else 2)


def _checkable_keys(facts: SentenceFacts) -> set[FactKey]:
    """The sentence's values a supporting set of claims must each confirm."""
    keys: set[FactKey] = {("number", i) for i, n in enumerate(facts.numbers) if _checkable(n)}
    keys |= {("date", i) for i in range(len(facts.dates))}
    keys |= {("decade", i) for i in range(len(facts.decades))}
    keys |= {
        ("entity", i)
        for i, m in enumerate(facts.entities)
        if m.kind is EntityKind.PERSON and not m.generic and not m.ambiguous
    }
    return keys


def _unexplained_date(
    facts: SentenceFacts,
    c: Comparison,
    strength: Mapping[FactKey, int],
    agreeing: Sequence[Comparison],
) -> bool:
    """The sentence dates what claim `c` is about with a date no agreeing claim
    confirms.

    why: a date is a checkable fact like a number: "Koizumi travelled to the
    North Korean capital in January 2002" names the claim's visit, but not
    its September.  A claim that states no date confirms its own time; a date
    in a clause about something else ("Soga, who returned in October 2002,
    met Kishida") is that clause's.
    """
    for i, d in enumerate(facts.dates):
        key = ("date", i)
        if key in strength or any(key in other.in_time for other in agreeing):
            continue
        end = d.start + len(d.surface)
        if facts.text[end : end + 2] in ("'s", "\u2019s"):
            continue  # "Tuesday's quake": a possessive date names which event is meant
        # why: "..., and a week later North Korea replied": a date counted
        # from another dates the event the sentence turns to, whichever claim
        # words it
        if d.index in facts.shifted_at or _dates_the_claim(facts, d.index, c.candidate):
            return True
        # why: "North Korea answered on April 29 that ...": a date right after
        # the verb of saying dates the remark a quote claim is
        if c.candidate.compiled.claim.kind is ClaimKind.QUOTE and any(
            facts.tokens_lower[k] in SPEECH_VERBS for k in range(max(0, d.index - 2), d.index)
        ):
            return True
    return False


def _event_dates(claim: Claim) -> set[str]:
    """The dates the claim gives as facts (not the date its source reports)."""
    return {f.value for f in claim.facts if f.type is FactType.DATE}


def _time_before(facts: SentenceFacts, comparisons: Sequence[Comparison]) -> str:
    """The date of the event an opening "Before ..." phrase names, when a
    claim dates it ("Before Koizumi's visit," -> 2002-09), else ""."""
    words = facts.tokens_lower
    if not words or words[0] not in ("before", "until", "prior"):
        return ""
    opening = {i for i, c in enumerate(facts.clause_of) if c == facts.clause_of[0]}
    for c in comparisons:
        claim = c.candidate.compiled.claim
        if c.blocked or c.conflicts or claim.kind is not ClaimKind.EVENT:
            continue
        dated = [
            f.value for f in claim.facts if f.type is FactType.DATE and not f.value.endswith("0s")
        ]
        named = [
            k
            for k in c.matched
            if k[0] == "entity" and facts.entities[k[1]].kind is EntityKind.PERSON
        ]
        if dated and named and all(_key_position(facts, k) in opening for k in named):
            return min(dated)
    return ""


def _dates_anchor_noun(facts: SentenceFacts, c: Comparison) -> bool:
    """A date of the comparison's time keys stands right before a word of the
    claim's anchors ("the 2002 meeting"): it dates the claim's own thing."""
    anchors = c.candidate.compiled.anchors
    for kind, i in c.time_keys:
        index = facts.dates[i].index if kind == "date" else facts.decades[i].index
        after = [k for k in facts.content_at if k > index][:1]
        if after and after[0] == index + 1 and facts.token_features[after[0]] & anchors:
            return True
    return False


def _unconfirmed_member(facts: SentenceFacts, live: Sequence[Comparison]) -> bool:
    """The sentence makes someone "one of" a counted group ("Soga was one of
    five abductees who came home in 2002") and no agreeing claim that confirms
    the count also names that person: the membership is its own fact."""
    words = facts.tokens_lower
    for i, n in enumerate(facts.numbers):
        before = words[max(0, n.index - 3) : n.index]
        # "one of five abductees", "one of the five Japanese", "returned with
        # four other abductees" (counted in by the extraction)
        joined = before[-1:] in (["with"], ["and"]) and words[n.index + 1 : n.index + 2] in (
            ["other"],
            ["others"],
        )
        if before[-2:] != ["one", "of"] and before != ["one", "of", "the"] and not joined:
            continue
        members = {
            ("entity", k)
            for k, m in enumerate(facts.entities)
            if m.kind is EntityKind.PERSON and m.start < facts.token_starts[n.index]
        }
        if members and not any(
            ("number", i) in c.matched and c.matched & members
            for c in live
            if not c.conflicts and not c.downgrade
        ):
            return True
    return False


def _strength(comparisons: Iterable[Comparison]) -> dict[FactKey, int]:
    """For each sentence fact an agreeing claim matched: the most facts any
    such claim matched (how specific its best confirmation is)."""
    strength: dict[FactKey, int] = {}
    for c in comparisons:
        if not c.conflicts and not c.downgrade:
            for key in c.matched:
                strength[key] = max(strength.get(key, -1), c.specificity)
    return strength


def _coverage(
    facts: SentenceFacts, candidate: Candidate, extra: frozenset[str] | set[str] = frozenset()
) -> float:
    """Share of the content words of the sentence's relevant clauses that the
    claim's wording also has.

    why: "Hitomi Soga, 59, handed Kishida a letter" states her age in its own
    clause; the clauses that touch the claim's anchors are what it is about.
    """
    clauses = {facts.clause_of[p] for p in _anchor_positions(facts, candidate)}
    # why: "Kishida told Soga that the abduction issue is the most important
    # issue for his administration": what was told is part of what the
    # sentence says, though only the telling touches the claim
    for v, word in enumerate(facts.tokens_lower):
        if word in SPEECH_VERBS and facts.clause_of[v] in clauses:
            start, stop = facts.token_starts[v], facts.token_ends[v]
            if any(
                0 <= start - end <= 3 or 0 <= begin - stop <= 3 for begin, end in facts.quote_spans
            ):
                continue  # "'...,' said Soga", 'said "...",': the quote is what was said
            part = facts.sentence_part_of[v]
            clauses |= {
                c
                for i, c in enumerate(facts.clause_of)
                if i > v and facts.sentence_part_of[i] == part
            }
    content = [i for i in facts.content_at if facts.clause_of[i] in clauses]
    if not content:
        return 1.0
    vocabulary = candidate.compiled.vocabulary | extra if extra else candidate.compiled.vocabulary
    flipped = {word.lower() for _, word in candidate.flipped}
    covered = sum(
        1
        for i in content
        if facts.token_features[i] & vocabulary or facts.tokens_lower[i] in flipped
    )
    return covered / len(content)


def _closeness(facts: SentenceFacts, candidate: Candidate) -> float:
    """Tie-break between equally good claims: word-order-aware similarity."""
    return float(fuzz.token_sort_ratio(facts.masked, candidate.compiled.masked))


def _negates_claim_words(facts: SentenceFacts, negations: list[int], candidate: Candidate) -> bool:
    """The first content word after each negation is one the claim's own text or
    passage uses ("would not *conduct* a comprehensive investigation")."""
    vocabulary = candidate.compiled.vocabulary
    for n in negations:
        after = [i for i in facts.content_at if i > n][:1]
        if not after or not facts.token_features[after[0]] & vocabulary:
            return False
    return True


def _negated_words(facts: SentenceFacts, negations: list[int], candidate: Candidate) -> str:
    """The sentence's words from its first negation to the anchor word it
    negates ("did not participate"), verbatim."""
    first = negations[0]
    anchors = [p for p in _anchor_positions(facts, candidate) if first < p <= first + 6]
    last = anchors[0] if anchors else max(negations)
    return facts.text[facts.token_starts[first] : facts.token_ends[last]]


def _anchor_positions(facts: SentenceFacts, candidate: Candidate) -> tuple[int, ...]:
    """The tokens that touch one of the claim's anchor groups."""
    key = ("anchors", id(candidate.compiled))
    found: tuple[int, ...] | None = facts.memo.get(key)
    if found is None:
        anchors = candidate.compiled.anchors
        # why: "was not slow": the opposite word stands for the claim's anchor
        opposite = {word.lower() for _, word in candidate.flipped}
        found = tuple(
            i
            for i, feats in enumerate(facts.token_features)
            if feats & anchors or facts.tokens_lower[i] in opposite
        )
        facts.memo[key] = found
    return found


def _negations_in_scope(facts: SentenceFacts, candidate: Candidate, *, after: bool) -> list[int]:
    """The sentence's negations that bear on the claim's anchor words.

    why: "no further progress toward a high-level meeting" denies progress, not
    the meeting; a negation counts when it stands in the same clause, at most
    three words before a word that touches one of the claim's anchors, or (when
    the claim itself is negative: "whereabouts ... are not known") five after.
    """
    positions = _anchor_positions(facts, candidate)
    best = _best_clauses(facts, candidate)
    counted: set[int] = set()
    for n in facts.negation_at:
        clause = facts.clause_of[n]
        if facts.sentence_part_of[n] not in best and not after:
            continue
        if after and any(0 <= n - p - _aside_between(facts, p, n) <= 8 for p in positions):
            # why: "The whereabouts of Miyoshi, who was abducted ..., are still not
            # known": an aside between commas does not part a word from its predicate
            counted.add(n)
            continue
        if _in_relative_clause(facts, n):
            continue
        if _negates_predicate_of(
            facts, n, positions, candidate.compiled.vocabulary, _speakers_of(candidate)
        ):
            counted.add(n)
            continue
        reach = 6 if facts.tokens_lower[n] in _LONG_REACH else 4
        if facts.tokens_lower[n] in _LONG_REACH and not _governs_anchor(facts, n, positions):
            continue
        if facts.tokens_lower[n] == "without":
            # why: "without settling the abduction issue" negates the settling;
            # the act it governs is the first word after it
            first = next((i for i in facts.content_at if i > n), None)
            if first is None or not (
                first in positions or facts.tokens_lower[first] in _TRANSPARENT
            ):
                continue
        start = _object_start(facts, n) if facts.tokens_lower[n] in _LONG_REACH else n
        # why: "he would not 'like to hold high-level talks'": a negation just
        # before a quotation reaches into it
        quoted = [facts.token_at(a) for a, _ in facts.quote_spans if 0 < facts.token_at(a) - n <= 2]
        if quoted:
            start = quoted[0]
        if any(
            facts.clause_of[p] == clause
            and (
                (0 <= p - start <= reach and not _crosses_preposition(facts, start, p))
                or (after and 0 <= n - p <= 5)
            )
            for p in positions
        ):
            counted.add(n)
            if facts.tokens_lower[n] == "neither":
                continue
            # why: "no reason not to meet": a second negation close behind cancels it
            counted.update(
                m for m in facts.negation_at if 0 < m - n <= 6 and facts.clause_of[m] == clause
            )
    return sorted(counted)


def _negates_predicate_of(
    facts: SentenceFacts,
    n: int,
    positions: tuple[int, ...],
    vocabulary: frozenset[str],
    speakers: frozenset[str] = frozenset(),
    *,
    reporting: bool = False,
) -> bool:
    """The negation at `n` denies the predicate of a subject that holds the
    claim's anchor words ("North Korea's first official apology was not
    secured by Koizumi"), or denies that the claim's speaker said it
    ("Kishida has not said he wants talks"); with `reporting`, only the latter.

    why: an auxiliary and "not" right after the subject negate its clause,
    however far the predicate's own words stand from the claim's.
    """
    lower = facts.tokens_lower
    if n == 0 or lower[n] not in ("not", "never", "n't") or lower[n - 1] not in _AUXILIARIES:
        return False
    if lower[n + 1 : n + 2] == ["only"]:
        return False  # "not only ... but also"
    clause = facts.clause_of[n]
    start = next(i for i, c in enumerate(facts.clause_of) if c == clause)
    verb = next((i for i in range(n + 1, len(lower)) if lower[i] not in _PASSIVE_BE), None)
    if verb is None:
        return False

    def subject(position: int) -> bool:
        # why: only the subject's own words may stand between ("an issue that is
        # time-critical and must not be neglected" negates the relative clause)
        return start <= position < n - 1 and _SUBJECT_ENDS.isdisjoint(lower[position + 1 : n - 1])

    if lower[verb] in _REPORTING and speakers:
        return any(m.ids & speakers and subject(facts.token_at(m.start)) for m in facts.entities)
    if reporting or not facts.token_features[verb] & vocabulary:
        # why: the denied predicate must be one the claim speaks of ("was not
        # secured" of "securing ... apology"); "has not been resolved" says
        # nothing of when the abductions took place
        return False
    before = [p for p in positions if start <= p < n - 1]
    return bool(before) and subject(before[-1])


_REPORTING = SPEECH_VERBS | frozenset(
    "say tell call describe state claim announce declare insist express".split()
)
_PASSIVE_BE = frozenset("be been being yet".split())
_SUBJECT_ENDS = frozenset("that which who whom whose and but or as while when because if".split())


def _speakers_of(candidate: Candidate) -> frozenset[str]:
    """Who says or does what the claim reports: its speaker, else its agent."""
    speaker = candidate.compiled.claim.speaker
    return frozenset({speaker}) if speaker else candidate.compiled.agent


_AUXILIARIES = frozenset(
    "is are was were be been has have had do does did will would can could shall should may "
    "might must".split()
)


def _dates_an_anchor(facts: SentenceFacts, out: Comparison) -> bool:
    """A conflicting date stands in the reported words, right after a word of
    the claim's anchors ("Kishida said ... Japanese abducted in the 1960s"): it
    dates the claim's own act, not the speaker's words."""
    anchors = out.candidate.compiled.anchors
    speech = [i for i, w in enumerate(facts.tokens_lower) if w in SPEECH_VERBS]
    if not speech:
        return False
    for key, conflict in out.conflicts:
        if conflict.kind is not FactType.DATE:
            continue
        index = facts.dates[key[1]].index if key[0] == "date" else facts.decades[key[1]].index
        near = [i for i in facts.content_at if max(index - 4, speech[0]) < i < index]
        if near and facts.token_features[near[-1]] & anchors:
            return True
    return False


def _counts_another_act(
    facts: SentenceFacts, number: NumberMention, out: Comparison, fact: Fact
) -> bool:
    """The number's own verb is not the claim's act: "17 Japanese were
    abducted" counts the abducted, not the five the claim says returned; so
    does "admitted to abducting 13 Japanese"."""
    verb = _verb_after(facts, number.index)
    if verb is None:
        verb = _verb_before(facts, number.index)
    if verb is None:
        return False
    features = facts.token_features[verb]
    counted = {fact.role, *number.counted} - {""}
    acts = [g for g in out.candidate.compiled.groups if not (g & counted)]
    return bool(acts) and not any(features & g for g in acts)


def _verb_after(facts: SentenceFacts, index: int) -> int | None:
    """The verb a counted noun phrase is the subject of ("17 Japanese *were
    abducted*", "five victims *returned*"), within a few words, or None."""
    words = facts.tokens_lower
    clause = facts.clause_of[index]
    if any(words[k].endswith("ed") for k in range(max(0, index - 3), index)):
        return None  # why: "identified a dozen citizens abducted by ...": an object
    j = index + 1
    for _ in range(3):
        if j >= len(words) or facts.clause_of[j] != clause or words[j] in _BE:
            break
        if (
            words[j].endswith("ed")
            and j > index + 1  # not "nine abducted citizens"
            and (j + 1 >= len(words) or words[j + 1] != "by")  # not "citizens abducted by"
        ):
            return j
        j += 1
    while j < len(words) and words[j] in _BE and facts.clause_of[j] == clause:
        j += 1
    if j < len(words) and j > index + 1 and words[j - 1] in _BE and words[j].endswith(("ed", "en")):
        return j
    return None


_BE = frozenset("is are was were be been being has have had".split())
# why: concepts that, said of the counted people, make them another set
_QUALIFIERS = frozenset({"missing", "repatriate", "agent", "relative"})
# why: words between a verb and the count it governs ("abducted at least 17")
_BEFORE_COUNT = frozenset("at least about around nearly almost some only over all".split())


def _counts_of_the_act(facts: SentenceFacts, out: Comparison) -> bool:
    """Every conflict is a count the claim's act follows (see _does_claims_act)."""
    numbers = [f for f in out.candidate.compiled.claim.facts if f.type is FactType.NUMBER]
    return bool(numbers) and all(
        key[0] == "number" and _does_claims_act(facts, facts.numbers[key[1]], out, numbers[0])
        for key, _ in out.conflicts
    )


def _does_claims_act(
    facts: SentenceFacts, number: NumberMention, out: Comparison, fact: Fact
) -> bool:
    """A word of the claim's act (not of what it counts) follows the count in
    its clause within a few words ("four of those held *returned*")."""
    counted = {fact.role, *number.counted} - {""}
    acts = [g for g in out.candidate.compiled.groups if not (g & counted)]
    clause = facts.clause_of[number.index]
    return any(
        facts.clause_of[j] == clause and any(facts.token_features[j] & g for g in acts)
        for j in range(number.index + 1, min(number.index + 6, len(facts.tokens_lower)))
    )


def _verb_before(facts: SentenceFacts, index: int) -> int | None:
    """The verb whose object a count is ("*abducting* 13 Japanese", "*returned*
    at least five"), right before it in its clause, or None."""
    words = facts.tokens_lower
    clause = facts.clause_of[index]
    j = index - 1
    while j >= 0 and index - j <= 3 and words[j] in _BEFORE_COUNT:
        j -= 1
    if j < 0 or facts.clause_of[j] != clause or not words[j].endswith(("ing", "ed")):
        return None
    return j if facts.token_features[j] else None


def _listed_with_a_match(
    facts: SentenceFacts, i: int, points: Sequence[Fact], *, joined: bool = False
) -> bool:
    """Date i is listed with a date that agrees with one of the claim's
    ("in March and August 2023" against March and May): one list, one act.
    With `joined`, only a list joined by "and" or "or" counts ("Friday,
    Sept. 22" names one day twice)."""
    dates = facts.dates
    for k in (i - 1, i + 1):
        if not 0 <= k < len(dates):
            continue
        a, b = sorted((dates[i].index, dates[k].index))
        between = facts.tokens_lower[a + 1 : b]
        listed = all(
            w in _LIST_WORDS or w == dates[min(i, k)].surface.split()[-1].lower() for w in between
        )
        if joined and not {"and", "or"} & set(between):
            continue
        if listed and any(_dates_agree(dates[k], f.value) for f in points):
            return True
    return False


_LIST_WORDS = frozenset(", and or then".split())


def _aside_between(facts: SentenceFacts, start: int, end: int) -> int:
    """How many tokens between start and end lie in asides set off by commas
    (", who was abducted together with her daughter,")."""
    words = facts.tokens_lower
    commas = [k for k in range(start + 1, end) if words[k] == ","]
    return sum(b - a + 1 for a, b in zip(commas[::2], commas[1::2], strict=False))


def _in_relative_clause(facts: SentenceFacts, n: int) -> bool:
    """The negation at n opens a relative clause ("those who did not return",
    "abductees who have not come home"): it picks out whom the sentence means,
    and denies nothing the claim says of its own subject."""
    words = facts.tokens_lower
    # why: ", who was not abducted", "five of whom were not returned": a clause
    # after a comma or "of" says something of whom it follows, and asserts it
    return any(
        words[k] in _RELATIVIZERS and (k == 0 or words[k - 1] not in (",", "of"))
        for k in range(max(0, n - 3), n)
    )


_RELATIVIZERS = frozenset("who whom whose".split())


_YEARS = frozenset("year years decade decades".split())
_TIME_UNITS = frozenset(
    "day days week weeks month months year years decade decades hour hours".split()
)


def _checkable(n: NumberMention) -> bool:
    """A number a reader would check: an age, or a count above two of something
    other than time ("two countries", "two days after" are not)."""
    if n.role == "age":
        return True
    if n.counted & _YEARS:
        # why: "21 years had passed since her return", "for the first time in
        # 24 years": a span of years is a fact a reader checks
        return n.value > 2
    return n.value > 2 and not (n.counted & _TIME_UNITS)


def _value_clause_ok(facts: SentenceFacts, index: int, best: frozenset[int]) -> bool:
    """A value counts for a claim when it stands in the part of the sentence
    about the claim (not in "..., but it ended the probe in 2016")."""
    return not best or facts.sentence_part_of[index] in best


# why: "failed to obtain an apology" negates the apology; "declined to say
# whether the meeting took place" does not deny the meeting.
_TRANSPARENT = frozenset("obtain secure win get reach achieve make".split())


_EMBEDDING = frozenset({"whether", "if"})


# why: a negation's object ends at a preposition ("no diplomatic buildup
# regarding contact" does not deny the contact).
_PREPOSITIONS = frozenset(
    "regarding about concerning toward towards over with in on at for by during".split()
)


def _crosses_preposition(facts: SentenceFacts, start: int, end: int) -> bool:
    """A preposition or a subordinating conjunction stands between (a preposition
    opening a date, "on Sept. 29", does not count).

    why: "her fate remains unknown after she was kidnapped": what is unknown is
    her fate, not the kidnapping the clause after "after" tells.
    """
    return any(
        (facts.tokens_lower[i] in _PREPOSITIONS and i + 1 not in facts.value_tokens)
        or facts.tokens_lower[i] in _SUBORDINATORS
        for i in range(start + 1, end)
    )


_SUBORDINATORS = frozenset("after before because since although though unless until when".split())


def _governs_anchor(facts: SentenceFacts, n: int, positions: tuple[int, ...]) -> bool:
    """The first content word after a negating verb is an anchor (or a verb
    like "obtain" that passes the negation on)."""
    start = _object_start(facts, n)
    # why: "refused to make every possible effort": the act may come a few
    # modifiers after its light verb
    after = [
        i for i in facts.content_at if i > start and facts.tokens_lower[i] not in _LIGHT_VERBS
    ][:3]
    # why: "declined to comment": a phrase right after it carries its concept
    # on its first word ("to"), which is no content word
    return n + 1 in positions or any(
        i in positions or facts.tokens_lower[i] in _TRANSPARENT for i in after
    )


def _object_start(facts: SentenceFacts, n: int) -> int:
    """Where what a negating verb governs begins: its "to" or "from", past a
    phrase between ("refused in the declaration to provide ..."), else itself."""
    words = facts.tokens_lower
    clause = facts.clause_of[n]
    for j in range(n + 1, min(n + 6, len(words))):
        if facts.clause_of[j] != clause:
            break
        if words[j] in ("to", "from"):
            return j
    return n


def _best_clauses(facts: SentenceFacts, candidate: Candidate) -> frozenset[int]:
    """The clauses that touch the most (and the most distinctive) anchor groups.

    why: in "..., although it had attended the gathering in the past", the
    clause with "past" is the one about the claim that North Korea attended.
    """
    key = ("best", id(candidate.compiled))
    found: frozenset[int] | None = facts.memo.get(key)
    if found is None:
        found = facts.memo[key] = _weigh_clauses(facts, candidate)
    return found


def _weigh_clauses(facts: SentenceFacts, candidate: Candidate) -> frozenset[int]:
    weights: dict[int, float] = {}
    for group, weight in zip(candidate.compiled.groups, candidate.compiled.weights, strict=True):
        hit = {
            facts.sentence_part_of[i]
            for i, feats in enumerate(facts.token_features)
            if feats & group
        }
        for clause in hit:
            weights[clause] = weights.get(clause, 0.0) + weight
    if not weights:
        return frozenset()
    top = max(weights.values())
    return frozenset(c for c, w in weights.items() if w >= top - 1e-9)


def _irrealis_in_scope(facts: SentenceFacts, candidate: Candidate) -> bool:
    """A wish, plan or condition governs one of the claim's anchor words.

    "whether"/"if" embed a question: they only shield a claim none of whose
    anchors stands before them ("declined to say whether the meeting took
    place" asserts no meeting; "would not confirm whether" still denies confirming).
    """
    positions = _anchor_positions(facts, candidate)
    # why: "I will find a breakthrough": a promise about the future asserts no
    # progress made, as a wish does not ("would" is left out: it reports speech)
    words = facts.tokens_lower
    future = [
        i
        for i, w in enumerate(words)
        if w in ("will", "shall", "'ll")
        # why: "an official may be in attendance": the modal, not the month
        or (
            w == "may"
            and facts.text[facts.token_starts[i]] == "m"
            and words[i + 1 : i + 2] in (["be"], ["have"], ["not"])
        )
    ]
    for n in sorted([*facts.irrealis_at, *future]):
        if facts.tokens_lower[n] in _EMBEDDING and any(
            p < n and facts.sentence_part_of[p] == facts.sentence_part_of[n] for p in positions
        ):
            continue
        if any(facts.clause_of[p] == facts.clause_of[n] and 0 < p - n <= 6 for p in positions):
            return True
    return False


_GOVERNMENT_CUES = frozenset("with and between from to by".split())


def _speakers(facts: SentenceFacts) -> frozenset[int]:
    """Entity mentions that report rather than act: the subject of "said", "told"."""
    key = ("speakers", 0)
    found: frozenset[int] | None = facts.memo.get(key)
    if found is None:
        out: set[int] = set()
        for v, word in enumerate(facts.tokens_lower):
            if word not in SPEECH_VERBS:
                continue
            if word == "according":
                # "according to the Japanese government"
                after = [i for i, m in enumerate(facts.entities) if facts.token_at(m.start) > v]
                if after and facts.token_at(facts.entities[after[0]].start) <= v + 4:
                    out.add(after[0])
                continue
            clause = facts.clause_of[v]
            before = [
                i
                for i, m in enumerate(facts.entities)
                if facts.token_at(m.start) < v
                and facts.clause_of[facts.token_at(m.start)] == clause
            ]
            if before:
                out.add(before[-1])
                continue
            # why: "“…,” said Soga, 64": after a quotation the speaker follows
            # the verb ("said her mother will ..." names what was said instead)
            start = facts.token_starts[v]
            if any(0 <= start - end <= 3 for _, end in facts.quote_spans):
                after = [
                    i
                    for i, m in enumerate(facts.entities)
                    if facts.token_at(m.start if m.lead is None else m.lead) == v + 1
                ]
                out.update(after[:1])
        found = facts.memo[key] = frozenset(out)
    return found


_PRONOUNS = frozenset("he she they i we it his her their".split())


def _unnamed_speaker(facts: SentenceFacts) -> bool:
    """Speech reported by someone the sentence does not name ("Reports say",
    "officials said"): no named person in it is the speaker."""
    mentioned = {
        i
        for m in facts.entities
        for i in range(facts.token_at(m.start), facts.token_at(m.end - 1) + 1)
    }
    for v, word in enumerate(facts.tokens_lower):
        if word in SPEECH_VERBS and word != "according" and v > 0:
            before = v - 1
            if facts.tokens_lower[before].endswith("ly") and before > 0:
                before -= 1
            token = facts.tokens_lower[before]
            if token[:1].isalpha() and token not in _PRONOUNS and before not in mentioned:
                return True
    return False


def _counts_others(facts: SentenceFacts, number: NumberMention) -> bool:
    """ "four other abductees", "12 more": the count leaves someone out
    (after "with" or "and", the extraction has counted the one named in)."""
    words = facts.tokens_lower
    if (
        number.index > 0
        and words[number.index - 1] in ("with", "and")
        and words[number.index + 1 : number.index + 2] in (["other"], ["others"])
    ):
        return False
    after = words[number.index + 1 : number.index + 3]
    return "other" in after or "others" in after or "more" in after[:1]


def _nationality(facts: SentenceFacts, mention: EntityMention) -> bool:
    """A country named as the nationality of people ("Japanese citizens",
    "South Korean abductees"), not as a party to anything."""
    if mention.kind is not EntityKind.PLACE or mention.group != "country":
        return False
    after = facts.token_at(mention.end - 1) + 1
    return after < len(facts.token_features) and "citizen" in facts.token_features[after]


def _government(facts: SentenceFacts, mention: EntityMention) -> bool:
    """A capital named for its government ("negotiate with Pyongyang")."""
    if mention.kind is not EntityKind.PLACE or not mention.ids - {mention.primary}:
        return False
    index = facts.token_at(mention.start)
    if index < 1 or facts.tokens_lower[index - 1] not in _GOVERNMENT_CUES:
        return False
    # why: "went to Beijing", "travelled to Pyongyang", "flew to Seoul for a
    # summit": a destination, not a government
    return not (
        facts.tokens_lower[index - 1] == "to"
        and index > 1
        and (
            "visit" in facts.token_features[index - 2]
            or facts.tokens_lower[index - 2] in _MOTION_VERBS
        )
    )


# verbs of going somewhere: what follows their "to" is where the goer ends up
_MOTION_VERBS = frozenset(
    "go goes going went gone fly flies flying flew flown head heads heading headed "
    "come comes coming came return returns returning returned sail sails sailed "
    "drive drove driven move moved travelling travelled traveling traveled".split()
)


def _beside_stranger(facts: SentenceFacts, index: int, out: Comparison) -> bool:
    """A person the claim does not name shares the value's clause.

    why: "Kim Yo Jong said in March 2024 that North Korea would reject any
    contact": the date is when she spoke, not when Japan reached out.
    """
    clause = facts.clause_of[index]
    return any(
        facts.clause_of[facts.token_at(facts.entities[i].start)] == clause
        for i in out.extra_persons
    )


_TOWNS = frozenset({"city", "country"})
_ANOTHER_TOWN = "the sentence may be about another occasion"
# why: "said" dates what was said only when the claim is what was said
SPEECH_VERBS_STEMS = frozenset(stem(w) for w in SPEECH_VERBS)
# why: acts that are done by saying something ("called for", "proposed")
_TELLING_ACTS = SPEECH_VERBS_STEMS | {"propose"}
_FRONTING = frozenset("in on at during by since from after before as until".split())


def _dates_the_claim(facts: SentenceFacts, index: int, candidate: Candidate) -> bool:
    """A time phrase about the claim's clause, or one fronting the sentence
    ("At a national rally in Tokyo in May 2024, Kishida said ..."), or one in
    the clause of the claim's own verb ("North Korea announced in 2018 that
    ...", where the claim says it announced the termination in 2016)."""
    return (
        _fronted(facts, index)
        or _in_claim_clause(facts, index, candidate)
        or _in_claim_verb_clause(facts, index, candidate)
    )


def _in_claim_verb_clause(facts: SentenceFacts, index: int, candidate: Candidate) -> bool:
    """The token's clause holds the claim's own verb (not a speech verb)."""
    verb = candidate.compiled.agent_verb - SPEECH_VERBS_STEMS
    clause = facts.clause_of[index]
    return bool(verb) and any(
        facts.clause_of[i] == clause and facts.token_features[i] & verb for i in facts.content_at
    )


def _names_an_event(facts: SentenceFacts, index: int) -> bool:
    """The clause of token `index` names an event ("a gathering", "the rally")."""
    clause = facts.clause_of[index]
    return any(
        "event" in feats
        for i, feats in enumerate(facts.token_features)
        if facts.clause_of[i] == clause
    )


def _fronted(facts: SentenceFacts, index: int) -> bool:
    """The token stands in a phrase that opens the sentence ("At ..., ")."""
    clause = facts.clause_of[index]
    start = next(i for i, c in enumerate(facts.clause_of) if c == clause)
    return clause == 0 and facts.tokens_lower[start] in _FRONTING


def _in_claim_clause(facts: SentenceFacts, index: int, candidate: Candidate) -> bool:
    """The name at token `index` stands in a clause about the claim: one that
    touches an anchor, or one with no words of its own ("At the office in Osaka,").

    why: "Soga, who was abducted from Sado Island, met Kishida": Sado is where
    she was abducted, not where she met him.
    """
    clause = facts.clause_of[index]
    anchors = candidate.compiled.anchors
    if any(
        facts.clause_of[i] == clause and feats & anchors
        for i, feats in enumerate(facts.token_features)
        if i != index
    ):
        return True
    return not any(facts.clause_of[i] == clause for i in facts.content_at)


def _attached_to_anchor(facts: SentenceFacts, index: int, candidate: Candidate) -> bool:
    """The nearest content word before the value at `index` (past a passive's
    agent) is the act the claim's own date dates (else any of its anchors).

    why: "citizens kidnapped by North Korean agents in the 1970s": a decade
    dates the kidnapping, not the repatriation a claim dated 2002 is about.
    """
    act = candidate.compiled.dated_act or candidate.compiled.anchors
    before = [i for i in facts.content_at if i < index]
    while len(before) > 1 and "by" in facts.tokens_lower[before[-2] + 1 : before[-1]]:
        before.pop()
    return bool(before) and bool(facts.token_features[before[-1]] & act)


def _attached_to_claim(facts: SentenceFacts, index: int, candidate: Candidate) -> bool:
    """The sentence's value at token `index` qualifies words the claim also uses.

    why: in "At the 2002 summit, North Korea admitted abducting 13", 2002 dates
    the summit, not the abductions; the content word nearest a value is what it
    qualifies.
    """
    clause = facts.clause_of[index]
    # why: an adverb ("completely halting") qualifies its verb, not the value
    same = [
        i
        for i in facts.content_at
        if facts.clause_of[i] == clause and not facts.tokens_lower[i].endswith("ly")
    ]
    strict = not candidate.compiled.has_entity_facts
    words = facts.tokens_lower
    if index > 0 and index + 1 < len(words) and words[index - 1] in _DETERMINERS:
        # why: "the 2014 Stockholm agreement": a year before a name dates what
        # it names, which must be the claim's
        named = [
            m
            for m in facts.entities
            if facts.token_at(m.start) == index + 1 and m.group != "country"
        ]
        if named:
            return bool(named[0].ids & candidate.compiled.entity_ids)
    if (
        index > 0
        and index + 1 < len(words)
        and words[index - 1] in _DETERMINERS
        and index + 1 in facts.stem_at
    ):
        # why: "according to a 2012 report": a year between a determiner and a
        # noun dates that noun, which must be one the claim's wording uses ("used
        # the 2004 summit to admit": the claim's act was at the visit where
        # Koizumi met Kim Jong Il)
        return bool(facts.token_features[index + 1] & candidate.compiled.vocabulary)
    if not same:
        # "In September 2003, Koizumi visited ...": a fronted phrase dates what follows
        start = next(i for i, c in enumerate(facts.clause_of) if c == clause)
        fronted = facts.tokens_lower[start] in _FRONTING or (clause == 0 and start == 0)
        later = [i for i in facts.content_at if i > index]
        if not later:
            return not strict
        if strict and not fronted:
            return False
        nearest = later[0]
    else:
        before = [i for i in same if i < index]
        # why: "were seized by North Korean agents in October 1978": a passive's
        # agent ("by ... agents") is not what the time phrase after it dates
        while len(before) > 1 and "by" in facts.tokens_lower[before[-2] + 1 : before[-1]]:
            before.pop()
        # why: "seized together on August 12", "returned alive in 2005": a word
        # that only modifies the verb; "the accord brokered in May 2017": a
        # participle right after the noun it describes; the value dates the act
        while len(before) > 1 and (
            facts.tokens_lower[before[-1]] in _VERB_MODIFIERS
            or (
                _participle(facts.tokens_lower[before[-1]])
                and before[-2] == before[-1] - 1
                and not facts.token_features[before[-1]] & candidate.compiled.vocabulary
                # why: "abductees repatriated in October 2002": an act the
                # lexicon knows is its own act, dated for itself
                and facts.token_features[before[-1]].isdisjoint(CONCEPTS)
                and bool(facts.token_features[before[-2]] & candidate.compiled.vocabulary)
            )
        ):
            before.pop()
        nearest = before[-1] if before else min(same, key=lambda i: abs(i - index))
    if strict:
        # why: a claim that is only its values ("abductions in the 1970s and
        # 1980s") needs the value on its anchor word ("abducted in 1991")
        anchors = candidate.compiled.anchors
        return bool(facts.token_features[nearest] & anchors)
    return bool(facts.token_features[nearest] & candidate.compiled.vocabulary)


_DETERMINERS = frozenset("a an the its his her their this that".split())


def _participle(word: str) -> bool:
    """A past participle: "-ed", or an irregular one ("a deal struck in 2004")."""
    return word.endswith("ed") or word in IRREGULAR_PAST


# why: words that modify a verb and qualify no thing ("seized together",
# "returned alive", "came home"): a value after them dates the verb
_VERB_MODIFIERS = frozenset(
    "together alive home back abroad overseas away safe free first jointly secretly".split()
)


def _opposes_another_act(facts: SentenceFacts, candidate: Candidate) -> bool:
    """The sentence's opposite word governs a verb the claim does not use.

    why: "Kishida refused to elaborate on the contacts" refuses to elaborate,
    not to negotiate; "refused to" or "refrained from" takes the act that
    follows as its object, and only that act is denied.
    """
    words = {word.lower() for _, word in candidate.flipped}
    vocabulary = candidate.compiled.vocabulary
    lower = facts.tokens_lower
    for i, token in enumerate(lower[:-2]):
        if token in words and lower[i + 1] in ("to", "from"):
            # why: "refused to hold talks": a light verb's object names the act
            act = next(
                (j for j in range(i + 2, min(i + 5, len(lower))) if lower[j] not in _LIGHT_VERBS),
                i + 2,
            )
            if act in facts.stem_at and not facts.token_features[act] & vocabulary:
                return True
    return False


_LIGHT_VERBS = frozenset(
    "be do make take get give hold have holding giving making taking having a an the any "
    # why: "refused to provide economic cooperation": the object names the act
    "provide providing offer offering extend extending".split()
)


def _concept_words(text: str, concept: str) -> str:
    """The words of `text` that express `concept` ("termination" for terminate)."""
    index = concept_index()
    words = [t.text for t in tokenize(fold(text)) if concept in index.get(stem(t.lower), ())]
    return " ".join(words)


def _assertion(text: str, candidate: Candidate) -> str:
    """The words of `text` that touch the claim's anchors, with the verb before them
    ("established diplomatic relations"): what an affirmative sentence asserts."""
    index = concept_index()
    anchors = candidate.compiled.anchors
    tokens = tokenize(fold(text))
    hits = [
        i
        for i, t in enumerate(tokens)
        if t.lower[0].isalpha() and (index.get(stem(t.lower), frozenset()) & anchors)
    ]
    if not hits:
        return "affirmative"
    # why: the anchor with an opposite is the predicate ("attended", not "conference")
    predicates = [
        i for i in hits if index.get(stem(tokens[i].lower), frozenset()) & ANTONYMS.keys()
    ]
    if predicates:
        hits = predicates
    first, last = hits[0], hits[-1]
    if last - first > 4:
        last = first
    before = tokens[first - 1] if first > 0 else None
    if before is not None and before.text.islower() and before.lower not in STOPWORDS:
        first -= 1
    return fold(text)[tokens[first].start : tokens[last].end]


def _expected_date(fact: Fact) -> str:
    """How the source dates it: as written, or resolved when the passage is relative."""
    return fact.text if not fact.derived else _date_text(fact.value)


def _comparable(d: DateMention, points: Sequence[Fact]) -> bool:
    """The sentence date says something the claim's dates also say (a year, a month)."""
    for f in points:
        _, month, day = _claim_date(f.value)
        if d.year is not None:
            return True
        if d.weekday is not None and day is not None:
            return True
        if d.month is not None and month is not None:
            return True
    return False


def _shares_words(quoted: list[str], source: list[str]) -> bool:
    """A quotation that borrows enough of the source's words to be a misquote of it."""
    content = [w for w in quoted if w not in STOPWORDS]
    if not content:
        return False
    shared = sum(w in source for w in content) / len(content)
    return shared >= 0.34 or fuzz.token_set_ratio(" ".join(quoted), " ".join(source)) >= 60


def _numerals(words: list[str]) -> list[str]:
    return [w for w in words if w[:1].isdigit() or w in NUMBER_WORDS]


def _rewords(facts: SentenceFacts, content: list[str]) -> bool:
    """Reported speech that shares most of a quote's content words, as stems."""
    if not content or not _reports_speech(facts):
        return False
    said = {stem(w) for w in _words(facts.text)}
    shared = sum(stem(w) in said for w in content)
    return shared >= 2 and shared / len(content) >= _REWORDING_SHARE


# why: below this share of a quote's content words, reported speech says something else
_REWORDING_SHARE = 0.3


def _negated_before_quote(facts: SentenceFacts, k: int) -> bool:
    """A negation stands in the few words before the k-th quotation ("he
    would not 'like to hold ...'"), outside it."""
    if k >= len(facts.quote_spans):
        return False
    start = facts.token_at(facts.quote_spans[k][0])
    return any(0 < start - n <= 3 for n in facts.negation_at)


def _shared_negations(words: list[str], other: list[str]) -> int:
    """The negations of `words` whose next content word `other` also has (by
    stem): the negations of the part both word.

    why: "Kishida called the abductions a time-critical human rights issue"
    leaves out the quote's "that cannot be neglected"; it does not deny it.
    """
    stems = {stem(w) for w in other}
    count = 0
    for i, w in enumerate(words):
        if w in NEGATION_WORDS or w.endswith("n't") or w == "cannot":
            # why: "did not intend to take the lead" denies taking it
            after = next(
                (x for x in words[i + 1 :] if x not in STOPWORDS and x not in _INTENDING), ""
            )
            count += stem(after) in stems
    return count


# why: verbs of intent that pass a negation on to the act they take
_INTENDING = frozenset(
    "intend intends intended plan plans planned mean means meant expect expects expected".split()
)


def _reports_speech(facts: SentenceFacts) -> bool:
    """The sentence quotes or reports what someone said."""
    return bool(facts.quotes) or not SPEECH_VERBS.isdisjoint(facts.tokens_lower)


def _negation_count(words: list[str]) -> int:
    return sum(1 for w in words if w in NEGATION_WORDS or w.endswith("n't"))


def _is_sublist(small: list[str], big: list[str]) -> bool:
    if not small:
        return True
    n = len(small)
    return any(big[i : i + n] == small for i in range(len(big) - n + 1))


def _not_covered(facts: SentenceFacts, explained: set[FactKey]) -> list[str]:
    out: list[str] = []
    for i, n in enumerate(facts.numbers):
        if ("number", i) not in explained:
            out.append(f"number {display_number(n.value)} ({n.surface})")
    for i, d in enumerate(facts.dates):
        if ("date", i) not in explained:
            out.append(f"date {d.surface}")
    for i, m in enumerate(facts.entities):
        if ("entity", i) not in explained:
            out.append(f"{m.kind.value} {m.surface}")
    return out
