"""Candidate retrieval: which claims a sentence is about, and how closely.

Two stages, so that the cost per sentence barely grows with the claims base:
an inverted index over each claim's `about` anchors (a claim is a candidate
only when the sentence touches every anchor), then rapidfuzz over the few
survivors' normalised texts, in one batch call.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import cast

from rapidfuzz import fuzz, process

from abduction_facts.extract import (
    COUNTRY,
    PHRASES,
    FactExtractor,
    SentenceFacts,
    country_mentions,
    display_number,
    mention_role,
    recipient_of,
    subject_of,
    verb_of_subject,
)
from abduction_facts.models import Claim, ClaimsBase, Entity, EntityId, EntityKind, FactType
from abduction_facts.text import (
    ANTONYMS,
    CONCEPTS,
    NUMBER_WORDS,
    SPEECH_VERBS,
    STOPWORDS,
    antonym_index,
    concept_index,
    fold,
    parse_number_words,
    stem,
)

_ENTITY_FACTS = (FactType.PERSON, FactType.PLACE, FactType.ORGANISATION)
# why: a person or a place fills a slot another of its group may fill
_SLOT_FACTS = (FactType.PERSON, FactType.PLACE)
_SLOT_KINDS = (EntityKind.PERSON, EntityKind.PLACE)
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
    anchors: frozenset[str] = frozenset()  # every alternative of every group
    # (entity id, entity group) of the people and places it names as facts
    slot_groups: tuple[tuple[str, str], ...] = ()
    # the anchor features of the act the claim's own date dates ("repatriated"
    # in "were repatriated to Japan in October 2002") and of its verb; empty
    # when it has neither
    dated_act: frozenset[str] = frozenset()
    # the claim's own sentence states a number, date or decade: its values are
    # what it says, not only the context a curator derived ("He called for ..."
    # at an event in May 2023)
    states_values: bool = True
    # whom the claim's act is done to or for ("gave Kishida a letter"), when a
    # person: entity ids and name; empty when the claim names none
    recipient: frozenset[EntityId] = frozenset()
    recipient_name: str = ""
    # what the claim's own wording ranks ("first official apology"): the
    # features of the words after an ordinal, each with its ordinal ("first:apology")
    ranked: frozenset[str] = frozenset()
    # the countries its wording names after a preposition or in a compound:
    # ("by", "north-korea") for "abducted by North Korea", ("-", ...) for
    # "Japan-North Korea summit"; where another country may stand instead
    country_slots: frozenset[tuple[str, EntityId]] = frozenset()

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


_MEMOS = frozenset({"_memo", "_waking", "_telling_pieces", "_valuing"})
# why: reported speech that shares this many of the quotes' content words may
# be reporting one of them (the candidates' fuzzy match decides)
_QUOTE_WORDS_SHARED = 3
_QUOTE_POOL = 32  # why: the most-sharing quotes a sentence is scored against
# why: at most this many claims found without all their anchors are compared
_MAX_RELAXED = 6
# why: "any number may be an age" and entity groups wake too much to be telling
_UNTELLING = ("num:", "group:")
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
    frozenset[str],  # value keys a number gives ("#", "num=17", "year:2002", "decade:2000")
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
        self._person_ids = frozenset(
            e.id for e in base.entities if e.kind is EntityKind.PERSON and not e.generic
        )
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
        self._ambiguous_names = extractor.matcher.ambiguous_names()
        # how many claims use each anchor feature: which groups are the rarest
        self._frequency: dict[str, int] = {}
        for claim in base.claims:
            for group in claim.about:
                for alternative in group:
                    feature = _feature(alternative, self.entities)
                    self._frequency[feature] = self._frequency.get(feature, 0) + 1
        # why: the claims' anchors are a small sample of the beat's words, its
        # source articles a larger one: an anchor most of their sentences touch
        # (the beat's own countries, "meeting", any number as an age) would wake
        # its claims in most sentences of a draft too, so claims are not posted
        # under it.  A share of sentences, weighed like a count of claims.
        self._background = {
            f: share * len(base.claims)
            for f, share in _share_of_sentences(base, extractor, self._features_of_word).items()
            if f in self._frequency
        }
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
        # why: a claim found without all its anchors is woken only by an anchor
        # feature few claims use (in a base of 10,000 claims: at most 200)
        self._telling_limit = max(8, len(self.compiled) // 500)
        self._value_slots, self._number_slots = _value_postings(
            self.compiled, self._common, self.entities
        )
        # per claim: how many counts it states, and its anchors and values together
        self._numbers_of = [
            sum(1 for f in c.claim.facts if f.type is FactType.NUMBER) for c in self.compiled
        ]
        self._totals = [
            len(c.groups)
            + sum(1 for f in c.claim.facts if f.type not in (FactType.POLARITY, FactType.QUOTE))
            for c in self.compiled
        ]
        # why: the pre-check of claims found without all their anchors (see
        # _may_be_about) wakes on few-claim anchor features and on named values
        self._telling = frozenset(
            f
            for f, posted in self._groups_of.items()
            if len(posted) <= self._telling_limit and not f.startswith(_UNTELLING)
        )
        self._anchored = self._anchored | self._telling
        self._value_entities = frozenset(
            f for f in self._value_slots if not f.startswith(("year:", "decade:", "num=", "day:"))
        )
        # why: a count restated with another number is found through two of the
        # claim's features; only claims that count something are posted here
        counting_limit = max(64, len(self.compiled) // 500)
        self._counting_slots = {
            f: frozenset(slot for slot, _ in posted if self._numbers_of[slot])
            for f, posted in self._groups_of.items()
            if len(posted) <= counting_limit and any(self._numbers_of[s] for s, _ in posted)
        }
        self._counting_features = frozenset(self._counting_slots)
        self._counting = frozenset(i for i, n in enumerate(self._numbers_of) if n)
        self._telling_slots = {
            f: frozenset(slot for slot, _ in self._groups_of.get(f, ())) for f in self._telling
        }
        self._quote_index: dict[str, list[int]] = {}
        for q, quote in enumerate(self._quotes):
            for w in {stem(w.rstrip(".")) for w in set(_WORD.findall(quote)) - STOPWORDS}:
                self._quote_index.setdefault(w, []).append(q)
        self._quote_words = frozenset(self._quote_index)
        self._memo: dict[str, _PieceInfo | tuple[()]] = {}
        self._waking: set[str] = set()  # memoised pieces that wake a claim (maybe by a name)
        self._telling_pieces: set[str] = set()  # ... that touch a telling anchor
        self._valuing: set[str] = set()  # ... that may state a claim's value

    def __getstate__(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k not in _MEMOS}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._memo = {}
        self._waking = set()
        self._telling_pieces = set()
        self._valuing = set()

    def _features_of_word(self, word: str) -> frozenset[str]:
        """Every feature one word could give a sentence (an over-estimate)."""
        s = stem(word)
        out = {s, *concept_index().get(s, ())}
        out.update(f"!{c}" for c in antonym_index().get(s, ()))
        if word[0].isdigit() or word in NUMBER_WORDS:
            out.add("num:age")
        # why: a phrase's concepts go with its first word ("went" of "went to"):
        # its second is often a common word ("to", "for", "out") that would
        # wake claims in most sentences
        for (first, second), (concepts, _) in PHRASES.items():
            # why: ... unless the first is the common word ("to" of "to comment")
            if word == (second if first in STOPWORDS else first):
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
        lowered = folded.lower()
        if self._quotes and not SPEECH_VERBS.isdisjoint(lowered.split()):
            # why: reported speech is retrieved by its wording too (candidates)
            said = {w.rstrip(".") for w in _WORD.findall(lowered)}
            said |= {stem(w) for w in said}
            if len(said & self._quote_words) >= _QUOTE_WORDS_SHARED:
                return True
        # why: whitespace-split pieces ("japan," "abductees.") are cheap to cut
        # and repeat a lot; each is parsed once, in _info_of_word, and memoised
        pieces = lowered.split()
        memo = self._memo
        try:
            found = list(map(memo.__getitem__, pieces))
        except KeyError:
            self._learn(pieces)
            found = list(map(memo.__getitem__, pieces))
        waking = not self._waking.isdisjoint(pieces)
        if not waking and (
            self._telling_pieces.isdisjoint(pieces) or self._valuing.isdisjoint(pieces)
        ):
            # why: most sentences; no claim is woken by any of their words, and
            # none has both a telling anchor and a value (see _may_be_about)
            return False
        infos = cast(list[_PieceInfo], list(filter(None, found)))
        first: set[int] = set()
        second: set[int] = set()
        names = False
        for _, wakes, also, aliases, _, _ in infos:
            if waking:
                if wakes:
                    first |= wakes
                if also:
                    second |= also
            if aliases:
                names = True
        named: list[frozenset[str]] = []
        unsure: set[str] = set()  # parties only a short, ambiguous name ("Kim") gives
        sure: set[str] = set()
        if names:
            present: set[str] = set()
            for info in infos:
                present |= info[4]
            for _, _, _, aliases, _, _ in infos:
                for parts, gives, wakes, also in aliases:
                    if parts <= present:  # every word of the name is there (in any order)
                        named.append(gives)
                        if parts in self._ambiguous_names:
                            unsure |= gives
                        else:
                            sure |= gives
                        if waking:
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
        if not self._person_ids.isdisjoint(sure - unsure):
            features.add(AGENT_SLOT)  # a named person may be the subject (see candidates)
        return self._may_be_about(features, infos, unsure - sure)

    def _quotes_like(self, said: str) -> list[int]:
        """The quotes (indexes into `_quotes`) that `said` may word, best first.

        why: a base of thousands of quotes is not scanned: only quotes sharing
        a few content words with `said` are scored.
        """
        shared: dict[int, int] = {}
        for word in {stem(w.rstrip(".")) for w in _WORD.findall(said)}:
            for q in self._quote_index.get(word, ()):
                shared[q] = shared.get(q, 0) + 1
        need = min(_QUOTE_WORDS_SHARED, len(said.split()))
        pool = [q for q, n in shared.items() if n >= need]
        if len(pool) > _QUOTE_POOL:
            pool = sorted(pool, key=lambda q: -shared[q])[:_QUOTE_POOL]
        scored = [(fuzz.token_set_ratio(said, self._quotes[q], score_cutoff=60), q) for q in pool]
        return [q for score, q in sorted(scored, reverse=True) if score][:3]

    def _relaxed_choices(
        self, features: Collection[str], value_keys: Collection[str], numbered: bool
    ) -> Iterator[tuple[int, int, int]]:
        """(claim, values stated, slots filled) for claims a telling feature (one
        few claims use) wakes and whose number, year or party the sentence
        states, or whose person or place slot another of the same group may
        fill ("group:" keys); then, when it states a number, woken claims that
        count something and that two of its features touch.  The pre-check
        (value keys from words) and candidates (from facts) choose alike."""
        telling = self._telling.intersection(features)
        if not telling:
            return
        woken: set[int] = set()
        for f in telling:
            woken |= self._telling_slots[f]
        same: dict[int, int] = {}
        grouped: dict[int, int] = {}
        postings = self._value_slots
        for key in value_keys:
            slots = postings.get(key)
            if slots is not None:
                counts = grouped if key.startswith("group:") else same
                for slot in woken.intersection(slots):
                    counts[slot] = counts.get(slot, 0) + 1
        for slot in same.keys() | grouped.keys():
            yield slot, same.get(slot, 0), grouped.get(slot, 0)
        if numbered:
            counting = woken.intersection(self._counting)
            if not counting:
                return
            seen: dict[int, int] = {}
            for f in self._counting_features.intersection(features):
                for slot in counting.intersection(self._counting_slots[f]):
                    seen[slot] = seen.get(slot, 0) + 1
            for slot, n in seen.items():
                if n >= 2 and slot not in same and slot not in grouped:
                    yield slot, 0, 0

    def _touched_if_enough(
        self, slot: int, features: Collection[str], stated: int, numbered: bool, grouped: int = 0
    ) -> int | None:
        """How many of the claim's anchor groups the features touch, or None when
        the counts alone show it is not enough (see _may_count)."""
        groups = self.compiled[slot].gate_groups
        # why: skip counting when even every anchor but one (a claim with all its
        # anchors touched is found the other way) would not be enough
        if not self._may_count(slot, len(groups) - 1, stated, grouped, numbered=numbered):
            return None
        touched = sum(1 for group in groups if not group.isdisjoint(features))
        enough = self._may_count(slot, touched, stated, grouped, numbered=numbered)
        return touched if enough else None

    def _may_be_about(self, features: set[str], infos: list[_PieceInfo], unsure: set[str]) -> bool:
        """Cheap over-estimate of candidates' second path (see _about_enough): a
        claim one of whose telling anchors the sentence touches, with enough of
        its anchors and values (the same number, year or party; or any number of
        something it counts) to be what the sentence is about."""
        keys = self._value_entities.intersection(features)
        if unsure:
            keys -= unsure
        for info in infos:
            if info[5]:
                keys |= info[5]
        if not keys:
            return False
        numbered = "#" in keys
        return any(
            self._touched_if_enough(slot, features, stated, numbered, grouped) is not None
            for slot, stated, grouped in self._relaxed_choices(features, keys, numbered)
        )

    def _may_count(
        self, slot: int, touched: int, stated: int, grouped: int = 0, *, numbered: bool
    ) -> bool:
        """An upper bound of _about_enough from counts alone (no facts needed); a
        slot another of its group fills counts like a count restated with another
        number: it needs two anchors besides."""
        filled = (self._numbers_of[slot] if numbered else 0) + grouped
        if not stated and (not filled or touched < 2):
            return False
        hits = touched + stated + filled
        return hits >= 2 and hits >= 0.6 * self._totals[slot]

    def _learn(self, pieces: list[str]) -> None:
        """Memoise what each new piece gives the pre-check."""
        memo = self._memo
        if len(memo) > _MEMO_SIZE:
            memo.clear()  # why: bounds memory on an archive sweep
            self._waking.clear()
            self._telling_pieces.clear()
            self._valuing.clear()
        for piece in pieces:
            if piece not in memo:
                info = memo[piece] = self._info_of_word(piece)
                if not info:
                    continue
                if info[1] or any(alias[2] for alias in info[3]):
                    self._waking.add(piece)
                if info[0] & self._telling or any(a[1] & self._telling for a in info[3]):
                    self._telling_pieces.add(piece)
                if info[5] or any(a[1] & self._value_entities for a in info[3]):
                    self._valuing.add(piece)

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
        word = piece.strip(",.;:()'\"")
        values: frozenset[str] = frozenset()
        if word[:1].isdigit() or word in NUMBER_WORDS:
            digits = word[: len(word) - len(word.lstrip("0123456789"))]
            values = frozenset(
                ("#", "num=" + word)
                + (("year:" + word[:4], "decade:" + word[:3] + "0") if word[:4].isdigit() else ())
                # why: "on May 27" may be a claim's day (see _value_postings)
                + ((f"day:{int(digits)}",) if digits and 1 <= int(digits) <= 31 else ())
            )
        if not gives and not aliases and not values and not forms & self._name_words:
            return ()
        return (
            gives,
            _slots_of(gives, self._postings),
            _slots_of(gives, self._second),
            aliases,
            forms,
            values,
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
                # why: a place the curator derived from the passage's context
                # ("He called for ..." at the Tokyo event) is where it happened
                default = "location" if fact.type is FactType.PLACE and fact.derived else "party"
                roles.append((fact.value, found[0] if found else default))
        subject = [text_facts.entities[i] for i in subject_of(text_facts)]
        agent = frozenset(i for m in subject if not m.ambiguous for i in m.ids)
        given = recipient_of(text_facts)
        receiver = text_facts.entities[given] if given is not None else None
        if receiver is not None and (receiver.kind is not EntityKind.PERSON or receiver.ambiguous):
            receiver = None
        compiled = CompiledClaim(
            claim=claim,
            roles=tuple(roles),
            agent=agent,
            agent_kind=subject[0].kind.value if agent else "",
            agent_group=subject[0].group if agent else "",
            agent_name=" and ".join(m.surface for m in subject) if agent else "",
            agent_verb=verb_of_subject(text_facts) - _GENERIC_VERBS,
            groups=groups,
            anchors=frozenset().union(*groups),
            dated_act=_dated_act(text_facts, frozenset().union(*groups))
            | (verb_of_subject(text_facts) & frozenset().union(*groups)),
            slot_groups=tuple(
                (f.value, self.entities[EntityId(f.value)].group)
                for f in claim.facts
                if f.type in _SLOT_FACTS and EntityId(f.value) in self.entities
            ),
            states_values=bool(text_facts.numbers or text_facts.dates or text_facts.decades),
            recipient=receiver.ids if receiver is not None else frozenset(),
            recipient_name=receiver.surface if receiver is not None else "",
            ranked=ranked_features(text_facts) | ranked_features(passage_facts),
            country_slots=frozenset(
                (marker, i)
                for f in (text_facts, passage_facts)
                for marker, m in country_mentions(f)
                for i in m.ids
                if self.entities[i].group == COUNTRY
            ),
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
            key=lambda g: sum(
                self._frequency.get(f, 0) + self._background.get(f, 0.0) for f in groups[g]
            ),
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
        woken = {slot for key in keys for slot in self._postings.get(key, ())}
        woken.intersection_update(slot for key in keys for slot in self._second.get(key, ()))
        for slot in sorted(woken):
            compiled = self.compiled[slot]
            flipped = _satisfied(compiled, features, antonyms)
            if flipped is not None:
                survivors.append((compiled, flipped, ()))
        # why: a claim without all its anchors is woken only by a telling
        # feature (one few claims use), so the cost per sentence stays flat
        # however large the base grows.
        taken = {id(c) for c, _, _ in survivors}
        named = _named_for_sure(facts)
        value_keys = [f for f in named if f in self._value_entities]
        value_keys += [
            f"group:{m.group}"
            for m in facts.entities
            if m.kind in _SLOT_KINDS and not m.ambiguous and not m.generic
        ]
        value_keys += [f"num={display_number(n.value)}" for n in facts.numbers]
        value_keys += [f"year:{d.year}" for d in facts.dates if d.year is not None]
        value_keys += [f"day:{d.day}" for d in facts.dates if d.day is not None]
        value_keys += [f"decade:{dm.decade}" for dm in facts.decades]
        if any(
            facts.entities[i].kind is EntityKind.PERSON and not facts.entities[i].ambiguous
            for i in subject_of(facts)
        ):
            value_keys.append(AGENT_SLOT)
        numbered = bool(facts.numbers)
        key_set = set(keys)
        # why: the claims whose values the sentence states most first, and only a
        # few: in a large base many claims share a value and a word with it
        relaxed = sorted(
            self._relaxed_choices(key_set, value_keys, numbered), key=lambda c: (-c[1], c[0])
        )
        found = 0
        for slot, stated, grouped in relaxed:
            compiled = self.compiled[slot]
            if id(compiled) in taken:
                continue
            if self._touched_if_enough(slot, key_set, stated, numbered, grouped) is None:
                continue
            missing = tuple(
                g for g, group in enumerate(compiled.groups) if group.isdisjoint(features)
            )
            if not missing:
                continue  # every anchor touched: the full path above decided
            if _about_enough(compiled, len(compiled.groups) - len(missing), facts, self._common):
                survivors.append((compiled, (), missing))
                found += 1
                if found == _MAX_RELAXED:
                    break
        reported = reported_speech(facts) if self._quotes and not facts.quotes else ""
        if (facts.quotes or reported) and self._quotes:
            # why: a misquote or a misattributed quote may share few anchor words
            # with the claim ("a long-term human rights issue"); quotes retrieve
            # their claims by their own wording, and so does reported speech
            # ("Kishida told Soga the abductions were a human rights issue that
            # cannot be neglected").
            at = {id(c): k for k, (c, _, _) in enumerate(survivors)}
            for quote in facts.quotes or [reported]:
                for slot in self._quotes_like(fold(quote).lower()):
                    compiled = self.compiled[self._quote_slots[slot]]
                    k = at.get(id(compiled))
                    if k is None:
                        at[id(compiled)] = len(survivors)
                        survivors.append((compiled, (), ()))
                    elif survivors[k][2]:
                        # found without some anchors, but its quote's words are there
                        survivors[k] = (compiled, (), ())
        if not survivors:
            return []
        choices = [c.masked for c, _, _ in survivors]
        scored = process.extract(facts.masked, choices, scorer=fuzz.token_set_ratio, limit=limit)
        return [
            Candidate(survivors[i][0], float(score), survivors[i][1], survivors[i][2])
            for _, score, i in scored
        ]


ORDINALS = frozenset("first second third fourth fifth sixth seventh eighth ninth tenth".split())


def ranked_features(facts: SentenceFacts) -> frozenset[str]:
    """What the text ranks: "first:apology" for "its first official apology",
    from the three words after each ordinal ("for the first time" ranks no thing)."""
    words = facts.tokens_lower
    out: set[str] = set()
    for i, word in enumerate(words):
        if word in ORDINALS and words[max(0, i - 2) : i] != ["for", "the"]:
            for j in range(i + 1, min(i + 4, len(words))):
                out.update(f"{word}:{f}" for f in facts.token_features[j])
    return frozenset(out)


def _dated_act(facts: SentenceFacts, anchors: frozenset[str]) -> frozenset[str]:
    """The anchor features of the word the claim's first date or decade dates:
    the nearest content word before it, past a passive's agent."""
    points = [d.index for d in facts.dates] + [dm.index for dm in facts.decades]
    if not points:
        return frozenset()
    index = min(points)
    before = [i for i in facts.content_at if i < index]
    while len(before) > 1 and "by" in facts.tokens_lower[before[-2] + 1 : before[-1]]:
        before.pop()
    return facts.token_features[before[-1]] & anchors if before else frozenset()


