"""A curator's first draft of claims for a new source article (`facts suggest`).

An article (plain text or Markdown) is split into sentences; each sentence,
or each clause of one that joins two facts ("…, but Kishida refrained …"),
with a checkable fact becomes one draft claim: its verbatim `passage` (an
exact slice of the article), the typed `facts` the extractor reads in it,
a proposed `about`, `kind` and `as_of`. Dates relative to the article
("on Wednesday", "in May", "this year") are resolved against its
publication date and say so in `derived`. Names that no entity of the
claims base knows are proposed as new entities. Sentences with nothing to
check are kept as YAML comments, so the curator sees what was left out.

Everything here is plain data; `draft_yaml` renders it. The draft is meant to
be reviewed, then merged into a claims file (`abduction_facts.merge`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from abduction_facts.claims import _grounded, load_claims, safe_yaml
from abduction_facts.dates import as_of_value, parse_as_of
from abduction_facts.errors import InputError
from abduction_facts.extract import (
    EntityMatcher,
    EntityMention,
    FactExtractor,
    SentenceFacts,
    actors,
    display_number,
    subject_of,
)
from abduction_facts.models import (
    ClaimsBase,
    Entity,
    EntityId,
    EntityKind,
    FactType,
    Source,
    SourceId,
)
from abduction_facts.segment import makes_statement, split_markdown, split_text
from abduction_facts.text import (
    CONCEPTS,
    SPEECH_VERBS,
    STOPWORDS,
    concept_index,
    fold,
    stem,
    tokenize,
)

__all__ = [
    "Article",
    "Draft",
    "DraftClaim",
    "DraftEntity",
    "DraftFact",
    "LeftOut",
    "draft_records",
    "draft_yaml",
    "read_article",
    "slug",
    "suggest",
]

MAX_ARTICLE_BYTES = 5 * 1024 * 1024
# why: ids read like the curated ones ("japan-identified-17-abductees"), not like sentences
ID_WORDS = 6
# why: a line shorter than this inside a paragraph is a byline or caption, not a wrapped line
SHORT_LINE = 40

_SLUG = re.compile(r"[^a-z0-9]+")
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)
_CLAUSE_BREAK = re.compile(r";\s+|,\s+(?:but|while|whereas|although|though)\s+")
_FUTURE = frozenset("will would plans plan planned next upcoming scheduled expected".split())
_STATE_WORDS = frozenset(
    "is are remains remain has have believe believes suspect suspects maintain maintains "
    "serves serve lives live".split()
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RELATIVE = re.compile(
    r"\b(this year|last year|next year|this month|last month|yesterday|today)\b", re.I
)
_TITLE_WORDS = frozenset(
    "mr mr. ms ms. mrs mrs. dr dr. minister president prime chief cabinet secretary vice "
    "foreign general governor senator ambassador spokesperson spokesman spokeswoman leader "
    "chairman chair director deputy premier king queen prince princess emperor".split()
)
_ORG_WORDS = frozenset(
    "ministry agency committee commission council university bank party association "
    "institute foundation company corporation office court police army navy forces "
    "union league organization organisation department bureau centre center shimbun "
    "news times post agreement declaration".split()
)
_NAME_JOINERS = frozenset({"of", "for", "and", "the", "de", "van", "von", "bin", "al"})


# --- the article -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Article:
    """A source article to draft claims from: its text and its `sources:` entry."""

    id: str
    title: str
    publisher: str
    published: str
    url: str
    file: str  # the source's path as the claims file names it
    text: str
    markdown: bool


def slug(text: str) -> str:
    """A lower-case id made of `text`'s letters and digits ("López Obrador" -> "lopez-obrador")."""
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", fold(text)) if not unicodedata.combining(c)
    )
    return _SLUG.sub("-", plain.lower()).strip("-")


