"""A finished check as plain records: the one serialisation every format uses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from abduction_facts._version import __version__
from abduction_facts.models import Result, Verdict

SCHEMA_VERSION = 1
TOOL_NAME = "facts"


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that was not checked (binary file, unreadable), and why."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class CheckReport:
    """Every result of one `facts check` run, in input order."""

    results: Sequence[Result]
    claims_file: str
    claims_count: int
    skipped: Sequence[Skipped] = field(default_factory=tuple)
    warnings: Sequence[str] = field(default_factory=tuple)
    # why: a text report may leave unverified results out and only count them
    uncounted_unverified: int = 0

    def summary(self) -> dict[str, int]:
        """Counts of sentences by verdict."""
        counts = {v.value: 0 for v in Verdict}
        for result in self.results:
            counts[result.verdict.value] += 1
        counts[Verdict.UNVERIFIED.value] += self.uncounted_unverified
        return {"sentences": len(self.results) + self.uncounted_unverified, **counts}

    def as_records(self) -> list[dict[str, Any]]:
        """One plain dict per result, as in the JSON contract."""
        return [result_record(r) for r in self.results]

    def as_document(self, *, lazy_records: bool = False) -> dict[str, Any]:
        """The whole JSON report (schema_version 1).

        With `lazy_records`, "results" is a generator of records, so that a
        writer can turn them into text one at a time (memory).
        """
        records: Any = (
            (result_record(r) for r in self.results) if lazy_records else self.as_records()
        )
        doc: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": TOOL_NAME, "version": __version__},
            "claims_file": self.claims_file,
            "claims_count": self.claims_count,
            "results": records,
            "summary": self.summary(),
        }
        if self.skipped:
            doc["skipped"] = [{"path": s.path, "reason": s.reason} for s in self.skipped]
        return doc


def result_record(result: Result) -> dict[str, Any]:
    """One result as a plain dict (CONTRACT.md, JSON `results[]`)."""
    j = result.judgement
    claim = j.claim
    record: dict[str, Any] = {
        "path": result.path,
        "line": result.span.line,
        "column": result.span.column,
        "end_line": result.span.end_line,
        "end_column": result.span.end_column,
        "text": result.text,
        "verdict": j.verdict.value,
        "score": round(j.score, 1),
        "claim": claim.as_reference() if claim else None,
        "source": claim.source.as_record() if claim else None,
        "passage": claim.passage if claim else None,
        "conflicts": [c.as_record() for c in j.conflicts],
    }
    if j.not_covered:
        record["not_covered"] = list(j.not_covered)
    if j.note:
        record["note"] = j.note
    return record
