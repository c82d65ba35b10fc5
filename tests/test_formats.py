"""Every output format: registry, goldens, determinism, safety of shown text, rules."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from abduction_facts.formats import (
    FailOn,
    FormatOptions,
    Formatter,
    OutputFormat,
    get_formatter,
)
from abduction_facts.formats.common import dump_json, relative_path, safe_text, summary_line
from abduction_facts.formats.text import ONE_CELL, TextFormatter, wrap_plain
from abduction_facts.models import Judgement, Result, Span, Verdict
from abduction_facts.report import CheckReport
from abduction_facts.rules import (
    RULES,
    RULES_BY_VERDICT,
    conflict_phrase,
    finding_message,
    rule_for,
    source_citation,
)

GoldenCheck = Callable[[str, str], None]
SampleFactory = Callable[[], CheckReport]

# --- the registry -------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_every_output_format_has_a_formatter(fmt: OutputFormat, sample_report: CheckReport) -> None:
    formatter: Formatter = get_formatter(fmt, FormatOptions())
    output = formatter.format(sample_report)
    assert isinstance(output, str)
    assert output.endswith("\n")
    assert output.strip()


@pytest.mark.parametrize("fmt", list(OutputFormat))
@pytest.mark.parametrize(
    "options",
    [FormatOptions(), FormatOptions(fail_on=FailOn.UNVERIFIED, show_unverified=True, color=True)],
    ids=["default", "unverified-color"],
)
def test_formatting_is_deterministic(
    fmt: OutputFormat, options: FormatOptions, make_sample_report: SampleFactory
) -> None:
    first = get_formatter(fmt, options).format(make_sample_report())
    second = get_formatter(fmt, options).format(make_sample_report())
    assert first == second


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_every_format_handles_an_empty_report(fmt: OutputFormat) -> None:
    report = CheckReport(results=(), claims_file="claims.yaml", claims_count=0)
    output = get_formatter(fmt).format(report)
    # why: ClaimReview markup has no counts; an empty report reviews nothing
    assert "0 sentences" in output or '"sentences": 0' in output or '"@graph": []' in output


def test_get_formatter_accepts_plain_strings() -> None:
    assert type(get_formatter("json")) is type(get_formatter(OutputFormat.JSON))
    with pytest.raises(ValueError, match="yaml"):
        get_formatter("yaml")


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    ).stdout
    return set(out.split())


def test_machine_formats_never_import_rich() -> None:
    modules = _modules_after(
        "from abduction_facts.formats import get_formatter\n"
        "from abduction_facts.report import CheckReport\n"
        "r = CheckReport(results=(), claims_file='c', claims_count=0)\n"
        "for f in ('json', 'sarif', 'github'): get_formatter(f).format(r)\n"
        "import abduction_facts.formats.github, abduction_facts.rules"
    )
    assert "abduction_facts.formats.sarif" in modules
    assert not {m for m in modules if m == "rich" or m.startswith("rich.")}


def test_text_format_imports_rich_only_for_colour() -> None:
    report = (
        "from abduction_facts.formats import FormatOptions, get_formatter\n"
        "from abduction_facts.report import CheckReport\n"
        "r = CheckReport(results=(), claims_file='c', claims_count=0)\n"
    )
    plain = _modules_after(report + "get_formatter('text').format(r)")
    assert "abduction_facts.formats.text" in plain
    assert not {m for m in plain if m == "rich" or m.startswith("rich.")}
    coloured = _modules_after(report + "get_formatter('text', FormatOptions(color=True)).format(r)")
    assert "rich.console" in coloured


# --- options ------------------------------------------------------------------------------


def test_fail_on_accepts_strings_and_rejects_unknown_values() -> None:
    assert FormatOptions(fail_on="unverified").fail_on is FailOn.UNVERIFIED  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="sometimes"):
        FormatOptions(fail_on="sometimes")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fail_on", "failing"),
    [
        (FailOn.CONTRADICTED, {Verdict.CONTRADICTED}),
        (FailOn.DISPUTED, {Verdict.CONTRADICTED, Verdict.DISPUTED}),
        (FailOn.UNVERIFIED, {Verdict.CONTRADICTED, Verdict.DISPUTED, Verdict.UNVERIFIED}),
        (FailOn.NEVER, set()),
    ],
)
def test_fail_on_threshold(fail_on: FailOn, failing: set[Verdict]) -> None:
    assert {v for v in Verdict if fail_on.fails(v)} == failing


def test_unverified_is_shown_when_asked_or_when_it_fails_the_run() -> None:
    assert not FormatOptions().shows(Verdict.UNVERIFIED)
    assert FormatOptions(show_unverified=True).shows(Verdict.UNVERIFIED)
    assert FormatOptions(fail_on=FailOn.UNVERIFIED).shows(Verdict.UNVERIFIED)
    assert FormatOptions().shows(Verdict.SUPPORTED)
    assert FormatOptions().shows(Verdict.CONTRADICTED)


# --- goldens ------------------------------------------------------------------------------

GOLDEN_CASES = {
    "text.txt": (OutputFormat.TEXT, FormatOptions(width=100)),
    "text-all.txt": (OutputFormat.TEXT, FormatOptions(width=100, show_unverified=True)),
    "text-quiet.txt": (OutputFormat.TEXT, FormatOptions(width=100, quiet=True)),
    "report.json": (OutputFormat.JSON, FormatOptions()),
    "report.sarif": (OutputFormat.SARIF, FormatOptions()),
    "github.txt": (OutputFormat.GITHUB, FormatOptions()),
    "report.html": (OutputFormat.HTML, FormatOptions()),
    "claimreview.jsonld": (OutputFormat.CLAIMREVIEW, FormatOptions(review_date="2026-01-02")),
}


def test_every_format_has_a_golden_file() -> None:
    assert {fmt for fmt, _ in GOLDEN_CASES.values()} == set(OutputFormat)


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden_output(name: str, sample_report: CheckReport, golden: GoldenCheck) -> None:
    fmt, options = GOLDEN_CASES[name]
    golden(name, get_formatter(fmt, options).format(sample_report))


# --- JSON ---------------------------------------------------------------------------------


def test_json_is_the_contract_document(sample_report: CheckReport) -> None:
    output = get_formatter(OutputFormat.JSON).format(sample_report)
    assert json.loads(output) == sample_report.as_document()
    # one result per line, so that a large report stays greppable and fast to write
    records = [line for line in output.splitlines() if line.startswith('    {"path"')]
    assert len(records) == len(sample_report.results)
    assert output.endswith("}\n")
    assert "“" not in output  # the sample has no typographic quotes in results...
    assert "Kishida Expresses" in output  # ...but non-ASCII would be written as is


def test_json_lists_every_result_whatever_the_options(sample_report: CheckReport) -> None:
    quiet = get_formatter(OutputFormat.JSON, FormatOptions(quiet=True)).format(sample_report)
    assert len(json.loads(quiet)["results"]) == len(sample_report.results)


def test_json_escapes_characters_that_could_drive_a_terminal() -> None:
    document = {"text": "CSI \x9b31m, ESC \x1b, LS \u2028, RLO \u202e, é and “quotes”"}
    output = dump_json(document)
    assert json.loads(output) == document
    assert "\\u009b" in output
    assert "\\u001b" in output
    assert "\\u2028" in output
    assert "\\u202e" in output
    assert "é and “quotes”" in output
    assert not any(0x7F <= ord(c) < 0xA0 for c in output)


# --- text ---------------------------------------------------------------------------------


def _text(report: CheckReport, **options: object) -> str:
    settings: dict[str, object] = {"width": 100, **options}
    return get_formatter(OutputFormat.TEXT, FormatOptions(**settings)).format(report)  # type: ignore[arg-type]


def test_text_shows_the_evidence(sample_report: CheckReport) -> None:
    output = _text(sample_report)
    assert "✗ CONTRADICTED  drafts/abductions.md:5:1" in output
    assert "✓ SUPPORTED  drafts/abductions.md:3:1" in output
    assert "draft says September 2003 · source says September 2002" in output
    assert "draft says Kim Jong Un · source says Kim Jong-il" in output
    assert "koizumi-visited-pyongyang-2002 · as of 2002-09-17" in output
    assert "Japan holds informal meeting · Sample Wire · 2023-10-01" in output
    assert "“In September 2002, then-Prime Minister" in output
    assert "not covered by the claims base: Sado Island" in output
    assert "✗ CONTRADICTED  statement" in output
    assert "skipped drafts/photo.png: binary file" in output
    assert "warning: drafts/latin1.txt: invalid UTF-8" in output


def test_text_hides_unverified_by_default(sample_report: CheckReport) -> None:
    output = _text(sample_report)
    assert "UNVERIFIED" not in output
    assert output.splitlines()[-2:] == [
        "2 unverified sentences not shown (--show-unverified lists them)",
        "7 sentences: 2 supported, 3 contradicted, 2 unverified",
    ]
    shown = _text(sample_report, show_unverified=True)
    assert shown.count("? UNVERIFIED") == 2
    assert "no claim in the claims base covers this sentence" in shown
    assert shown.splitlines()[-1] == "7 sentences: 2 supported, 3 contradicted, 2 unverified"
    assert _text(sample_report, fail_on=FailOn.UNVERIFIED).count("? UNVERIFIED") == 2


def test_text_quiet_prints_only_the_summary(sample_report: CheckReport) -> None:
    assert _text(sample_report, quiet=True) == (
        "7 sentences: 2 supported, 3 contradicted, 2 unverified\n"
    )


def test_text_without_color_has_no_escape_codes_and_no_trailing_spaces(
    sample_report: CheckReport,
) -> None:
    output = _text(sample_report, show_unverified=True)
    assert "\x1b" not in output
    assert all(line == line.rstrip() for line in output.splitlines())
    assert all(len(line) <= 100 for line in output.splitlines())


def test_text_shows_hostile_input_literally(sample_report: CheckReport) -> None:
    for color in (False, True):
        output = _text(sample_report, color=color)
        assert "[bold]rich markup[/bold]" in output
        assert "␛[31mred␛[0m" in output
        assert "\x1b[31mred" not in output
        assert "::set-output name=x::y %0A injected ::error" in output  # newline shown as space


@pytest.mark.parametrize("color", [False, True])
def test_wrapped_text_never_starts_a_line_with_a_workflow_command(
    sample_report: CheckReport, color: bool
) -> None:
    # why: GitHub reads "::" after leading whitespace on any log line as a command.
    ansi = re.compile(r"\x1b\[[0-9;]*m")
    for width in (*range(20, 45, 3), *range(50, 121, 10), 55, 79, 80, 86):
        output = _text(sample_report, width=width, color=color, show_unverified=True)
        for line in output.splitlines():
            assert not ansi.sub("", line).lstrip().startswith("::"), (width, line)
    # at width 80 the hostile sentence wraps right before "::error"
    assert "\u200b::error file=x::pwned" in _text(sample_report, width=80)


def test_text_with_color_highlights_conflicting_words(sample_report: CheckReport) -> None:
    output = _text(sample_report, color=True)
    assert "\x1b[" in output
    found, expected = "\x1b[1;4;31m", "\x1b[1;32m"
    assert f"In {found}September 2003\x1b[0m," in output
    assert f"“In {expected}September 2002\x1b[0m," in output
    assert " ✗ CONTRADICTED " in output


def test_text_width_is_respected(sample_report: CheckReport) -> None:
    narrow = _text(sample_report, width=60)
    assert max(len(line) for line in narrow.splitlines()) <= 60


def test_text_lists_results_in_report_order(sample_report: CheckReport) -> None:
    reordered = replace(sample_report, results=tuple(reversed(sample_report.results)))
    output = _text(reordered)
    assert output.index("drafts/hostile.md:2:3") < output.index("drafts/abductions.md:3:1")


# --- text without rich: the same bytes as rich -------------------------------------------

_ONE_CELL_TEXT = st.lists(
    st.sampled_from(sorted(ONE_CELL)) | st.sampled_from(["\n", " ", "   ", "word", "x" * 30]),
    max_size=120,
).map("".join)


def test_one_cell_characters_are_one_cell_for_rich() -> None:
    from rich._unicode_data._versions import VERSIONS
    from rich.cells import cell_len, get_character_cell_size

    for version in ("auto", *VERSIONS):
        wide = [c for c in ONE_CELL if get_character_cell_size(c, version) != 1]
        assert not wide, (version, wide[:10])
    assert cell_len("".join(sorted(ONE_CELL))) == len(ONE_CELL)


@settings(max_examples=300, deadline=None)
@given(text=_ONE_CELL_TEXT, width=st.integers(min_value=1, max_value=120))
def test_wrap_plain_wraps_as_rich_does(text: str, width: int) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(width=width, _environ={})
    lines = Text(text).wrap(console, width, overflow="fold")
    assert wrap_plain(text, width) == [line.plain for line in lines]


@pytest.mark.parametrize("width", [1, 7, 10, 12, 20, 33, 41, 60, 79, 80, 100, 150])
@pytest.mark.parametrize("show_unverified", [False, True])
def test_text_without_rich_matches_rich(
    sample_report: CheckReport, width: int, show_unverified: bool
) -> None:
    options = FormatOptions(width=width, show_unverified=show_unverified)
    formatter = TextFormatter(options)
    plain = formatter.format(sample_report)
    assert formatter._console_cache is None, "the sample report is laid out without rich"
    with_rich = TextFormatter(options)
    with_rich._lay_out_plain = False
    assert plain == with_rich.format(sample_report)


@pytest.mark.parametrize(
    "odd", ["tab\there", "wide 漢字", "e\u0301", "emoji 😀", "soft\u00adhyphen"]
)
def test_text_that_rich_must_measure_goes_through_rich(
    sample_report: CheckReport, odd: str
) -> None:
    result = sample_report.results[0]
    report = replace(sample_report, results=(replace(result, text=f"{result.text} {odd}"),))
    formatter = TextFormatter(FormatOptions(width=40, show_unverified=True))
    assert formatter.format(report).startswith(("✗", "✓", "?"))
    assert formatter._console_cache is not None, "the sentence was printed by rich"


# --- shared helpers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain text", "plain text"),
        ("tab\tkept", "tab\tkept"),
        ("line\nbreak", "line break"),
        ("crlf\r\nbreak", "crlf break"),
        ("esc \x1b[31m", "esc ␛[31m"),
        ("nul \x00 bel \x07 del \x7f", "nul ␀ bel ␇ del ␡"),
        ("csi \x9b31m", "csi \\u009b31m"),
        ("rlo \u202eevil", "rlo \\u202eevil"),
        ("[bold]x[/bold] %0A ::x::", "[bold]x[/bold] %0A ::x::"),
    ],
)
def test_safe_text(raw: str, shown: str) -> None:
    assert safe_text(raw) == shown


def test_safe_text_can_keep_newlines_for_callers_that_escape_them() -> None:
    assert safe_text("a\r\nb\x1b", keep_newlines=True) == "a\r\nb␛"


def test_relative_path() -> None:
    base = os.path.join(os.sep, "repo")
    assert relative_path("drafts/a.md") == "drafts/a.md"
    assert relative_path("./drafts/../drafts/a.md") == "drafts/a.md"
    assert relative_path(os.path.join(base, "drafts", "a.md"), base) == "drafts/a.md"
    assert relative_path(os.path.join(os.sep, "elsewhere", "a.md"), base) == "/elsewhere/a.md"
    assert relative_path("<stdin>") == "<stdin>"


def test_summary_line_counts_in_words() -> None:
    assert summary_line({"sentences": 1, "supported": 1, "contradicted": 0, "unverified": 0}) == (
        "1 sentence: 1 supported, 0 contradicted, 0 unverified"
    )


# --- rules --------------------------------------------------------------------------------


def test_every_verdict_has_one_stable_rule() -> None:
    assert set(RULES_BY_VERDICT) == set(Verdict)
    assert [r.id for r in RULES] == ["FACT001", "FACT002", "FACT003", "FACT004"]
    assert rule_for("contradicted").id == "FACT001"
    assert rule_for(Verdict.UNVERIFIED).id == "FACT002"
    assert rule_for(Verdict.SUPPORTED).id == "FACT003"
    assert rule_for(Verdict.DISPUTED).id == "FACT004"
    for rule in RULES:
        assert rule.heading.startswith(rule.id + " ")
        assert rule.short_description
        assert rule.full_description
        assert rule.help_text


def test_finding_messages_name_conflicts_source_and_claim(sample_report: CheckReport) -> None:
    records = sample_report.as_records()
    assert finding_message(records[1]) == (
        "Contradicted by “Japan holds informal meeting” (Sample Wire, 2023-10-01): "
        "draft says September 2003 · source says September 2002 (date); "
        "draft says Kim Jong Un · source says Kim Jong-il (person) "
        "(claim koizumi-visited-pyongyang-2002)"
    )
    assert finding_message(records[2]).endswith("; not covered by the claims base: Sado Island")
    assert finding_message(records[3]) == (
        "Unverified: no claim in the claims base covers this sentence"
    )
    assert conflict_phrase({"found": "13", "expected": "17"}) == "draft says 13 · source says 17"
    assert source_citation(None) == "an unknown source"
    assert source_citation({"title": "T"}) == "“T”"


def test_a_statement_result_is_labelled_as_such() -> None:
    result = Result(None, Span(1, 1, 1, 5), "Text", Judgement(Verdict.UNVERIFIED))
    report = CheckReport(results=(result,), claims_file="c", claims_count=0)
    output = _text(report, show_unverified=True)
    assert "? UNVERIFIED  statement" in output
    assert "  sentence  Text" in output
