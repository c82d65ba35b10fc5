"""Typed records shared by every layer: claims, facts, verdicts and results.

Nothing here does work; the records are frozen so a loaded claims base or a
finished result can be shared freely (between threads, between formatters).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any, NewType, TypeVar

ClaimId = NewType("ClaimId", str)
SourceId = NewType("SourceId", str)
EntityId = NewType("EntityId", str)

_Record = TypeVar("_Record", bound=type)


def _pickled_as_call(cls: _Record) -> _Record:
    """Pickle instances of a frozen dataclass as a call of the class with its field values.

    why: unpickling then runs the generated `__init__` once per object instead
    of dataclasses' `__setstate__`, which looks the fields up again for every
    object; the cached claims base (hundreds of entities, facts and claims)
    loads about a tenth (~0.5 ms) sooner on every one-statement check.
    """
    names = tuple(f.name for f in fields(cls))

    def __reduce__(self: Any) -> tuple[type, tuple[Any, ...]]:
        return (cls, tuple(getattr(self, name) for name in names))

    setattr(cls, "__reduce__", __reduce__)  # noqa: B010 - mypy refuses to assign methods
    return cls


class FactType(StrEnum):
    """What kind of value a fact holds; also the kind of a conflict about it."""

    NUMBER = "number"
    DATE = "date"
    PERSON = "person"
    PLACE = "place"
    ORGANISATION = "organisation"
    POLARITY = "polarity"
    QUOTE = "quote"


class EntityKind(StrEnum):
    """What an entity is; decides which conflict kind a mismatch is."""

    PERSON = "person"
    PLACE = "place"
    ORGANISATION = "organisation"


class ClaimKind(StrEnum):
    """An event happened once; a state holds as of a date; a quote was said."""

    EVENT = "event"
    STATE = "state"
    QUOTE = "quote"


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Source:
    """One source article, with its full text (passages are slices of it)."""

    id: SourceId
    title: str
    publisher: str
    published: str
    url: str
    file: str
    text: str = field(repr=False)

    def as_record(self) -> dict[str, str]:
        """The source as it appears in JSON reports (without its text)."""
        return {
            "id": self.id,
            "title": self.title,
            "publisher": self.publisher,
            "published": self.published,
            "url": self.url,
        }


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Entity:
    """A person, place or organisation, with every surface form that names it.

    `group` says which entities compete for the same slot (two different
    foreign ministers conflict; a foreign minister and a city do not).
    `implies` lists entities a mention also stands for ("Pyongyang" names the
    city and, by metonymy, North Korea).
    """

    id: EntityId
    kind: EntityKind
    name: str
    aliases: tuple[str, ...]
    group: str
    implies: tuple[EntityId, ...] = ()
    generic: bool = False


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Fact:
    """One typed value a claim asserts.

    `value` is canonical (an entity id, "2002-09", "1970s", "17", "negative");
    `text` is how the passage writes it, so reports can quote the source.
    `role` tells two facts of one type apart ("age", "victims").
    `derived` gives the reason when the value is not written in the passage.
    """

    type: FactType
    value: str
    text: str
    role: str = ""
    derived: str = ""


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Claim:
    """One atomic fact from a source, with its verbatim passage."""

    id: ClaimId
    text: str
    source: Source
    passage: str
    attribution: str
    as_of: str
    kind: ClaimKind
    about: tuple[tuple[str, ...], ...]
    facts: tuple[Fact, ...]
    speaker: EntityId | None = None
    quote: str = ""
    recurring: bool = False
    line: int = 0

    def as_record(self) -> dict[str, object]:
        """The claim as `facts claims --format json` prints it."""
        return {
            "id": self.id,
            "text": self.text,
            "passage": self.passage,
            "source": self.source.as_record(),
            "facts": [
                {
                    "type": f.type.value,
                    "value": f.value,
                    "text": f.text,
                    **({"role": f.role} if f.role else {}),
                    **({"derived": f.derived} if f.derived else {}),
                }
                for f in self.facts
            ],
            "attribution": self.attribution,
            "as_of": self.as_of,
            "kind": self.kind.value,
        }

    def as_reference(self) -> dict[str, str]:
        """The short claim record embedded in each check result."""
        return {
            "id": self.id,
            "text": self.text,
            "as_of": self.as_of,
            "attribution": self.attribution,
        }


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class ClaimsBase:
    """A loaded, validated claims file."""

    path: str
    sources: tuple[Source, ...]
    entities: tuple[Entity, ...]
    claims: tuple[Claim, ...]
    ambiguous_aliases: tuple[tuple[str, tuple[EntityId, ...]], ...] = ()
    # (title, group): "Foreign Minister" before a name says the person fills
    # the `foreign-minister` slot, whatever the name's usual group
    titles: tuple[tuple[str, str], ...] = ()


class Verdict(StrEnum):
    """The answer for one sentence (see CONTRACT.md)."""

    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    UNVERIFIED = "unverified"
    # the sentence agrees with one source and another source gives another value
    DISPUTED = "disputed"

    @property
    def rank(self) -> int:
        """Severity for `--fail-on`: supported < unverified < disputed < contradicted."""
        return _SEVERITY[self]


# why: a disputed sentence has a source behind it, so it is less severe than a
# contradicted one; but another source says otherwise, so it is more than unverified
_SEVERITY = {
    Verdict.SUPPORTED: 0,
    Verdict.UNVERIFIED: 1,
    Verdict.DISPUTED: 2,
    Verdict.CONTRADICTED: 3,
}


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Conflict:
    """One disagreement: what the sentence says and what the source says."""

    kind: FactType | str
    found: str
    expected: str

    def as_record(self) -> dict[str, str]:
        """The conflict as JSON reports print it."""
        return {"kind": str(self.kind), "found": self.found, "expected": self.expected}


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Dispute:
    """Two claims of different sources that give different values for one fact.

    `claim` is one side, `other` a claim of another source, and each conflict
    is what `claim`'s side says (`found`) against what `other` says
    (`expected`).  In a judgement, `claim` is the side the sentence agrees
    with and `found` is the sentence's own value.
    """

    claim: Claim
    other: Claim
    conflicts: tuple[Conflict, ...]

    def reversed(self) -> Dispute:
        """The same dispute seen from the other side."""
        return Dispute(
            self.other,
            self.claim,
            tuple(Conflict(c.kind, c.expected, c.found) for c in self.conflicts),
        )


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Span:
    """Where a sentence sits in its document: 1-based lines and columns.

    `end_column` is exclusive (the column just after the last character), as
    in SARIF regions, so a one-line sentence spans `end_column - column` chars.
    """

    line: int
    column: int
    end_line: int
    end_column: int


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Judgement:
    """What the verdict engine decided about one sentence."""

    verdict: Verdict
    score: float = 0.0
    claim: Claim | None = None
    conflicts: tuple[Conflict, ...] = ()
    not_covered: tuple[str, ...] = ()
    note: str = ""
    # every claim the verdict rests on, `claim` first (empty: just `claim`)
    evidence: tuple[Claim, ...] = ()
    # for an unverified sentence: the closest claim, and why it did not count
    nearest: Claim | None = None
    # for a disputed sentence: the claims of other sources that give other values
    disputed_by: tuple[Dispute, ...] = ()

    @property
    def claims_used(self) -> tuple[Claim, ...]:
        """The claims the verdict rests on, `claim` first."""
        if self.evidence:
            return self.evidence
        return (self.claim,) if self.claim is not None else ()


UNVERIFIED = Judgement(Verdict.UNVERIFIED)


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Result:
    """One checked sentence: where it is, what it says, and the judgement.

    `as_of` is the date the sentence was judged at (its draft's date), when known.
    """

    path: str | None
    span: Span
    text: str
    judgement: Judgement
    as_of: str | None = None

    @property
    def verdict(self) -> Verdict:
        """Shortcut for `judgement.verdict`."""
        return self.judgement.verdict