def read_article(
    path: Path,
    *,
    id: str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    published: str | None = None,
    url: str | None = None,
    file: str | None = None,
) -> Article:
    """Read an article and its metadata: each option wins over the front matter's.

    The front matter (YAML between `---` lines at the top) may give `id`,
    `title`, `publisher`, `published` (or `date`) and `url`. Without a title,
    the first line is the title; without an id, the title's slug. Raises
    InputError (one line) for a missing or unreadable file, a missing or
    invalid publication date.
    """
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_ARTICLE_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not an article") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(raw) > MAX_ARTICLE_BYTES:
        raise InputError(f"{path}: larger than {MAX_ARTICLE_BYTES} bytes; is it an article?")
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 (byte offset {exc.start})") from None
    # why: the claims validator reads sources with universal newlines; passages must match it
    text = decoded.replace("\r\n", "\n").replace("\r", "\n")
    front = _front_matter(path, text)

    def pick(option: str | None, *keys: str) -> str:
        if option is not None:
            return option.strip()
        for key in keys:
            value = front.get(key)
            if value not in (None, ""):
                return str(value).strip()
        return ""

    when = published if published is not None else front.get("published", front.get("date"))
    if when in (None, ""):
        raise InputError(
            f"{path}: no publication date; give --published YYYY-MM-DD "
            "(or `published:` in the front matter)"
        )
    try:
        date = as_of_value(when) if published is None else parse_as_of(str(when))
    except ValueError as exc:
        raise InputError(f"{path}: publication date: {exc}") from None
    the_title = pick(title, "title") or _first_line(text) or path.stem
    the_id = pick(id, "id") or slug(the_title) or slug(path.stem)
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", the_id):
        raise InputError(f"source id {the_id!r} must be a lower-case slug (a-z, 0-9, -)")
    return Article(
        id=the_id,
        title=the_title,
        publisher=pick(publisher, "publisher", "source") or "TODO publisher",
        published=date,
        url=pick(url, "url", "link") or "TODO url",
        file=file if file is not None else f"sources/{path.name}",
        text=text,
        markdown=path.suffix.lower() in (".md", ".markdown"),
    )


def _front_matter(path: Path, text: str) -> dict[str, Any]:
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}
    import yaml

    try:
        doc = safe_yaml(match.group(1) or "")
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: cannot read the front matter: {exc}") from None
    if doc is None:
        return {}
    if not isinstance(doc, dict):
        raise InputError(f"{path}: the front matter is not a mapping")
    return {str(k): v for k, v in doc.items()}


def _first_line(text: str) -> str:
    body = _FRONT_MATTER.sub("", text, count=1)
    for line in body.splitlines():
        stripped = line.strip().lstrip("#").strip()
        if stripped:
            return stripped
    return ""


# --- the draft -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DraftFact:
    """A typed fact as a claims file writes it."""

    type: FactType
    value: str
    text: str
    role: str = ""
    derived: str = ""

    def as_record(self) -> dict[str, str]:
        """The fact as a claims file entry."""
        record = {"type": self.type.value, "value": self.value, "text": self.text}
        if self.role:
            record["role"] = self.role
        if self.derived:
            record["derived"] = self.derived
        return record


@dataclass(frozen=True, slots=True)
class DraftClaim:
    """One proposed claim: a passage of the article and what can be checked in it."""

    id: str
    text: str
    source: str
    passage: str
    attribution: str
    as_of: str
    kind: str
    about: tuple[str, ...]
    facts: tuple[DraftFact, ...]
    line: int
    speaker: str = ""
    quote: str = ""

    def as_record(self) -> dict[str, Any]:
        """The claim as a claims file entry."""
        record: dict[str, Any] = {
            "id": self.id,
            "text": self.text,
            "source": self.source,
            "passage": self.passage,
            "attribution": self.attribution,
            "as_of": self.as_of,
            "kind": self.kind,
        }
        if self.speaker:
            record["speaker"] = self.speaker
            record["quote"] = self.quote
        record["about"] = list(self.about)
        record["facts"] = [f.as_record() for f in self.facts]
        return record


@dataclass(frozen=True, slots=True)
class DraftEntity:
    """A name the claims base does not know, proposed as an entity."""

    id: str
    kind: EntityKind
    name: str
    group: str
    aliases: tuple[str, ...] = ()

    def as_record(self) -> dict[str, Any]:
        """The entity as a claims file entry."""
        record: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind.value,
            "group": self.group,
            "name": self.name,
        }
        if self.aliases:
            record["aliases"] = list(self.aliases)
        return record

    def as_entity(self) -> Entity:
        """The entity as the extractor knows entities."""
        return Entity(EntityId(self.id), self.kind, self.name, self.aliases, self.group)


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A sentence with nothing checkable, and why."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Draft:
    """The draft for one article: its source entry, new entities, claims and what was left out.

    `items` keeps claims and left-out sentences in document order.
    """

    article: Article
    entities: tuple[DraftEntity, ...]
    items: tuple[DraftClaim | LeftOut, ...]
    claims_file: str = ""

    @property
    def claims(self) -> tuple[DraftClaim, ...]:
        """The proposed claims, in document order."""
        return tuple(i for i in self.items if isinstance(i, DraftClaim))

    @property
    def left_out(self) -> tuple[LeftOut, ...]:
        """The sentences left out, in document order."""
        return tuple(i for i in self.items if isinstance(i, LeftOut))

    def source_record(self) -> dict[str, str]:
        """The article's `sources:` entry."""
        a = self.article
        return {
            "id": a.id,
            "file": a.file,
            "title": a.title,
            "publisher": a.publisher,
            "published": a.published,
            "url": a.url,
        }


