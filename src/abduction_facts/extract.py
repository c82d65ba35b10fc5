"""Typed facts from one sentence: entities, numbers, dates, decades, polarity, quotes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from abduction_facts.models import Entity, EntityId, EntityKind
from abduction_facts.text import (
    ANTONYMS,
    DECADE_WORDS,
    IRREALIS_WORDS,
    NEGATION_WORDS,
    NUMBER_WORDS,
    OTHER_OCCASION_WORDS,
    STOPWORDS,
    Token,
    antonym_index,
    concept_index,
    fold,
    is_year,
    month_of,
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


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A count or an age, with the words that say what it counts."""

    value: float
    surface: str
    role: str
    counted: frozenset[str]
    start: int


@dataclass(frozen=True, slots=True)
class DateMention:
    """A full or partial date ("May 27", "September 2002", "2014")."""

    year: int | None
    month: int | None
    day: int | None
    surface: str
    start: int


@dataclass(frozen=True, slots=True)
class DecadeMention:
    """A decade ("the 1970s", "'80s", "the eighties")."""

    decade: int
    surface: str


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
    token_features: list[frozenset[str]] = field(default_factory=list)
    clause_of: list[int] = field(default_factory=list)
    antonyms: dict[str, str] = field(default_factory=dict)
    quotes: list[str] = field(default_factory=list)
    irrealis: bool = False
    other_occasion: bool = False
    masked: str = ""

    def entity_ids(self) -> set[EntityId]:
        """Every entity the sentence may name."""
        out: set[EntityId] = set()
        for m in self.entities:
            out |= m.ids
        return out


# --- entity matching ------------------------------------------------------------

_TITLES: dict[tuple[str, ...], str] = {
    ("foreign", "minister"): "foreign-minister",
    ("prime", "minister"): "japan-pm",
    ("premier",): "japan-pm",
    ("pm",): "japan-pm",
    ("chief", "cabinet", "secretary"): "chief-cabinet-secretary",
    ("leader",): "nk-leader",
    ("president",): "head-of-state",
}


@dataclass(frozen=True, slots=True)
class _Alias:
    parts: tuple[str, ...]
    ids: frozenset[EntityId]
    kind: EntityKind
    group: str
    ambiguous: bool


def _parts(text: str) -> list[tuple[str, int, int]]:
    """Lower-case word parts (hyphenated words split) with character offsets."""
    out: list[tuple[str, int, int]] = []
    for tok in tokenize(text):
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
    ) -> None:
        by_id = {e.id: e for e in entities}
        self._index: dict[str, list[_Alias]] = {}
        for e in by_id.values():
            ids = frozenset((e.id, *e.implies))
            for alias in (e.name, *e.aliases):
                self._add(_Alias(self._key(alias), ids, e.kind, e.group, False))
        for alias, targets in ambiguous:
            known = [by_id[t] for t in targets if t in by_id]
            if known:
                ids = frozenset(i for e in known for i in (e.id, *e.implies))
                self._add(_Alias(self._key(alias), ids, known[0].kind, known[0].group, True))
        for bucket in self._index.values():
            bucket.sort(key=lambda a: -len(a.parts))

    @staticmethod
    def _key(alias: str) -> tuple[str, ...]:
        return tuple(p for p, _, _ in _parts(fold(alias)))

    def _add(self, alias: _Alias) -> None:
        if alias.parts:
            self._index.setdefault(alias.parts[0], []).append(alias)

    def find(self, text: str) -> list[EntityMention]:
        """Entity mentions in folded text, left to right, not overlapping."""
        parts = _parts(text)
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
            if hit is not None:
                n = len(hit.parts)
                start, end = parts[i][1], parts[i + n - 1][2]
                mentions.append(
                    EntityMention(
                        hit.ids, hit.kind, hit.group, text[start:end], start, end, hit.ambiguous
                    )
                )
                i += n
                continue
            titled = self._titled_person(text, parts, words, i)
            if titled is not None:
                mentions.append(titled[0])
                i = titled[1]
                continue
            i += 1
        return mentions

    def _titled_person(
        self, text: str, parts: list[tuple[str, int, int]], words: list[str], i: int
    ) -> tuple[EntityMention, int] | None:
        """ "Foreign Minister Taro Kono": an unknown name after a title."""
        for title, group in _TITLES.items():
            n = len(title)
            if tuple(words[i : i + n]) != title:
                continue
            j = i + n
            names: list[tuple[str, int, int]] = []
            while j < len(parts) and len(names) < 3:
                word, s, e = parts[j]
                if not text[s].isupper() or word in self._index or word in STOPWORDS:
                    break
                names.append(parts[j])
                j += 1
            if not names:
                return None
            start, end = names[0][1], names[-1][2]
            surface = text[start:end]
            ident = EntityId("name:" + "-".join(p for p, _, _ in names))
            return EntityMention(
                frozenset({ident}), EntityKind.PERSON, group, surface, start, end
            ), j
        return None


