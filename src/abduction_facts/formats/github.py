"""`--format github`: GitHub Actions workflow commands, and the job step summary.

One annotation per finding: `::error` for a contradicted sentence,
`::notice` for an unverified one (`::warning` with `--fail-on unverified`),
nothing for a supported one. GitHub shows at most 10 annotations of a kind
per step, so `step_summary_markdown` lists every finding in a table; the CLI
appends it to `$GITHUB_STEP_SUMMARY` with `write_step_summary`.

Draft text can never inject a workflow command: `github_command` escapes
`%`, CR and LF in the message (and `:` and `,` in properties), so each
annotation is exactly one line, and terminal controls are made visible.
`endColumn` is exclusive, as in SARIF.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from abduction_facts.formats import FormatOptions
from abduction_facts.formats.common import (
    quoted_passage,
    relative_path,
    safe_text,
    summary_line,
)
from abduction_facts.models import Verdict
from abduction_facts.report import TOOL_NAME
from abduction_facts.rules import (
    conflicts_phrase,
    finding_message,
    rule_for,
    source_citation,
)

if TYPE_CHECKING:
    from abduction_facts.report import CheckReport

_COMMAND_NAME: Final = re.compile(r"[a-z][a-z-]*\Z")
_PROPERTY_NAME: Final = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")

_DATA_ESCAPES: Final = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A"})
_PROPERTY_ESCAPES: Final = str.maketrans(
    {"%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"}
)


def escape_data(value: str) -> str:
    """A workflow command's message, escaped: `%` → %25, CR → %0D, LF → %0A."""
    return value.translate(_DATA_ESCAPES)


def escape_property(value: str) -> str:
    """A workflow command property, escaped like data and also `:` → %3A, `,` → %2C."""
    return value.translate(_PROPERTY_ESCAPES)


def github_command(kind: str, message: str, **properties: str | int | None) -> str:
    """One workflow command line, e.g. `::error file=a.md,line=3,title=FACT001 …::message`.

    Properties keep their keyword order; None values are left out. Terminal
    controls in the message and properties are made visible (ESC → ␛), then
    everything is escaped, so the result is one line whatever the input.
    Raises ValueError for a command or property name that is not a plain word.
    """
    if not _COMMAND_NAME.match(kind):
        raise ValueError(f"not a workflow command name: {kind!r}")
    rendered = []
    for name, value in properties.items():
        if value is None:
            continue
        if not _PROPERTY_NAME.match(name):
            raise ValueError(f"not a workflow command property name: {name!r}")
        rendered.append(f"{name}={escape_property(safe_text(str(value), keep_newlines=True))}")
    head = f"::{kind} {','.join(rendered)}" if rendered else f"::{kind}"
    return f"{head}::{escape_data(safe_text(message, keep_newlines=True))}"


def annotation_kind(verdict: Verdict, options: FormatOptions) -> str | None:
    """`error`, `warning` or `notice` for a verdict, or None when it is no finding."""
    if verdict is Verdict.CONTRADICTED:
        return "error"
    if verdict is Verdict.UNVERIFIED:
        return "warning" if options.fail_on.fails(Verdict.UNVERIFIED) else "notice"
    if verdict is Verdict.DISPUTED:
        return "error" if options.fail_on.fails(Verdict.DISPUTED) else "warning"
    return None


def finding_headline(record: Mapping[str, Any]) -> str:
    """What is wrong, in one line (the rule's message; see `finding_message`)."""
    return finding_message(record)


