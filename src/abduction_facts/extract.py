"""Typed facts from one sentence: entities, numbers, dates, decades, polarity, quotes."""

from __future__ import annotations

import dataclasses
import datetime
import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, NamedTuple

from abduction_facts.models import Entity, EntityId, EntityKind
from abduction_facts.text import (
    ANTONYMS,
    CONCEPTS,
    DECADE_WORDS,
    IRREALIS_WORDS,
    NEGATION_WORDS,
    OTHER_OCCASION_WORDS,
    SPEECH_VERBS,
    STOPWORDS,
    Token,
    antonym_index,
    concept_index,
    fold,
    is_real_date,
    is_year,
    month_of,
    number_phrase,
    parse_number_words,
    parse_numeral,
    stem,
    tokenize,
)


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A name in the sentence and every entity it may stand for."""

    ids: frozenset[EntityId]
    kind: EntityKind
    group: str
    surface: str
    start: int
    end: int
    ambiguous: bool = False
    primary: EntityId | None = None
    lead: int | None = None  # where a title before the name starts
    generic: bool = False  # "her father": a relation, not a known individual


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A count or an age, with the words that say what it counts."""

    value: float
    surface: str
    role: str
    counted: frozenset[str]
    start: int
    index: int = 0
    owner: frozenset[EntityId] = frozenset()


@dataclass(frozen=True, slots=True)
class DateMention:
    """A full or partial date ("May 27", "September 2002", "2014")."""

    year: int | None
    month: int | None
    day: int | None
    surface: str
    start: int
    index: int = 0
    weekday: int | None = None


@dataclass(frozen=True, slots=True)
class DecadeMention:
    """A decade ("the 1970s", "'80s", "the eighties")."""

    decade: int
    surface: str
    index: int = 0


