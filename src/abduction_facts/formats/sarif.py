"""`--format sarif`: SARIF 2.1.0 for code scanning (GitHub, GitLab, IDE viewers).

Choices a reader of the output may want to know:

- One SARIF result per contradicted sentence (level `error`) and per
  unverified sentence (level `note`, or `warning` with `--fail-on
  unverified`), and per disputed sentence (level `warning`, or `error` when
  `--fail-on` makes it fail). Supported sentences are not findings and are left out; their
  count is in `runs[0].properties.summary`.
- `artifactLocation.uri` is relative to the working directory (or
  `FormatOptions.base_dir`), with forward slashes and percent-encoding
  (`<stdin>` becomes `%3Cstdin%3E`); a file outside that directory gets an
  absolute `file://` URI.
- A statement given on the command line has no file: its result has a
  logical location named "statement" (kind "statement") and no region.
- Columns count Unicode code points (`columnKind`); `endColumn` is exclusive.
- `partialFingerprints["factsSentenceHash/v1"]` hashes the rule id, the URI
  and the sentence text (NFKC, case-folded, whitespace collapsed), plus
  ":<n>" counting identical sentences in the same file, so a finding keeps
  its fingerprint when lines are added above it.
- Skipped inputs and warnings become `toolExecutionNotifications`.

Same report, same options, same working directory: byte-identical output.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections import Counter
from pathlib import PureWindowsPath
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import quote

from abduction_facts._version import __version__
from abduction_facts.formats.common import dump_json, relative_path
from abduction_facts.models import Verdict
from abduction_facts.report import TOOL_NAME
from abduction_facts.rules import INFORMATION_URI, RULES, Rule, finding_message, rule_for

if TYPE_CHECKING:
    from abduction_facts.formats import FormatOptions
    from abduction_facts.report import CheckReport

SARIF_VERSION: Final = "2.1.0"
SARIF_SCHEMA_URI: Final = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
FINGERPRINT_KEY: Final = "factsSentenceHash/v1"
STATEMENT_LOCATION: Final = {"name": "statement", "kind": "statement"}

_DEFAULT_LEVELS: Final = {
    Verdict.CONTRADICTED: "error",
    Verdict.UNVERIFIED: "note",
    Verdict.SUPPORTED: "none",
    Verdict.DISPUTED: "warning",
}


def artifact_uri(path: str, base_dir: str | None = None) -> str:
    """A report path as a SARIF URI reference: relative, "/"-separated, percent-encoded."""
    posix = relative_path(path, base_dir)
    if posix.startswith("/"):
        return "file://" + quote(posix, safe="/")
    if os.name == "nt" and PureWindowsPath(posix).drive:  # C:/drafts → file:///C:/drafts
        return "file:///" + quote(posix, safe="/:")
    return quote(posix, safe="/")


def normalise_sentence(text: str) -> str:
    """The sentence as fingerprints see it: NFKC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def sentence_hash(rule_id: str, uri: str, text: str) -> str:
    """A hex digest of rule, location URI and normalised sentence (no line numbers)."""
    material = "\x00".join((rule_id, uri, normalise_sentence(text)))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]


def result_level(verdict: Verdict, options: FormatOptions) -> str:
    """SARIF level: contradicted is an error; unverified a note, or a warning when it
    fails; disputed a warning, or an error when it fails (`--fail-on disputed`)."""
    if verdict is Verdict.UNVERIFIED and options.fail_on.fails(Verdict.UNVERIFIED):
        return "warning"
    if verdict is Verdict.DISPUTED and options.fail_on.fails(Verdict.DISPUTED):
        return "error"
    return _DEFAULT_LEVELS[verdict]


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    """One `tool.driver.rules[]` entry (a SARIF reportingDescriptor)."""
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.short_description},
        "fullDescription": {"text": rule.full_description},
        "help": {
            "text": rule.help_text,
            "markdown": f"**{rule.title}** ({rule.verdict.value})\n\n{rule.help_text}",
        },
        "messageStrings": {"default": {"text": rule.message_template}},
        "defaultConfiguration": {"level": _DEFAULT_LEVELS[rule.verdict]},
        "properties": {"tags": ["fact-check", rule.verdict.value]},
    }


class SarifFormatter:
    """Builds one SARIF log with one run of `facts`."""

    def __init__(self, options: FormatOptions) -> None:
        self.options = options

    def format(self, report: CheckReport) -> str:
        """The SARIF log as indented JSON, ending with a newline."""
        return dump_json(self.document(report))

    def document(self, report: CheckReport) -> dict[str, Any]:
        """The SARIF log as plain data (what `format` dumps)."""
        rule_index = {rule.id: index for index, rule in enumerate(RULES)}
        seen: Counter[str] = Counter()
        results = []
        for record in report.as_records():
            verdict = Verdict(record["verdict"])
            if verdict is Verdict.SUPPORTED:
                continue
            rule = rule_for(verdict)
            results.append(self._result(record, rule, rule_index[rule.id], seen))
        invocation: dict[str, Any] = {"executionSuccessful": True}
        notifications = self._notifications(report)
        if notifications:
            invocation["toolExecutionNotifications"] = notifications
        run: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": TOOL_NAME,
                    "version": __version__,
                    "semanticVersion": __version__,
                    "informationUri": INFORMATION_URI,
                    "rules": [rule_descriptor(rule) for rule in RULES],
                }
            },
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {
                "claimsFile": report.claims_file,
                "claimsCount": report.claims_count,
                "summary": report.summary(),
            },
        }
        return {"$schema": SARIF_SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}

    def _result(
        self, record: dict[str, Any], rule: Rule, index: int, seen: Counter[str]
    ) -> dict[str, Any]:
        path = record["path"]
        uri = artifact_uri(path, self.options.base_dir) if path is not None else ""
        digest = sentence_hash(rule.id, uri, record["text"])
        seen[digest] += 1
        location: dict[str, Any]
        if path is None:
            location = {"logicalLocations": [dict(STATEMENT_LOCATION)]}
        else:
            location = {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {
                        "startLine": record["line"],
                        "startColumn": record["column"],
                        "endLine": record["end_line"],
                        "endColumn": record["end_column"],
                        "snippet": {"text": record["text"]},
                    },
                }
            }
        return {
            "ruleId": rule.id,
            "ruleIndex": index,
            "level": result_level(rule.verdict, self.options),
            "message": {"text": finding_message(record)},
            "locations": [location],
            "partialFingerprints": {FINGERPRINT_KEY: f"{digest}:{seen[digest]}"},
            "properties": {
                key: record[key]
                for key in ("verdict", "score", "claim", "source", "passage", "conflicts")
            }
            | {
                key: record[key]
                for key in ("evidence", "disputed_by", "nearest", "not_covered", "note", "as_of")
                if key in record
            },
        }

    def _notifications(self, report: CheckReport) -> list[dict[str, Any]]:
        notifications: list[dict[str, Any]] = []
        for skipped in report.skipped:
            notifications.append(
                {
                    "level": "warning",
                    "message": {"text": f"skipped {skipped.path}: {skipped.reason}"},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {
                                    "uri": artifact_uri(skipped.path, self.options.base_dir)
                                }
                            }
                        }
                    ],
                }
            )
        notifications.extend(
            {"level": "warning", "message": {"text": warning}} for warning in report.warnings
        )
        return notifications