@dataclass(slots=True)
class _Piece:
    """A stretch of the article to draft from: its offsets and its first line."""

    start: int
    end: int
    line: int


@dataclass(slots=True)
class _Context:
    """What the drafting of one article shares between its sentences."""

    article: Article
    base: ClaimsBase
    extractor: FactExtractor
    source: Source
    taken_ids: set[str]
    folded_title: str
    new_ids: frozenset[str] = field(default_factory=frozenset)


def suggest(
    article: Article,
    base: ClaimsBase | None = None,
    *,
    taken_ids: Iterable[str] = (),
) -> Draft:
    """Draft claims for `article` against `base` (the bundled claims base by default).

    Claim ids avoid every id in `base` and in `taken_ids`. Raises InputError
    when the article's source id is already a source of `base`.
    """
    base = base if base is not None else load_claims()
    if any(s.id == article.id for s in base.sources):
        raise InputError(
            f"source id {article.id!r} is already in {base.path}; give another with --id"
        )
    pieces = list(_pieces(article))
    plain_base = _extractor(base.entities, base.ambiguous_aliases, base.titles)
    new_entities = _new_entities(article, pieces, plain_base, base)
    extractor = _extractor(
        (*base.entities, *(e.as_entity() for e in new_entities)),
        base.ambiguous_aliases,
        base.titles,
    )
    source = Source(
        id=SourceId(article.id),
        title=article.title,
        publisher=article.publisher,
        published=article.published,
        url=article.url,
        file=article.file,
        text=article.text,
    )
    ctx = _Context(
        article=article,
        base=base,
        extractor=extractor,
        source=source,
        taken_ids={c.id for c in base.claims} | set(taken_ids),
        folded_title=_squash(fold(article.title)),
        new_ids=frozenset(e.id for e in new_entities),
    )
    items: list[DraftClaim | LeftOut] = []
    for piece in pieces:
        items.extend(_draft_piece(ctx, piece))
    return Draft(article, tuple(new_entities), tuple(items), claims_file=base.path)


def _extractor(
    entities: Iterable[Entity],
    ambiguous: Iterable[tuple[str, tuple[EntityId, ...]]],
    titles: Iterable[tuple[str, str]] = (),
) -> FactExtractor:
    return FactExtractor(EntityMatcher(entities, ambiguous, titles))


# --- sentences and clauses -------------------------------------------------------------


def _pieces(article: Article) -> Iterable[_Piece]:
    """The article's sentences as exact offsets into its text, in order.

    A sentence that runs over a short line (a byline, a caption's credit)
    is cut at its line ends, so that a label and a sentence are not one passage.
    """
    text = article.text
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    bom = 1 if text.startswith("\ufeff") else 0
    sentences = (
        split_markdown(text) if article.markdown else split_text(text.splitlines(keepends=True))
    )
    for sentence in sentences:
        span = sentence.span
        if span.line > len(starts) or span.end_line > len(starts):
            continue
        a = starts[span.line - 1] + span.column - 1 + (bom if span.line == 1 else 0)
        b = starts[span.end_line - 1] + span.end_column - 1 + (bom if span.end_line == 1 else 0)
        if not 0 <= a < b <= len(text):
            continue
        lines = text[a:b].split("\n")
        if len(lines) > 1 and any(len(x.strip()) < SHORT_LINE for x in lines[:-1]):
            at, line = a, span.line
            for part in lines:
                lead = len(part) - len(part.lstrip())
                if part.strip():
                    yield _Piece(at + lead, at + len(part.rstrip()), line)
                at += len(part) + 1
                line += 1
        else:
            yield _Piece(a, b, span.line)


def _clauses(text: str, piece: _Piece, extractor: FactExtractor) -> list[_Piece]:
    """The piece, or its clauses when a `;` or ", but" joins two that each state a fact."""
    body = text[piece.start : piece.end]
    cuts: list[tuple[int, int]] = []
    for m in _CLAUSE_BREAK.finditer(body):
        if _inside_quotes(body, m.start()):
            continue
        cuts.append((m.start(), m.end()))
    if not cuts:
        return [piece]
    out: list[_Piece] = []
    at = 0
    for a, b in [*cuts, (len(body), len(body))]:
        chunk = body[at:a]
        if len(chunk.split()) < 5 or not _has_fact(extractor.extract(chunk)):
            return [piece]
        line = piece.line + body[:at].count("\n")
        out.append(_Piece(piece.start + at, piece.start + a, line))
        at = b
    return out


def _inside_quotes(text: str, offset: int) -> bool:
    before = fold(text[:offset])
    return before.count('"') % 2 == 1


def _has_fact(facts: SentenceFacts) -> bool:
    return bool(
        facts.numbers
        or facts.dates
        or facts.decades
        or facts.quotes
        or any(not m.ambiguous and not m.generic for m in facts.entities)
    )


