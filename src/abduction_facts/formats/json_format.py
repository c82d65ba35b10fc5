"""`--format json`: the report document of CONTRACT.md (schema_version 1)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from abduction_facts.formats.common import dump_json

if TYPE_CHECKING:
    from abduction_facts.formats import FormatOptions
    from abduction_facts.report import CheckReport


class JsonFormatter:
    """Writes `report.as_document()` as indented UTF-8 JSON.

    Every result is included whatever the options say: filtering is for
    people, and scripts need every sentence in document order.
    """

    def __init__(self, options: FormatOptions) -> None:
        self.options = options

    def format(self, report: CheckReport) -> str:
        """The JSON document, keys in contract order, ending with a newline."""
        return dump_json(report.as_document())