def _share_of_sentences(
    base: ClaimsBase, extractor: FactExtractor, features_of_word: Callable[[str], frozenset[str]]
) -> dict[str, float]:
    """For each feature, the share of the sources' sentences that may give it:
    what extraction reads from the sentence, and what the words-only pre-check
    reads from each of its words (to which any number may be an age)."""
    from abduction_facts.segment import split_text

    counts: dict[str, int] = {}
    total = 0
    for source in base.sources:
        for sentence in split_text(source.text.splitlines(keepends=True)):
            total += 1
            given = set(extractor.extract(sentence.text).features)
            for found in _WORD.findall(fold(sentence.text).lower()):
                for form in (found, *_variants(found)):
                    given |= features_of_word(form)
            for feature in given:
                counts[feature] = counts.get(feature, 0) + 1
    return {f: n / total for f, n in counts.items()}


def _value_postings(
    compiled: Sequence[CompiledClaim],
    common: frozenset[str],
    entities: Mapping[EntityId, Entity] | None = None,
) -> tuple[dict[str, frozenset[int]], frozenset[int]]:
    """Which claims each value names: an uncommon party, "year:2002", "decade:1970",
    the group of a person it names ("group:nk-leader": another leader fills that
    slot); and the claims that count something (any number may restate or change it)."""
    postings: dict[str, set[int]] = {}
    numbers: set[int] = set()
    for slot, c in enumerate(compiled):
        for fact in c.claim.facts:
            keys: list[str] = []
            if fact.type is FactType.NUMBER:
                numbers.add(slot)
                value = float(fact.value)
                keys.append(f"num={int(value) if value.is_integer() else value}")
                keys.extend(f"num={w}" for w in NUMBER_WORDS if parse_number_words([w]) == value)
            elif fact.type is FactType.DATE:
                year = int(fact.value[:4])
                if fact.value.endswith("0s"):
                    keys += [f"year:{y}" for y in range(year, year + 10)]
                    keys.append(f"decade:{year}")
                else:
                    keys += [f"year:{year}", f"decade:{year // 10 * 10}"]
                    if len(fact.value) == 10:
                        # why: "on May 27", the year left to the reader
                        keys.append(f"day:{int(fact.value[8:])}")
            elif fact.type in _ENTITY_FACTS:
                if fact.value not in common:
                    keys.append(fact.value)
                entity = (entities or {}).get(EntityId(fact.value))
                if (
                    entity is not None
                    and fact.type in _SLOT_FACTS
                    and entity.group
                    and fact.value not in common
                ):
                    keys.append(f"group:{entity.group}")
            for key in keys:
                postings.setdefault(key, set()).add(slot)
        if c.agent_kind == EntityKind.PERSON.value:
            postings.setdefault(AGENT_SLOT, set()).add(slot)
    return {k: frozenset(v) for k, v in postings.items()}, frozenset(numbers)