# --- one sentence ----------------------------------------------------------------------


def _draft_piece(ctx: _Context, piece: _Piece) -> list[DraftClaim | LeftOut]:
    text = ctx.article.text
    body = text[piece.start : piece.end]
    shown = " ".join(body.split())
    if _squash(fold(body)) == ctx.folded_title:
        return [LeftOut(piece.line, shown, "the title")]
    if not makes_statement(body):
        return [LeftOut(piece.line, shown, "a heading or label, not a statement")]
    out: list[DraftClaim | LeftOut] = []
    for clause in _clauses(text, piece, ctx.extractor):
        passage = text[clause.start : clause.end].strip().rstrip(",;").rstrip()
        if not passage:
            continue
        claim = _draft_claim(ctx, passage, clause.line)
        if claim is None:
            reason = "no number, date, name or quote to check"
            out.append(LeftOut(clause.line, " ".join(passage.split()), reason))
        else:
            out.append(claim)
    return out


def _draft_claim(ctx: _Context, passage: str, line: int) -> DraftClaim | None:
    folded, to_original = _folded_with_map(passage)
    facts = ctx.extractor.extract(passage)
    if facts.text != folded:  # why: NFKC merged characters; offsets cannot be mapped back
        to_original = []

    def original(start: int, end: int, surface: str) -> str | None:
        if to_original and 0 <= start < end <= len(folded):
            found = passage[to_original[start] : to_original[end - 1] + 1]
            if fold(found) == surface:
                return found
        return surface if surface in passage else None

    found: list[DraftFact] = []
    speaker, quote = _quote_and_speaker(facts, original)
    found.extend(_number_facts(facts, original))
    found.extend(_date_facts(ctx, facts, original))
    found.extend(_entity_facts(facts, original))
    if quote:
        found.append(DraftFact(FactType.QUOTE, quote, quote))
    else:
        found.extend(_quote_facts(facts, original))
    found.extend(_polarity_facts(facts, original))
    kept = _grounded_only(ctx, passage, found)
    if not any(f.type is not FactType.POLARITY for f in kept):
        return None
    kind = "quote" if speaker else _kind(facts)
    return DraftClaim(
        id=_claim_id(ctx, passage),
        text=_claim_text(passage),
        source=ctx.article.id,
        passage=passage,
        attribution=_entity_name(ctx, speaker) if speaker else ctx.article.publisher,
        as_of=_as_of(ctx, kind, kept),
        kind=kind,
        about=_about(ctx, facts, speaker),
        facts=tuple(kept),
        line=line,
        speaker=speaker,
        quote=quote if speaker else "",
    )


def _folded_with_map(text: str) -> tuple[str, list[int]]:
    """`fold(text)` and, for each of its characters, the offset it comes from in `text`."""
    pieces: list[str] = []
    where: list[int] = []
    for i, char in enumerate(text):
        folded = fold(char)
        pieces.append(folded)
        where.extend([i] * len(folded))
    return "".join(pieces), where


_Original = Any  # Callable[[int, int, str], str | None]


def _number_facts(facts: SentenceFacts, original: _Original) -> list[DraftFact]:
    out: list[DraftFact] = []
    tokens = tokenize(facts.text)
    for n in facts.numbers:
        surface = original(n.start, n.start + len(n.surface), n.surface)
        if surface is None:
            continue
        role = "age" if n.role == "age" else _counted_role(tokens, n.index, n.surface)
        out.append(DraftFact(FactType.NUMBER, display_number(n.value), surface, role))
    return out


def _counted_role(tokens: Sequence[Any], index: int, surface: str) -> str:
    """What a number counts: the head noun after it, as a concept or a stem ("citizen")."""
    j = index + max(1, len(tokenize(surface)))
    if j + 1 < len(tokens) and tokens[j].lower == "of" and tokens[j + 1].lower in ("its", "their"):
        j += 2
    head = ""
    for tok in tokens[j : j + 3]:
        if not tok.lower[:1].isalpha() or tok.lower in STOPWORDS:
            break
        head = tok.lower
    if not head:
        return ""
    word = stem(head)
    concepts = sorted(concept_index().get(word, ()))
    return concepts[0] if len(concepts) == 1 else word


