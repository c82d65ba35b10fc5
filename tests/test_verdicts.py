"""Verdict cases, one test each.

Cases come from tests/cases/devset.jsonl (the shared devset), the YAML files
under tests/cases/verdicts/ and the held-out JSONL sets under
tests/cases/heldout/ (both written from the source articles alone, without
seeing the claims base).  A case: {name, text, verdict, evidence?, conflicts?,
found?, expected?}.  tests/cases/known_limitations.yaml maps a case name to
the reason it is a known miss; those xfails are strict, so a fix shows up as a
failure until its entry is removed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from abduction_facts.claims import load_claims
from abduction_facts.engine import Checker
from abduction_facts.models import Verdict

CASES = Path(__file__).parent / "cases"
CHECKER = Checker(load_claims())


def _jsonl_cases(path: Path) -> list[dict[str, Any]]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            row = json.loads(line)
            row["name"] = f"{path.stem}-{number}-{row['kind']}"
            row["verdict"] = row.pop("label")
            cases.append(row)
    return cases


def _load_cases() -> list[Any]:
    cases = _jsonl_cases(CASES / "devset.jsonl")
    for path in sorted((CASES / "verdicts").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            case["name"] = f"{path.stem}-{case['name']}"
            cases.append(case)
    for path in sorted((CASES / "heldout").glob("*.jsonl")):
        cases.extend(_jsonl_cases(path))
    known = yaml.safe_load((CASES / "known_limitations.yaml").read_text(encoding="utf-8")) or {}
    stale = set(known) - {c["name"] for c in cases}
    assert not stale, f"known_limitations.yaml names no such case: {sorted(stale)}"
    params = []
    for case in cases:
        reason = known.get(case["name"])
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        params.append(pytest.param(case, id=case["name"], marks=marks))
    return params


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "'"))


def _cites(passage: str, evidence: str, source_text: str) -> bool:
    """The cited passage is the evidence, contains it, or overlaps it in the source."""
    if evidence in passage or passage in evidence:
        return True
    p, e = source_text.find(passage), source_text.find(evidence)
    if p >= 0 and e >= 0 and p < e + len(evidence) and e < p + len(passage):
        return True
    words, in_passage = _words(evidence), set(_words(passage))
    return bool(words) and sum(w in in_passage for w in words) / len(words) >= 0.8


@pytest.mark.parametrize("case", _load_cases())
def test_verdict(case: dict[str, Any]) -> None:
    judgement = CHECKER.judge(case["text"])
    described = (
        f"{judgement.verdict.value} via {judgement.claim.id if judgement.claim else None}"
        f" conflicts={[c.as_record() for c in judgement.conflicts]} note={judgement.note!r}"
    )
    assert judgement.verdict is Verdict(case["verdict"]), described
    if judgement.verdict is Verdict.UNVERIFIED:
        assert judgement.claim is None
        return
    assert judgement.claim is not None
    if case.get("evidence"):
        source_text = judgement.claim.source.text
        assert _cites(judgement.claim.passage, case["evidence"], source_text), (
            f"cited {judgement.claim.passage!r}"
        )
    if judgement.verdict is Verdict.CONTRADICTED:
        kinds = {str(c.kind) for c in judgement.conflicts}
        for kind in case.get("conflicts") or []:
            assert kind in kinds, described
        found = (case.get("found") or "").lower()
        expected = (case.get("expected") or "").lower()
        assert not found or any(found in c.found.lower() for c in judgement.conflicts), described
        assert not expected or any(
            expected in c.expected.lower() or c.expected.lower() in expected
            for c in judgement.conflicts
        ), described
    else:
        assert judgement.conflicts == ()
