"""`--format github`: the escaping command builder, annotations and the step summary."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from abduction_facts.formats import FailOn, FormatOptions, OutputFormat, get_formatter
from abduction_facts.formats.common import safe_text
from abduction_facts.formats.github import (
    escape_data,
    escape_property,
    github_command,
    markdown_cell,
    step_summary_markdown,
    write_step_summary,
)
from abduction_facts.models import Judgement, Result, Span, Verdict
from abduction_facts.report import CheckReport, Skipped

# A workflow command as GitHub parses it: `::name k=v,k=v::message` on one line.
COMMAND = re.compile(r"::(?P<kind>[a-z-]+)(?: (?P<props>[^:\r\n]*))?::(?P<message>[^\r\n]*)\Z")


def _unescape(value: str) -> str:
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(escaped, raw)
    return value


# --- the builder --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("plain", "plain"),
        ("100%", "100%25"),
        ("%0A", "%250A"),
        ("a\nb", "a%0Ab"),
        ("a\r\nb", "a%0D%0Ab"),
        ("k: v, w", "k: v, w"),
    ],
)
def test_escape_data(raw: str, escaped: str) -> None:
    assert escape_data(raw) == escaped


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("drafts/a.md", "drafts/a.md"),
        ("a:b,c", "a%3Ab%2Cc"),
        ("50%\n", "50%25%0A"),
        ("FACT001 Contradicted", "FACT001 Contradicted"),
    ],
)
def test_escape_property(raw: str, escaped: str) -> None:
    assert escape_property(raw) == escaped


def test_github_command_builds_one_annotation() -> None:
    command = github_command(
        "error",
        "draft says 13 · source says 17\nsee source",
        file="drafts/a b.md",
        line=3,
        col=1,
        endLine=3,
        endColumn=20,
        title="FACT001 Contradicted: by, source",
    )
    assert command == (
        "::error file=drafts/a b.md,line=3,col=1,endLine=3,endColumn=20,"
        "title=FACT001 Contradicted%3A by%2C source::draft says 13 · source says 17%0Asee source"
    )


def test_github_command_without_properties_and_none_values() -> None:
    assert github_command("notice", "hello") == "::notice::hello"
    assert github_command("warning", "m", file=None, title="t") == "::warning title=t::m"


@pytest.mark.parametrize("kind", ["", "Error", "error x", "error::", "set-output name=x"])
def test_github_command_refuses_odd_command_names(kind: str) -> None:
    with pytest.raises(ValueError, match="command name"):
        github_command(kind, "m")


def test_github_command_refuses_odd_property_names() -> None:
    with pytest.raises(ValueError, match="property name"):
        github_command("error", "m", **{"file=x,line": "1"})


def test_github_command_makes_terminal_controls_visible() -> None:
    command = github_command("error", "red \x1b[31m\x07 bell", title="t\x1b")
    assert command == "::error title=t␛::red ␛[31m␇ bell"


@settings(max_examples=300, deadline=None)
@given(
    message=st.text(),
    title=st.text(),
    file=st.text(),
)
def test_any_text_gives_one_well_formed_command(message: str, title: str, file: str) -> None:
    command = github_command("warning", message, file=file, title=title)
    match = COMMAND.match(command)
    assert match, command
    assert match["kind"] == "warning"
    assert _unescape(match["message"]) == safe_text(message, keep_newlines=True)
    props = dict(p.split("=", 1) for p in (match["props"] or "").split(",") if p)
    assert _unescape(props["title"]) == safe_text(title, keep_newlines=True)
    assert "\x1b" not in command


# --- the formatter ------------------------------------------------------------------------


def _github(report: CheckReport, **options: object) -> list[str]:
    output = get_formatter(OutputFormat.GITHUB, FormatOptions(**options)).format(report)  # type: ignore[arg-type]
    assert output.endswith("\n")
    return output.splitlines()


def test_annotations_for_the_sample(sample_report: CheckReport) -> None:
    lines = _github(sample_report)
    kinds = [COMMAND.match(line)["kind"] for line in lines[:-1]]  # type: ignore[index]
    assert kinds == ["error", "notice", "error", "error", "notice", "warning", "warning"]
    assert lines[-1] == "facts: 7 sentences: 2 supported, 3 contradicted, 2 unverified"
    first = lines[0]
    assert first.startswith(
        "::error file=drafts/abductions.md,line=5,col=1,endLine=6,endColumn=42,"
        "title=FACT001 Contradicted by a source::"
    )
    assert "draft says September 2003 · source says September 2002" in first
    assert "Source passage: “In September 2002" in first
    assert lines[2].startswith("::error title=FACT001 Contradicted by a source::")


def test_unverified_are_warnings_when_they_fail_the_run(sample_report: CheckReport) -> None:
    lines = _github(sample_report, fail_on=FailOn.UNVERIFIED)
    assert sum(line.startswith("::warning file=drafts/") for line in lines) == 3  # 2 + skipped
    assert not any(line.startswith("::notice") for line in lines)


def test_supported_sentences_are_not_annotated(sample_report: CheckReport) -> None:
    output = "\n".join(_github(sample_report))
    assert "Japan and North Korea do not maintain" not in output
    assert "FACT003" not in output


def test_hostile_draft_gives_only_well_formed_escaped_annotations(
    sample_report: CheckReport, hostile_text: str
) -> None:
    hostile = replace(
        sample_report.results[-2],
        path="drafts/evil,line=1::x\n::error::y.md",
    )
    report = replace(sample_report, results=(*sample_report.results, hostile))
    for fail_on in FailOn:
        for line in _github(report, fail_on=fail_on):
            assert "\r" not in line
            assert "\x1b" not in line
            if line.startswith("::"):
                assert COMMAND.match(line), line
                assert line.split(" ", 1)[0] in ("::error", "::warning", "::notice")
            else:
                assert line.startswith("facts: ")
    lines = _github(report)
    hostile_lines = [line for line in lines if "drafts/hostile.md" in line]
    assert len(hostile_lines) == 2
    message = COMMAND.match(hostile_lines[0])["message"]  # type: ignore[index]
    assert "::set-output name=x::y %250A injected ::error" in message
    assert "[bold]rich markup[/bold] ␛[31mred␛[0m" in message
    evil = next(line for line in lines if "drafts/evil" in line)
    assert evil.startswith(
        "::error file=drafts/evil%2Cline=1%3A%3Ax%0A%3A%3Aerror%3A%3Ay.md,line=2,"
    )


def test_paths_are_relative_to_the_base_directory(tmp_path: Path) -> None:
    result = Result(
        str(tmp_path / "drafts" / "a.md"), Span(1, 1, 1, 5), "Text.", Judgement(Verdict.UNVERIFIED)
    )
    report = CheckReport(results=(result,), claims_file="c", claims_count=0)
    assert _github(report, base_dir=str(tmp_path))[0].startswith("::notice file=drafts/a.md,")


# --- the step summary ---------------------------------------------------------------------


def test_step_summary_golden(sample_report: CheckReport, golden: object) -> None:
    golden("step-summary.md", step_summary_markdown(sample_report))  # type: ignore[operator]


def _table_rows(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("| ") and "---" not in line]


def _cells(row: str) -> list[str]:
    # why: split on pipes that are not backslash-escaped, as GitHub's table parser does.
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row)[1:-1]]


def test_step_summary_lists_every_finding(sample_report: CheckReport) -> None:
    markdown = step_summary_markdown(sample_report)
    rows = _table_rows(markdown)
    headers = [r for r in rows if r.startswith("| Location |")]
    findings = [r for r in rows if not r.startswith("| Location |")]
    assert len(headers) == 2
    assert len(findings) == 5
    assert all(len(_cells(row)) == 5 for row in rows)
    assert markdown.startswith("## facts: 7 sentences: 2 supported, 3 contradicted, 2 unverified")
    assert "<details><summary>Unverified (2)</summary>" in markdown
    contradicted = _cells(findings[0])
    assert contradicted[0] == "drafts/abductions.md:5:1"
    assert contradicted[1] == "✗ contradicted (FACT001)"
    assert "draft says September 2003 · source says September 2002 (date)" in contradicted[3]
    assert "In September 2002, then-Prime Minister" in contradicted[4]
    assert "claim koizumi-visited-pyongyang-2002" in contradicted[4]


def test_step_summary_escapes_pipes_newlines_and_html(sample_report: CheckReport) -> None:
    markdown = step_summary_markdown(sample_report)
    row = next(r for r in _table_rows(markdown) if "pipes" in r)
    assert "Talks \\| pipes &amp; &lt;b&gt;tags&lt;/b&gt; are \\`unverified\\` here." in row
    hostile = next(r for r in _table_rows(markdown) if "set-output" in r)
    assert "\\[bold\\]rich markup\\[/bold\\] ␛\\[31mred␛\\[0m" in hostile
    assert "\x1b" not in markdown
    assert not any(line.startswith("::") for line in markdown.splitlines())


def test_step_summary_shows_unverified_openly_when_they_fail(sample_report: CheckReport) -> None:
    markdown = step_summary_markdown(sample_report, FormatOptions(fail_on=FailOn.UNVERIFIED))
    assert "### Unverified (2)" in markdown
    assert "<details>" not in markdown


def test_step_summary_of_a_clean_run() -> None:
    result = Result("a.md", Span(1, 1, 1, 5), "Fine.", Judgement(Verdict.SUPPORTED))
    report = CheckReport(
        results=(result,), claims_file="c", claims_count=1, skipped=(Skipped("b|c.bin", "binary"),)
    )
    markdown = step_summary_markdown(report)
    assert "No contradicted or unverified sentences." in markdown
    assert "- b\\|c.bin: binary" in markdown


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("a | b", "a \\| b"),
        ("line\nbreak", "line break"),
        (
            "**bold** _it_ `code` [l](x) ~s~ $m$ #h !",
            "\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\[l\\](x) \\~s\\~ \\$m\\$ \\#h \\!",
        ),
        ("<script>&", "&lt;script&gt;&amp;"),
        ("back\\slash", "back\\\\slash"),
    ],
)
def test_markdown_cell(text: str, cell: str) -> None:
    assert markdown_cell(text) == cell


def test_write_step_summary_appends(sample_report: CheckReport, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("# Earlier step\n", encoding="utf-8")
    write_step_summary(sample_report, summary)
    write_step_summary(sample_report, str(summary))
    content = summary.read_text(encoding="utf-8")
    expected = step_summary_markdown(sample_report)
    assert content == "# Earlier step\n" + expected + expected