def _date_facts(ctx: _Context, facts: SentenceFacts, original: _Original) -> list[DraftFact]:
    out: list[DraftFact] = []
    published = ctx.article.published
    future = bool(_FUTURE & set(facts.tokens_lower))
    # why: "on Friday, September 29th": the date as written wins over the weekday
    for d in sorted(facts.dates, key=lambda d: d.weekday is not None):
        surface = original(d.start, d.start + len(d.surface), d.surface)
        if surface is None:
            continue
        if d.weekday is not None:
            day = _weekday_date(published, d.weekday, future=future)
            if day is not None and not any(f.value == day.isoformat() for f in out):
                when = "after" if future else "before"
                on_day = "on" if day.isoformat() == published else when
                reason = f"the {_WEEKDAYS[d.weekday].title()} {on_day} the article's date"
                out.append(
                    DraftFact(
                        FactType.DATE, day.isoformat(), surface, "", f"{reason} ({published})"
                    )
                )
            continue
        if d.month is None and d.year is None:
            continue
        year = d.year
        derived = ""
        if year is None:
            year = int(published[:4])
            month = int(published[5:7]) if len(published) >= 7 else 0
            if month and d.month is not None and d.month > month and not future:
                year -= 1
                derived = f"the year before the article's ({published}): {surface} had not come yet"
            else:
                derived = f"year from the article's date ({published})"
        value = f"{year:04d}"
        if d.month is not None:
            value += f"-{d.month:02d}"
            if d.day is not None:
                value += f"-{d.day:02d}"
        out.append(DraftFact(FactType.DATE, value, surface, "", derived))
    for decade in facts.decades:
        surface = decade.surface if decade.surface in facts.text else ""
        at = facts.text.find(surface) if surface else -1
        shown = original(at, at + len(surface), surface) if at >= 0 else None
        if shown:
            out.append(DraftFact(FactType.DATE, f"{decade.decade}s", shown))
    if not out:
        out.extend(_relative_dates(facts, original, published))
    return out


def _relative_dates(facts: SentenceFacts, original: _Original, published: str) -> list[DraftFact]:
    """ "this year", "last month", "yesterday" resolved against the publication date."""
    out: list[DraftFact] = []
    for m in _RELATIVE.finditer(facts.text):
        surface = original(m.start(), m.end(), m.group())
        if surface is None:
            continue
        phrase = m.group().lower()
        year = int(published[:4])
        value = ""
        if phrase.endswith("year"):
            value = str(year + {"this": 0, "last": -1, "next": 1}[phrase.split()[0]])
        elif phrase.endswith("month") and len(published) >= 7:
            month = int(published[5:7]) - (phrase.startswith("last"))
            if month == 0:
                year, month = year - 1, 12
            value = f"{year:04d}-{month:02d}"
        elif len(published) == 10:
            day = dt.date.fromisoformat(published) - dt.timedelta(days=phrase == "yesterday")
            value = day.isoformat()
        if value:
            reason = f"{phrase} of the article's date ({published})"
            out.append(DraftFact(FactType.DATE, value, surface, "", reason))
    return out


def _weekday_date(published: str, weekday: int, *, future: bool) -> dt.date | None:
    """The date of a weekday the article names: the last one on or before its
    date (news reports what happened), or the next one when it tells a plan."""
    if len(published) != 10:
        return None
    day = dt.date.fromisoformat(published)
    if future:
        return day + dt.timedelta(days=(weekday - day.weekday()) % 7)
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)


def _entity_facts(facts: SentenceFacts, original: _Original) -> list[DraftFact]:
    out: list[DraftFact] = []
    seen: set[tuple[FactType, str]] = set()
    acting = {k for k, _verb in actors(facts)} | set(subject_of(facts))
    for k, m in enumerate(facts.entities):
        if m.ambiguous or m.generic or not _named(m):
            continue
        value = _primary(m)
        if value is None or any(value == v for _t, v in seen):
            continue
        if m.kind is EntityKind.PERSON:
            kind = FactType.PERSON
        elif m.kind is EntityKind.ORGANISATION or k in acting:
            kind = FactType.ORGANISATION
        else:
            kind = FactType.PLACE
        surface = original(m.start, m.end, m.surface)
        if surface is None or (kind, value) in seen:
            continue
        seen.add((kind, value))
        out.append(DraftFact(kind, value, surface))
    return out


_DEMONYM = re.compile(r"(?:ese|ean|ian|can|ish|ans)$")


def _named(m: EntityMention) -> bool:
    """Whether a mention names its entity: written with a capital ("us" is no
    country), and not a demonym before a noun ("Japanese citizens")."""
    if not any(c.isupper() for c in m.surface):
        return False
    return m.kind is not EntityKind.PLACE or not _DEMONYM.search(m.surface)


def _primary(m: EntityMention) -> str | None:
    """The entity id a mention stands for, if it is one of the base's.

    why: "President X" yields a transient `name:` id that no claims file
    holds; an `about` or a fact naming it would not validate.
    """
    ident = m.primary if m.primary is not None else next(iter(m.ids)) if len(m.ids) == 1 else None
    return None if ident is None or ident.startswith("name:") else str(ident)