# why: "Matsuno said on May 27 he would hold high-level talks": a person acting
# as the sentence's subject fills the slot of a claim whose agent is a person,
# as another leader fills a leader's ("group:" keys count alike)
AGENT_SLOT = "group:*agent"


def _other_agent(compiled: CompiledClaim, facts: SentenceFacts) -> bool:
    """The sentence's subject is a person other than the claim's agent, a person."""
    if compiled.agent_kind != EntityKind.PERSON.value:
        return False
    subject = [facts.entities[i] for i in subject_of(facts)]
    return bool(subject) and all(
        m.kind is EntityKind.PERSON
        and not m.ambiguous
        and not m.generic
        and not m.ids & compiled.entity_ids  # "Kim Jong Il met Koizumi": named in another role
        for m in subject
    )


def reported_speech(facts: SentenceFacts) -> str:
    """What the sentence reports someone said, without quotation marks: the words
    after its first speech verb ("told Soga [that] ..."), or ""."""
    for i, word in enumerate(facts.tokens_lower):
        if word in SPEECH_VERBS and i + 2 < len(facts.tokens_lower):
            return facts.text[facts.token_starts[i + 1] :].lower()
    return ""


def _named_for_sure(facts: SentenceFacts) -> frozenset[str]:
    """The parties the sentence names unambiguously ("Kim" alone names no one)."""
    key = ("named", 0)
    found: frozenset[str] | None = facts.memo.get(key)
    if found is None:
        found = facts.memo[key] = frozenset(
            i for m in facts.entities if not m.ambiguous for i in m.ids
        )
    return found


