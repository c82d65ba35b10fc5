"""`check_sentences(..., workers=...)`: worker processes give the same results, in order.

An archive is judged by worker processes in batches while the main process
reads and splits it; a reader of the report must not be able to tell how
many processes judged it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from abduction_facts.claims import load_claims
from abduction_facts.engine import _BATCH, Checker
from abduction_facts.models import Verdict
from abduction_facts.segment import split_text

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(load_claims())


def _document() -> str:
    """Labelled statements, each its own paragraph, repeated past several batches."""
    lines = (ROOT / "tests" / "cases" / "devset.jsonl").read_text(encoding="utf-8").splitlines()
    statements = [json.loads(line)["text"] for line in lines if line.strip()]
    paragraphs = [
        f"{text}\nAn unrelated line about the weather {i}." for i, text in enumerate(statements)
    ]
    copies = 3 * _BATCH // (2 * len(paragraphs)) + 1
    return "\n\n".join(paragraphs * copies) + "\n"


@pytest.mark.parametrize("jobs", [2, 3])
def test_workers_give_the_sequential_results_in_order(checker: Checker, jobs: int) -> None:
    text = _document()
    alone = list(checker.check_sentences(split_text(text.splitlines(keepends=True)), "a.txt"))
    with checker.workers(jobs) as workers:
        shared = list(
            checker.check_sentences(
                split_text(text.splitlines(keepends=True)), "a.txt", workers=workers
            )
        )
        assert workers._pool is not None  # the processes did the judging
        again = list(workers.check(split_text(text.splitlines(keepends=True)), "b.txt"))
    assert workers._pool is None
    assert len(alone) > 2 * _BATCH
    assert shared == alone
    assert [r.judgement for r in again] == [r.judgement for r in alone]
    verdicts = {r.verdict for r in shared}
    assert verdicts == {Verdict.SUPPORTED, Verdict.CONTRADICTED, Verdict.UNVERIFIED}
    # the parent's own claim objects, not copies sent back by the workers
    own = {id(c) for c in checker.claims.claims}
    assert all(id(r.judgement.claim) in own for r in shared if r.judgement.claim is not None)


def test_short_inputs_are_judged_without_starting_processes(checker: Checker) -> None:
    text = "Japan has identified 13 abductees.\n" * (_BATCH + 5)
    with checker.workers(2) as workers:
        assert list(workers.check(iter(()), None)) == []
        results = list(workers.check(split_text(text.splitlines(keepends=True)), None))
        assert workers._pool is None
    assert len(results) == _BATCH + 5
    assert {r.verdict for r in results} == {Verdict.CONTRADICTED}


def test_repeated_sentences_are_judged_once_and_right(
    checker: Checker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sentences judged lately are not sent to the workers again; with a tiny
    memory (forgetting while batches are in flight) the results stay right."""
    from abduction_facts import engine

    monkeypatch.setattr(engine, "_SEEN_SIZE", 4)
    text = _document()
    alone = list(checker.check_sentences(split_text(text.splitlines(keepends=True)), None))
    with checker.workers(2) as workers:
        shared = list(workers.check(split_text(text.splitlines(keepends=True)), None))
        assert 0 < len(workers._known) <= 4
    assert shared == alone


def _die(texts: list[str]) -> list[None]:
    os._exit(3)  # a worker killed (out of memory, a signal)


def test_a_worker_that_dies_fails_the_run_instead_of_hanging(
    checker: Checker, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures.process import BrokenProcessPool

    from abduction_facts import engine

    monkeypatch.setattr(engine, "_judge_batch", _die)
    text = _document()
    with checker.workers(2) as workers, pytest.raises(BrokenProcessPool):
        list(workers.check(split_text(text.splitlines(keepends=True)), None))


def test_spawned_workers_give_the_same_results(
    checker: Checker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Off Linux the workers are spawned, and the checker is pickled over to them."""
    monkeypatch.setattr("sys.platform", "darwin")
    text = _document()
    alone = list(checker.check_sentences(split_text(text.splitlines(keepends=True)), None))
    with checker.workers(2) as workers:
        shared = list(workers.check(split_text(text.splitlines(keepends=True)), None))
        assert workers._pool is not None
        assert workers._pool._mp_context.get_start_method() == "spawn"
    assert shared == alone