def _quote_facts(facts: SentenceFacts, original: _Original) -> list[DraftFact]:
    out: list[DraftFact] = []
    for a, b in facts.quote_spans:
        shown = original(a + 1, b - 1, facts.text[a + 1 : b - 1])
        if shown:
            words = shown.strip(" ,.")
            out.append(DraftFact(FactType.QUOTE, words, words))
    return out


def _quote_and_speaker(facts: SentenceFacts, original: _Original) -> tuple[str, str]:
    """The quotation's words and who says them (an entity id), when the sentence
    names one next to a speech verb outside the quote ("X said", "said X")."""
    if len(facts.quote_spans) != 1:
        return "", ""
    a, b = facts.quote_spans[0]
    shown = original(a + 1, b - 1, facts.text[a + 1 : b - 1])
    if not shown:
        return "", ""
    words = shown.strip(" ,.")
    starts = facts.token_starts
    speech = [
        i for i, w in enumerate(facts.tokens_lower) if w in SPEECH_VERBS and not a <= starts[i] < b
    ]
    people = [
        m
        for m in facts.entities
        if m.kind is EntityKind.PERSON
        and not m.ambiguous
        and not m.generic
        and not a <= m.start < b
    ]
    best: tuple[int, str] | None = None
    for i in speech:
        for m in people:
            first, last = facts.token_at(m.start), facts.token_at(m.end - 1)
            distance = first - i if first > i else i - last
            primary = _primary(m)
            if 0 < distance <= 3 and primary and (best is None or distance < best[0]):
                best = (distance, primary)
    return (best[1], words) if best else ("", "")


def _polarity_facts(facts: SentenceFacts, original: _Original) -> list[DraftFact]:
    if not facts.negation_at:
        return []
    i = facts.negation_at[0]
    a, b = facts.token_starts[i], facts.token_ends[i]
    surface = original(a, b, facts.text[a:b])
    return [DraftFact(FactType.POLARITY, "negative", surface)] if surface else []


def _grounded_only(ctx: _Context, passage: str, found: list[DraftFact]) -> list[DraftFact]:
    """The facts `facts validate` will accept: text in the passage, value read from
    the text (or `derived`), entities known; one of each (type, value)."""
    entities = {e.id: e for e in ctx.base.entities}
    kept: list[DraftFact] = []
    seen: set[tuple[FactType, str]] = set()
    for f in found:
        key = (f.type, f.value)
        if key in seen or not f.text or f.text not in passage:
            continue
        if f.type in (FactType.PERSON, FactType.PLACE, FactType.ORGANISATION) and not (
            f.value in entities or f.value in ctx.new_ids
        ):
            continue
        if not f.derived and not _grounded(
            f.type, f.value, f.text, entities, ctx.extractor, ctx.source
        ):
            continue
        seen.add(key)
        kept.append(f)
    return kept


# --- what the claim says ---------------------------------------------------------------


def _kind(facts: SentenceFacts) -> str:
    """ "state" for what holds (is, remains, has identified), "event" for what happened."""
    words = facts.tokens_lower
    if facts.dates or facts.decades:
        return "event"
    return "state" if _STATE_WORDS & set(words) else "event"


def _as_of(ctx: _Context, kind: str, facts: Sequence[DraftFact]) -> str:
    """The publication date; for an event the article dates in an earlier year, that date."""
    published = ctx.article.published
    dates = [f.value for f in facts if f.type is FactType.DATE and not f.value.endswith("0s")]
    if kind == "event" and len(dates) == 1 and dates[0][:4] < published[:4]:
        return dates[0]
    return published


def _about(ctx: _Context, facts: SentenceFacts, speaker: str) -> tuple[str, ...]:
    """A few anchors a restating sentence will touch: its concepts, its subject,
    then its rarest content words."""
    about: list[str] = []
    in_names = {
        i
        for m in facts.entities
        for i in range(facts.token_at(m.start), facts.token_at(m.end - 1) + 1)
    }
    for i, features in enumerate(facts.token_features):
        if i in in_names or facts.tokens_lower[i].endswith("ly"):
            continue
        for concept in sorted(f for f in features if f in CONCEPTS):
            if concept not in about and len(about) < 2:
                about.append(concept)
    subject = [_primary(facts.entities[k]) for k in subject_of(facts)]
    party = next((p for p in subject if p), None) or speaker
    if not party:
        named = [
            _primary(m)
            for m in facts.entities
            if not m.ambiguous and not m.generic and m.kind is EntityKind.PERSON
        ]
        party = next((p for p in named if p), "")
    if party and party not in about:
        about.append(party)
    if len(about) < 2:
        words = sorted(
            {
                w
                for w in facts.tokens_lower
                if w.isalpha()
                and w.isascii()
                and len(w) >= 5
                and w not in STOPWORDS
                and not any(w in stem_words for stem_words in _entity_words(facts))
            },
            key=lambda w: (-len(w), w),
        )
        for w in words:
            if len(about) >= 3:
                break
            about.append(w)
    return tuple(about) or ("news",)