@dataclass(slots=True)
class SentenceFacts:
    """Everything the verdict engine compares, read from one sentence."""

    text: str
    features: frozenset[str]
    entities: list[EntityMention] = field(default_factory=list)
    numbers: list[NumberMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    decades: list[DecadeMention] = field(default_factory=list)
    negations: list[str] = field(default_factory=list)
    negation_at: list[int] = field(default_factory=list)
    irrealis_at: list[int] = field(default_factory=list)
    occasion_at: list[int] = field(default_factory=list)
    quoted_negation_at: list[int] = field(default_factory=list)
    quote_spans: list[tuple[int, int]] = field(default_factory=list)
    following_month: bool = False
    # token indexes of dates counted from another ("two days after May 27")
    shifted_at: list[int] = field(default_factory=list)
    token_starts: list[int] = field(default_factory=list)
    token_ends: list[int] = field(default_factory=list)
    value_tokens: frozenset[int] = frozenset()
    content_at: list[int] = field(default_factory=list)
    tokens_lower: list[str] = field(default_factory=list)
    unknown_names: list[str] = field(default_factory=list)
    unknown_words: list[str] = field(default_factory=list)  # single-word names
    # (mention index, name) for a relative named by a name after it ("her mother Yaeko")
    named_relatives: list[tuple[int, str]] = field(default_factory=list)
    token_features: list[frozenset[str]] = field(default_factory=list)
    clause_of: list[int] = field(default_factory=list)
    sentence_part_of: list[int] = field(default_factory=list)
    antonyms: dict[str, str] = field(default_factory=dict)
    quotes: list[str] = field(default_factory=list)
    masked: str = ""
    stem_at: dict[int, str] = field(default_factory=dict)  # token -> stem of a content word
    # why: the verdict engine asks the same questions of one sentence and one
    # claim several times (which clauses are about it, where its anchors are)
    memo: dict[tuple[str, int], Any] = field(default_factory=dict, repr=False, compare=False)

    def token_at(self, offset: int) -> int:
        """Index of the token that starts at or covers character `offset`."""
        return max(bisect_right(self.token_starts, offset) - 1, 0)

    def entity_ids(self) -> set[EntityId]:
        """Every entity the sentence may name."""
        out: set[EntityId] = set()
        for m in self.entities:
            out |= m.ids
        return out


# --- entity matching ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Alias:
    parts: tuple[str, ...]
    primary: EntityId | None
    ids: frozenset[EntityId]
    kind: EntityKind
    group: str
    ambiguous: bool
    generic: bool = False


def _parts(text: str, tokens: Sequence[Token] | None = None) -> list[tuple[str, int, int]]:
    """Lower-case word parts (hyphenated words split) with character offsets."""
    out: list[tuple[str, int, int]] = []
    for tok in tokenize(text) if tokens is None else tokens:
        if "-" in tok.lower and tok.lower[0].isalpha():
            pos = tok.start
            for piece in tok.text.split("-"):
                if piece:
                    out.append((piece.lower(), pos, pos + len(piece)))
                pos += len(piece) + 1
        else:
            out.append((tok.lower, tok.start, tok.end))
    return out


class EntityMatcher:
    """Finds entity names in text, longest alias first."""

    def __init__(
        self,
        entities: Iterable[Entity],
        ambiguous: Iterable[tuple[str, tuple[EntityId, ...]]] = (),
        titles: Iterable[tuple[str, str]] = (),
    ) -> None:
        by_id = {e.id: e for e in entities}
        # why: the claims file's titles ("Foreign Minister" -> its group), longest
        # first, so that "chief cabinet secretary" wins over a shorter title in it
        keyed = ((self._key(title), group) for title, group in titles)
        self._titles = tuple(sorted(((k, g) for k, g in keyed if k), key=lambda t: -len(t[0])))
        self._title_first = frozenset(title[0] for title, _ in self._titles)
        self._index: dict[str, list[_Alias]] = {}
        for e in by_id.values():
            ids = frozenset((e.id, *e.implies))
            for alias in (e.name, *e.aliases):
                self._add(_Alias(self._key(alias), e.id, ids, e.kind, e.group, False, e.generic))
        for alias, targets in ambiguous:
            known = [by_id[t] for t in targets if t in by_id]
            if known:
                ids = frozenset(i for e in known for i in (e.id, *e.implies))
                self._add(_Alias(self._key(alias), None, ids, known[0].kind, known[0].group, True))
        for bucket in self._index.values():
            bucket.sort(key=lambda a: -len(a.parts))
        # an organisation of a group, by the country it belongs to ("ministry",
        # north-korea) -> the North Korean Foreign Ministry
        self._of_country: dict[tuple[str, EntityId], Entity] = {}
        self._countries = frozenset(
            e.id for e in by_id.values() if e.kind is EntityKind.PLACE and e.group == "country"
        )
        for e in by_id.values():
            if e.kind is EntityKind.ORGANISATION:
                for country in e.implies:
                    self._of_country.setdefault((e.group, country), e)

    def qualified(self, text: str, mentions: list[EntityMention]) -> list[EntityMention]:
        """An organisation named right after a country is that country's ("the
        North Korean Ministry of Foreign Affairs"), not the one its name alone
        stands for (Japan's); when the base knows no such body, the name is
        left ambiguous."""
        out = list(mentions)
        for k in range(1, len(out)):
            before, m = out[k - 1], out[k]
            if (
                m.kind is EntityKind.PERSON
                and before.kind is EntityKind.PLACE
                and before.group == "country"
                and before.primary is not None
                and before.primary not in m.ids
                and m.ids & self._countries
                and text[before.end : m.start].strip() in ("", "'s", "\u2019s")
            ):
                # why: "a South Korean vice foreign minister" is not the North
                # Korean one the title alone names: someone the base does not know
                out[k] = replace(m, ids=frozenset(), primary=None, ambiguous=True)
                continue
            if (
                m.kind is not EntityKind.ORGANISATION
                or before.kind is not EntityKind.PLACE
                or before.group != "country"
                or before.primary is None
                or before.primary in m.ids
                or text[before.end : m.start].strip() not in ("", "'s", "\u2019s")
            ):
                continue
            owner = self._of_country.get((m.group, before.primary))
            if owner is None:
                out[k] = replace(m, ambiguous=True)
            else:
                ids = frozenset((owner.id, *owner.implies))
                out[k] = replace(m, ids=ids, primary=owner.id)
        return out

    @staticmethod
    def _key(alias: str) -> tuple[str, ...]:
        return tuple(p for p, _, _ in _parts(fold(alias)))

    def _add(self, alias: _Alias) -> None:
        if alias.parts:
            self._index.setdefault(alias.parts[0], []).append(alias)

    def alias_words(self) -> dict[str, list[tuple[frozenset[str], frozenset[str]]]]:
        """For a cheap pre-check: each alias as (its words, the features it gives),
        keyed by its longest word ("the North" under "north", not "the")."""
        out: dict[str, list[tuple[frozenset[str], frozenset[str]]]] = {}
        for bucket in self._index.values():
            for alias in bucket:
                key = max(reversed(alias.parts), key=len)
                features = frozenset({*alias.ids, "group:" + alias.group})
                out.setdefault(key, []).append((frozenset(alias.parts), features))
        for title, group in self._titles:
            out.setdefault(max(reversed(title), key=len), []).append(
                (frozenset(title), frozenset({"group:" + group}))
            )
        return out

    def ambiguous_names(self) -> frozenset[frozenset[str]]:
        """The words of each alias that may stand for several entities ("Kim")."""
        return frozenset(
            frozenset(alias.parts)
            for bucket in self._index.values()
            for alias in bucket
            if alias.ambiguous
        )

    def find(self, text: str, tokens: Sequence[Token] | None = None) -> list[EntityMention]:
        """Entity mentions in folded text, left to right, not overlapping."""
        parts = _parts(text, tokens)
        words = [p for p, _, _ in parts]
        mentions: list[EntityMention] = []
        i = 0
        while i < len(parts):
            hit = None
            for alias in self._index.get(words[i], ()):
                n = len(alias.parts)
                if tuple(words[i : i + n]) == alias.parts:
                    hit = alias
                    break
            if (
                hit is not None
                and len(hit.parts) > 1
                and self._longer_from(words, i + len(hit.parts) - 1)
            ):
                # why: "the North Korean capital": "North Korean" is the longer name
                hit = None
                i += 1
                continue
            if hit is not None:
                n = len(hit.parts)
                start, end = parts[i][1], parts[i + n - 1][2]
                # why: "Chief Cabinet Secretary Yoshihide Suga": a title says which
                # slot a person fills in this sentence, whatever the usual group.
                title = self._title_before(words, i) if hit.kind is EntityKind.PERSON else None
                group = title[0] if title else None
                lead = parts[i - title[1]][1] if title else start
                mentions.append(
                    EntityMention(
                        hit.ids,
                        hit.kind,
                        group or hit.group,
                        text[start:end],
                        start,
                        end,
                        hit.ambiguous,
                        hit.primary,
                        lead,
                        hit.generic,
                    )
                )
                i += n
                continue
            titled = (
                self._titled_person(text, parts, words, i)
                if words[i] in self._title_first
                else None
            )
            if titled is not None:
                mentions.append(titled[0])
                i = titled[1]
                continue
            i += 1
        # why: "North Korean leader Kim Jong Un": the title names the same person
        merged: list[EntityMention] = []
        for m in mentions:
            before = merged[-1] if merged else None
            if (
                before is not None
                and before.ambiguous
                and not m.ambiguous
                and m.ids <= before.ids
                and not text[before.end : m.start].strip()
            ):
                merged[-1] = dataclasses.replace(m, lead=before.start)
                continue
            merged.append(m)
        return merged

    def _title_before(self, words: Sequence[str], i: int) -> tuple[str, int] | None:
        """(slot group, length) of a title ending just before word i ("then-prime minister")."""
        for title, group in self._titles:
            n = len(title)
            if i >= n and tuple(words[i - n : i]) == title:
                return group, n
        return None

    def _longer_from(self, words: list[str], j: int) -> bool:
        """Some alias starting at word j runs past it."""
        for alias in self._index.get(words[j], ()):
            n = len(alias.parts)
            if n > 1 and tuple(words[j : j + n]) == alias.parts:
                return True
        return False

    def _titled_person(
        self, text: str, parts: list[tuple[str, int, int]], words: list[str], i: int
    ) -> tuple[EntityMention, int] | None:
        """ "Foreign Minister Taro Kono": an unknown name after a title."""
        for title, group in self._titles:
            n = len(title)
            if tuple(words[i : i + n]) != title:
                continue
            j = i + n
            names: list[tuple[str, int, int]] = []
            while j < len(parts) and len(names) < 4:  # "Andrés Manuel López Obrador"
                word, s, _ = parts[j]
                if (
                    not text[s].isupper()
                    or word in self._index
                    or word in STOPWORDS
                    or word in _NAME_STOP  # a weekday or month ends the name
                ):
                    break
                names.append(parts[j])
                j += 1
            if not names:
                return None
            start, end = names[0][1], names[-1][2]
            surface = text[start:end]
            ident = EntityId("name:" + "-".join(p for p, _, _ in names))
            return EntityMention(
                frozenset({ident}),
                EntityKind.PERSON,
                group,
                surface,
                start,
                end,
                False,
                ident,
                parts[i][1],
            ), j
        return None


# --- the extractor --------------------------------------------------------------

# why: a negation only reaches the words of its own clause ("a time-critical
# issue that cannot be neglected" does not deny the issue is time-critical).
_CLAUSE_BREAKS = frozenset(
    ", ; : but although though while whereas because which who whom that".split()
)
# why: the coordinated parts of a sentence ("..., but Pyongyang did not
# participate"); commas and relative clauses stay with the part they modify.
_PART_BREAKS = frozenset("; but although though whereas while because".split())
_QUOTE = re.compile(r'"([^"]{3,})"')
_FOLLOWING_MONTH = re.compile(r"\b(?:the following|the next|a) month\b|\bmonth (?:after|later)\b")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
# why: "the 1970's and '80's" is how many writers spell the decades
_DECADE = re.compile(r"^(?:(1[89]|20)(\d)0'?s|'(\d)0'?s)$")
_AGE_BEFORE = frozenset({"aged", "age", "turning", "turn", "turns", "turned"})
_DAY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$")


def _day_of(word: str) -> int | None:
    """Day of the month written as "27" or "27th"; None otherwise."""
    m = _DAY.match(word)
    if m is None:
        return None
    day = int(m[1])
    return day if 1 <= day <= 31 else None


def _number_runs(tokens: Sequence[Token]) -> list[tuple[int, int, float]]:
    """(first token, end token, value) of every numeral or run of number words."""
    runs: list[tuple[int, int, float]] = []
    words = [t.lower for t in tokens]
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.lower[0].isdigit():
            value = parse_numeral(tok.lower)
            if value is not None and not tok.lower.endswith("s") and not _in_name(tokens, i):
                runs.append((i, i + 1, value))
            i += 1
            continue
        phrase = number_phrase(words, i)
        if phrase is not None:
            runs.append((i, phrase[0], float(phrase[1])))
            i = phrase[0]
            continue
        i += 1
    return runs


def _in_name(tokens: Sequence[Token], i: int) -> bool:
    """Whether numeral i is glued to a word by a hyphen ("COVID-19", "F-35"): a name, no count."""
    if i < 2 or tokens[i - 1].lower != "-":
        return False
    word, dash = tokens[i - 2], tokens[i - 1]
    return word.end == dash.start and dash.end == tokens[i].start and word.lower[-1].isalpha()


def _decade_of(token: Token) -> int | None:
    m = _DECADE.match(token.lower)
    if m:
        if m.group(3):
            return 1900 + int(m.group(3)) * 10
        return int(m.group(1) + m.group(2) + "0")
    return DECADE_WORDS.get(token.lower)


class FactExtractor:
    """Reads SentenceFacts from text; build once per claims base."""

    def __init__(self, matcher: EntityMatcher) -> None:
        self.matcher = matcher

    def extract(self, sentence: str) -> SentenceFacts:
        """All typed facts of one sentence."""
        text = fold(sentence)
        tokens = tokenize(text)
        entities = self.matcher.qualified(text, self.matcher.find(text, tokens))
        mention_of = _covered(tokens, entities)
        in_entity = set(mention_of)
        facts = SentenceFacts(text=text, features=frozenset())
        facts.entities = entities
        facts.quotes = [q.strip(" ,.") for q in _QUOTE.findall(text)]
        quote_spans = [m.span() for m in _QUOTE.finditer(text)]
        facts.quote_spans = quote_spans
        facts.following_month = bool(_FOLLOWING_MONTH.search(text.lower()))

        used: set[int] = set(in_entity)
        self._dates(tokens, facts, used)
        _shifted_dates(tokens, facts, used)
        self._numbers(tokens, facts, used)
        facts.value_tokens = frozenset(used - in_entity)

        features: set[str] = set()
        stems: list[str] = []
        clause = 0
        part = 0
        facts.tokens_lower = [t.lower for t in tokens]
        facts.token_starts = [t.start for t in tokens]
        facts.token_ends = [t.end for t in tokens]
        tails: set[int] = set()  # the second words of phrases ("home" of "returned home")
        aside = 0  # how deep in parentheses: "(see Individual Cases for more details)"
        for i, tok in enumerate(tokens):
            lower = tok.lower
            aside = max(0, aside + {"(": 1, ")": -1}.get(lower, 0))
            if lower in _CLAUSE_BREAKS and i not in used:  # not the comma of "Sept. 17, 2002"
                clause += 1
            if lower in _PART_BREAKS:
                part += 1
            facts.clause_of.append(clause)
            facts.sentence_part_of.append(part)
            info = _word_info(lower)
            mention = mention_of.get(i)
            facts.token_features.append(info.own if mention is None else info.own | mention.ids)
            if not info.alpha:
                continue
            phrase = PHRASES.get((lower, tokens[i + 1].lower)) if i + 1 < len(tokens) else None
            if phrase is not None:
                tails.add(i + 1)
            else:
                phrase = _separated_phrase(tokens, i, tails)
            own = info.features
            if phrase is not None:
                # why: a phrasal verb means what the phrase means, not what its
                # first word means alone ("deal with" is no deal, "open to" talks
                # is not the opening of a border)
                own = (own - CONCEPTS.keys()) | phrase[0]
                features |= phrase[0]
                facts.token_features[i] = (facts.token_features[i] - CONCEPTS.keys()) | phrase[0]
            negated = lower in NEGATION_WORDS or (phrase is not None and phrase[1])
            in_quote = bool(quote_spans) and _inside(tok.start, quote_spans)
            if negated and in_quote:
                facts.quoted_negation_at.append(i)
            if (info.flags or negated) and not in_quote:
                if negated and not (
                    lower == "nor" and "neither" in (w.lower() for w in facts.negations)
                ):
                    facts.negations.append(
                        tok.text
                        if phrase is None or not phrase[1]
                        else text[tok.start : tokens[i + 1].end]
                    )
                    facts.negation_at.append(i)
                if lower in IRREALIS_WORDS:
                    facts.irrealis_at.append(i)
            # why: "two years later" is a date of its own (see _shifted_dates)
            if lower in OTHER_OCCASION_WORDS and not in_quote and i not in used:
                facts.occasion_at.append(i)
            if mention is not None:
                # why: "Stockholm Agreement" still says "agreement".
                features |= info.concepts
                continue
            features |= own
            for concept in info.antonyms if phrase is None else ():
                facts.antonyms.setdefault(concept, tok.text)
            if info.content:
                stems.append(info.stem)
                facts.stem_at[i] = info.stem
                if (
                    i not in used
                    and i not in tails  # why: "returned home": the phrase is one word of content
                    and not aside  # why: an aside in parentheses is not what is claimed
                    and lower not in _LIGHT_WORDS
                    and not (phrase is not None and phrase[0] & {"realize", "happen"})
                ):
                    facts.content_at.append(i)
        if any(n.role == "age" for n in facts.numbers):
            features.add("num:age")
        facts.unknown_names = _unknown_names(tokens, mention_of, used)
        facts.unknown_words = _unknown_words(text, tokens, mention_of, used)
        facts.named_relatives = _named_relatives(tokens, entities, mention_of, used)
        _assign_owners(facts)
        for m in entities:
            features |= m.ids
            features.add("group:" + m.group)
        facts.features = frozenset(features)
        facts.masked = " ".join([*stems, *sorted({i for m in entities for i in m.ids})])
        return facts

    def _dates(self, tokens: Sequence[Token], facts: SentenceFacts, used: set[int]) -> None:
        n = len(tokens)
        for i, tok in enumerate(tokens):
            if i in used:
                continue
            # why: most words are neither decades nor months; only those that
            # could be ("1970s", "'70s", "seventies", "Sept.") are looked up
            first = tok.lower[0]
            if first.isalpha():
                month = month_of(tok.lower)
                decade = DECADE_WORDS.get(tok.lower) if month is None else None
            else:
                month = None
                decade = _decade_of(tok) if first.isdigit() or first == "'" else None
            if decade is not None:
                facts.decades.append(DecadeMention(decade, tok.text, i))
                used.add(i)
                continue
            if month is None or (tok.lower == "may" and not tok.text[0].isupper()):
                continue
            if tok.lower in ("mar", "jan", "jun", "jul", "dec", "oct", "sep", "nov") and not (
                tok.text[0].isupper()
            ):
                continue
            year: int | None = None
            last = i
            j = i + 1
            day = _day_of(tokens[j].lower) if j < n else None
            if day is not None:
                last = j
                j += 1
            if j < n and tokens[j].lower == "," and j + 1 < n:
                j += 1
            if j < n and tokens[j].lower.isdigit() and is_year(float(tokens[j].lower)):
                year = int(tokens[j].lower)
                last = j
            day_before: int | None = None
            if day is None and i >= 1:
                k = i - 1
                if tokens[k].lower == "of" and k >= 1:
                    k -= 1
                if k not in used and _day_of(tokens[k].lower) is not None:
                    day = _day_of(tokens[k].lower)
                    day_before = k
            if day is not None and not is_real_date(year, month, day):
                # why: "February 31" is a slip, not a date; its day and year are
                # no count or year of their own (never a date conflict)
                used.update(range(i + 1, last + 1))
                if day_before is not None:
                    used.add(day_before)
                continue
            if day_before is not None:
                used.add(day_before)
            if day is None and year is None and tok.lower == "may" and i == 0:
                continue
            surface = facts.text[tok.start : tokens[last].end]
            facts.dates.append(DateMention(year, month, day, surface, tok.start, i))
            used.update(range(i, last + 1))
        for i, tok in enumerate(tokens):
            iso = _ISO_DATE.match(tok.lower)
            if (
                iso
                and i not in used
                and 1 <= int(iso[2]) <= 12
                and (not iso[3] or is_real_date(int(iso[1]), int(iso[2]), int(iso[3])))
            ):
                facts.dates.append(
                    DateMention(
                        int(iso[1]),
                        int(iso[2]),
                        int(iso[3]) if iso[3] else None,
                        tok.text,
                        tok.start,
                        i,
                    )
                )
                used.add(i)
                continue
            weekday = _WEEKDAYS.get(tok.lower)
            if weekday is not None and i not in used and tok.text[0].isupper():
                facts.dates.append(DateMention(None, None, None, tok.text, tok.start, i, weekday))
                used.add(i)
        for i, tok in enumerate(tokens):
            if i in used or not tok.lower.isdigit() or len(tok.lower) != 4:
                continue
            if is_year(float(tok.lower)):
                facts.dates.append(DateMention(int(tok.lower), None, None, tok.text, tok.start, i))
                used.add(i)
        facts.dates.sort(key=lambda d: d.start)

    def _numbers(self, tokens: Sequence[Token], facts: SentenceFacts, used: set[int]) -> None:
        for start, end, value in _number_runs(tokens):
            if any(k in used for k in range(start, end)):
                continue
            if end - start > 1 and is_year(value):
                facts.dates.append(
                    DateMention(
                        int(value),
                        None,
                        None,
                        _surface(facts.text, tokens, start, end),
                        tokens[start].start,
                        start,
                    )
                )
                used.update(range(start, end))
                continue
            surface = _surface(facts.text, tokens, start, end)
            role = ""
            before = tokens[start - 1].lower if start >= 1 else ""
            after = tokens[end].lower if end < len(tokens) else ""
            following = tokens[end + 1].lower if end + 1 < len(tokens) else ""
            years_old = (after == "years" and following == "old") or (
                # why: "a 91-year-old mother" is tokenized "91", "-", "year-old"
                after == "-" and following in ("year-old", "years-old")
            )
            if (
                before in _AGE_BEFORE
                or after in ("-year-old", "year-old", "years-old")
                or years_old
                or (before in (",", "is", "was") and after in (",", ".", "", "when", "at"))
            ):
                role = "age"
            counted = _counted(tokens, end)
            if after in ("other", "others") and before in ("with", "and") and role != "age":
                # why: "Soga returned with six other abductees": the group is the
                # one named and six more
                value += 1
                surface = _surface(facts.text, tokens, start, end + 1)
            if (
                end + 1 < len(tokens)
                and tokens[end].lower == "of"
                and tokens[end + 1].lower in ("the", "those", "these")
            ):
                role = role or "subset"  # "twelve of the abductees": part of a group
            facts.numbers.append(
                NumberMention(value, surface, role, frozenset(counted), tokens[start].start, start)
            )
            used.update(range(start, end))


def _shifted_dates(tokens: Sequence[Token], facts: SentenceFacts, used: set[int]) -> None:
    """A date counted from another ("two days after Kishida's May 27 remarks",
    "On May 27 ... ; two days later") is a date of its own: the count is its
    distance, no count of things.

    why: writers date a reply by the remark it answers; "two days after May
    27" says May 29, which a claim of May 29 confirms and one of June 5 denies.
    """
    words = [t.lower for t in tokens]
    for i in range(len(words) - 2):
        unit = words[i + 1].rstrip("s")
        if unit not in _SHIFT_UNITS or i in used:
            continue
        count = (
            1
            if words[i] in ("a", "an")
            else (parse_number_words([words[i]]) if not words[i].isdigit() else int(words[i]))
        )
        if count is None or not 0 < count <= 31:
            continue
        direction = words[i + 2]
        if direction in ("after", "later"):
            sign = 1
        elif direction in ("before", "earlier"):
            sign = -1
        else:
            continue
        if direction in ("after", "before"):
            # the date the distance is counted from follows within a few words
            anchor = next((d for d in facts.dates if i + 2 < d.index <= i + 7), None)
        else:
            anchor = next((d for d in reversed(facts.dates) if d.index < i), None)
        if anchor is None:
            continue
        shifted = _shift(anchor, sign * count, unit)
        if shifted is None:
            continue
        year, month, day = shifted
        surface = facts.text[tokens[i].start : tokens[i + 2].end]
        facts.dates.append(DateMention(year, month, day, surface, tokens[i].start, i))
        facts.shifted_at.append(i)
        used.update(range(i, i + 3))
    facts.dates.sort(key=lambda d: d.start)


# why: the units a date may be counted in ("two days after", "a month later")
_SHIFT_UNITS = frozenset({"day", "week", "month", "year"})


def _shift(
    d: DateMention, count: int, unit: str
) -> tuple[int | None, int | None, int | None] | None:
    """`d` moved by `count` units, at the precision the unit needs; None when
    `d` is too coarse for it (days from a month)."""
    if unit in ("day", "week"):
        if d.month is None or d.day is None:
            return None
        # why: a year the sentence leaves out is no leap year of its own
        base = datetime.date(d.year or 2001, d.month, d.day)
        moved = base + datetime.timedelta(days=count * (7 if unit == "week" else 1))
        return (moved.year if d.year is not None else None), moved.month, moved.day
    if unit == "month":
        if d.month is None or d.year is None:
            return None
        months = d.year * 12 + d.month - 1 + count
        return months // 12, months % 12 + 1, None
    if d.year is None:
        return None
    return d.year + count, None, None


def _separated_phrase(
    tokens: Sequence[Token], i: int, tails: set[int]
) -> tuple[frozenset[str], bool] | None:
    """A phrasal verb with its object between ("sent five victims home",
    "brought them back"): the verb at `i`, its particle at most three words on,
    with no punctuation between (added to `tails`)."""
    for j in range(i + 2, min(i + 5, len(tokens))):
        word = tokens[j].lower
        if not word[:1].isalnum():
            return None
        if word in _PARTICLES:
            phrase = PHRASES.get((tokens[i].lower, word))
            if phrase is not None:
                tails.add(j)
            return phrase
    return None


# why: the particles a phrasal verb may leave behind its object
_PARTICLES = frozenset("home back away".split())


# why: two-word expressions that mean one concept ("took part"), some of them
# negative ("stayed away" = did not participate).
PHRASES: dict[tuple[str, str], tuple[frozenset[str], bool]] = {
    ("take", "part"): (frozenset({"participate"}), False),
    ("took", "part"): (frozenset({"participate"}), False),
    ("taken", "part"): (frozenset({"participate"}), False),
    ("taking", "part"): (frozenset({"participate"}), False),
    ("takes", "part"): (frozenset({"participate"}), False),
    ("stayed", "away"): (frozenset({"participate"}), True),
    ("stay", "away"): (frozenset({"participate"}), True),
    ("stays", "away"): (frozenset({"participate"}), True),
    # phrasal verbs: what the two words mean together, not apart
    ("went", "to"): (frozenset({"visit"}), False),
    ("go", "to"): (frozenset({"visit"}), False),
    ("goes", "to"): (frozenset({"visit"}), False),
    ("travelled", "to"): (frozenset({"visit"}), False),
    ("traveled", "to"): (frozenset({"visit"}), False),
    ("taken", "to"): (frozenset({"abduct"}), False),
    ("taken", "away"): (frozenset({"abduct"}), False),
    ("call", "for"): (frozenset({"propose"}), False),
    ("calls", "for"): (frozenset({"propose"}), False),
    ("called", "for"): (frozenset({"propose"}), False),
    ("calling", "for"): (frozenset({"propose"}), False),
    ("open", "to"): (frozenset({"willing"}), False),
    ("rule", "out"): (frozenset({"willing", "suspect"}), True),
    ("rules", "out"): (frozenset({"willing", "suspect"}), True),
    ("ruled", "out"): (frozenset({"willing", "suspect"}), True),
    ("ruling", "out"): (frozenset({"willing", "suspect"}), True),
    ("sent", "home"): (frozenset({"repatriate"}), False),
    ("sent", "back"): (frozenset({"repatriate"}), False),
    ("brought", "home"): (frozenset({"repatriate"}), False),
    ("returned", "home"): (frozenset({"repatriate"}), False),
    ("coming", "home"): (frozenset({"repatriate"}), False),
    ("came", "back"): (frozenset({"repatriate"}), False),
    ("come", "back"): (frozenset({"repatriate"}), False),
    ("brought", "back"): (frozenset({"repatriate"}), False),
    ("came", "home"): (frozenset({"repatriate"}), False),
    ("allowed", "home"): (frozenset({"repatriate"}), False),
    ("allowed", "back"): (frozenset({"repatriate"}), False),
    ("went", "home"): (frozenset({"repatriate"}), False),
    ("go", "home"): (frozenset({"repatriate"}), False),
    ("come", "home"): (frozenset({"repatriate"}), False),
    ("put", "forward"): (frozenset({"propose"}), False),
    ("shut", "down"): (frozenset({"terminate"}), False),
    ("shuts", "down"): (frozenset({"terminate"}), False),
    ("shutting", "down"): (frozenset({"terminate"}), False),
    ("tore", "up"): (frozenset({"terminate"}), False),
    ("tear", "up"): (frozenset({"terminate"}), False),
    ("torn", "up"): (frozenset({"terminate"}), False),
    # why: the verb "deal with" is no deal (agreement)
    ("deal", "with"): (frozenset({"handle"}), False),
    ("dealing", "with"): (frozenset({"handle"}), False),
    ("deals", "with"): (frozenset({"handle"}), False),
    ("dealt", "with"): (frozenset({"handle"}), False),
    ("took", "place"): (frozenset({"realize", "happen"}), False),
    ("take", "place"): (frozenset({"realize", "happen"}), False),
    # why: "declined to comment", "refrained from commenting", "refused to
    # elaborate": the idiom for giving no details; "commented on" alone is not
    ("to", "comment"): (frozenset({"clarify"}), False),
    ("to", "elaborate"): (frozenset({"clarify"}), False),
    ("from", "commenting"): (frozenset({"clarify"}), False),
    ("from", "elaborating"): (frozenset({"clarify"}), False),
    ("press", "conference"): (frozenset({"pressconference"}), False),
    ("press", "conferences"): (frozenset({"pressconference"}), False),
    ("news", "conference"): (frozenset({"pressconference"}), False),
    ("news", "conferences"): (frozenset({"pressconference"}), False),
}
# why: words that carry no fact of their own ("took place", "said", "also"),
# left out when measuring how much of a sentence a claim covers.
_LIGHT_WORDS = frozenset(
    "take took taken takes place happen happened happens occur occurred occurs held hold "
    "holds make made makes pay paid pays paying former "
    "tell told according report reported reports reportedly still "
    "now recently already just even however meanwhile there here then once later "
    "ago yet well several many much some again also along island prefecture province city "
    "out up off back down over "
    "county region district".split()
)
_NAME_STOP = frozenset(
    "the a an in on at of for and but as it its this that these those he she they we i "
    "his her their our mr ms mrs dr prime minister foreign chief cabinet secretary president "
    "leader vice premier monday tuesday wednesday thursday friday saturday sunday "
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


def _named_relatives(
    tokens: Sequence[Token],
    entities: Sequence[EntityMention],
    mention_of: Mapping[int, EntityMention],
    used: set[int],
) -> list[tuple[int, str]]:
    """A person named by kinship ("her mother") and a name right after it
    that no entity covers ("her mother Yaeko"): (mention index, the name)."""
    out: list[tuple[int, str]] = []
    for k, m in enumerate(entities):
        if m.kind is not EntityKind.PERSON or m.surface[:1].isupper():
            continue
        nxt = next((i for i, t in enumerate(tokens) if t.start >= m.end), None)
        if (
            nxt is not None
            and tokens[nxt].text == ","
            and nxt + 2 < len(tokens)
            and tokens[nxt + 2].text == ","
        ):
            nxt += 1  # why: "her mother, Sakie, were ...": a name set off by commas
        if nxt is None or nxt in mention_of or nxt in used:
            continue
        word = tokens[nxt]
        if not (word.text[:1].isupper() and word.text[1:].islower()) or word.lower in _NAME_STOP:
            continue
        after = tokens[nxt + 1].text if nxt + 1 < len(tokens) else ""
        if not after[:1].isupper():
            out.append((k, word.text))
    return out


_TITLE_WORDS = frozenset(
    "minister secretary president leader premier chairman chairwoman chair director "
    "ambassador envoy governor spokesman spokeswoman spokesperson commissioner".split()
)


# why: capitalised only because they open the sentence ("Then Koizumi visited")
_OPENERS = frozenset(
    "then now today yesterday later meanwhile former late when after before while since "
    "also still even only both during under following despite amid among against without "
    "within through across toward towards unlike like with from by to into about upon "
    "once if although though because unless until whether".split()
)
_ORG_WORDS = frozenset(
    "ministry agreement declaration committee commission conference island prefecture party "
    "association agency office council nations university bank times news post service "
    "government diet parliament assembly court police force forces army navy command "
    "summit forum group union institute center centre foundation company corporation "
    "station airport port sea strait peninsula river mountain day week shimbun kyodo nhk "
    "reuters press agency broadcasting".split()
)


def _unknown_names(
    tokens: Sequence[Token], mention_of: Mapping[int, EntityMention], used: set[int]
) -> list[str]:
    """Capitalised two- or three-word names no entity covers ("Yaeko Taguchi").

    why: a sentence about someone the claims base does not know is not
    supported by a general claim ("Yaeko Taguchi, abducted in 1978").
    """
    out: list[str] = []
    run: list[Token] = []
    aside = 0  # why: "(see Individual Cases for details)": a parenthesis names no one
    for i, tok in enumerate([*tokens, Token("", "", 0, 0)]):
        aside += {"(": 1, ")": -1}.get(tok.text, 0)
        if (
            i < len(tokens)
            and not aside
            and i not in mention_of
            and i not in used
            and tok.text[:1].isupper()
            and tok.text[1:].islower()
            and tok.lower.rstrip(".") not in _NAME_STOP
            and not (i == 0 and tok.lower in _OPENERS)
        ):
            run.append(tok)
            continue
        # why: "Abductions Issue Minister": words before a title name the office
        titled = i < len(tokens) and tok.lower.rstrip(".") in _TITLE_WORDS
        if 2 <= len(run) <= 3 and not titled and not any(t.lower in _ORG_WORDS for t in run):
            out.append(" ".join(t.text for t in run))
        elif len(run) == 1 and run[0].lower not in _ORG_WORDS:
            # why: "Kim Dae-jung": an ambiguous alias ("Kim") with a given name
            # no entity has is another person of that name
            extends = mention_of.get(i - 2)  # the word before the run's one word
            if extends is not None and extends.ambiguous:
                out.append(f"{extends.surface} {run[0].text}")
            # why: "Shinjiro Koizumi": a given name no entity has before a
            # surname the base knows is another person of that surname
            named = mention_of.get(i)
            if (
                named is not None
                and named.kind is EntityKind.PERSON
                and " " not in named.surface
                and run[0].text.isalpha()  # not "Mr." or "Ms."
                # why: "Meeting Soga, Kishida ...": a participle opening the
                # sentence is no given name
                and (i > 1 or (run[0].lower not in _OPENERS and not run[0].lower.endswith("ing")))
            ):
                out.append(f"{run[0].text} {named.surface}")
        run = []
    return out


def _unknown_words(
    text: str, tokens: Sequence[Token], mention_of: Mapping[int, EntityMention], used: set[int]
) -> list[str]:
    """Single capitalised words no entity covers that read as a name: inside
    the sentence ("after Mori's visit"), or first and acting ("Mori held
    talks", "Mori's first trip")."""
    out: list[str] = []
    for i, tok in enumerate(tokens):
        if (
            i in mention_of
            or i in used
            or not tok.text[:1].isupper()
            or not tok.text[1:].islower()
            or tok.lower in _NAME_STOP
            or tok.lower in STOPWORDS
        ):
            continue
        before = tokens[i - 1].text if i else ""
        after = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if before[:1].isupper() or after[:1].isupper():
            continue  # part of a longer name (see _unknown_names) or a title
        if i == 0 or before in _SENTENCE_OPENERS:
            possessive = text[tok.end : tok.end + 2] in ("'s", "\u2019s")
            verb = after.lower()
            if verb in ("has", "had", "was", "is") and i + 2 < len(tokens):
                verb = tokens[i + 2].lower  # "Aso has described ..."
            acting = verb.endswith("ed") or verb in SPEECH_VERBS or verb in IRREGULAR_PAST
            # why: "Officials sent ...", "Reporters met ...": a plural opening
            # the sentence is a common noun, not a name
            plural = tok.lower.endswith("s") and not tok.lower.endswith(("ss", "us"))
            if not (possessive or (acting and not plural)):
                continue
        out.append(tok.text)
    return out


# why: the common English verbs whose past tense does not end in "-ed"
# ("Mori went to Pyongyang", "Aso met Kim"): a capitalised word before one acts
IRREGULAR_PAST = frozenset(
    "went met made took held gave came left flew sent led won got put saw spoke wrote became "
    "began brought bought kept found thought struck sought drove ran rose fell stood sat paid "
    "lost chose broke hid knew felt meant read set cut let hit".split()
)

# why: after these a capitalised word may just open the sentence
_SENTENCE_OPENERS = frozenset({'"', "\u201c", "(", "-", "\u2014"})


def _assign_owners(facts: SentenceFacts) -> None:
    """An age belongs to the nearest person named before it (else after it)."""
    people = [m for m in facts.entities if m.kind is EntityKind.PERSON]
    if not people:
        return
    for k, n in enumerate(facts.numbers):
        if n.role != "age":
            continue
        before = [m for m in people if m.end <= n.start]
        after = [m for m in people if m.start >= n.start]
        owner = before[-1] if before else after[0]
        if after and facts.tokens_lower[n.index + 1 : n.index + 3] in (
            ["-", "year-old"],
            ["year-old"],
        ):
            # why: "her mother, 81-year-old Sakie Yokota": the age of the name after it
            gap = facts.text[n.start : after[0].start]
            if len(gap.split()) <= 2:
                owner = after[0]
        # why: "Kaoru Hasuike, 45, ... and Hitomi Soga, 43": an age right
        # after a name no entity knows is that person's, not a known one's
        stranger = _name_just_before(facts, n.index)
        ids = _STRANGER if stranger > (owner.end if owner in before else -1) else owner.ids
        facts.numbers[k] = NumberMention(
            n.value, n.surface, n.role, n.counted, n.start, n.index, ids
        )


# why: the owner of an age given to a person no entity covers
_STRANGER = frozenset({EntityId("?stranger")})


def _name_just_before(facts: SentenceFacts, index: int) -> int:
    """Character end of a capitalised word no entity covers just before token
    `index` ("Hasuike, 45"), or -1."""
    i = index - 1
    if i >= 0 and facts.tokens_lower[i] == ",":
        i -= 1
    if i <= 0 or i in facts.value_tokens:
        return -1
    start = facts.token_starts[i]
    if not facts.text[start].isupper() or facts.tokens_lower[i] in _NAME_STOP:
        return -1
    if any(m.start <= start < m.end for m in facts.entities):
        return -1
    return start + len(facts.tokens_lower[i])


class _WordInfo(NamedTuple):
    """What one lower-case word contributes, computed once per distinct word."""

    alpha: bool
    stem: str
    concepts: frozenset[str]
    own: frozenset[str]
    features: frozenset[str]
    antonyms: frozenset[str]
    content: bool
    flags: bool


@lru_cache(maxsize=200_000)
def _word_info(lower: str) -> _WordInfo:
    alpha = lower[:1].isalpha()
    word_stem = stem(lower) if alpha else lower
    cidx, aidx = concept_index(), antonym_index()
    concepts = cidx.get(word_stem, frozenset())
    features: set[str] = set()
    antonyms: set[str] = set()
    pieces = [lower, *lower.split("-")] if "-" in lower else [lower]
    for piece in pieces:
        if not piece:
            continue
        piece_stem = stem(piece)
        features |= cidx.get(piece_stem, frozenset())
        antonyms |= aidx.get(piece_stem, frozenset())
        if piece not in STOPWORDS:
            features.add(piece_stem)
    return _WordInfo(
        alpha=alpha,
        stem=word_stem,
        concepts=concepts,
        own=frozenset(concepts | {word_stem}),
        features=frozenset(features),
        antonyms=frozenset(antonyms),
        content=lower not in STOPWORDS,
        flags=lower in NEGATION_WORDS or lower in IRREALIS_WORDS,
    )


def _inside(offset: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in spans)


def _counted(tokens: Sequence[Token], end: int) -> frozenset[str]:
    """What a number counts: the words of the noun phrase after it.

    "17 of its citizens" skips the possessive partitive; the phrase stops at
    the first function word ("five children of ...": children).
    """
    out: set[str] = set()
    j = end
    if j + 1 < len(tokens) and tokens[j].lower == "of" and tokens[j + 1].lower in ("its", "their"):
        j += 2
    for tok in tokens[j : j + 3]:
        if not tok.lower[0].isalpha() or tok.lower in STOPWORDS:
            break
        info = _word_info(tok.lower)
        out.add(info.stem)
        out |= info.concepts
    return frozenset(out)


def _surface(text: str, tokens: Sequence[Token], start: int, end: int) -> str:
    return text[tokens[start].start : tokens[end - 1].end]


def _covered(
    tokens: Sequence[Token], entities: Sequence[EntityMention]
) -> dict[int, EntityMention]:
    """Token index -> the entity mention it lies in."""
    out: dict[int, EntityMention] = {}
    if not entities:
        return out
    k = 0
    for i, tok in enumerate(tokens):
        while k < len(entities) and entities[k].end <= tok.start:
            k += 1
        m = entities[k] if k < len(entities) else None
        if m is not None and (m.start if m.lead is None else m.lead) <= tok.start < m.end:
            out[i] = m
    return out


# why: "held talks in Myanmar": a place after these is where something
# happened, not a party to it ("Japan held talks with North Korea").
_LOCATIVE = frozenset("in at inside near outside on".split())


def mention_role(facts: SentenceFacts, mention: EntityMention) -> str:
    """ "location" for a place named as where something happens, "origin" for
    one named as where something comes from ("abducted from Sado"), else
    "party".  An apposition ("from Sado Island, Niigata Prefecture") takes
    the role of the name it follows."""
    if mention.kind is EntityKind.PERSON:
        return "party"
    index = facts.token_at(mention.start if mention.lead is None else mention.lead)
    before = facts.tokens_lower[index - 1] if index > 0 else ""
    if before == "the" and index > 1:
        before = facts.tokens_lower[index - 2]
    if before == "," and index > 1:
        earlier = [
            m
            for m in facts.entities
            if m.kind is not EntityKind.PERSON and facts.token_at(m.end - 1) + 1 == index - 1
        ]
        if earlier and earlier[0] is not mention:
            return mention_role(facts, earlier[0])
        # "from Sado Island, Niigata": the island is no entity, but its preposition tells
        j = index - 2
        while j > 0 and facts.text[facts.token_starts[j]].isupper():
            j -= 1
        before = facts.tokens_lower[j]
    if before in _LOCATIVE:
        return "location"
    after = facts.token_at(mention.end - 1) + 1
    if (
        mention.group != "country"  # "a Japan-North Korea summit" names its parties
        and after < len(facts.token_features)
        and facts.token_features[after] & _EVENT_NOUNS
    ):
        return "location"  # why: "the 2002 Beijing summit", "a Tokyo rally"
    return "origin" if before == "from" else "party"


# why: concepts of the events a place may name as their own ("Beijing summit")
_EVENT_NOUNS = frozenset({"meet", "event", "conference", "pressconference"})
# why: a fronted phrase ("In 2014, ...", "During the visit, ...") is not the
# subject; the subject follows its comma.
_FRONT = frozenset("in on at during under after before since following with as".split())
_BEFORE_SUBJECT = frozenset("the a an".split())
# words that may stand between a subject and its verb ("Japan has officially listed")
_AUXILIARY = frozenset(
    "has have had is was are were will would may might could can also still "
    "reportedly officially formally again already now then later once".split()
)


COUNTRY = "country"
# why: the words that give a country a slot of the act ("abducted by", "talks
# with", "returned to", "a Japan-North Korea summit")
_COUNTRY_MARKERS = frozenset(
    "by to with from against toward towards between - \u2013 \u2014".split()
)


def country_mentions(facts: SentenceFacts) -> list[tuple[str, EntityMention]]:
    """(marker, mention) for each country named right after a preposition of
    `_COUNTRY_MARKERS` or a compound's dash."""
    key = ("countries", 0)
    found: list[tuple[str, EntityMention]] | None = facts.memo.get(key)
    if found is None:
        found = facts.memo[key] = _country_mentions(facts)
    return found


def _country_mentions(facts: SentenceFacts) -> list[tuple[str, EntityMention]]:
    out: list[tuple[str, EntityMention]] = []
    last = ""  # the marker of the place just named: "between Japan and North Korea"
    for m in facts.entities:
        if m.kind is not EntityKind.PLACE or m.ambiguous or m.generic:
            last = ""
            continue
        index = facts.token_at(m.start)
        before = facts.tokens_lower[index - 1] if index > 0 else ""
        if before == "the" and index > 1:
            before = facts.tokens_lower[index - 2]
        if before == "and" and last:
            before = last
        last = ""
        if before in _COUNTRY_MARKERS:
            last = "-" if before in "-\u2013\u2014" else before
            out.append((last, m))
    return out


def subject_of(facts: SentenceFacts) -> tuple[int, ...]:
    """The entity mentions (indexes into `facts.entities`) that are the sentence's
    grammatical subject: named at the start of its main clause and followed by its
    verb ("Japan has identified", "North Korea and Japan agreed"), or the party an
    opening "According to" names.  Empty when no named party is the subject.
    """
    return _subject_and_verb(facts)[0]


def verb_of_subject(facts: SentenceFacts) -> frozenset[str]:
    """The features (stem, concepts) of the verb that follows `subject_of`."""
    verb = _subject_and_verb(facts)[1]
    return facts.token_features[verb] if verb >= 0 else frozenset()


def verb_index_of_subject(facts: SentenceFacts) -> int:
    """The token index of the verb that follows `subject_of`, or -1."""
    return _subject_and_verb(facts)[1]


def coordinated_verbs(facts: SentenceFacts) -> list[int]:
    """The token indexes of the verbs the subject does: its verb, and each verb
    joined to it by "and" with no name between ("Soga visited the office and
    handed Kishida a letter")."""
    verb = _subject_and_verb(facts)[1]
    if verb < 0:
        return []
    words = facts.tokens_lower
    starts = {facts.token_at(m.start if m.lead is None else m.lead) for m in facts.entities}
    out = [verb]
    part = facts.sentence_part_of[verb]
    for j in range(verb + 2, len(words)):
        if facts.sentence_part_of[j] != part:
            break
        if (
            words[j - 1] == "and"
            and j not in starts
            and j in facts.stem_at
            and words[j].endswith("ed")
        ):
            out.append(j)
    return out


def recipient_of(facts: SentenceFacts, verb: int | None = None) -> int | None:
    """The entity mention the subject's verb (or `verb`) acts on or for: right
    after the verb ("handed Kishida a letter") or after "to" in its clause
    ("gave a letter to Kishida"); None when there is none."""
    if verb is None:
        verb = _subject_and_verb(facts)[1]
    if verb < 0:
        return None
    clause = facts.clause_of[verb]
    for i, m in enumerate(facts.entities):
        at = facts.token_at(m.start if m.lead is None else m.lead)  # a title leads
        if at <= verb or facts.clause_of[at] != clause:
            continue
        if at == verb + 1 or (at - verb <= 5 and facts.tokens_lower[at - 1] == "to"):
            return i
    return None


def _subject_and_verb(facts: SentenceFacts) -> tuple[tuple[int, ...], int]:
    key = ("subject", 0)
    found: tuple[tuple[int, ...], int] | None = facts.memo.get(key)
    if found is None:
        found = facts.memo[key] = _subject(facts)
    return found


def _subject(facts: SentenceFacts) -> tuple[tuple[int, ...], int]:
    words = facts.tokens_lower
    if not words or not facts.entities:
        return (), -1
    start = 0
    if words[:2] == ["according", "to"]:
        first = [i for i, m in enumerate(facts.entities) if facts.token_at(m.start) <= 4]
        return tuple(first[:1]), -1
    mention_at = {
        facts.token_at(m.start if m.lead is None else m.lead): i
        for i, m in enumerate(facts.entities)
    }
    if words[0] in _FRONT:
        if "," not in words:
            # why: "In recent months Kishida has pressed for ...", "At the 2002
            # summit Kim Jong Il admitted ...": a short fronted phrase with no
            # comma; the subject is the first name after it that a verb follows
            for start in sorted(i for i in mention_at if 0 < i <= _FRONT_REACH):
                found = _subject_from(facts, start, mention_at)
                if found[0]:
                    return found
            return (), -1
        # why: "On May 27, 2023, Kishida proposed ...", "During the visit,
        # where he met Kim, North Korea apologized": the phrase ends at the
        # first comma (not one inside a date) after which a name acts
        for c in (i for i, w in enumerate(words) if w == "," and i not in facts.value_tokens):
            found = _subject_from(facts, c + 1, mention_at)
            if found[0]:
                return found
        return (), -1
    elif words[0].endswith("ing") and "," in words:
        # why: "Meeting Soga, 64, Kishida reiterated ...": a fronted participle
        # phrase (and any aside in it) ends at the comma after which a name acts
        for c in (i for i, w in enumerate(words) if w == ","):
            found = _subject_from(facts, c + 1, mention_at)
            if found[0]:
                return found
        return (), -1
    return _subject_from(facts, start, mention_at)


# why: the most words a fronted phrase without a comma spans ("In the summer of 2002")
_FRONT_REACH = 6


def _subject_from(
    facts: SentenceFacts, start: int, mention_at: dict[int, int]
) -> tuple[tuple[int, ...], int]:
    words = facts.tokens_lower
    i = start
    while i not in mention_at and i < len(words) and words[i] in _BEFORE_SUBJECT:
        i += 1
    subject: list[int] = []
    while i in mention_at:
        k = mention_at[i]
        subject.append(k)
        last = facts.token_at(facts.entities[k].end - 1)
        i = last + 1
        end = facts.entities[k].end
        if facts.text[end : end + 2] in _POSSESSIVE or words[last].endswith(_POSSESSIVE):
            # why: "Japan's former prime minister Junichiro Koizumi paid a
            # visit": the person a possessive and a title lead to is the subject
            head = next((j for j in range(i, min(i + 5, len(words))) if j in mention_at), None)
            if (
                head is None
                or facts.entities[mention_at[head]].kind is not EntityKind.PERSON
                or not all(w.isalpha() and w not in _NOT_ACTING for w in words[i:head])
            ):
                return (), -1  # "Koizumi's visit to Pyongyang": a possessive, not the subject
            subject.clear()
            i = head
            continue
        if i + 1 < len(words) and words[i] == "and" and i + 1 in mention_at:
            i += 1
            continue
        break
    if not subject:
        return (), -1
    passive = False
    while i < len(words) and (words[i] in _AUXILIARY or words[i].endswith("ly")):
        passive = passive or words[i] in _PASSIVE_BE
        i += 1
    if i >= len(words) or not words[i][:1].isalpha():
        return (), -1
    if words[i] in STOPWORDS and words[i] not in SPEECH_VERBS:
        return (), -1
    if facts.text[facts.token_starts[i]].isupper():
        return (), -1
    if _nominal(words, i, facts):
        return (), -1  # why: "Japanese abduction victims": a noun phrase, no subject
    if passive and words[i].endswith(("ed", "en")):
        return (), -1  # why: "17 Japanese were abducted": the subject suffers the act
    return tuple(subject), i


_POSSESSIVE = ("'s", "\u2019s")
_PASSIVE_BE = frozenset("is are was were be been being".split())


# why: a party named after these is not the one acting ("abducted by North
# Korea", "talks with Japan")
_NOT_ACTING = frozenset(
    "by with to from of for in on at about against between among toward towards "
    "than as into onto over under".split()
)


def actors(facts: SentenceFacts) -> tuple[tuple[int, int], ...]:
    """(entity mention, verb token) for each named party followed by its verb,
    anywhere in the sentence ("Talks stalled after *Japan* unilaterally
    *announced* ..."), not only the subject of its main clause."""
    key = ("actors", 0)
    found: tuple[tuple[int, int], ...] | None = facts.memo.get(key)
    if found is not None:
        return found
    words = facts.tokens_lower
    out: list[tuple[int, int]] = []
    for k, m in enumerate(facts.entities):
        first = facts.token_at(m.start if m.lead is None else m.lead)
        before = words[first - 1] if first > 0 else ""
        if before == "the" and first > 1:
            before = words[first - 2]
        if before in _NOT_ACTING:
            continue
        i = facts.token_at(m.end - 1) + 1
        if i < len(words) and words[i] in ("'s", "s"):
            continue
        while i < len(words) and (words[i] in _AUXILIARY or words[i].endswith("ly")):
            i += 1
        if i >= len(words) or not words[i][:1].isalpha():
            continue
        if words[i] in STOPWORDS and words[i] not in SPEECH_VERBS:
            continue
        if facts.text[facts.token_starts[i]].isupper() or i in facts.value_tokens:
            continue
        after = words[i + 1] if i + 1 < len(words) else ""
        if words[i].endswith(("ed", "en")) and (after in _NOT_ACTING or not after[:1].isalpha()):
            continue  # why: "a South Korean abducted in 1978": a participle, not an act
        if _nominal(words, i, facts):
            continue  # why: "a Japanese abductee", "Japanese kidnapping victims": a noun
        out.append((k, i))
    found = facts.memo[key] = tuple(out)
    return found


def _nominal(words: Sequence[str], i: int, facts: SentenceFacts) -> bool:
    """Word i is a noun, not a verb: a person or act noun ("abductee",
    "abduction"), or a gerund modifying the noun after it ("kidnapping victims")."""
    word = words[i]
    if word.endswith(("ee", "ees", "tion", "tions", "sion", "sions")):
        return True
    if not word.endswith("ing") or i + 1 >= len(words):
        return False
    after = words[i + 1]
    return (
        after.isalpha()
        and after not in STOPWORDS
        and not facts.text[facts.token_starts[i + 1]].isupper()
        and i + 1 not in facts.value_tokens
    )


def display_number(value: float) -> str:
    """A number as a report shows it ("17", "3.5")."""
    return str(int(value)) if value.is_integer() else str(value)


__all__ = [
    "ANTONYMS",
    "DateMention",
    "DecadeMention",
    "EntityMatcher",
    "EntityMention",
    "FactExtractor",
    "NumberMention",
    "SentenceFacts",
    "actors",
    "display_number",
    "mention_role",
    "subject_of",
    "verb_of_subject",
]
