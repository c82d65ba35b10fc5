"""A table of general readings: (what is read, a sentence written for it, the verdict)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from abduction_facts.engine import Checker

Reading = tuple[str, str, str]


def reading_test(readings: Sequence[Reading], checker: Checker) -> Callable[[str, str, str], None]:
    """A test checking each reading's sentence gets its verdict (one case per reading)."""

    @pytest.mark.parametrize(
        ("reading", "sentence", "verdict"), readings, ids=[r for r, _, _ in readings]
    )
    def test_reading(reading: str, sentence: str, verdict: str) -> None:
        judgement = checker.judge(sentence)
        assert judgement.verdict.value == verdict, (reading, judgement.note)

    return test_reading