def _entity_words(facts: SentenceFacts) -> list[set[str]]:
    return [set(fold(m.surface).lower().split()) for m in facts.entities]


def _claim_id(ctx: _Context, passage: str) -> str:
    words = [w for w in slug(passage).split("-") if w not in STOPWORDS and w not in {"s", "t"}]
    base_id = "-".join(words[:ID_WORDS]) or ctx.article.id
    candidate, n = base_id, 2
    while candidate in ctx.taken_ids:
        candidate, n = f"{base_id}-{n}", n + 1
    ctx.taken_ids.add(candidate)
    return candidate


def _claim_text(passage: str) -> str:
    """The claim's plain sentence: the passage on one line, capitalised, with a full stop."""
    text = " ".join(passage.split()).strip(" ,;:")
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", '"', "\u201d", "\u2019")) else text + "."


def _entity_name(ctx: _Context, entity_id: str) -> str:
    for e in ctx.base.entities:
        if e.id == entity_id:
            return e.name
    return entity_id


def _squash(text: str) -> str:
    return " ".join(text.lower().split())


# --- new names -------------------------------------------------------------------------


def _new_entities(
    article: Article, pieces: Sequence[_Piece], extractor: FactExtractor, base: ClaimsBase
) -> list[DraftEntity]:
    """Names of people and organisations the base does not know, in order of first mention.

    A person named in full and later by the surname alone gets the surname as
    an alias, unless another entity already uses it.
    """
    taken = {_alias_key(a) for e in base.entities for a in (e.name, *e.aliases)}
    ids = {str(e.id) for e in base.entities}
    found: dict[str, EntityKind] = {}
    title = _squash(fold(article.title))
    for piece in pieces:
        body = article.text[piece.start : piece.end]
        if _squash(fold(body)) == title or not makes_statement(body):
            continue  # why: headings are in Title Case ("The Abduction Issue")
        facts = extractor.extract(body)
        for name, kind in _names(facts):
            key = _alias_key(name)
            if key not in taken and name not in found:
                found[name] = kind
    # why: "López Obrador" after "Andrés Manuel López Obrador" is the same person
    short: dict[str, str] = {}
    people = [n for n, k in found.items() if k is EntityKind.PERSON]
    for name in people:
        longer = [p for p in people if p != name and p.endswith(" " + name)]
        if longer:
            short[name] = longer[0]
    for name in short:
        del found[name]
    out: list[DraftEntity] = []
    surnames: dict[str, int] = {}
    for name, kind in found.items():
        if kind is EntityKind.PERSON:
            last = name.split()[-1]
            surnames[last] = surnames.get(last, 0) + 1
    folded_article = fold(article.text)
    for name, kind in found.items():
        eid = slug(name)
        candidate, n = eid, 2
        while candidate in ids:
            candidate, n = f"{eid}-{n}", n + 1
        ids.add(candidate)
        aliases = [n for n, full in short.items() if full == name]
        taken.update(_alias_key(n) for n in aliases)
        last = name.split()[-1]
        if (
            kind is EntityKind.PERSON
            and surnames.get(last) == 1
            and _alias_key(last) not in taken
            and re.search(rf"\b{re.escape(last)}\b", folded_article.replace(name, ""))
        ):
            aliases.append(last)
            taken.add(_alias_key(last))
        taken.add(_alias_key(name))
        out.append(DraftEntity(candidate, kind, name, candidate, tuple(aliases)))
    return out


_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*\.?")
_PLACE_BEFORE = frozenset("in at from near of to into across outside".split())