def annotation_message(record: Mapping[str, Any]) -> str:
    """The (multi-line) message of one finding: what is wrong, the sentence, the passage."""
    # why: line breaks inside the sentence are where the draft wrapped, not structure.
    lines = [safe_text(finding_headline(record)), f"Sentence: {safe_text(record['text'])}"]
    nearest = record.get("nearest") or {}
    if record.get("passage"):
        lines.append(f"Source passage: {quoted_passage(safe_text(record['passage']))}")
        # why: a disputed sentence shows the other source's passage too
        for other in record.get("disputed_by") or []:
            lines.append(f"Other source: {source_citation(other.get('source'))}")
            lines.append(f"Other passage: {quoted_passage(safe_text(other['passage']))}")
    elif nearest.get("passage") and record.get("note"):
        lines.append(f"Nearest source passage: {quoted_passage(safe_text(nearest['passage']))}")
    if record.get("note") and record["verdict"] != Verdict.UNVERIFIED:
        lines.append(f"Note: {safe_text(record['note'])}")
    return "\n".join(lines)


class GithubFormatter:
    """Writes one workflow command per finding, then a plain summary line."""

    def __init__(self, options: FormatOptions) -> None:
        self.options = options

    def format(self, report: CheckReport) -> str:
        """Annotations in document order, skipped inputs and warnings, and the summary."""
        return "".join(line + "\n" for line in self.lines(report))

    def lines(self, report: CheckReport) -> Iterator[str]:
        """The output, one line at a time (each a workflow command, or plain text)."""
        for record in report.as_records():
            verdict = Verdict(record["verdict"])
            kind = annotation_kind(verdict, self.options)
            if kind is None:
                continue
            path = record["path"]
            location: dict[str, str | int | None] = {}
            if path is not None:
                location = {
                    "file": relative_path(path, self.options.base_dir),
                    "line": record["line"],
                    "col": record["column"],
                    "endLine": record["end_line"],
                    "endColumn": record["end_column"],
                }
            yield github_command(
                kind, annotation_message(record), **location, title=rule_for(verdict).heading
            )
        for skipped in report.skipped:
            yield github_command(
                "warning",
                f"skipped: {skipped.reason}",
                file=relative_path(skipped.path, self.options.base_dir),
                title=f"{TOOL_NAME}: input skipped",
            )
        for warning in report.warnings:
            yield github_command("warning", warning, title=f"{TOOL_NAME}: warning")
        # why: a plain line, never starting with "::", so it cannot be read as a command.
        yield f"{TOOL_NAME}: {summary_line(report.summary())}"


_MARKDOWN_ENTITIES: Final = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# why: GitHub Markdown reads these as emphasis, code, links, tables, strikethrough or math.
_MARKDOWN_PUNCTUATION: Final = frozenset("\\`*_[]|~#!$")


def markdown_cell(text: str) -> str:
    """User text as the content of one Markdown table cell, shown literally.

    Line breaks become spaces, terminal controls are made visible, `<`, `>`
    and `&` become entities, and Markdown punctuation (`|` included) is
    backslash-escaped, so no draft can add HTML, links or table columns.
    """
    out = []
    for char in safe_text(text):
        if char in _MARKDOWN_ENTITIES:
            out.append(_MARKDOWN_ENTITIES[char])
        elif char in _MARKDOWN_PUNCTUATION:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


_TABLE_HEADER: Final = (
    "| Location | Verdict | Sentence | Conflicts | Source passage |\n"
    "| --- | --- | --- | --- | --- |\n"
)
_VERDICT_CELLS: Final = {
    Verdict.CONTRADICTED: "✗ contradicted",
    Verdict.UNVERIFIED: "? unverified",
    Verdict.SUPPORTED: "✓ supported",
    Verdict.DISPUTED: "± disputed",
}


def _location_cell(record: Mapping[str, Any], base_dir: str | None) -> str:
    if record["path"] is None:
        return "statement"
    path = relative_path(record["path"], base_dir)
    return markdown_cell(f"{path}:{record['line']}:{record['column']}")


