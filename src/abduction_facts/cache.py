"""A compiled claims base, cached on disk by content hash.

Loading claims.yaml means parsing YAML, validating every claim against its
source and building the matching index: about a third of a second.  A
one-statement check must not pay that on every run, so the prepared
`Checker` is pickled into the user's cache directory under a key made of
everything it depends on: the claims file, its sources, the gazetteer and the
engine's own code.  Anything changed gives another key; a damaged or foreign
file is ignored and rebuilt.

Writes are atomic (temporary file, then rename) so that concurrent runs
never read half a file.  Set FACTS_NO_CACHE=1 to bypass the cache, or
FACTS_CACHE_DIR to move it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Mapping
from pathlib import Path

from abduction_facts._version import __version__
from abduction_facts.engine import Checker

_FORMAT = 1
_ENGINE_MODULES = (
    "models.py",
    "text.py",
    "extract.py",
    "claims.py",
    "match.py",
    "verdict.py",
    "engine.py",
    "cache.py",
)
_PACKAGE = Path(__file__).parent


def cache_dir() -> Path:
    """Where compiled claims bases are kept."""
    explicit = os.environ.get("FACTS_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "abduction-facts"


def load_checker(
    path: str | Path | None = None, thresholds: Mapping[str, float] | None = None
) -> Checker:
    """A ready Checker for a claims file (the bundled one by default).

    Raises ClaimsFileError like `load_claims` when the file is invalid.
    """
    claims_path = Path(path) if path is not None else _PACKAGE / "data" / "claims.yaml"
    if os.environ.get("FACTS_NO_CACHE"):
        return _build(path, thresholds)
    key = _key(claims_path)
    if key is not None:
        checker = _read(key)
        if checker is not None:
            return checker.with_thresholds(thresholds)
    checker = _build(path, None)
    if key is not None:
        _write(key, checker)
    return checker.with_thresholds(thresholds)


def _build(path: str | Path | None, thresholds: Mapping[str, float] | None) -> Checker:
    from abduction_facts.claims import load_claims

    return Checker(load_claims(path), thresholds)


def _key(claims_path: Path) -> str | None:
    """Hash of everything the compiled base depends on; None if unreadable."""
    from abduction_facts.claims import MAX_CLAIMS_BYTES

    digest = hashlib.sha256(f"{_FORMAT}:{__version__}".encode())
    try:
        with claims_path.open("rb") as handle:
            claims = handle.read(MAX_CLAIMS_BYTES + 1)
        if len(claims) > MAX_CLAIMS_BYTES:
            return None  # the loader reports it
        digest.update(claims)
        sources = claims_path.parent / "sources"
        if sources.is_dir():
            # why: a source edited in place changes the verbatim check
            for source in sorted(sources.iterdir()):
                digest.update(source.name.encode())
                digest.update(source.read_bytes())
        for name in (*_ENGINE_MODULES, "data/places.yaml"):
            digest.update((_PACKAGE / name).read_bytes())
    except OSError:
        return None
    digest.update(str(claims_path.resolve()).encode())
    return digest.hexdigest()


def _read(key: str) -> Checker | None:
    path = cache_dir() / f"{key}.pickle"
    try:
        with path.open("rb") as handle:
            # our own cache file, written by _write below
            stored_key, checker = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return None
    except Exception:  # why: a damaged or foreign file must never stop a check
        return None
    if stored_key != key or not isinstance(checker, Checker):
        return None
    return checker


def _write(key: str, checker: Checker) -> None:
    directory = cache_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
    except OSError:
        return  # why: a read-only home or full disk only costs speed
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump((key, checker), out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, directory / f"{key}.pickle")
    except (OSError, pickle.PicklingError):
        Path(temporary).unlink(missing_ok=True)
