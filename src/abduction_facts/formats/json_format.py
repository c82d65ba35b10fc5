"""`--format json`: the report document of CONTRACT.md (schema_version 1)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from abduction_facts.formats.common import dump_json_records, iter_json_records

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
        return dump_json_records(report.as_document(lazy_records=True), "results")

    def chunks(self, report: CheckReport) -> Iterator[str]:
        """The same text in pieces, so a large report is written as it is built."""
        return iter_json_records(report.as_document(lazy_records=True), "results")
