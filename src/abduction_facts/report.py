"""A finished check as plain records: the one serialisation every format uses."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from abduction_facts._version import __version__
from abduction_facts.models import Claim, Dispute, Result, Verdict

SCHEMA_VERSION = 1
TOOL_NAME = "facts"


# why: the bundled base's real path is somewhere in site-packages, different on
# every machine; a report names it by this word so it stays comparable.
BUNDLED_CLAIMS_NAME = "bundled"


def claims_file_name(path: str | os.PathLike[str] | None, cwd: str | None = None) -> str:
    """How a report names the claims file it was checked against.

    "bundled" for the bundled base (None); a relative path as it was given;
    an absolute one relative to the working directory when inside it (a
    configured `claims:` is resolved against its configuration file), else
    as it is.
    """
    if path is None:
        return BUNDLED_CLAIMS_NAME
    name = os.fspath(path)
    if not os.path.isabs(name):
        return name
    cwd = cwd if cwd is not None else os.getcwd()
    try:
        relative = os.path.relpath(name, cwd)
    except ValueError:  # pragma: no cover - another drive on Windows
        return name
    return name if relative == os.pardir or relative.startswith(os.pardir + os.sep) else relative


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that was not checked (binary file, unreadable), and why."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class DraftInfo:
    """What a draft says about itself in its front matter: who wrote it, its
    title and where it is published (an absolute http(s) URL), when known."""

    authors: tuple[str, ...] = ()
    title: str | None = None
    url: str | None = None


class ResultStream:
    """Results to be read once, as they are judged, counted on the way.

    why: a JSON report of an archive is written while its sentences are
    judged; keeping every result until the end would grow memory with the
    input. The counts are complete once the stream has been read.
    """

    def __init__(self, results: Iterable[Result]) -> None:
        self._results: Iterable[Result] | None = results
        self.counts = {v.value: 0 for v in Verdict}

    def __iter__(self) -> Iterator[Result]:
        results, self._results = self._results, None
        if results is None:
            raise RuntimeError("a ResultStream can be read only once")
        counts = self.counts
        for result in results:
            counts[result.judgement.verdict.value] += 1
            yield result


@dataclass(frozen=True, slots=True)
class CheckReport:
    """Every result of one `facts check` run, in input order.

    `results` may be a `ResultStream` (JSON only): then `summary()` and the
    lists of skipped inputs and warnings are complete once it has been read.
    `drafts` holds what the front matter of each checked Markdown document
    says about it, by the `path` its results carry (filled for formats that
    show it, such as ClaimReview).
    """

    results: Sequence[Result] | ResultStream
    claims_file: str  # as `claims_file_name` gives it
    claims_count: int
    skipped: Sequence[Skipped] = field(default_factory=tuple)
    warnings: Sequence[str] = field(default_factory=tuple)
    drafts: Mapping[str, DraftInfo] = field(default_factory=dict)

    def summary(self) -> dict[str, int]:
        """Counts of sentences by verdict."""
        if isinstance(self.results, ResultStream):
            counts = dict(self.results.counts)
        else:
            counts = {v.value: 0 for v in Verdict}
            for result in self.results:
                counts[result.verdict.value] += 1
        if not counts[Verdict.DISPUTED.value]:
            # why: added with the verdict; a report without one reads as before
            del counts[Verdict.DISPUTED.value]
        return {"sentences": sum(counts.values()), **counts}

    def as_records(self) -> list[dict[str, Any]]:
        """One plain dict per result, as in the JSON contract."""
        return [result_record(r) for r in self.results]

    def as_document(self) -> dict[str, Any]:
        """The whole JSON report (schema_version 1)."""
        return {**self.document_head(), "results": self.as_records(), **self.document_tail()}

    def document_head(self) -> dict[str, Any]:
        """The JSON report's keys before "results"."""
        return {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": TOOL_NAME, "version": __version__},
            "claims_file": self.claims_file,
            "claims_count": self.claims_count,
        }

    def document_tail(self) -> dict[str, Any]:
        """The JSON report's keys after "results" (for a stream: once it is read)."""
        tail: dict[str, Any] = {"summary": self.summary()}
        if self.skipped:
            tail["skipped"] = [{"path": s.path, "reason": s.reason} for s in self.skipped]
        return tail


def evidence_record(claim: Claim) -> dict[str, Any]:
    """One claim a verdict rests on: the claim, its source and its verbatim passage."""
    return {
        "claim": claim.as_reference(),
        "source": claim.source.as_record(),
        "passage": claim.passage,
    }


def dispute_record(dispute: Dispute) -> dict[str, Any]:
    """A claim of another source that gives another value, and what differs."""
    return {
        **evidence_record(dispute.other),
        "conflicts": [c.as_record() for c in dispute.conflicts],
    }


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
        "evidence": [evidence_record(c) for c in j.claims_used],
    }
    if j.disputed_by:
        record["disputed_by"] = [dispute_record(d) for d in j.disputed_by]
    if j.nearest is not None:
        record["nearest"] = {**evidence_record(j.nearest), "why": j.note}
    if j.not_covered:
        record["not_covered"] = list(j.not_covered)
    if j.note:
        record["note"] = j.note
    if result.as_of is not None:
        record["as_of"] = result.as_of
    return record