def _passage_cell(record: Mapping[str, Any]) -> str:
    if not record.get("passage"):
        details = list(record.get("not_covered") or [])
        note = [record["note"]] if record.get("note") else []
        if details:
            note.append("not covered by the claims base: " + ", ".join(details))
        return markdown_cell("; ".join(note)) if note else "no claim covers this sentence"
    claim_id = (record.get("claim") or {}).get("id", "?")
    passage = quoted_passage(record["passage"])
    cited = f"{passage} — {source_citation(record.get('source'))}, claim {claim_id}"
    for other in record.get("disputed_by") or []:
        other_id = (other.get("claim") or {}).get("id", "?")
        other_passage = quoted_passage(other["passage"])
        cited += f"; {other_passage} — {source_citation(other.get('source'))}, claim {other_id}"
    return markdown_cell(cited)


def _conflicts(record: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """A result's conflicts; for a disputed one, those with the other sources."""
    found = list(record.get("conflicts") or [])
    for other in record.get("disputed_by") or []:
        found.extend(other.get("conflicts") or [])
    return found


def _row(record: Mapping[str, Any], base_dir: str | None) -> str:
    rule = rule_for(record["verdict"])
    cells = (
        _location_cell(record, base_dir),
        f"{_VERDICT_CELLS[rule.verdict]} ({rule.id})",
        markdown_cell(record["text"]),
        markdown_cell(conflicts_phrase(_conflicts(record))) or "—",
        _passage_cell(record),
    )
    return "| " + " | ".join(cells) + " |\n"


def step_summary_markdown(report: CheckReport, options: FormatOptions | None = None) -> str:
    """A Markdown report of every finding for `$GITHUB_STEP_SUMMARY`.

    A heading with the counts, a table of contradicted sentences, one of
    disputed sentences (both sources' passages), then a table of unverified
    ones (folded in `<details>` unless `fail_on` makes them fail the run),
    then skipped inputs and warnings.
    """
    opts = options if options is not None else FormatOptions()
    records = report.as_records()
    contradicted = [r for r in records if r["verdict"] == Verdict.CONTRADICTED]
    disputed = [r for r in records if r["verdict"] == Verdict.DISPUTED]
    unverified = [r for r in records if r["verdict"] == Verdict.UNVERIFIED]
    parts = [f"## {TOOL_NAME}: {summary_line(report.summary())}\n\n"]
    if contradicted:
        parts.append(f"### Contradicted ({len(contradicted)})\n\n{_TABLE_HEADER}")
        parts.extend(_row(r, opts.base_dir) for r in contradicted)
        parts.append("\n")
    if disputed:
        parts.append(f"### Disputed ({len(disputed)})\n\n{_TABLE_HEADER}")
        parts.extend(_row(r, opts.base_dir) for r in disputed)
        parts.append("\n")
    if unverified:
        fold = not opts.fail_on.fails(Verdict.UNVERIFIED)
        if fold:
            parts.append(f"<details><summary>Unverified ({len(unverified)})</summary>\n\n")
        else:
            parts.append(f"### Unverified ({len(unverified)})\n\n")
        parts.append(_TABLE_HEADER)
        parts.extend(_row(r, opts.base_dir) for r in unverified)
        parts.append("\n</details>\n\n" if fold else "\n")
    if not contradicted and not disputed and not unverified:
        parts.append("No contradicted or unverified sentences.\n\n")
    if report.skipped:
        parts.append("### Skipped inputs\n\n")
        parts.extend(
            f"- {markdown_cell(relative_path(s.path, opts.base_dir))}: {markdown_cell(s.reason)}\n"
            for s in report.skipped
        )
        parts.append("\n")
    if report.warnings:
        parts.append("### Warnings\n\n")
        parts.extend(f"- {markdown_cell(w)}\n" for w in report.warnings)
        parts.append("\n")
    return "".join(parts)


def write_step_summary(
    report: CheckReport, path: str | Path, options: FormatOptions | None = None
) -> None:
    """Append `step_summary_markdown(report)` to `path` (the `$GITHUB_STEP_SUMMARY` file).

    Appends, as GitHub expects: earlier steps' summaries in the file are kept.
    """
    with open(path, "a", encoding="utf-8", newline="\n") as summary_file:
        summary_file.write(step_summary_markdown(report, options))
