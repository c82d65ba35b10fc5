"""The compiled claims cache: same verdicts, rebuilt when anything changes, never fatal."""

from __future__ import annotations

import os
import pickle
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from abduction_facts import cache
from abduction_facts.cache import load_checker
from abduction_facts.claims import BUNDLED_CLAIMS
from abduction_facts.errors import ClaimsFileError

STATEMENT = "Japan has identified 13 abductees."


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("FACTS_CACHE_DIR", str(directory))
    monkeypatch.delenv("FACTS_NO_CACHE", raising=False)
    # why: in a checkout someone is editing, the engine's files change under the
    # test run, and rightly nothing is stored then (tested on its own below)
    monkeypatch.setattr(cache, "_IMPORTED_NS", time.time_ns() + 10**15, raising=False)
    return directory


@pytest.fixture
def claims_copy(tmp_path: Path) -> Path:
    target = tmp_path / "base"
    shutil.copytree(BUNDLED_CLAIMS.parent, target, ignore=shutil.ignore_patterns("*.json"))
    return target / "claims.yaml"


def _verdicts(path: Path | None) -> list[str]:
    checker = load_checker(path)
    return [checker.judge(STATEMENT).verdict.value, checker.judge("It rained.").verdict.value]


def test_second_load_reads_the_cache_and_agrees(cache_dir: Path, claims_copy: Path) -> None:
    first = _verdicts(claims_copy)
    assert len(list(cache_dir.glob("*.pickle"))) == 1
    assert _verdicts(claims_copy) == first == ["contradicted", "unverified"]


def test_editing_the_claims_file_rebuilds(cache_dir: Path, claims_copy: Path) -> None:
    _verdicts(claims_copy)
    text = claims_copy.read_text(encoding="utf-8")
    claims_copy.write_text(text.replace('value: "17", text: "17"', 'value: "17", text: "17" '))
    _verdicts(claims_copy)
    assert len(list(cache_dir.glob("*.pickle"))) == 2


def test_a_broken_edit_is_still_reported(cache_dir: Path, claims_copy: Path) -> None:
    _verdicts(claims_copy)
    claims_copy.write_text("claims: [", encoding="utf-8")
    with pytest.raises(ClaimsFileError):
        load_checker(claims_copy)


def test_a_damaged_cache_file_is_ignored(cache_dir: Path, claims_copy: Path) -> None:
    _verdicts(claims_copy)
    for pickled in cache_dir.glob("*.pickle"):
        pickled.write_bytes(b"not a pickle")
    assert _verdicts(claims_copy) == ["contradicted", "unverified"]


def test_an_unwritable_cache_only_costs_speed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, claims_copy: Path
) -> None:
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("FACTS_CACHE_DIR", str(blocker / "cache"))
    assert _verdicts(claims_copy) == ["contradicted", "unverified"]


