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

import os
import pickle
from collections.abc import Mapping
from contextlib import suppress
from typing import TYPE_CHECKING

from abduction_facts._version import __version__
from abduction_facts.engine import Checker

try:
    # why: `import hashlib` loads OpenSSL (~4 ms of a one-statement check);
    # CPython's own BLAKE2 module hashes as well without it.
    from _blake2 import blake2b as _hash
except ImportError:  # pragma: no cover - an interpreter built without it
    from hashlib import blake2b as _hash

if TYPE_CHECKING:
    from pathlib import Path

_FORMAT = 2
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
_PACKAGE = os.path.dirname(os.path.abspath(__file__))
# why: claims files are tens of kilobytes; only a larger one pays for importing
# the loader (for its size limit) while the key is computed.
_SMALL_CLAIMS_BYTES = 1024 * 1024


def cache_dir() -> Path:
    """Where compiled claims bases are kept."""
    from pathlib import Path

    return Path(_cache_dir())


def _cache_dir() -> str:
    explicit = os.environ.get("FACTS_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "abduction-facts")


def load_checker(
    path: str | Path | None = None, thresholds: Mapping[str, float] | None = None
) -> Checker:
    """A ready Checker for a claims file (the bundled one by default).

    Raises ClaimsFileError like `load_claims` when the file is invalid.
    """
    if os.environ.get("FACTS_NO_CACHE"):
        return _build(path, thresholds)
    claims_path = os.fspath(path) if path is not None else _bundled_claims()
    key = _key(claims_path)
    if key is not None:
        checker = _read(key)
        if checker is not None:
            return checker.with_thresholds(thresholds)
    checker = _build(path, None)
    if key is not None:
        _write(key, checker)
    return checker.with_thresholds(thresholds)


def _bundled_claims() -> str:
    return os.path.join(_PACKAGE, "data", "claims.yaml")


def _build(path: str | Path | None, thresholds: Mapping[str, float] | None) -> Checker:
    from abduction_facts.claims import load_claims

    return Checker(load_claims(path), thresholds)


def _key(claims_path: str) -> str | None:
    """Hash of everything the compiled base depends on; None if unreadable."""
    digest = _hash(f"{_FORMAT}:{__version__}".encode(), digest_size=32)
    try:
        with open(claims_path, "rb") as handle:
            claims = handle.read(_SMALL_CLAIMS_BYTES + 1)
            if len(claims) > _SMALL_CLAIMS_BYTES:
                from abduction_facts.claims import MAX_CLAIMS_BYTES

                claims += handle.read(max(MAX_CLAIMS_BYTES + 1 - len(claims), 0))
                if len(claims) > MAX_CLAIMS_BYTES:
                    return None  # the loader reports it
        digest.update(claims)
        sources = os.path.join(os.path.dirname(claims_path), "sources")
        if os.path.isdir(sources):
            # why: a source edited in place changes the verbatim check
            for name in sorted(os.listdir(sources)):
                digest.update(name.encode())
                digest.update(_read_bytes(os.path.join(sources, name)))
        for name in (*_ENGINE_MODULES, "data/places.yaml"):
            digest.update(_read_bytes(os.path.join(_PACKAGE, name)))
    except OSError:
        return None
    digest.update(os.path.realpath(claims_path).encode())
    return digest.hexdigest()


def _read_bytes(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _read(key: str) -> Checker | None:
    path = os.path.join(_cache_dir(), f"{key}.pickle")
    try:
        with open(path, "rb") as handle:
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
    import tempfile

    directory = _cache_dir()
    try:
        os.makedirs(directory, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
    except OSError:
        return  # why: a read-only home or full disk only costs speed
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump((key, checker), out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, os.path.join(directory, f"{key}.pickle"))
    except (OSError, pickle.PicklingError):
        with suppress(FileNotFoundError):
            os.unlink(temporary)