def _names(facts: SentenceFacts) -> list[tuple[str, EntityKind]]:
    """Capitalised names of two or more words no entity covers: an organisation
    when a word says so (Ministry, Agency, Shimbun), a place after "in", "at",
    "from", "of" ("the village of San Juan Ozolotepec"), else a person (two or
    three words, not a title)."""
    text = facts.text
    taken = [(m.start, m.end) for m in facts.entities]
    taken.extend((facts.token_starts[i], facts.token_ends[i]) for i in facts.value_tokens)
    out: list[tuple[str, EntityKind]] = []
    run: list[re.Match[str]] = []
    before = ""

    def flush() -> None:
        while run and run[-1].group().lower() in _NAME_JOINERS:
            run.pop()
        # why: a name follows its title ("President Andrés Manuel López Obrador",
        # "Oaxaca Gov. Alejandro Murat")
        titled = [
            k
            for k, m in enumerate(run[:-1])
            if m.group().lower().rstrip(".") in _TITLE_WORDS or m.group().endswith(".")
        ]
        if titled:
            del run[: titled[-1] + 1]
        if len(run) >= 2 and not any(m.group().endswith(".") for m in run[:-1]):
            name = text[run[0].start() : run[-1].end()].rstrip(".")
            parts = [m.group().lower().rstrip(".") for m in run]
            if any(p in _ORG_WORDS for p in parts) and len(run) <= 6:
                out.append((name, EntityKind.ORGANISATION))
            elif len(run) <= 4 and all(
                p not in _NAME_JOINERS and p not in _TITLE_WORDS for p in parts
            ):
                kind = EntityKind.PLACE if before in _PLACE_BEFORE else EntityKind.PERSON
                if kind is EntityKind.PLACE or len(run) <= 4:
                    out.append((name, kind))
        run.clear()

    previous = ""
    for m in _WORD.finditer(text):
        word = m.group()
        lower = word.lower().rstrip(".")
        capital = word[:1].isupper() and word[1:2].islower()
        covered = any(a <= m.start() < b for a, b in taken)
        gap = text[run[-1].end() : m.start()] if run else " "
        if run and gap.strip():  # why: a comma or dash ends a name
            flush()
        if covered:
            flush()
        elif (
            capital
            and lower not in STOPWORDS
            and lower not in _WEEKDAYS
            and not (m.start() == 0 and lower in _SENTENCE_OPENERS)
        ) or (run and lower in _NAME_JOINERS and run[-1].group().lower() not in _NAME_JOINERS):
            if not run:
                before = previous
            run.append(m)
        else:
            flush()
        previous = lower
    flush()
    return out


_SENTENCE_OPENERS = frozenset(
    "however meanwhile but and so yet still then now today yesterday some many most "
    "according reports officials".split()
)


def _alias_key(alias: str) -> str:
    return " ".join(fold(alias).lower().replace("'s", "").split())


# --- YAML ------------------------------------------------------------------------------

_PLAIN = re.compile(r"[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*")
_YAML_WORDS = frozenset("y n yes no on off true false null".split())


def scalar(value: Any) -> str:
    """A YAML scalar: a plain slug as it is, anything else double-quoted (JSON escapes)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if _PLAIN.fullmatch(text) and text not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(record: Mapping[str, Any]) -> str:
    """A mapping of scalars on one line: `{type: number, value: "17", text: "17"}`."""
    return "{" + ", ".join(f"{k}: {_flow_value(v)}" for k, v in record.items()) + "}"


def _flow_value(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    return scalar(value)


def block(record: Mapping[str, Any], indent: str) -> list[str]:
    """A mapping as a block list item: `- key: value` lines; lists of mappings
    (facts) one flow mapping a line, lists of scalars in flow style."""
    lines: list[str] = []
    for i, (key, value) in enumerate(record.items()):
        lead = f"{indent}- " if i == 0 else f"{indent}  "
        if isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{lead}{key}:")
            lines.extend(f"{indent}    - {flow(v)}" for v in value)
        else:
            lines.append(f"{lead}{key}: {_flow_value(value)}")
    return lines


def draft_records(draft: Draft) -> dict[str, Any]:
    """The draft as a claims file's data: `sources`, `entities`, `claims`."""
    return {
        "sources": [draft.source_record()],
        "entities": [e.as_record() for e in draft.entities],
        "claims": [c.as_record() for c in draft.claims],
    }


def draft_yaml(draft: Draft) -> str:
    """The draft as YAML to review: a claims file fragment with comments for the curator."""
    a = draft.article
    out = [
        f"# Draft claims for {a.title!r} ({a.publisher}, {a.published}), written by",
        "# `facts suggest`: review every claim (its text, about, kind, as_of and facts),",
        "# delete what is not worth checking, then merge it with `facts sources add`.",
        f"# Copy the article to {a.file} beside the claims file.",
        "# Dates marked `derived` were resolved against the publication date.",
        "",
        "sources:",
        *block(draft.source_record(), "  "),
        "",
    ]
    if draft.entities:
        out.append("# Names the claims base does not know: check each kind, group and alias.")
        out.append("entities:")
        out.extend(f"  - {flow(e.as_record())}" for e in draft.entities)
    else:
        out.append("entities: []")
    out.append("")
    out.append("claims:" if draft.claims else "claims: []")
    for item in draft.items:
        if isinstance(item, LeftOut):
            out.append(f"  # left out (line {item.line}, {item.reason}): {_comment(item.text)}")
            continue
        out.append(f"  # line {item.line}")
        out.extend(block(item.as_record(), "  "))
    claims, left = len(draft.claims), len(draft.left_out)
    out.append("")
    out.append(
        f"# {claims} claim{'s' * (claims != 1)}, {len(draft.entities)} new entities, "
        f"{left} sentence{'s' * (left != 1)} left out"
    )
    return "\n".join(out) + "\n"


def _comment(text: str) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= 200 else one_line[:199] + "…"