def test_no_cache_switch(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTS_NO_CACHE", "1")
    assert _verdicts(None)[0] == "contradicted"
    assert not cache_dir.exists()


def test_thresholds_do_not_leak_into_the_cached_checker(cache_dir: Path) -> None:
    strict = load_checker(None, {"support": 101.0, "contradict": 101.0})
    assert strict.judge(STATEMENT).verdict.value == "unverified"
    assert load_checker(None).judge(STATEMENT).verdict.value == "contradicted"


def test_cache_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("FACTS_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "abduction-facts"


def test_a_large_claims_file_is_hashed_whole(
    claims_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from abduction_facts import claims

    small = cache._key(str(claims_copy))
    monkeypatch.setattr(cache, "_SMALL_CLAIMS_BYTES", 10)
    assert cache._key(str(claims_copy)) == small is not None
    monkeypatch.setattr(claims, "MAX_CLAIMS_BYTES", 20)
    assert cache._key(str(claims_copy)) is None  # the loader reports it as too large


def test_records_pickle_back_equal() -> None:
    """Models pickle as constructor calls (fast to load); copies are equal and still frozen."""
    import copy
    import dataclasses
    import pickle

    from abduction_facts.claims import load_claims
    from abduction_facts.models import Conflict, FactType, Judgement, Result, Span, Verdict

    base = load_claims()
    claim = base.claims[0]
    result = Result(
        "a.md",
        Span(1, 2, 3, 4),
        "Text.",
        Judgement(Verdict.CONTRADICTED, 90.0, claim, (Conflict(FactType.NUMBER, "13", "17"),)),
    )
    for record in (base, claim, claim.source, claim.facts[0], base.entities[0], result):
        for twin in (pickle.loads(pickle.dumps(record)), copy.copy(record)):
            assert twin == record
            assert type(twin) is type(record)
            with pytest.raises(dataclasses.FrozenInstanceError):
                twin.__setattr__(dataclasses.fields(twin)[0].name, None)


# --- issue 15: the cache must not run code -----------------------------------------------

LOGGER = "abduction_facts.cache"


@pytest.fixture(autouse=True)
def key_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the signing key lives in these tests (never the user's own)."""
    home = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(home))
    return home


class _CreatesMarker:
    """Unpickling this opens (so creates) the marker file: a stand-in for any code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


def _counting_builds(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Record every compile of a claims base, so a test can tell a cache read from a rebuild."""
    builds: list[object] = []
    build = cache._build

    def counted(*args: object, **kwargs: object) -> object:
        builds.append(args)
        return build(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cache, "_build", counted)
    return builds


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER]


def test_a_planted_pickle_is_never_run(cache_dir: Path, claims_copy: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    cache_dir.mkdir(mode=0o700)
    planted = cache_dir / f"{cache._key(str(claims_copy))}.pickle"
    planted.write_bytes(pickle.dumps(_CreatesMarker(marker)))
    planted.chmod(0o600)
    assert _verdicts(claims_copy) == ["contradicted", "unverified"]
    assert not marker.exists()
    assert _verdicts(claims_copy) == ["contradicted", "unverified"]
    assert not marker.exists()


def test_a_cache_signed_with_another_key_is_not_trusted(
    cache_dir: Path, claims_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _verdicts(claims_copy)  # a cache file signed with this user's key
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "someone-else"))
    builds = _counting_builds(monkeypatch)
    assert _verdicts(claims_copy) == ["contradicted", "unverified"]
    assert len(builds) == 1


def test_the_signing_key_is_private_and_a_shared_one_refused(
    cache_dir: Path,
    claims_copy: Path,
    key_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _verdicts(claims_copy)
    (key,) = (key_home / "abduction-facts").iterdir()
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert key.stat().st_size >= 32
    key.chmod(0o644)
    builds = _counting_builds(monkeypatch)
    assert _verdicts(claims_copy) == ["contradicted", "unverified"]
    assert len(builds) == 1
    assert len(_warnings(caplog)) == 1
    assert str(key) in _warnings(caplog)[0]


def test_a_world_writable_cache_directory_is_refused(
    cache_dir: Path, claims_copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache_dir.mkdir()
    cache_dir.chmod(0o777)
    assert _verdicts(claims_copy) == ["contradicted", "unverified"]
    assert list(cache_dir.iterdir()) == []
    (message,) = _warnings(caplog)
    assert str(cache_dir) in message
    assert "\n" not in message


def test_a_world_writable_cache_directory_gives_one_warning_line_in_the_cli(
    tmp_path: Path,
) -> None:
    directory = tmp_path / "shared-cache"
    directory.mkdir()
    directory.chmod(0o777)
    env = {
        **os.environ,
        "FACTS_CACHE_DIR": str(directory),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "NO_COLOR": "1",
    }
    env.pop("FACTS_NO_CACHE", None)
    facts = Path(sys.executable).parent / "facts"
    run = subprocess.run(
        [str(facts), "check", STATEMENT], env=env, capture_output=True, text=True, check=False
    )
    assert run.returncode == 1, run.stderr  # contradicted
    assert "13" in run.stdout
    assert "17" in run.stdout
    (line,) = run.stderr.splitlines()
    assert line.startswith("warning: ")
    assert str(directory) in line
    assert list(directory.iterdir()) == []


def test_a_group_writable_cache_file_is_refused(
    cache_dir: Path,
    claims_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _verdicts(claims_copy)
    (pickled,) = cache_dir.glob("*.pickle")
    pickled.chmod(0o660)
    builds = _counting_builds(monkeypatch)
    assert _verdicts(claims_copy) == ["contradicted", "unverified"]
    assert len(builds) == 1
    (message,) = _warnings(caplog)
    assert str(pickled) in message


def test_a_cache_directory_owned_by_another_user_is_refused(
    cache_dir: Path,
    claims_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _verdicts(claims_copy)
    builds = _counting_builds(monkeypatch)
    someone_else = os.getuid() + 1
    monkeypatch.setattr(os, "getuid", lambda: someone_else)
    assert _verdicts(claims_copy) == ["contradicted", "unverified"]
    assert len(builds) == 1
    assert len(_warnings(caplog)) == 1


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_a_cache_file_owned_by_another_user_is_refused(
    cache_dir: Path,
    claims_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _verdicts(claims_copy)
    (pickled,) = cache_dir.glob("*.pickle")
    os.chown(pickled, 65534, -1)
    builds = _counting_builds(monkeypatch)
    assert _verdicts(claims_copy) == ["contradicted", "unverified"]
    assert len(builds) == 1
    (message,) = _warnings(caplog)
    assert str(pickled) in message


def test_old_cache_files_are_pruned(cache_dir: Path, claims_copy: Path) -> None:
    cache_dir.mkdir(mode=0o700)
    old = [cache_dir / f"{n:064x}.pickle" for n in range(5)]
    for age, path in enumerate(old):
        path.write_bytes(b"an old build")
        stamp = time.time() - 3600 * (age + 1)
        os.utime(path, (stamp, stamp))
    unrelated = cache_dir / "README.txt"
    unrelated.write_text("not ours", encoding="utf-8")
    crashed, writing = cache_dir / "tmpab12cd.tmp", cache_dir / ".123-ab12cd.tmp"
    for leftover in (crashed, writing):
        leftover.write_bytes(b"half a build")
    os.utime(crashed, (time.time() - 86400, time.time() - 86400))
    _verdicts(claims_copy)
    current = cache_dir / f"{cache._key(str(claims_copy))}.pickle"
    kept = set(cache_dir.glob("*.pickle"))
    assert current in kept
    assert kept == {current, *old[:2]}  # the newest ones
    assert unrelated.exists()
    assert not crashed.exists()
    assert writing.exists()  # another run may be writing it


_BUILDER = """
import os, sys, time
from abduction_facts import cache
from abduction_facts.cache import load_checker
cache._IMPORTED_NS = time.time_ns() + 10**15  # as in the cache_dir fixture
go = sys.argv[2]
while not os.path.exists(go):
    time.sleep(0.002)
print(load_checker(sys.argv[1]).judge(sys.argv[3]).verdict.value)
"""


def test_concurrent_builders_leave_one_valid_cache(
    cache_dir: Path,
    claims_copy: Path,
    key_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    go = tmp_path / "go"
    env = {**os.environ, "FACTS_CACHE_DIR": str(cache_dir), "XDG_STATE_HOME": str(key_home)}
    builders = [
        subprocess.Popen(
            [sys.executable, "-c", _BUILDER, str(claims_copy), str(go), STATEMENT],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    time.sleep(0.5)  # let them all import, then start them together
    go.touch()
    for builder in builders:
        out, err = builder.communicate(timeout=120)
        assert (builder.returncode, out.strip(), err) == (0, "contradicted", "")
    assert [p.name for p in cache_dir.iterdir()] == [f"{cache._key(str(claims_copy))}.pickle"]
    (key,) = (key_home / "abduction-facts").iterdir()
    assert stat.S_IMODE(key.stat().st_mode) == 0o600

    def no_build(*args: object, **kwargs: object) -> None:
        raise AssertionError("the cache written by the builders was not used")

    monkeypatch.setattr(cache, "_build", no_build)
    assert _verdicts(claims_copy) == ["contradicted", "unverified"]


def test_a_base_built_before_the_code_changed_is_not_stored(
    cache_dir: Path, claims_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "_IMPORTED_NS", 0)  # every engine file is newer than the code run
    assert _verdicts(claims_copy) == ["contradicted", "unverified"]
    assert list(cache_dir.glob("*.pickle")) == []
    monkeypatch.setattr(cache, "_IMPORTED_NS", time.time_ns())
    _verdicts(claims_copy)
    assert len(list(cache_dir.glob("*.pickle"))) == 1
