"""Project settings from `[tool.facts]` in pyproject.toml or from `.facts.yaml`.

A checked file uses the configuration nearest to it: the search starts in the
file's own directory and goes upward (statements and stdin start in the
working directory). Command-line flags win over anything found here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from abduction_facts.dates import as_of_value
from abduction_facts.errors import FactsError
from abduction_facts.formats import FailOn

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from pathspec import GitIgnoreSpec

YAML_NAMES = (".facts.yaml", ".facts.yml")
PYPROJECT = "pyproject.toml"
KEYS = (
    "claims",
    "fail-on",
    "exclude",
    "thresholds",
    "show-unverified",
    "as-of",
    "claimreview-author",
    "claimreview-url",
)


class ConfigError(FactsError):
    """A configuration file cannot be read or holds a bad setting; names the file."""


@dataclass(frozen=True, slots=True)
class Config:
    """Settings from one configuration file (all unset when none was found)."""

    file: Path | None = None
    claims: Path | None = None
    fail_on: FailOn | None = None
    exclude: tuple[str, ...] = ()
    thresholds: Mapping[str, float] = field(default_factory=dict, hash=False)
    show_unverified: bool | None = None
    as_of: str | None = None  # drafts' date, "YYYY[-MM[-DD]]" (see dates.py)
    # the organisation `--format claimreview` names as the reviews' author, and its URL
    claimreview_author: str | None = None
    claimreview_url: str | None = None

    @property
    def root(self) -> Path | None:
        """The directory exclude globs and the claims path are relative to."""
        return self.file.parent if self.file is not None else None

    def is_excluded(self, path: Path) -> bool:
        """Whether `path` matches the `exclude` patterns (gitignore syntax).

        Patterns are relative to the configuration file's directory, as lines
        of a .gitignore there would be; see `excludes`.
        """
        if not self.exclude or self.root is None:
            return False
        return excludes(self.exclude, os.fspath(self.root), os.fspath(path))


def excludes(patterns: tuple[str, ...], root: str, path: str) -> bool:
    """Whether gitignore-style `patterns` kept in directory `root` exclude `path`.

    As in git: "*" stays within one directory and "**" crosses them; a
    pattern with a "/" before its end is anchored at `root` ("drafts/*.md",
    "/notes.txt"), one without matches at any depth ("*.txt", "archive"); a
    trailing "/" matches directories only; "!" re-includes, but not below an
    excluded directory. A leading "./" means `root`, like "/". Paths outside
    `root` are never excluded.
    """
    target = os.path.abspath(path)
    try:
        rel = os.path.relpath(target, root)
    except ValueError:  # why: another drive on Windows
        return False
    if rel == os.curdir or rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return False
    spec = _exclude_spec(patterns)
    parts = rel.split(os.sep)
    # why: git never looks inside an excluded directory, so a file below one
    # stays excluded whatever "!" patterns say (and a walk prunes it anyway).
    for depth in range(1, len(parts)):
        if spec.match_file("/".join(parts[:depth]) + "/"):
            return True
    name = "/".join(parts) + ("/" if os.path.isdir(target) else "")
    return spec.match_file(name)


_SPECS: dict[tuple[str, ...], GitIgnoreSpec] = {}


def _exclude_spec(patterns: tuple[str, ...]) -> GitIgnoreSpec:
    """The compiled `patterns` (compiled once per configuration)."""
    spec = _SPECS.get(patterns)
    if spec is None:
        # why: imported here so that a check with no excludes never loads pathspec
        from pathspec import GitIgnoreSpec

        lines = ("/" + p[2:] if p.startswith("./") else p for p in map(str.strip, patterns))
        spec = _SPECS[patterns] = GitIgnoreSpec.from_lines(lines)
    return spec


def load_config(path: str | Path) -> Config:
    """Read one configuration file named on the command line (`--config`)."""
    from pathlib import Path

    file = Path(os.path.abspath(path))
    if file.is_dir():
        raise ConfigError(f"{path}: is a directory, not a configuration file")
    if not file.exists():
        raise ConfigError(f"{path}: no such configuration file")
    if file.name == PYPROJECT or file.suffix == ".toml":
        table = _read_pyproject(file)
        return _parse(table or {}, file)
    return _parse(_read_yaml(file), file)


class ConfigFinder:
    """Finds the configuration for a directory by searching upward; cached per directory."""

    def __init__(self) -> None:
        # why: directories are plain strings, so a check in a directory without
        # any configuration never imports pathlib (issue 6)
        self._by_directory: dict[str, Config] = {}

    def for_path(self, path: str | Path) -> Config:
        """The configuration that applies to a file (or to a directory's contents)."""
        target = os.path.abspath(path)
        return self.for_directory(target if os.path.isdir(target) else os.path.dirname(target))

    def for_directory(self, directory: str | Path) -> Config:
        """The nearest configuration at or above `directory` (an empty Config if none)."""
        visited: list[str] = []
        found = Config()
        for candidate in _upward(os.path.abspath(directory)):
            cached = self._by_directory.get(candidate)
            if cached is not None:
                found = cached
                break
            visited.append(candidate)
            config = _config_in(candidate)
            if config is not None:
                found = config
                break
        for seen in visited:
            self._by_directory[seen] = found
        return found


def find_config(start: str | Path) -> Config:
    """The configuration for a file or directory (see `ConfigFinder`)."""
    return ConfigFinder().for_path(start)


def _upward(directory: str) -> Iterator[str]:
    """`directory` (absolute) and each directory above it, up to the root."""
    yield directory
    parent = os.path.dirname(directory)
    while parent != directory:
        yield parent
        directory, parent = parent, os.path.dirname(parent)


def _config_in(directory: str) -> Config | None:
    for name in YAML_NAMES:
        file = os.path.join(directory, name)
        if os.path.isfile(file):
            path = _as_path(file)
            return _parse(_read_yaml(path), path)
    file = os.path.join(directory, PYPROJECT)
    if os.path.isfile(file):
        table = _read_pyproject(file)
        if table is not None:
            return _parse(table, _as_path(file))
    return None


def _as_path(file: str) -> Path:
    from pathlib import Path

    return Path(file)


def _read_bytes(file: str | Path) -> bytes:
    try:
        with open(file, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise ConfigError(f"{file}: cannot read: {exc.strerror or exc}") from None


def _read_pyproject(file: str | Path) -> dict[str, Any] | None:
    """The `[tool.facts]` table, or None when the file has none."""
    data = _read_bytes(file)
    # why: most pyproject.toml files say nothing about facts; skip parsing them.
    if not _may_hold_facts_table(data):
        return None
    import tomllib

    try:
        document = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{file}: invalid TOML: {exc}") from None
    tool = document.get("tool")
    if not isinstance(tool, dict) or "facts" not in tool:
        return None
    table = tool["facts"]
    if not isinstance(table, dict):
        raise ConfigError(f"{file}: [tool.facts] must be a table")
    return table


# why: a `[tool.facts]` table is written `[tool.facts]` (or `[tool.facts.x]`),
# `tool.facts.x = …` at the top, `facts… = …` under a `[tool]` header, or inside
# `tool = {…}`; keys may be quoted and spaced. Escapes in quoted keys are rare
# enough to just parse.
_TOOL_FACTS = re.compile(
    rb"""tool["']?\s*\.\s*["']?facts|^\s*\[\s*["']?tool["']?\s*\]|tool["']?\s*=\s*\{|\\[uU]""",
    re.MULTILINE,
)


def _may_hold_facts_table(data: bytes) -> bool:
    """Whether a pyproject.toml could have a `[tool.facts]` table (else it is not parsed).

    why: parsing TOML costs a one-statement check ~4 ms, and most
    pyproject.toml files mention facts, if at all, elsewhere (a script name).
    """
    return b"facts" in data and _TOOL_FACTS.search(data) is not None


def _read_yaml(file: Path) -> dict[str, Any]:
    import yaml

    from abduction_facts.claims import safe_yaml

    data = _read_bytes(file)
    try:
        document = safe_yaml(data.decode("utf-8", "replace"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{file}:{mark.line + 1}:{mark.column + 1}" if mark is not None else str(file)
        raise ConfigError(f"{where}: invalid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{file}: invalid YAML: {exc}") from None
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise ConfigError(f"{file}: expected a mapping of settings, not {_kind(document)}")
    return document


def _parse(table: Mapping[str, Any], file: Path) -> Config:
    where = f"{file}: [tool.facts]" if file.suffix == ".toml" else f"{file}:"

    def bad(key: str, reason: str) -> ConfigError:
        return ConfigError(f"{where} {key}: {reason}")

    for key in table:
        if key not in KEYS:
            known = ", ".join(KEYS)
            raise ConfigError(f"{where} unknown setting {key!r} (known: {known})")

    claims: Path | None = None
    if "claims" in table:
        value = table["claims"]
        if not isinstance(value, str) or not value.strip():
            raise bad("claims", "expected a path to a claims file")
        claims = file.parent / _as_path(value).expanduser()

    fail_on: FailOn | None = None
    if "fail-on" in table:
        value = table["fail-on"]
        choices = ", ".join(f.value for f in FailOn)
        if not isinstance(value, str) or value not in set(FailOn):
            raise bad("fail-on", f"expected one of {choices}, got {value!r}")
        fail_on = FailOn(value)

    exclude: tuple[str, ...] = ()
    if "exclude" in table:
        value = table["exclude"]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise bad("exclude", "expected a list of glob patterns")
        exclude = tuple(value)

    thresholds: dict[str, float] = {}
    if "thresholds" in table:
        value = table["thresholds"]
        if not isinstance(value, dict):
            raise bad("thresholds", "expected a mapping of names to numbers")
        for name, number in value.items():
            is_number = isinstance(number, int | float) and not isinstance(number, bool)
            if not isinstance(name, str) or not is_number or not 0 <= number <= 100:
                raise bad(f"thresholds.{name}", f"expected a score from 0 to 100, got {number!r}")
            thresholds[name] = float(number)

    show_unverified: bool | None = None
    if "show-unverified" in table:
        value = table["show-unverified"]
        if not isinstance(value, bool):
            raise bad("show-unverified", f"expected true or false, got {value!r}")
        show_unverified = value

    as_of: str | None = None
    if "as-of" in table:
        try:
            as_of = as_of_value(table["as-of"])
        except ValueError as exc:
            raise bad("as-of", str(exc)) from None

    claimreview_author: str | None = None
    if "claimreview-author" in table:
        value = table["claimreview-author"]
        if not isinstance(value, str) or not value.strip():
            raise bad("claimreview-author", "expected the reviewing organisation's name")
        claimreview_author = value.strip()

    claimreview_url: str | None = None
    if "claimreview-url" in table:
        value = table["claimreview-url"]
        if not _is_web_url(value):
            raise bad("claimreview-url", f"expected an absolute http(s) URL, got {value!r}")
        claimreview_url = value

    return Config(
        file=file,
        claims=claims,
        fail_on=fail_on,
        exclude=exclude,
        thresholds=thresholds,
        show_unverified=show_unverified,
        as_of=as_of,
        claimreview_author=claimreview_author,
        claimreview_url=claimreview_url,
    )


def _is_web_url(value: object) -> bool:
    """Whether `value` is an absolute http(s) URL (a string with a host)."""
    from urllib.parse import urlsplit

    if not isinstance(value, str) or value != value.strip():
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    return type(value).__name__
