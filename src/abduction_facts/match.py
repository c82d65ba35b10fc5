"""Candidate retrieval: which claims a sentence is about, and how closely.

Two stages, so that the cost per sentence barely grows with the claims base:
an inverted index over each claim's `about` anchors (a claim is a candidate
only when the sentence touches every anchor), then rapidfuzz over the few
survivors' normalised texts, in one batch call.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

from rapidfuzz import fuzz, process

from abduction_facts.extract import (
    PHRASES,
    FactExtractor,
    SentenceFacts,
    mention_role,
    subject_of,
    verb_of_subject,
)
from abduction_facts.models import Claim, ClaimsBase, Entity, EntityId, FactType
from abduction_facts.text import (
    ANTONYMS,
    CONCEPTS,
    NUMBER_WORDS,
    antonym_index,
    concept_index,
    fold,
    stem,
)

_ENTITY_FACTS = (FactType.PERSON, FactType.PLACE, FactType.ORGANISATION)
# why: verbs that say too little to tell two acts apart
_GENERIC_VERBS = frozenset("be do make take get go come give hold have".split())


@dataclass(frozen=True, slots=True)
class CompiledClaim:
    """A claim prepared for matching: anchors as feature sets, texts normalised."""

    claim: Claim
    groups: tuple[frozenset[str], ...]
    antonym_concepts: tuple[frozenset[str], ...]
    entity_ids: frozenset[EntityId]
    masked: str
    vocabulary: frozenset[str]
    weights: tuple[float, ...]
    has_entity_facts: bool
    gate_groups: tuple[frozenset[str], ...] = ()  # groups with their "!antonym" marks
    # entity fact -> "location" or "party", as the claim's own wording names it
    roles: tuple[tuple[str, str], ...] = ()
    # who acts in the claim's own sentence ("Japan" in "Japan has identified ..."):
    # its entity ids, its kind and group, and its name; empty when none is named
    agent: frozenset[EntityId] = frozenset()
    agent_kind: str = ""
    agent_group: str = ""
    agent_name: str = ""
    agent_verb: frozenset[str] = frozenset()  # features of the agent's verb

    def role_of(self, value: str) -> str:
        """The role the claim's entity `value` plays ("party" unless named as a place)."""
        for entity, role in self.roles:
            if entity == value:
                return role
        return "party"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A claim the sentence is about, with its fuzzy score.

    `missing` lists the claim's anchor groups the sentence does not touch: a
    writer may say "believes" or "lists" where the source says "identified",
    and the typed comparison, not the curator's wording, decides.
    """

    compiled: CompiledClaim
    score: float
    flipped: tuple[tuple[str, str], ...]
    missing: tuple[int, ...] = ()


def _feature(alternative: str, entities: Mapping[EntityId, Entity]) -> str:
    """The sentence feature an `about` alternative stands for."""
    if (
        alternative in CONCEPTS
        or alternative in entities
        or alternative.startswith(("num:", "group:"))
    ):
        return alternative
    return stem(alternative)


# why: features frequent in any news text, whatever the claims base says.
_COMMON = {
    "japan": 50,
    "north-korea": 20,
    "meet": 30,
    "statement": 30,
    "citizen": 20,
    "num:age": 50,  # any number may be an age
    "past": 20,
}
_MEMOS = frozenset({"_memo", "_waking"})
# why: bounds memory on an archive sweep; a newsroom's working vocabulary fits
_MEMO_SIZE = 50_000

# What a piece of text gives the pre-check (see ClaimIndex._info_of_word).
# (features, claims it wakes first, second, names it may be the longest word of, forms)
_PieceInfo = tuple[
    frozenset[str],
    frozenset[int],
    frozenset[int],
    tuple[tuple[frozenset[str], frozenset[str], frozenset[int], frozenset[int]], ...],
    frozenset[str],
]


def _variants(word: str) -> set[str]:
    """Other forms the tokenizer may give a word ("N.", "Soga's", "high-level")."""
    if not (word.endswith((".", "'s")) or "-" in word):
        return set()
    bare = word.rstrip(".").removesuffix("'s")
    return {v for v in (bare, *bare.split("-")) if v and v != word}


_WORD = re.compile(r"[a-z0-9]+(?:['.-][a-z0-9]+)*\.?")


class ClaimIndex:
    """Inverted index from anchor features to claims."""

    def __init__(self, base: ClaimsBase, extractor: FactExtractor) -> None:
        self.entities = {e.id: e for e in base.entities}
        self.compiled: list[CompiledClaim] = []
        # why: each claim is posted under its two rarest anchor groups; a claim
        # is woken only when the sentence touches both (a set intersection, in
        # C), so a common word wakes few claims even in a base of thousands.
        self._postings: dict[str, list[int]] = {}
        self._second: dict[str, list[int]] = {}
        self._more_groups: set[int] = set()  # claims with anchors beyond those two
        # every anchor feature -> (claim slot, anchor group): how many of a
        # claim's groups a sentence touches, for retrieval by what it is about
        self._groups_of: dict[str, list[tuple[int, int]]] = {}
        self._aliases = extractor.matcher.alias_words()
        # how many claims use each anchor feature: which groups are the rarest
        self._frequency: dict[str, int] = {}
        for claim in base.claims:
            for group in claim.about:
                for alternative in group:
                    feature = _feature(alternative, self.entities)
                    self._frequency[feature] = self._frequency.get(feature, 0) + 1
        self._quotes: list[str] = []
        self._quote_slots: list[int] = []
        for claim in base.claims:
            self._add(claim, extractor)
            for fact in claim.facts:
                if fact.type is FactType.QUOTE:
                    self._quotes.append(fold(fact.value).lower())
                    self._quote_slots.append(len(self.compiled) - 1)
        # why: only features some claim's anchors use matter to the pre-check
        self._anchored = frozenset(
            f for compiled in self.compiled for group in compiled.gate_groups for f in group
        )
        self._name_words = frozenset(
            word for entries in self._aliases.values() for parts, _ in entries for word in parts
        )
        # why: a value many claims name (Japan, North Korea in this base) says
        # little about which claim a sentence is about.
        named_by = [c.entity_ids for c in self.compiled]
        self._common = frozenset(
            e
            for e in set().union(*named_by)
            if sum(e in ids for ids in named_by) > max(2, len(named_by) // 5)
        )
        # anchor features of claims with typed values (see could_match)
        self._valued = frozenset(
            f
            for compiled in self.compiled
            if any(fact.type is not FactType.POLARITY for fact in compiled.claim.facts)
            for group in compiled.gate_groups
            for f in group
        )
        self._memo: dict[str, _PieceInfo | tuple[()]] = {}
        self._waking: set[str] = set()  # memoised pieces that wake a claim (maybe by a name)

    def __getstate__(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k not in _MEMOS}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._memo = {}
        self._waking = set()

    def _features_of_word(self, word: str) -> frozenset[str]:
        """Every feature one word could give a sentence (an over-estimate)."""
        s = stem(word)
        out = {s, *concept_index().get(s, ())}
        out.update(f"!{c}" for c in antonym_index().get(s, ()))
        if word[0].isdigit() or word in NUMBER_WORDS:
            out.add("num:age")
        for (_, second), (concepts, _) in PHRASES.items():
            if word == second:
                out |= concepts
        return frozenset(out)

    def could_match(self, text: str) -> bool:
        """Cheap test: may any claim's anchors all be touched by this text?

        why: most sentences of a draft or an archive are about something else;
        this over-estimate (words only, no parsing) lets them skip extraction.
        """
        folded = text if text.isascii() else fold(text)
        if self._quotes and folded.count('"') >= 2:
            return True  # quotes are retrieved by their wording
        # why: whitespace-split pieces ("japan," "abductees.") are cheap to cut
        # and repeat a lot; each is parsed once, in _info_of_word, and memoised
        pieces = folded.lower().split()
        memo = self._memo
        try:
            found = list(map(memo.__getitem__, pieces))
        except KeyError:
            self._learn(pieces)
            found = list(map(memo.__getitem__, pieces))
        if self._waking.isdisjoint(pieces):
            return False  # why: most sentences; no claim is woken by any of their words
        infos = cast(list[_PieceInfo], list(filter(None, found)))
        first: set[int] = set()
        second: set[int] = set()
        names = False
        for _, wakes, also, aliases, _ in infos:
            if wakes:
                first |= wakes
            if also:
                second |= also
            if aliases:
                names = True
        named: list[frozenset[str]] = []
        if names:
            present: set[str] = set()
            for info in infos:
                present |= info[4]
            for _, _, _, aliases, _ in infos:
                for parts, gives, wakes, also in aliases:
                    if parts <= present:  # every word of the name is there (in any order)
                        named.append(gives)
                        first |= wakes
                        second |= also
        first &= second
        if first and not first <= self._more_groups:
            return True  # a claim with at most two anchor groups, both touched
        features: set[str] = set().union(*named)
        for info in infos:
            features |= info[0]
        compiled = self.compiled
        for slot in first:
            if all(not group.isdisjoint(features) for group in compiled[slot].gate_groups):
                return True
        # why: retrieval also takes a claim whose values the sentence states
        # without all its anchors (candidates); such a sentence needs a value
        # (a digit, a number word, a name) beside a word of the claim.
        return bool(features & self._valued) and (
            names or any(p[:1].isdigit() or p.strip(",.;:") in NUMBER_WORDS for p in pieces)
        )

    def _learn(self, pieces: list[str]) -> None:
        """Memoise what each new piece gives the pre-check."""
        memo = self._memo
        if len(memo) > _MEMO_SIZE:
            memo.clear()  # why: bounds memory on an archive sweep
            self._waking.clear()
        for piece in pieces:
            if piece not in memo:
                info = memo[piece] = self._info_of_word(piece)
                if info and (
                    info[1] or info[0] & self._valued or any(alias[2] for alias in info[3])
                ):
                    self._waking.add(piece)

    def _info_of_word(self, piece: str) -> _PieceInfo | tuple[()]:
        """What one whitespace-split piece of text gives the pre-check: the anchor
        features it touches, the claims they wake, the names it may be the longest
        word of, and its word forms ("N.", "Soga's", "high-level" and their parts)."""
        forms = frozenset(
            form for found in _WORD.findall(piece) for form in (found, *_variants(found))
        )
        gives = frozenset(
            f for form in forms for f in self._features_of_word(form) if f in self._anchored
        )
        aliases = tuple(
            (
                parts,
                named & self._anchored,
                _slots_of(named, self._postings),
                _slots_of(named, self._second),
            )
            for form in forms
            for parts, named in self._aliases.get(form, ())
        )
        if not gives and not aliases and not forms & self._name_words:
            return ()
        return (
            gives,
            _slots_of(gives, self._postings),
            _slots_of(gives, self._second),
            aliases,
            forms,
        )

    def _add(self, claim: Claim, extractor: FactExtractor) -> None:
        groups = tuple(
            frozenset(_feature(a, self.entities) for a in group) for group in claim.about
        )
        antonyms = tuple(frozenset(a for a in group if a in ANTONYMS) for group in groups)
        text_facts = extractor.extract(claim.text)
        passage_facts = extractor.extract(claim.passage)
        # why: "North Korean leader" may be either Kim; it names neither for sure.
        entity_ids = {
            i
            for f in (text_facts, passage_facts)
            for m in f.entities
            if not m.ambiguous
            for i in m.ids
        }
        for fact in claim.facts:
            if fact.type in _ENTITY_FACTS:
                entity = self.entities.get(EntityId(fact.value))
                entity_ids.add(EntityId(fact.value))
                if entity is not None:
                    entity_ids.update(entity.implies)
        if claim.speaker:
            entity_ids.add(claim.speaker)
        vocabulary: set[str] = set().union(*groups)
        for facts in (text_facts, passage_facts):
            for feats in facts.token_features:
                vocabulary |= feats
        roles: list[tuple[str, str]] = []
        for fact in claim.facts:
            if fact.type in _ENTITY_FACTS:
                found = [
                    mention_role(facts, m)
                    for facts in (text_facts, passage_facts)
                    for m in facts.entities
                    if fact.value in m.ids
                ]
                roles.append((fact.value, found[0] if found else "party"))
        subject = [text_facts.entities[i] for i in subject_of(text_facts)]
        agent = frozenset(i for m in subject if not m.ambiguous for i in m.ids)
        compiled = CompiledClaim(
            claim=claim,
            roles=tuple(roles),
            agent=agent,
            agent_kind=subject[0].kind.value if agent else "",
            agent_group=subject[0].group if agent else "",
            agent_name=" and ".join(m.surface for m in subject) if agent else "",
            agent_verb=verb_of_subject(text_facts) - _GENERIC_VERBS,
            groups=groups,
            antonym_concepts=antonyms,
            entity_ids=frozenset(entity_ids),
            masked=text_facts.masked,
            vocabulary=frozenset(vocabulary),
            # why: an anchor few claims share says more about which claim a
            # clause is about than one many share (North Korea, meeting).
            weights=tuple(
                1.0 / max(1, min(self._frequency.get(f, 1) for f in group)) for group in groups
            ),
            has_entity_facts=any(f.type in _ENTITY_FACTS for f in claim.facts),
            gate_groups=tuple(
                group | {f"!{c}" for c in opposite}
                for group, opposite in zip(groups, antonyms, strict=True)
            ),
        )
        slot = len(self.compiled)
        self.compiled.append(compiled)
        for g, group in enumerate(compiled.gate_groups):
            for feature in group:
                self._groups_of.setdefault(feature, []).append((slot, g))
        order = sorted(
            range(len(groups)),
            key=lambda g: sum(self._frequency.get(f, 0) + _COMMON.get(f, 0) for f in groups[g]),
        )
        if not order:
            return
        rarest, second = order[0], order[1 if len(order) > 1 else 0]
        for feature in compiled.gate_groups[rarest]:
            self._postings.setdefault(feature, []).append(slot)
        for feature in compiled.gate_groups[second]:
            self._second.setdefault(feature, []).append(slot)
        if len(order) > 2:
            self._more_groups.add(slot)

    def candidates(self, facts: SentenceFacts, limit: int = 16) -> list[Candidate]:
        """Claims the sentence is about, best fuzzy match first.

        A claim is about the sentence when the sentence touches every one of its
        anchor groups, or all but a few of them while it also states the claim's
        own values (a number, a date, a named party): retrieval by who, what,
        when and how many, not by the source's choice of verb.
        """
        features = facts.features
        antonyms = facts.antonyms
        survivors: list[tuple[CompiledClaim, tuple[tuple[str, str], ...], tuple[int, ...]]] = []
        keys = [*features, *(f"!{c}" for c in antonyms)]
        touched: dict[int, set[int]] = {}
        for key in keys:
            for slot, g in self._groups_of.get(key, ()):
                touched.setdefault(slot, set()).add(g)
        for slot in sorted(touched):
            compiled = self.compiled[slot]
            groups = touched[slot]
            if len(groups) == len(compiled.groups):
                flipped = _satisfied(compiled, features, antonyms)
                if flipped is not None:
                    survivors.append((compiled, flipped, ()))
                    continue
            missing = tuple(
                g for g, group in enumerate(compiled.groups) if group.isdisjoint(features)
            )
            if _about_enough(compiled, len(compiled.groups) - len(missing), facts, self._common):
                survivors.append((compiled, (), missing))
        if facts.quotes and self._quotes:
            # why: a misquote or a misattributed quote may share few anchor words
            # with the claim ("a long-term human rights issue"); quotes retrieve
            # their claims by their own wording.
            taken = {id(c) for c, _, _ in survivors}
            for quote in facts.quotes:
                for _, _, slot in process.extract(
                    fold(quote).lower(),
                    self._quotes,
                    scorer=fuzz.token_set_ratio,
                    score_cutoff=60,
                    limit=3,
                ):
                    compiled = self.compiled[self._quote_slots[slot]]
                    if id(compiled) not in taken:
                        survivors.append((compiled, (), ()))
                        taken.add(id(compiled))
        if not survivors:
            return []
        choices = [c.masked for c, _, _ in survivors]
        scored = process.extract(facts.masked, choices, scorer=fuzz.token_set_ratio, limit=limit)
        return [
            Candidate(survivors[i][0], float(score), survivors[i][1], survivors[i][2])
            for _, score, i in scored
        ]


def _values_stated(
    compiled: CompiledClaim, facts: SentenceFacts, common: frozenset[str] = frozenset()
) -> int:
    """How many of the claim's typed values (numbers, years, parties) the sentence states."""
    hits = 0
    subject = set().union(*compiled.groups)
    for fact in compiled.claim.facts:
        if fact.type is FactType.NUMBER:
            # why: "71 Japanese citizens" fills the slot of "17 of its citizens"
            # with another value; the typed comparison will say which is right.
            slot = {fact.role, *subject} if fact.role else set()
            hits += any(
                n.value == float(fact.value)
                or (n.role == fact.role == "" or not n.counted.isdisjoint(slot))
                for n in facts.numbers
            )
        elif fact.type is FactType.DATE:
            year = int(fact.value[:4])
            if fact.value.endswith("0s"):
                hits += any(d.decade == year for d in facts.decades) or any(
                    d.year is not None and d.year // 10 * 10 == year for d in facts.dates
                )
            else:
                hits += any(d.year == year for d in facts.dates)
        elif fact.type in _ENTITY_FACTS:
            hits += fact.value in facts.features and fact.value not in common
    return hits