def _values_stated(
    compiled: CompiledClaim, facts: SentenceFacts, common: frozenset[str] = frozenset()
) -> tuple[int, int]:
    """How many of the claim's typed values the sentence states (the same number,
    year or uncommon party), and how many of its counts it restates with another
    number of the same thing ("71 Japanese citizens" for "17 of its citizens")."""
    same = filled = 0
    subject = set().union(*compiled.groups)
    for fact in compiled.claim.facts:
        if fact.type is FactType.NUMBER:
            if any(n.value == float(fact.value) for n in facts.numbers):
                same += 1
                continue
            slot = {fact.role, *subject} if fact.role else set()
            filled += any(
                n.role == fact.role == "" or not n.counted.isdisjoint(slot) for n in facts.numbers
            )
        elif fact.type is FactType.DATE:
            year = int(fact.value[:4])
            if fact.value.endswith("0s"):
                same += any(d.decade == year for d in facts.decades) or any(
                    d.year is not None and d.year // 10 * 10 == year for d in facts.dates
                )
            else:
                same += any(d.year == year for d in facts.dates) or (
                    len(fact.value) == 10
                    and any(
                        d.year is None
                        and d.month == int(fact.value[5:7])
                        and d.day == int(fact.value[8:])
                        for d in facts.dates
                    )
                )
        elif fact.type in _ENTITY_FACTS:
            if fact.value in _named_for_sure(facts):
                same += fact.value not in common
            elif fact.type in _SLOT_FACTS and fact.value not in common:
                # why: "a summit with Kim Jong Il" where the claim has Kim Jong Un,
                # "talks in Beijing" where it has Pyongyang: another person or
                # place of the same group fills the claim's slot
                group = _slot_group(compiled, fact.value)
                place = fact.type is FactType.PLACE
                if place and compiled.role_of(fact.value) != "location":
                    continue  # why: only where an event took place ("the Stockholm Agreement")
                filled += any(
                    m.kind in _SLOT_KINDS
                    and m.group == group
                    and fact.value not in m.ids
                    and not m.ambiguous
                    and not m.generic
                    and (not place or mention_role(facts, m) == "location")
                    for m in facts.entities
                )
    return same, filled


def _slot_group(compiled: CompiledClaim, value: str) -> str:
    """The entity group of a person or place the claim names as a fact."""
    return dict(compiled.slot_groups).get(value, "")


def _about_enough(
    compiled: CompiledClaim, touched: int, facts: SentenceFacts, common: frozenset[str]
) -> bool:
    """The sentence touches enough of what the claim is about, without all its anchors.

    why: a claim's anchors are the source's words; "Japan believes 17 of its
    nationals were abducted" touches Japan and abduction and states the 17,
    though not "identified".  Who, what, when and how many together decide;
    the typed comparison then checks each value.  A count restated with
    another number needs two anchors besides.
    """
    if touched == 0:
        return False
    same, filled = _values_stated(compiled, facts, common)
    filled += _other_agent(compiled, facts)
    if not same and (not filled or touched < 2):
        return False
    total = len(compiled.groups) + sum(
        1 for f in compiled.claim.facts if f.type not in (FactType.POLARITY, FactType.QUOTE)
    )
    hits = touched + same + filled
    return hits >= 2 and hits >= 0.6 * total


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
