"""Sources that disagree: claims of two sources that give different values for one fact.

When the claims base is compiled, each claim's own text is judged, as a
sentence, against the claims of the *other* sources only: when one of them
contradicts it (another month, another number), the two claims form a
disputed pair.  A claims base of one source has none, and neither has a base
whose sources agree.

At check time a sentence whose verdict rests on a claim of a disputed pair is
looked at again.  It is `disputed` when it agrees with one side and conflicts
with the other on the disputed fact only: both claims are its evidence.  A
sentence that conflicts with both sides stays contradicted, one that does not
state the disputed fact stays supported.

This is a layer over the verdict engine: it only chooses which candidate
claims the engine sees (`Judge.judge`), and reads the judgements it gives.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from abduction_facts.models import (
    ClaimId,
    ClaimsBase,
    Dispute,
    FactType,
    Judgement,
    Verdict,
)
from abduction_facts.verdict import Judge

if TYPE_CHECKING:
    from abduction_facts.extract import FactExtractor, SentenceFacts
    from abduction_facts.match import Candidate, ClaimIndex

# why: a sentence contradicted by one side may be contradicted by a second
# (three sources, three values); past a few the sentence is just wrong
_MAX_SIDES = 3
_ENTITY_FACTS = (FactType.PERSON, FactType.PLACE, FactType.ORGANISATION)


class Disputes:
    """The disputed pairs of a claims base, and how they settle a verdict."""

    def __init__(self, pairs: Iterable[Dispute] = ()) -> None:
        self.pairs = tuple(pairs)
        by_claim: dict[ClaimId, list[Dispute]] = {}
        for pair in self.pairs:
            by_claim.setdefault(pair.claim.id, []).append(pair)
            by_claim.setdefault(pair.other.id, []).append(pair.reversed())
        # claim id -> the disputes seen from that claim's side
        self._by_claim = {cid: tuple(found) for cid, found in by_claim.items()}

    def __bool__(self) -> bool:
        return bool(self.pairs)

    def of(self, claim_id: ClaimId) -> tuple[Dispute, ...]:
        """The disputes a claim is one side of, seen from its side."""
        return self._by_claim.get(claim_id, ())

    def settle(
        self,
        judgement: Judgement,
        facts: SentenceFacts,
        candidates: Sequence[Candidate],
        judge: Judge,
    ) -> Judgement:
        """`judgement`, or `disputed` when the sentence takes one side of a dispute."""
        if judgement.verdict is Verdict.CONTRADICTED and judgement.claim is not None:
            return self._contradicted(judgement, facts, candidates, judge)
        if judgement.verdict is Verdict.SUPPORTED:
            return self._supported(judgement, facts, candidates, judge)
        return judgement

    def _contradicted(
        self,
        judgement: Judgement,
        facts: SentenceFacts,
        candidates: Sequence[Candidate],
        judge: Judge,
    ) -> Judgement:
        """A sentence contradicted by one side: does another side support it?"""
        against: list[Judgement] = []
        current = judgement
        while current.verdict is Verdict.CONTRADICTED and current.claim is not None:
            if not self.of(current.claim.id) or len(against) == _MAX_SIDES:
                return judgement
            against.append(current)
            left_out = {j.claim.id for j in against if j.claim is not None}
            rest = [c for c in candidates if c.compiled.claim.id not in left_out]
            current = judge.judge(facts, rest)
        if current.verdict is not Verdict.SUPPORTED:
            return judgement
        disputes = []
        for opposed in against:
            assert opposed.claim is not None
            dispute = _between(current, opposed, self)
            if dispute is None:
                return judgement
            disputes.append(dispute)
        return _disputed(current, disputes)

    def _supported(
        self,
        judgement: Judgement,
        facts: SentenceFacts,
        candidates: Sequence[Candidate],
        judge: Judge,
    ) -> Judgement:
        """A sentence supported by one side: does the other side, alone, contradict it?

        why: the engine lets a fact one claim confirms outweigh another
        claim's conflict with it; judged alone, the other side's claim says
        whether the sentence states the value in dispute.
        """
        sides = [d for used in judgement.claims_used for d in self.of(used.id)]
        if not sides:
            return judgement
        retrieved = {c.compiled.claim.id: c for c in candidates}
        disputes: list[Dispute] = []
        for side in sides:
            if any(d.other.id == side.other.id for d in disputes):
                continue
            candidate = retrieved.get(side.other.id)
            if candidate is None:
                # why: the other side may be worded so that the sentence does not
                # reach it ("met" where it says "reached out"); a sentence that
                # states this side's disputed value takes this side
                if _states_disputed_value(facts, side):
                    disputes.append(side)
                continue
            opposed = judge.judge(facts, [candidate])
            if opposed.verdict is not Verdict.CONTRADICTED or opposed.claim is None:
                continue
            dispute = _between(judgement, opposed, self)
            if dispute is not None:
                disputes.append(dispute)
        return _disputed(judgement, disputes) if disputes else judgement


def _between(supported: Judgement, opposed: Judgement, disputes: Disputes) -> Dispute | None:
    """The dispute between a supporting claim and the claim `opposed` rests on,
    as the sentence takes it, when the sentence conflicts with `opposed` only on
    facts the two sources dispute."""
    assert opposed.claim is not None
    for used in supported.claims_used:
        for dispute in disputes.of(used.id):
            if dispute.other.id != opposed.claim.id:
                continue
            kinds = {str(c.kind) for c in dispute.conflicts}
            if all(str(c.kind) in kinds for c in opposed.conflicts):
                return Dispute(used, opposed.claim, opposed.conflicts)
    return None


def _states_disputed_value(facts: SentenceFacts, dispute: Dispute) -> bool:
    """Whether the sentence states a value of `dispute.claim` of a kind in dispute
    (the same month, number or named party), so that it takes that side."""
    kinds = {str(c.kind) for c in dispute.conflicts}
    for fact in dispute.claim.facts:
        if fact.type.value not in kinds:
            continue
        if fact.type is FactType.DATE and not fact.value.endswith("0s"):
            parts = [int(p) for p in fact.value.split("-")]
            for d in facts.dates:
                said = [d.year, d.month, d.day][: len(parts)]
                if said == parts:
                    return True
        elif fact.type is FactType.NUMBER:
            if any(n.value == float(fact.value) for n in facts.numbers):
                return True
        elif fact.type in _ENTITY_FACTS and any(fact.value in m.ids for m in facts.entities):
            return True
    return False


def _disputed(supported: Judgement, disputes: Sequence[Dispute]) -> Judgement:
    """The disputed judgement: the supporting claims, then the other sides."""
    used = supported.claims_used
    others = tuple(d.other for d in disputes if d.other not in used)
    return Judgement(
        Verdict.DISPUTED,
        score=supported.score,
        claim=supported.claim,
        not_covered=supported.not_covered,
        note=dispute_note(disputes),
        evidence=(*used, *others),
        disputed_by=tuple(disputes),
    )


def dispute_note(disputes: Iterable[Dispute]) -> str:
    """The disputes in words: "sources disagree: A (date) says March; B (date) says June"."""
    parts = []
    for d in disputes:
        mine, theirs = d.claim.source, d.other.source
        says = ", ".join(dict.fromkeys(c.found for c in d.conflicts))
        said = ", ".join(dict.fromkeys(c.expected for c in d.conflicts))
        parts.append(
            f"{mine.publisher} ({mine.published}) says {says}; "
            f"{theirs.publisher} ({theirs.published}) says {said}"
        )
    return "sources disagree: " + "; ".join(parts)


def find_disputes(
    base: ClaimsBase,
    extractor: FactExtractor,
    index: ClaimIndex,
    thresholds: Mapping[str, float] | None = None,
) -> Disputes:
    """Every pair of claims of different sources that the engine finds in conflict.

    Each claim's text is judged at the claim's own date against the claims
    of the other sources; a contradiction makes a pair.  A base of one
    source is not looked at.
    """
    if len({c.source.id for c in base.claims}) < 2:
        return Disputes()
    by_id = {e.id: e for e in base.entities}
    judges: dict[str, Judge] = {}
    pairs: dict[frozenset[ClaimId], Dispute] = {}
    for claim in base.claims:
        if not claim.facts or not index.could_match(claim.text):
            continue
        facts = extractor.extract(claim.text)
        others = [
            c
            for c in index.candidates(facts)
            if c.compiled.claim.source.id != claim.source.id and c.compiled.claim.facts
        ]
        if not others:
            continue
        judge = judges.get(claim.as_of)
        if judge is None:
            # why: a claim's text is true as of its date, as a draft of that date
            judge = judges[claim.as_of] = Judge(by_id, thresholds, as_of=claim.as_of)
        judgement = judge.judge(facts, others)
        if judgement.verdict is not Verdict.CONTRADICTED or judgement.claim is None:
            continue
        key = frozenset((claim.id, judgement.claim.id))
        if key not in pairs:
            pairs[key] = Dispute(claim, judgement.claim, judgement.conflicts)
    return Disputes(pairs.values())
