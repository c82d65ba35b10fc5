"""`--format json`: the report document of CONTRACT.md (schema_version 1)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from abduction_facts.formats.common import (
    compact_json,
    iter_json_records,
    json_string,
)
from abduction_facts.models import UNVERIFIED, Result, Verdict
from abduction_facts.report import result_record

if TYPE_CHECKING:
    from abduction_facts.formats import FormatOptions
    from abduction_facts.report import CheckReport


class JsonFormatter:
    """Writes `report.as_document()` as UTF-8 JSON, one result per line.

    Every result is included whatever the options say: filtering is for
    people, and scripts need every sentence in document order.
    """

    def __init__(self, options: FormatOptions) -> None:
        self.options = options

    def format(self, report: CheckReport) -> str:
        """The JSON document, keys in contract order, ending with a newline."""
        return "".join(self.chunks(report))

    def chunks(self, report: CheckReport) -> Iterator[str]:
        """The same text in pieces, so a large report is written as it is built."""
        document = {**report.document_head(), "results": report.results}
        return iter_json_records(document, "results", _RecordEncoder(), report.document_tail)


class _RecordEncoder:
    """A result as its one-line JSON record, byte for byte as `compact_json(result_record(r))`.

    why: most results of an archive sweep are unverified, with nothing but a
    position and the text; writing them from a template is several times
    faster than building and encoding a dict.
    """

    def __init__(self) -> None:
        self._paths: dict[str | None, str] = {}

    def __call__(self, result: Result) -> str:
        j = result.judgement
        if j is not UNVERIFIED and (
            j.verdict is not Verdict.UNVERIFIED
            or j.claim is not None
            or j.conflicts
            or j.not_covered
            or j.note
            or j.nearest is not None
        ):
            return compact_json(result_record(result))
        path = self._paths.get(result.path)
        if path is None:
            path = self._paths[result.path] = compact_json(result.path)
        span = result.span
        tail = _UNVERIFIED_TAIL if j is UNVERIFIED else _unverified_tail(j.score)
        if result.as_of is not None:
            tail = f'{tail[:-1]}, "as_of": {json_string(result.as_of)}}}'
        return (
            f'{{"path": {path}, "line": {span.line:d}, "column": {span.column:d}, '
            f'"end_line": {span.end_line:d}, "end_column": {span.end_column:d}, '
            f'"text": {json_string(result.text)}, {tail}'
        )


def _unverified_tail(score: float) -> str:
    """A plain unverified record after its text."""
    return (
        f'"verdict": "unverified", "score": {round(score, 1)!r}, "claim": null, '
        '"source": null, "passage": null, "conflicts": [], "evidence": []}'
    )


_UNVERIFIED_TAIL = _unverified_tail(UNVERIFIED.score)