def _about_enough(
    compiled: CompiledClaim, touched: int, facts: SentenceFacts, common: frozenset[str]
) -> bool:
    """The sentence touches enough of what the claim is about, without all its anchors.

    why: a claim's anchors are the source's words; "Japan believes 17 of its
    nationals were abducted" touches Japan and abduction and states the 17,
    though not "identified".  Who, what, when and how many together decide;
    the typed comparison then checks each value.
    """
    if touched == 0:
        return False
    values = _values_stated(compiled, facts, common)
    total = len(compiled.groups) + sum(
        1 for f in compiled.claim.facts if f.type not in (FactType.POLARITY, FactType.QUOTE)
    )
    hits = touched + values
    return hits >= 2 and values >= 1 and hits >= 0.6 * total


def _slots_of(features: frozenset[str], postings: Mapping[str, list[int]]) -> frozenset[int]:
    return frozenset(slot for f in features for slot in postings.get(f, ()))


def _satisfied(
    compiled: CompiledClaim, features: frozenset[str], antonyms: Mapping[str, str]
) -> tuple[tuple[str, str], ...] | None:
    """None unless every anchor group is touched; else (concept, antonym word) pairs
    for the groups the sentence touched with an opposite ("completed" for "terminate")."""
    flipped: list[tuple[str, str]] = []
    for group, opposite in zip(compiled.groups, compiled.antonym_concepts, strict=True):
        if group & features:
            continue
        hit = next(((c, antonyms[c]) for c in opposite if c in antonyms), None)
        if hit is None:
            return None
        flipped.append(hit)
    return tuple(flipped)