# --- the extractor --------------------------------------------------------------

# why: a negation only reaches the words of its own clause ("a time-critical
# issue that cannot be neglected" does not deny the issue is time-critical).
_CLAUSE_BREAKS = frozenset(
    ", ; : but although though while whereas because which who whom that since".split()
)
_QUOTE = re.compile(r'"([^"]{3,})"')
_DECADE = re.compile(r"^(?:(1[89]|20)(\d)0s|'(\d)0s)$")
_AGE_BEFORE = frozenset({"aged", "age", "turning", "turn", "turns", "turned"})
_DAY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$")


def _number_runs(tokens: Sequence[Token]) -> list[tuple[int, int, float]]:
    """(first token, end token, value) of every numeral or run of number words."""
    runs: list[tuple[int, int, float]] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.lower[0].isdigit():
            value = parse_numeral(tok.lower)
            if value is not None and not tok.lower.endswith("s"):
                runs.append((i, i + 1, value))
            i += 1
            continue
        if tok.lower.split("-")[0] in NUMBER_WORDS and tok.lower not in ("one", "dozen"):
            j = i
            while j < len(tokens) and all(
                p in NUMBER_WORDS or p == "and" for p in tokens[j].lower.split("-")
            ):
                j += 1
            value_words = parse_number_words([t.lower for t in tokens[i:j]])
            if value_words is not None:
                runs.append((i, j, float(value_words)))
            i = max(j, i + 1)
            continue
        i += 1
    return runs


def _decade_of(token: Token) -> int | None:
    m = _DECADE.match(token.lower)
    if m:
        if m.group(3):
            return 1900 + int(m.group(3)) * 10
        return int(m.group(1) + m.group(2) + "0")
    return DECADE_WORDS.get(token.lower)


