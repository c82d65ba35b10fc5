"""Append reviewed drafts to a claims file (`facts sources add`).

The claims file is edited as text, not re-dumped: each draft's sources,
entities and claims are written as new list items at the end of the file's
own `sources:`, `entities:` and `claims:` lists, so every comment, blank line
and quoting choice of the file stays as it was. The result is validated
before it replaces the file (atomically: a temporary file beside it, renamed).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from abduction_facts.claims import BUNDLED_CLAIMS, safe_yaml, validate_file
from abduction_facts.errors import ClaimsFileError, FactsError, InputError
from abduction_facts.suggest import block, flow

__all__ = ["Added", "MergeError", "add_sources", "merged_text"]

SECTIONS = ("sources", "entities", "claims")
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:(.*)$")


class MergeError(FactsError):
    """A draft cannot be merged: a duplicate id, an invalid result (one line)."""


@dataclass(frozen=True, slots=True)
class Added:
    """What `add_sources` appended, and the file's totals after it."""

    sources: int
    entities: int
    claims: int
    skipped_entities: tuple[str, ...]


def add_sources(target: Path, drafts: Sequence[Path]) -> Added:
    """Append the drafts' sources, entities and claims to the claims file `target`.

    Refuses the bundled claims file, a duplicate source or claim id, and an
    entity id the file uses for another name (the same entity, same name, is
    skipped). The merged file must validate; it then replaces `target`
    atomically. Raises a FactsError with a one-line message otherwise.
    """
    if _same_file(target, BUNDLED_CLAIMS):
        raise MergeError(
            f"{target}: refusing to edit the bundled claims file; "
            "give --claims PATH (a copy of it, or your own claims file)"
        )
    text = _read_text(target, ClaimsFileError, "claims file")
    existing = _parse(target, text, ClaimsFileError)
    items: dict[str, list[dict[str, Any]]] = {key: [] for key in SECTIONS}
    for draft in drafts:
        doc = _parse(draft, _read_text(draft, InputError, "draft"), InputError)
        for key in SECTIONS:
            items[key].extend(_items(draft, doc, key))
    kept_entities, skipped = _check_ids(target, existing, items)
    items["entities"] = kept_entities
    merged = merged_text(text, items)
    _replace_validated(target, merged)
    return Added(len(items["sources"]), len(kept_entities), len(items["claims"]), tuple(skipped))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def _read_text(path: Path, error: type[FactsError], what: str) -> str:
    try:
        with path.open("rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        raise error(f"{path}: no such {what}") from None
    except IsADirectoryError:
        raise error(f"{path}: is a directory, not a {what}") from None
    except OSError as exc:
        raise error(f"{path}: cannot read {what}: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not UTF-8 (byte offset {exc.start})") from None


def _parse(path: Path, text: str, error: type[FactsError]) -> dict[str, Any]:
    import yaml

    try:
        doc = safe_yaml(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else "1"
        raise error(f"{path}:{where}: {exc.problem or exc.context or 'invalid YAML'}") from None
    except yaml.YAMLError as exc:
        raise error(f"{path}:1: invalid YAML: {exc}") from None
    if not isinstance(doc, dict):
        raise error(f"{path}: expected a mapping with `sources`, `entities` and `claims`")
    return doc


def _items(path: Path, doc: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = doc.get(key) or []
    if not isinstance(value, list) or not all(isinstance(i, dict) for i in value):
        raise InputError(f"{path}: `{key}` must be a list of mappings")
    return value


def _ids(items: Iterable[Any]) -> list[str]:
    return [str(i.get("id")) for i in items if isinstance(i, dict)]


def _check_ids(
    target: Path, existing: dict[str, Any], items: dict[str, list[dict[str, Any]]]
) -> tuple[list[dict[str, Any]], list[str]]:
    """The entities to add and those skipped as already there; MergeError on a clash."""
    for key, what in (("sources", "source"), ("claims", "claim")):
        have = set(_ids(existing.get(key) or []))
        new: set[str] = set()
        for new_id in _ids(items[key]):
            if new_id in have:
                raise MergeError(f"duplicate {what} id {new_id!r} (already in {target})")
            if new_id in new:
                raise MergeError(f"duplicate {what} id {new_id!r} (twice in the drafts)")
            new.add(new_id)
    names = {
        str(e.get("id")): str(e.get("name"))
        for e in existing.get("entities") or []
        if isinstance(e, dict)
    }
    kept: list[dict[str, Any]] = []
    skipped: list[str] = []
    for entity in items["entities"]:
        eid, name = str(entity.get("id")), str(entity.get("name"))
        if eid in names:
            if names[eid] == name:
                skipped.append(eid)
                continue
            raise MergeError(
                f"duplicate entity id {eid!r} (already in {target} as {names[eid]!r}, "
                f"the draft names {name!r})"
            )
        names[eid] = name
        kept.append(entity)
    return kept, skipped


def merged_text(text: str, items: dict[str, list[dict[str, Any]]]) -> str:
    """`text` (a claims file) with `items` appended to its lists, comments kept."""
    lines = text.split("\n")
    for key in SECTIONS:
        if items[key]:
            lines = _append(lines, key, items[key])
    return "\n".join(lines)


def _append(lines: list[str], key: str, items: list[dict[str, Any]]) -> list[str]:
    """Insert `items` after the last item of the top-level list `key`."""
    starts = [i for i, line in enumerate(lines) if _TOP_KEY.match(line)]
    at = next((i for i in starts if _TOP_KEY.match(lines[i]).group(1) == key), None)  # type: ignore[union-attr]
    if at is None:
        while lines and not lines[-1].strip():
            lines.pop()
        return [*lines, "", f"{key}:", *_rendered(key, items, "  "), ""]
    rest = _TOP_KEY.match(lines[at]).group(2)  # type: ignore[union-attr]
    inline = rest.split("#", 1)[0].strip()
    if inline == "[]":
        lines[at] = f"{key}:"
    elif inline:
        raise MergeError(
            f"line {at + 1}: cannot append to `{key}` written on one line; "
            "write it as a block list (one `- ` item a line)"
        )
    end = next((i for i in starts if i > at), len(lines))
    last = at
    indent = ""
    for i in range(at + 1, end):
        stripped = lines[i].lstrip()
        if stripped and not stripped.startswith("#"):
            last = i
            if not indent and stripped.startswith("-"):
                indent = lines[i][: len(lines[i]) - len(stripped)]
    return [*lines[: last + 1], *_rendered(key, items, indent or "  "), *lines[last + 1 :]]


def _rendered(key: str, items: list[dict[str, Any]], indent: str) -> list[str]:
    if key == "entities":
        return [f"{indent}- {flow(item)}" for item in items]
    out: list[str] = []
    for item in items:
        if key == "claims":
            out.append("")
        out.extend(block(item, indent))
    return out


def _replace_validated(target: Path, text: str) -> None:
    """Write `text` beside `target`, validate it there (sources resolve alike), rename it."""
    real = Path(os.path.realpath(target))
    temporary = real.with_name(f".{real.name}.{os.urandom(4).hex()}.tmp")
    try:
        mode = stat.S_IMODE(os.stat(real).st_mode)
        with open(temporary, "x", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(temporary, mode)
        problems = validate_file(temporary)
        if problems:
            first = problems[0].replace(str(temporary), str(target))
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise MergeError(f"not added, the result would be invalid: {first}{more}")
        os.replace(temporary, real)
    except OSError as exc:
        raise MergeError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        if temporary.exists():
            temporary.unlink()
