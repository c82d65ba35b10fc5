"""The compiled claims cache: same verdicts, rebuilt when anything changes, never fatal."""

from __future__ import annotations

import shutil
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