def _display_number(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


class FactExtractor:
    """Reads SentenceFacts from text; build once per claims base."""

    def __init__(self, matcher: EntityMatcher) -> None:
        self.matcher = matcher

    def extract(self, sentence: str) -> SentenceFacts:
        """All typed facts of one sentence."""
        text = fold(sentence)
        tokens = tokenize(text)
        entities = self.matcher.find(text)
        in_entity = _covered(tokens, entities)
        facts = SentenceFacts(text=text, features=frozenset())
        facts.entities = entities
        facts.quotes = [q.strip(" ,.") for q in _QUOTE.findall(text)]
        quote_spans = [m.span() for m in _QUOTE.finditer(text)]

        used: set[int] = set(in_entity)
        self._dates(tokens, facts, used)
        self._numbers(tokens, facts, used)

        features: set[str] = set()
        stems: list[str] = []
        cidx, aidx = concept_index(), antonym_index()
        clause = 0
        mention_of = {i: m for m in entities for i in range(len(tokens)) if m.start <= tokens[i].start < m.end}
        for i, tok in enumerate(tokens):
            if tok.lower in _CLAUSE_BREAKS:
                clause += 1
            facts.clause_of.append(clause)
            stem_i = stem(tok.lower) if tok.lower[0].isalpha() else tok.lower
            token_feats = cidx.get(stem_i, frozenset()) | {stem_i}
            if i in mention_of:
                token_feats = token_feats | mention_of[i].ids
            facts.token_features.append(frozenset(token_feats))
            if not tok.lower[0].isalpha():
                continue
            quoted = any(s <= tok.start < e for s, e in quote_spans)
            if tok.lower in NEGATION_WORDS and not quoted:
                facts.negations.append(tok.text)
                facts.negation_at.append(i)
            if tok.lower in IRREALIS_WORDS and not quoted:
                facts.irrealis = True
            if tok.lower in OTHER_OCCASION_WORDS:
                facts.other_occasion = True
            if i in in_entity:
                # why: "Stockholm Agreement" still says "agreement".
                features |= cidx.get(stem(tok.lower), frozenset())
                continue
            pieces = [tok.lower, *tok.lower.split("-")] if "-" in tok.lower else [tok.lower]
            for piece in pieces:
                s = stem(piece)
                features |= cidx.get(s, frozenset())
                for concept in aidx.get(s, frozenset()):
                    facts.antonyms.setdefault(concept, tok.text)
                if piece not in STOPWORDS:
                    features.add(s)
            if tok.lower not in STOPWORDS:
                stems.append(stem(tok.lower))
        if any(n.role == "age" for n in facts.numbers):
            features.add("num:age")
        for m in entities:
            features |= m.ids
            features.add("group:" + m.group)
        facts.features = frozenset(features)
        facts.masked = " ".join(
            [*stems, *sorted({i for m in entities for i in m.ids})]
        )
        return facts

    def _dates(self, tokens: Sequence[Token], facts: SentenceFacts, used: set[int]) -> None:
        n = len(tokens)
        for i, tok in enumerate(tokens):
            if i in used:
                continue
            decade = _decade_of(tok)
            if decade is not None:
                facts.decades.append(DecadeMention(decade, tok.text))
                used.add(i)
                continue
            month = month_of(tok.lower)
            if month is None or (tok.lower == "may" and not tok.text[0].isupper()):
                continue
            if tok.lower in ("mar", "jan", "jun", "jul", "dec", "oct", "sep", "nov") and not (
                tok.text[0].isupper()
            ):
                continue
            day = year = None
            last = i
            j = i + 1
            if j < n and _DAY.match(tokens[j].lower) and 1 <= int(_DAY.match(tokens[j].lower)[1]) <= 31:  # type: ignore[index]
                day = int(_DAY.match(tokens[j].lower)[1])  # type: ignore[index]
                last = j
                j += 1
            if j < n and tokens[j].lower == "," and j + 1 < n:
                j += 1
            if j < n and tokens[j].lower.isdigit() and is_year(float(tokens[j].lower)):
                year = int(tokens[j].lower)
                last = j
            if day is None and i >= 1:
                k = i - 1
                if tokens[k].lower == "of" and k >= 1:
                    k -= 1
                if k not in used and _DAY.match(tokens[k].lower):
                    d = int(_DAY.match(tokens[k].lower)[1])  # type: ignore[index]
                    if 1 <= d <= 31:
                        day = d
                        used.add(k)
            if day is None and year is None and tok.lower == "may" and i == 0:
                continue
            surface = facts.text[tok.start : tokens[last].end]
            facts.dates.append(DateMention(year, month, day, surface, tok.start))
            used.update(range(i, last + 1))
        for i, tok in enumerate(tokens):
            if i in used or not tok.lower.isdigit() or len(tok.lower) != 4:
                continue
            if is_year(float(tok.lower)):
                facts.dates.append(DateMention(int(tok.lower), None, None, tok.text, tok.start))
                used.add(i)
        facts.dates.sort(key=lambda d: d.start)

    def _numbers(self, tokens: Sequence[Token], facts: SentenceFacts, used: set[int]) -> None:
        for start, end, value in _number_runs(tokens):
            if any(k in used for k in range(start, end)):
                continue
            if end - start > 1 and is_year(value):
                facts.dates.append(
                    DateMention(int(value), None, None, _surface(facts.text, tokens, start, end),
                                tokens[start].start)
                )
                used.update(range(start, end))
                continue
            surface = _surface(facts.text, tokens, start, end)
            role = ""
            before = tokens[start - 1].lower if start >= 1 else ""
            after = tokens[end].lower if end < len(tokens) else ""
            if before in _AGE_BEFORE or after.startswith("-year-old") or after in ("years-old",):
                role = "age"
            elif after == "year-old" or (after == "years" and end + 1 < len(tokens)
                                         and tokens[end + 1].lower == "old"):
                role = "age"
            elif before == "," and after in (",", ".", ""):
                role = "age"
            counted: set[str] = set()
            cidx = concept_index()
            for tok in tokens[end : end + 4]:
                if not tok.lower[0].isalpha():
                    if tok.lower in (",", ".", ";"):
                        break
                    continue
                if tok.lower in ("of", "its", "their", "the", "japanese"):
                    counted.add(stem(tok.lower))
                    counted |= cidx.get(stem(tok.lower), frozenset())
                    continue
                counted.add(stem(tok.lower))
                counted |= cidx.get(stem(tok.lower), frozenset())
                break
            facts.numbers.append(
                NumberMention(value, surface, role, frozenset(counted), tokens[start].start)
            )
            used.update(range(start, end))


def _surface(text: str, tokens: Sequence[Token], start: int, end: int) -> str:
    return text[tokens[start].start : tokens[end - 1].end]


def _covered(tokens: Sequence[Token], entities: Sequence[EntityMention]) -> set[int]:
    """Indices of tokens that lie inside an entity mention."""
    out: set[int] = set()
    for i, tok in enumerate(tokens):
        for m in entities:
            if m.start <= tok.start < m.end:
                out.add(i)
                break
    return out


def display_number(value: float) -> str:
    """A number as a report shows it ("17", "3.5")."""
    return _display_number(value)


__all__ = [
    "ANTONYMS",
    "DateMention",
    "DecadeMention",
    "EntityMatcher",
    "EntityMention",
    "FactExtractor",
    "NumberMention",
    "SentenceFacts",
    "display_number",
]
