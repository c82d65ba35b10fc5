"""The `facts` command line: inputs, exit codes, formats, configuration and errors.

Most tests run through typer's CliRunner with a fixed width and NO_COLOR, and
with a keyword-driven fake checker where the verdict matters (so exit codes
are tested without depending on the engine's judgement). A few run the
installed `facts` executable, one per input mode.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from abduction_facts import __version__, cli, engine
from abduction_facts.claims import BUNDLED_CLAIMS, load_claims
from abduction_facts.cli import ExitCode, app
from abduction_facts.cli import run as cli_run
from abduction_facts.formats import OutputFormat
from abduction_facts.models import (
    UNVERIFIED,
    ClaimsBase,
    Conflict,
    FactType,
    Judgement,
    Verdict,
)
from abduction_facts.models import (
    Result as CheckResult,
)
from abduction_facts.segment import Sentence, split_markdown, split_text

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
DRAFT = EXAMPLES / "draft.md"
FACTS_EXE = Path(sys.executable).parent / "facts"
ENV: dict[str, str | None] = {
    "NO_COLOR": "1",
    "COLUMNS": "100",
    "FORCE_COLOR": None,
    "GITHUB_STEP_SUMMARY": None,
    "FACTS_TRACEBACK": None,
}


def invoke(*args: str, stdin: str | bytes | None = None, **env: str | None) -> Result:
    """Run `facts ARGS` in-process with a fixed width and no colour."""
    return CliRunner().invoke(app, list(args), input=stdin, env={**ENV, **env})


def payload(result: Result) -> dict[str, Any]:
    """The JSON document a run printed on stdout."""
    document = json.loads(result.stdout)
    assert isinstance(document, dict)
    return document


def assert_one_line_error(result: Result, *fragments: str) -> None:
    """Exit 2 with a single "error: …" line on stderr that says what and where."""
    assert result.exit_code == ExitCode.ERROR, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in result.output


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test runs in an empty directory, away from any project configuration."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- a keyword-driven checker ---------------------------------------------------------


class FakeChecker:
    """Verdicts by keyword: "FALSE" contradicts, "TRUE" supports, anything else is unverified."""

    def __init__(self, claims: ClaimsBase, thresholds: Any = None) -> None:
        self.claims = claims
        self.thresholds = thresholds

    def judge(self, sentence: str) -> Judgement:
        claim = self.claims.claims[0]
        if "FALSE" in sentence:
            conflict = Conflict(FactType.NUMBER, "13", "17")
            return Judgement(Verdict.CONTRADICTED, 90.0, claim, (conflict,))
        if "TRUE" in sentence:
            return Judgement(Verdict.SUPPORTED, 95.0, claim)
        return UNVERIFIED

    def check_sentences(
        self, sentences: Iterable[Sentence], path: str | None, *, workers: Any = None
    ) -> Iterator[CheckResult]:
        if workers is not None:
            yield from workers.check(sentences, path)
            return
        for s in sentences:
            yield CheckResult(path=path, span=s.span, text=s.text, judgement=self.judge(s.text))

    def workers(self, jobs: int) -> engine.Workers:
        return engine.Workers(self, jobs)  # type: ignore[arg-type]


@pytest.fixture
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """Replace the engine's checker with `FakeChecker` (however the CLI gets one)."""
    from abduction_facts import cache
    from abduction_facts.claims import load_claims

    def fake_load_checker(path: Any = None, thresholds: Any = None) -> FakeChecker:
        return FakeChecker(load_claims(path), thresholds)

    monkeypatch.setattr(engine, "Checker", FakeChecker)
    monkeypatch.setattr(cache, "load_checker", fake_load_checker)


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# --- version, help, usage errors ------------------------------------------------------


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"facts {__version__}\n"


def test_help_lists_every_command() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for command in ("check", "claims", "sources", "validate"):
        assert command in result.stdout


def test_unknown_option_is_a_one_line_usage_error() -> None:
    result = invoke("check", "--frmat", "json", "x y")
    assert_one_line_error(result, "--frmat", "facts check --help")


def test_bad_choice_is_a_one_line_usage_error() -> None:
    result = invoke("check", "--format", "yaml", "x y")
    assert_one_line_error(result, "yaml")


def test_non_numeric_jobs_is_a_usage_error() -> None:
    assert_one_line_error(invoke("check", "--jobs", "many", "x y"), "many")


def test_zero_jobs_is_an_error() -> None:
    assert_one_line_error(invoke("check", "--jobs", "0", "x y"), "--jobs")


def test_unknown_command() -> None:
    assert_one_line_error(invoke("chekc"), "chekc", "Did you mean 'check'?")


def test_no_command_shows_help() -> None:
    result = invoke()
    assert result.exit_code == ExitCode.ERROR
    assert "check" in result.stdout
    assert "error" not in result.stderr


# --- input modes ----------------------------------------------------------------------


@pytest.mark.usefixtures("fake_engine")
def test_statement_argument() -> None:
    result = invoke("check", "Japan has identified 17 abductees TRUE.", "--format", "json")
    assert result.exit_code == 0, result.output
    (record,) = payload(result)["results"]
    assert record["path"] is None
    assert (record["line"], record["column"]) == (1, 1)
    assert record["verdict"] == "supported"


@pytest.mark.usefixtures("fake_engine")
def test_several_statements_keep_their_order() -> None:
    result = invoke("check", "First one TRUE.", "Second one FALSE.", "--format", "json")
    texts = [r["text"] for r in payload(result)["results"]]
    assert texts == ["First one TRUE.", "Second one FALSE."]
    assert result.exit_code == ExitCode.FINDINGS


@pytest.mark.usefixtures("fake_engine")
def test_text_file_results_point_at_the_original_text(tmp_path: Path) -> None:
    lines = ["First sentence TRUE.", "  Second sentence here.", "", "Third FALSE."]
    write(tmp_path / "notes.txt", "\n".join(lines) + "\n")
    result = invoke("check", "notes.txt", "--format", "json", "--show-unverified")
    records = payload(result)["results"]
    assert [r["text"] for r in records] == [
        "First sentence TRUE.",
        "Second sentence here.",
        "Third FALSE.",
    ]
    for record in records:
        assert record["path"] == "notes.txt"
        assert record["line"] == record["end_line"]
        line = lines[record["line"] - 1]
        assert line[record["column"] - 1 : record["end_column"] - 1] == record["text"]


@pytest.mark.usefixtures("fake_engine")
def test_file_without_a_document_ending_is_plain_text(tmp_path: Path) -> None:
    write(tmp_path / "NOTES", "# Not a heading TRUE.\n")
    result = invoke("check", "NOTES", "--format", "json")
    assert [r["text"] for r in payload(result)["results"]] == ["# Not a heading TRUE."]


@pytest.mark.usefixtures("fake_engine")
def test_markdown_file_uses_the_markdown_splitter(tmp_path: Path) -> None:
    text = "---\ntitle: FALSE\n---\n\n# Heading\n\nBody TRUE.\n\n```\ncode FALSE.\n```\n"
    write(tmp_path / "d.md", text)
    result = invoke("check", "d.md", "--format", "json")
    expected = [s.text for s in split_markdown(text)]
    assert [r["text"] for r in payload(result)["results"]] == expected
    assert result.exit_code == 0


@pytest.mark.usefixtures("fake_engine")
def test_directory_is_walked_in_sorted_order(tmp_path: Path) -> None:
    write(tmp_path / "drafts" / "b.md", "Bee TRUE.\n")
    write(tmp_path / "drafts" / "a.txt", "Ay TRUE.\n")
    write(tmp_path / "drafts" / "sub" / "c.markdown", "Sea TRUE.\n")
    write(tmp_path / "drafts" / "photo.jpg", "not a document")
    result = invoke("check", "drafts", "--format", "json")
    paths = [r["path"] for r in payload(result)["results"]]
    assert paths == ["drafts/a.txt", "drafts/b.md", "drafts/sub/c.markdown"]


def test_empty_directory_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "drafts" / "photo.jpg", "x")
    assert_one_line_error(invoke("check", "drafts"), "no Markdown or text files in drafts")


@pytest.mark.usefixtures("fake_engine")
def test_empty_directory_among_other_inputs_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = invoke("check", "empty", "Something TRUE.", "--format", "json")
    assert result.exit_code == 0
    assert "warning: no Markdown or text files in empty" in result.stderr
    assert len(payload(result)["results"]) == 1


@pytest.mark.usefixtures("fake_engine")
def test_stdin_when_no_input() -> None:
    result = invoke("check", "--format", "json", stdin="Piped TRUE.\nAnother FALSE.\n")
    records = payload(result)["results"]
    assert [(r["path"], r["line"]) for r in records] == [("<stdin>", 1), ("<stdin>", 2)]
    assert result.exit_code == ExitCode.FINDINGS


@pytest.mark.usefixtures("fake_engine")
def test_dash_reads_stdin_in_place() -> None:
    result = invoke("check", "First TRUE.", "-", "--format", "json", stdin="Piped TRUE.\n")
    assert [r["path"] for r in payload(result)["results"]] == [None, "<stdin>"]


def test_dash_twice_is_an_error() -> None:
    assert_one_line_error(invoke("check", "-", "-"), "only once")


@pytest.mark.usefixtures("fake_engine")
def test_stdin_filename_names_stdin_and_picks_markdown() -> None:
    text = "# Title\n\nBody TRUE.\n"
    result = invoke("check", "--stdin-filename", "drafts/x.md", "--format", "json", stdin=text)
    records = payload(result)["results"]
    assert [r["text"] for r in records] == [s.text for s in split_markdown(text)]
    assert {r["path"] for r in records} == {"drafts/x.md"}


@pytest.mark.usefixtures("fake_engine")
def test_stdin_filename_picks_the_configuration(tmp_path: Path) -> None:
    write(tmp_path / "desk" / ".facts.yaml", "fail-on: unverified\n")
    (tmp_path / "desk" / "drafts").mkdir()
    assert invoke("check", stdin="Nobody knows.\n").exit_code == ExitCode.OK
    named = invoke("check", "--stdin-filename", "desk/drafts/new.md", stdin="Nobody knows.\n")
    assert named.exit_code == ExitCode.FINDINGS


@pytest.mark.usefixtures("fake_engine")
def test_empty_stdin_is_zero_sentences() -> None:
    result = invoke("check", "--format", "json", stdin="")
    assert result.exit_code == 0
    document = payload(result)
    assert document["results"] == []
    assert document["summary"]["sentences"] == 0


def test_no_input_on_a_terminal_prints_a_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_run, "stdin_is_terminal", lambda: True)
    assert_one_line_error(invoke("check"), "nothing to check", "facts check --help")


@pytest.mark.usefixtures("fake_engine")
def test_text_flag_forces_statements(tmp_path: Path) -> None:
    write(tmp_path / "draft.md", "File FALSE.\n")
    result = invoke("check", "--text", "draft.md", "--format", "json")
    (record,) = payload(result)["results"]
    assert (record["path"], record["text"]) == (None, "draft.md")


@pytest.mark.parametrize("arg", ["missing.md", "drafts/nope", "a/b.txt"])
def test_missing_path_is_an_error(arg: str) -> None:
    assert_one_line_error(invoke("check", arg), f"no such file: {arg}")


def test_control_characters_in_messages_are_escaped() -> None:
    result = invoke("check", "evil\x1b[31m/x.md")
    assert_one_line_error(result, "evil\\x1b[31m/x.md")
    assert "\x1b" not in result.stderr


# --- hostile and broken inputs --------------------------------------------------------


@pytest.mark.usefixtures("fake_engine")
def test_binary_file_is_skipped_with_a_warning(tmp_path: Path) -> None:
    write(tmp_path / "d" / "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(tmp_path / "d" / "ok.txt", "Fine TRUE.\n")
    result = invoke("check", "d", "--format", "json")
    assert result.exit_code == 0
    document = payload(result)
    assert document["skipped"] == [
        {"path": "d/photo.txt", "reason": "binary file (contains NUL bytes)"}
    ]
    assert len(document["results"]) == 1
    assert "warning: skipped d/photo.txt: binary file" in result.stderr


@pytest.mark.usefixtures("fake_engine")
def test_invalid_utf8_warns_with_file_and_byte_offset(tmp_path: Path) -> None:
    write(tmp_path / "latin1.txt", "Caf\xe9 TRUE.\n".encode("latin-1"))
    result = invoke("check", "latin1.txt", "--format", "json")
    assert result.exit_code == 0
    assert "warning: latin1.txt: invalid UTF-8 at byte 3" in result.stderr
    (record,) = payload(result)["results"]
    assert record["text"] == "Caf\ufffd TRUE."


@pytest.mark.usefixtures("fake_engine")
def test_invalid_utf8_on_stdin() -> None:
    result = invoke("check", "--format", "json", stdin=b"ok TRUE.\n\xff\xfe bad.\n")
    assert "warning: <stdin>: invalid UTF-8 at byte 9" in result.stderr


@pytest.mark.usefixtures("fake_engine")
def test_text_format_shows_warnings_once(tmp_path: Path) -> None:
    write(tmp_path / "latin1.txt", b"Caf\xe9 TRUE.\n")
    result = invoke("check", "latin1.txt")
    assert (result.stdout + result.stderr).count("invalid UTF-8 at byte 3") == 1


@pytest.mark.usefixtures("fake_engine")
def test_unreadable_file_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "secret.md", "Hidden FALSE.\n")
    write(tmp_path / "open.md", "Visible TRUE.\n")
    real_open = open

    def guarded_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file).endswith("secret.md"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(cli_run, "open", guarded_open, raising=False)
    result = invoke("check", "secret.md", "open.md", "--format", "json")
    assert_one_line_error(result, "cannot read secret.md: Permission denied")
    assert [r["path"] for r in payload(result)["results"]] == ["open.md"]


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file"
)
@pytest.mark.usefixtures("fake_engine")
def test_unreadable_file_by_permissions(tmp_path: Path) -> None:
    secret = write(tmp_path / "secret.md", "Hidden.\n")
    secret.chmod(0)
    try:
        assert_one_line_error(invoke("check", "secret.md"), "cannot read secret.md")
    finally:
        secret.chmod(0o644)


@pytest.mark.parametrize("make", ["missing", "directory"])
def test_bad_claims_path_is_an_error(tmp_path: Path, make: str) -> None:
    if make == "directory":
        (tmp_path / "claims").mkdir()
    result = invoke("check", "--claims", "claims", "Japan has identified 17 citizens.")
    assert_one_line_error(result, "claims")


def test_invalid_claims_file_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "claims.yaml", "schema_version: 1\nsources: [\n")
    result = invoke("check", "--claims", "claims.yaml", "Japan has identified 17 citizens.")
    assert_one_line_error(result, "claims.yaml:")


def test_internal_errors_are_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise ZeroDivisionError("boom")

    from abduction_facts import cache

    monkeypatch.setattr(cache, "load_checker", broken)
    assert_one_line_error(invoke("check", "x y"), "internal error", "boom")


# --- exit codes and formats -----------------------------------------------------------


@pytest.mark.usefixtures("fake_engine")
@pytest.mark.parametrize("fmt", list(OutputFormat))
@pytest.mark.parametrize(
    ("statement", "fail_on", "code"),
    [
        ("It is FALSE.", None, ExitCode.FINDINGS),
        ("It is FALSE.", "never", ExitCode.OK),
        ("It is TRUE.", None, ExitCode.OK),
        ("It is TRUE.", "unverified", ExitCode.OK),
        ("Nobody knows.", None, ExitCode.OK),
        ("Nobody knows.", "unverified", ExitCode.FINDINGS),
        ("Nobody knows.", "contradicted", ExitCode.OK),
    ],
)
def test_exit_codes_in_every_format(
    fmt: OutputFormat, statement: str, fail_on: str | None, code: ExitCode
) -> None:
    args = ["check", statement, "--format", fmt.value]
    if fail_on is not None:
        args += ["--fail-on", fail_on]
    result = invoke(*args)
    assert result.exit_code == code, result.output
    assert result.stdout.strip()


@pytest.mark.usefixtures("fake_engine")
@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_output_file_keeps_the_exit_code(tmp_path: Path, fmt: OutputFormat) -> None:
    report = tmp_path / "out" / f"report.{fmt.value}"
    report.parent.mkdir()
    result = invoke("check", "It is FALSE.", "--format", fmt.value, "--output", str(report))
    assert result.exit_code == ExitCode.FINDINGS
    assert result.stdout == ""
    assert report.read_text(encoding="utf-8").strip()
    assert "report written to" in result.stderr
    stdout_run = invoke("check", "It is FALSE.", "--format", fmt.value)
    assert report.read_text(encoding="utf-8") == stdout_run.stdout


def test_output_to_a_missing_directory_is_an_error(fake_engine: None) -> None:
    result = invoke("check", "It is TRUE.", "--output", "no/such/dir/report.json")
    assert_one_line_error(result, "cannot write no/such/dir/report.json")


@pytest.mark.usefixtures("fake_engine")
def test_json_shape() -> None:
    document = payload(invoke("check", "It is FALSE.", "--format", "json"))
    assert document["schema_version"] == 1
    assert document["tool"] == {"name": "facts", "version": __version__}
    assert document["claims_count"] == len(load_claims().claims)
    (record,) = document["results"]
    assert record["conflicts"] == [{"kind": "number", "found": "13", "expected": "17"}]
    assert document["summary"] == {
        "sentences": 1,
        "supported": 0,
        "contradicted": 1,
        "unverified": 0,
    }


@pytest.mark.usefixtures("fake_engine")
def test_github_step_summary_is_written(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    result = invoke("check", "It is FALSE.", "--format", "github", GITHUB_STEP_SUMMARY=str(summary))
    assert result.exit_code == ExitCode.FINDINGS
    assert summary.read_text(encoding="utf-8").strip()
    invoke("check", "It is FALSE.", "--format", "json", GITHUB_STEP_SUMMARY=str(tmp_path / "j"))
    assert not (tmp_path / "j").exists()


@pytest.mark.usefixtures("fake_engine")
def test_unwritable_step_summary_is_only_a_warning(tmp_path: Path) -> None:
    where = str(tmp_path / "missing" / "summary.md")
    result = invoke("check", "It is TRUE.", "--format", "github", GITHUB_STEP_SUMMARY=where)
    assert result.exit_code == 0
    assert "warning: cannot write the step summary" in result.stderr


@pytest.mark.usefixtures("fake_engine")
def test_quiet_prints_only_the_summary() -> None:
    result = invoke("check", "It is FALSE.", "It is TRUE.", "--quiet")
    assert result.exit_code == ExitCode.FINDINGS
    assert len(result.stdout.strip().splitlines()) == 1
    assert "It is FALSE." not in result.stdout


@pytest.mark.usefixtures("fake_engine")
def test_unverified_hidden_by_default_and_shown_on_request() -> None:
    hidden = invoke("check", "Nobody knows this.")
    shown = invoke("check", "Nobody knows this.", "--show-unverified")
    assert "Nobody knows this." not in hidden.stdout
    assert "Nobody knows this." in shown.stdout


# --- colour ---------------------------------------------------------------------------


@pytest.mark.usefixtures("fake_engine")
def test_colour_follows_no_color_force_color_and_the_flag() -> None:
    forced = invoke("check", "It is FALSE.", NO_COLOR=None, FORCE_COLOR="1")
    assert "\x1b[" in forced.stdout
    assert "\x1b[" not in invoke("check", "It is FALSE.").stdout  # NO_COLOR=1
    flag = invoke("check", "It is FALSE.", "--no-color", NO_COLOR=None, FORCE_COLOR="1")
    assert "\x1b[" not in flag.stdout
    plain = invoke("check", "It is FALSE.", NO_COLOR=None)  # not a terminal
    assert "\x1b[" not in plain.stdout


@pytest.mark.usefixtures("fake_engine")
def test_output_file_is_never_coloured(tmp_path: Path) -> None:
    invoke("check", "It is FALSE.", "-o", "r.txt", NO_COLOR=None, FORCE_COLOR="1")
    assert "\x1b[" not in (tmp_path / "r.txt").read_text(encoding="utf-8")


# --- configuration --------------------------------------------------------------------


@pytest.mark.usefixtures("fake_engine")
def test_config_is_found_from_the_files_own_directory(tmp_path: Path) -> None:
    write(tmp_path / "desk" / "pyproject.toml", '[tool.facts]\nfail-on = "unverified"\n')
    write(tmp_path / "desk" / "drafts" / "a.md", "Nobody knows.\n")
    write(tmp_path / "other" / "b.md", "Nobody knows.\n")
    assert invoke("check", "other/b.md").exit_code == ExitCode.OK
    assert invoke("check", "desk/drafts/a.md").exit_code == ExitCode.FINDINGS


@pytest.mark.usefixtures("fake_engine")
def test_command_line_flags_win_over_config(tmp_path: Path) -> None:
    write(tmp_path / ".facts.yaml", "fail-on: unverified\nshow-unverified: true\n")
    assert invoke("check", "Nobody knows.").exit_code == ExitCode.FINDINGS
    assert invoke("check", "Nobody knows.", "--fail-on", "contradicted").exit_code == 0
    assert "Nobody knows." in invoke("check", "Nobody knows.", "--fail-on", "never").stdout
    hidden = invoke("check", "Nobody knows.", "--fail-on", "never", "--hide-unverified")
    assert "Nobody knows." not in hidden.stdout


@pytest.mark.usefixtures("fake_engine")
def test_config_excludes_apply_to_directory_walks(tmp_path: Path) -> None:
    write(tmp_path / ".facts.yaml", "exclude: [archive, 'drafts/*.txt']\n")
    write(tmp_path / "drafts" / "a.md", "A TRUE.\n")
    write(tmp_path / "drafts" / "b.txt", "B TRUE.\n")
    write(tmp_path / "drafts" / "archive" / "old.md", "Old TRUE.\n")
    result = invoke("check", "drafts", "--format", "json")
    assert [r["path"] for r in payload(result)["results"]] == ["drafts/a.md"]


@pytest.mark.usefixtures("fake_engine")
def test_explicit_config_file(tmp_path: Path) -> None:
    write(tmp_path / "ci" / "facts.yaml", "fail-on: never\n")
    result = invoke("check", "It is FALSE.", "--config", "ci/facts.yaml")
    assert result.exit_code == ExitCode.OK


def test_bad_config_is_an_error_naming_the_file(tmp_path: Path) -> None:
    write(tmp_path / ".facts.yaml", "fail-on: sometimes\n")
    assert_one_line_error(invoke("check", "x y"), ".facts.yaml", "fail-on")


def test_unknown_threshold_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / ".facts.yaml", "thresholds: {suport: 70}\n")
    assert_one_line_error(invoke("check", "x y"), ".facts.yaml", "'suport'")


@pytest.mark.usefixtures("fake_engine")
def test_thresholds_reach_the_checker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Any] = []

    class Recording(FakeChecker):
        def __init__(self, claims: ClaimsBase, thresholds: Any = None) -> None:
            super().__init__(claims, thresholds)
            seen.append(thresholds)

    from abduction_facts import cache
    from abduction_facts.claims import load_claims

    def recording_load_checker(path: Any = None, thresholds: Any = None) -> Recording:
        return Recording(load_claims(path), thresholds)

    monkeypatch.setattr(cache, "load_checker", recording_load_checker)
    write(tmp_path / ".facts.yaml", "thresholds: {support: 70}\n")
    assert invoke("check", "It is TRUE.").exit_code == 0
    assert seen == [{"support": 70.0}]


def test_config_claims_path_is_used(tmp_path: Path) -> None:
    data = tmp_path / "newsroom-data"
    shutil.copytree(BUNDLED_CLAIMS.parent, data)
    write(tmp_path / ".facts.yaml", "claims: newsroom-data/claims.yaml\n")
    document = payload(invoke("check", "x y", "--format", "json"))
    assert Path(document["claims_file"]).resolve() == (data / "claims.yaml").resolve()


# --- parallel checking ----------------------------------------------------------------


@pytest.mark.usefixtures("fake_engine")
def test_jobs_give_the_same_report_in_input_order(tmp_path: Path) -> None:
    for i in range(6):
        write(tmp_path / "d" / f"{i}.txt", f"File {i} TRUE.\nFile {i} FALSE.\n")
    one = invoke("check", "d", "--format", "json", "--jobs", "1")
    two = invoke("check", "d", "--format", "json", "--jobs", "2")
    assert one.exit_code == two.exit_code == ExitCode.FINDINGS
    assert one.stdout == two.stdout
    assert [r["path"] for r in payload(two)["results"]][::2] == [f"d/{i}.txt" for i in range(6)]


@pytest.mark.usefixtures("fake_engine")
def test_jobs_on_many_short_files_use_the_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches run across files: a directory of short drafts is judged in the workers."""
    started = []
    start = engine.Workers._start
    monkeypatch.setattr(engine.Workers, "_start", lambda self: started.append(1) or start(self))
    per_file = engine._BATCH // 16
    for i in range(40):
        lines = [f"File {i} line {n} {('TRUE', 'FALSE', 'maybe')[n % 3]}." for n in range(per_file)]
        write(tmp_path / "d" / f"{i:02}.txt", "\n".join(lines) + "\n")
    write(tmp_path / "d" / "05.md", "# The title is a sentence\n\nOne TRUE sentence.\n")
    one = invoke("check", "d", "--format", "json", "--jobs", "1")
    assert not started
    two = invoke("check", "d", "--format", "json", "--jobs", "2")
    assert started
    assert one.exit_code == two.exit_code == ExitCode.FINDINGS
    assert one.stdout == two.stdout
    paths = [r["path"] for r in payload(two)["results"]]
    assert paths == sorted(paths)
    assert len(paths) == 40 * per_file + 2


@pytest.mark.usefixtures("fake_engine")
def test_jobs_on_one_long_input_give_the_same_report(tmp_path: Path) -> None:
    """Long enough for worker processes to start (more than two batches)."""
    lines = [f"Line {i} {('TRUE', 'FALSE', 'maybe')[i % 3]}." for i in range(3 * engine._BATCH)]
    write(tmp_path / "long.txt", "\n".join(lines) + "\n")
    one = invoke("check", "long.txt", "--format", "json", "--jobs", "1")
    two = invoke("check", "long.txt", "--format", "json", "--jobs", "2")
    stdin = invoke("check", "--format", "json", "--jobs", "2", stdin="\n".join(lines))
    assert one.exit_code == two.exit_code == stdin.exit_code == ExitCode.FINDINGS
    assert one.stdout == two.stdout
    assert [r["text"] for r in payload(stdin)["results"]] == lines
    assert payload(two)["summary"] == {
        "sentences": len(lines),
        "supported": engine._BATCH,
        "contradicted": engine._BATCH,
        "unverified": engine._BATCH,
    }


@pytest.mark.usefixtures("fake_engine")
def test_progress_bar_does_not_touch_the_payload(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_run, "stderr_is_terminal", lambda: True)
    monkeypatch.setattr(cli_run, "PROGRESS_MIN_FILES", 2)
    for i in range(3):
        write(tmp_path / "d" / f"{i}.txt", f"File {i} TRUE.\n")
    with_bar = invoke("check", "d", "--format", "json")
    monkeypatch.setattr(cli_run, "stderr_is_terminal", lambda: False)
    without = invoke("check", "d", "--format", "json")
    assert with_bar.exit_code == 0
    assert with_bar.stdout == without.stdout


# --- the sample draft -----------------------------------------------------------------


def test_sample_draft_structure() -> None:
    """One result per sentence, in document order, never from front matter or code."""
    text = DRAFT.read_text(encoding="utf-8")
    lines = text.splitlines()
    result = invoke("check", str(DRAFT), "--format", "json", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    document = payload(result)
    records = document["results"]
    assert len(records) == len(list(split_markdown(text))) == document["summary"]["sentences"]
    assert records, "the sample draft has sentences"
    positions = [(r["line"], r["column"]) for r in records]
    assert positions == sorted(positions)
    front_matter_end = lines.index("---", 1) + 1
    fence = lines.index("```console") + 1
    for record in records:
        assert record["path"] == str(DRAFT)
        assert front_matter_end < record["line"] <= record["end_line"] <= len(lines)
        assert not fence <= record["line"] <= fence + 3
        assert record["column"] >= 1
        assert "99 abductees" not in record["text"]  # inside the code block
        assert "12 abductees" not in record["text"]  # after <!-- facts-ignore -->
        assert "changed to 19" not in record["text"]  # inside facts-disable


def test_sample_draft_has_findings_by_default() -> None:
    """The draft changes numbers, dates and names, so a default check exits 1."""
    result = invoke("check", str(DRAFT), "--quiet")
    assert result.exit_code == ExitCode.FINDINGS, result.output


# --- claims, sources, validate --------------------------------------------------------


def test_claims_table_lists_every_claim() -> None:
    result = invoke("claims", COLUMNS="200")
    assert result.exit_code == 0
    base = load_claims()
    for claim in base.claims:
        assert claim.id in result.stdout
    assert f"{len(base.claims)} claims" in result.stdout


def test_claims_json_matches_the_contract() -> None:
    result = invoke("claims", "--format", "json")
    document = payload(result)
    assert set(document) == {"claims"}
    base = load_claims()
    assert document["claims"] == [claim.as_record() for claim in base.claims]
    required = {"id", "text", "passage", "source", "facts", "attribution", "as_of"}
    assert all(required <= set(record) for record in document["claims"])


def test_claims_search_is_fuzzy_and_best_first() -> None:
    result = invoke("claims", "Kamikawa", "--format", "json")
    ids = [c["id"] for c in payload(result)["claims"]]
    assert ids
    assert all("kamikawa" in (c["id"] + c["text"]).lower() for c in payload(result)["claims"])
    misspelt = [
        c["id"] for c in payload(invoke("claims", "Kamikowa", "--format", "json"))["claims"]
    ]
    assert misspelt[: len(ids)] == ids


def test_claims_search_without_matches() -> None:
    result = invoke("claims", "zzzzqqqq")
    assert result.exit_code == 0
    assert "no claims match" in result.stderr
    assert payload(invoke("claims", "zzzzqqqq", "--format", "json")) == {"claims": []}


def test_sources_table_and_json() -> None:
    base = load_claims()
    table = invoke("sources", COLUMNS="250")
    assert table.exit_code == 0
    for source in base.sources:
        assert source.id in table.stdout
        assert source.url in table.stdout
    document = payload(invoke("sources", "--format", "json"))
    assert document == {"sources": [s.as_record() for s in base.sources]}


def test_validate_the_bundled_file() -> None:
    result = invoke("validate")
    base = load_claims()
    assert result.exit_code == 0
    assert result.stdout == f"{len(base.claims)} claims, {len(base.sources)} sources: valid\n"


def test_validate_a_broken_file_lists_problems_with_lines(tmp_path: Path) -> None:
    write(tmp_path / "claims.yaml", "schema_version: 1\nsources: [\n")
    result = invoke("validate", "claims.yaml")
    assert result.exit_code == ExitCode.ERROR
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("error: claims.yaml:")
    assert all(line.startswith("claims.yaml:") for line in lines[:-1])
    assert lines[:-1]
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", ["claims", "sources", "validate"])
def test_listing_commands_refuse_a_missing_claims_file(command: str) -> None:
    args = [command, "nope.yaml"] if command == "validate" else [command, "--claims", "nope.yaml"]
    result = invoke(*args)
    assert result.exit_code == ExitCode.ERROR
    assert "nope.yaml" in result.stderr
    assert "Traceback" not in result.output


# --- the installed executable, one run per input mode ---------------------------------


def run_facts(
    *args: str, cwd: Path, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ENV}
    env.update(NO_COLOR="1", COLUMNS="100")
    return subprocess.run(
        [str(FACTS_EXE), *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )


needs_exe = pytest.mark.skipif(not FACTS_EXE.exists(), reason="the facts script is not installed")


@needs_exe
@pytest.mark.parametrize("mode", ["statement", "file", "directory", "pipe", "dash"])
def test_installed_executable(tmp_path: Path, mode: str) -> None:
    sentence = "Japan and North Korea do not maintain diplomatic relations."
    write(tmp_path / "drafts" / "a.md", f"---\ntitle: Draft\n---\n{sentence}\n")
    statement = "Japan has identified 17 of its citizens who were abducted by North Korean agents."
    piped = statement.encode() + b"\n"
    args, stdin, path = {
        "statement": ([statement], None, None),
        "file": (["drafts/a.md"], None, "drafts/a.md"),
        "directory": (["drafts"], None, "drafts/a.md"),
        "pipe": ([], piped, "<stdin>"),
        "dash": (["-"], piped, "<stdin>"),
    }[mode]
    proc = run_facts("check", *args, "--format", "json", cwd=tmp_path, stdin=stdin)
    assert proc.returncode in (ExitCode.OK, ExitCode.FINDINGS), proc.stderr
    assert b"Traceback" not in proc.stderr
    (record,) = json.loads(proc.stdout)["results"]
    assert record["path"] == path
    assert record["line"] == (4 if mode in {"file", "directory"} else 1)


@needs_exe
def test_installed_executable_errors_are_one_line(tmp_path: Path) -> None:
    proc = run_facts("check", "missing.md", cwd=tmp_path)
    assert proc.returncode == ExitCode.ERROR
    assert proc.stdout == b""
    assert proc.stderr.decode().strip() == "error: no such file: missing.md"


@pytest.mark.usefixtures("fake_engine")
def test_closed_stdout_is_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    """`facts check … | head`: the reader going away ends the run quietly."""

    def closed(_self: object, _payload: str) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(cli_run.Terminal, "_emit", closed)
    result = invoke("check", "It is TRUE.")
    assert result.exit_code == ExitCode.ERROR
    assert result.stderr == ""


def test_one_statement_check_does_not_import_pydantic_or_rich(tmp_path: Path) -> None:
    """Issue 6: a statement check imports only what it needs."""
    code = (
        "import sys\n"
        "sys.argv = ['facts', 'check', 'Pyongyang', '--format', 'json']\n"
        "from abduction_facts.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = sorted(m for m in ('pydantic', 'rich') if m in sys.modules)\n"
        "sys.stderr.write('HEAVY=' + ','.join(heavy))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, timeout=120, check=False
    )
    assert b"HEAVY=" in proc.stderr, proc.stderr
    assert proc.stderr.decode().rsplit("HEAVY=", 1)[1] == ""


def _imported_by(argv: list[str], cwd: Path) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run `facts ARGV` in a fresh interpreter; its result and the modules it imported
    beyond those `python -c pass` already has (site's `.pth` files may import
    pathlib or typing, and that is no cost of ours)."""
    code = (
        "import sys\n"
        f"sys.argv = {['facts', *argv]!r}\n"
        "from abduction_facts.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    code = exc.code\n"
        "sys.stderr.write('MODULES=' + ' '.join(sorted(sys.modules)))\n"
        "sys.exit(code)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ENV}
    env.update(NO_COLOR="1", COLUMNS="100")
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert "MODULES=" in proc.stderr, proc.stderr
    stderr, modules = proc.stderr.rsplit("MODULES=", 1)
    proc.stderr = stderr
    bare = subprocess.run(
        [sys.executable, "-c", "import sys; print(' '.join(sys.modules))"],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    return proc, set(modules.split()) - set(bare.stdout.split())


def _heavy(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules} & {"typer", "click", "rich", "pydantic"}


@pytest.fixture(params=[False, True], ids=["bare-site", "site-imports-pathlib"])
def site_imports(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Also run where start-up itself imports pathlib and typing, as some
    site `.pth` files make it do (a sitecustomize on PYTHONPATH does the same)."""
    if request.param:
        site = tmp_path_factory.mktemp("site")
        (site / "sitecustomize.py").write_text(
            "import dataclasses, hashlib, pathlib, tempfile, tomllib, typing\n", encoding="utf-8"
        )
        path = [str(site), *filter(None, [os.environ.get("PYTHONPATH")])]
        monkeypatch.setenv("PYTHONPATH", os.pathsep.join(path))


@pytest.mark.usefixtures("site_imports")
def test_plain_statement_check_skips_typer_and_rich(tmp_path: Path) -> None:
    """Issue 6: `facts check STATEMENT` needs no option parsing and no rich."""
    # why: the first run in a session compiles the claims base into the cache
    _imported_by(["check", "Japan has identified 17 abductees."], tmp_path)
    proc, modules = _imported_by(["check", "Japan has identified 17 abductees."], tmp_path)
    assert proc.returncode == ExitCode.OK, proc.stderr
    assert "SUPPORTED" in proc.stdout
    assert not _heavy(modules)
    assert not modules & {"pathlib", "tomllib", "hashlib", "tempfile", "abduction_facts.claims"}


@pytest.mark.usefixtures("site_imports")
def test_version_imports_neither_typer_nor_the_engine(tmp_path: Path) -> None:
    proc, modules = _imported_by(["--version"], tmp_path)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, f"facts {__version__}\n", "")
    assert not _heavy(modules)
    assert not modules & {"abduction_facts.engine", "typing", "pathlib", "dataclasses"}


@pytest.mark.parametrize(
    ("args", "plain"),
    [
        (["check", "x"], True),
        (["check", "a b", "drafts/", "c.md"], True),
        (["check"], False),
        (["check", "-"], False),
        (["check", "x", "--format", "json"], False),
        (["check", "--", "x"], False),
        (["check", "-h"], False),
        (["claims", "x"], False),
        (["--version", "check", "x"], False),
        ([], False),
    ],
)
def test_plain_check_command_lines(args: list[str], plain: bool) -> None:
    assert cli.is_plain_check(args) is plain


@pytest.mark.usefixtures("fake_engine")
@pytest.mark.parametrize(
    "inputs",
    [
        ["It is TRUE."],
        ["It is FALSE.", "Another one.", ""],
        ["draft.md"],
        ["drafts"],
        ["empty"],
        ["missing.md"],
        ["draft.md", "missing.md"],
    ],
)
def test_plain_check_runs_as_typer_would(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    inputs: list[str],
) -> None:
    """`main()` runs `facts check INPUT…` without typer; same output and exit code."""
    write(tmp_path / "draft.md", "# Draft\n\nIt is TRUE. It is FALSE.\n")
    write(tmp_path / "drafts" / "a.txt", "Plain TRUE.\n")
    (tmp_path / "empty").mkdir()
    expected = invoke("check", *inputs)
    for name, value in ENV.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "argv", ["facts", "check", *inputs])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    captured = capsys.readouterr()
    assert exited.value.code == expected.exit_code
    assert (captured.out, captured.err) == (expected.stdout, expected.stderr)


def test_plain_check_reports_crashes_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise ZeroDivisionError("boom")

    from abduction_facts import cache

    monkeypatch.setattr(cache, "load_checker", broken)
    monkeypatch.delenv("FACTS_TRACEBACK", raising=False)
    monkeypatch.setattr(sys, "argv", ["facts", "check", "x y"])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == ExitCode.ERROR
    err = capsys.readouterr().err
    assert err.startswith("error: internal error (ZeroDivisionError: boom)")
    assert len(err.strip().splitlines()) == 1


def test_plain_check_exits_130_on_ctrl_c(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_args: Any, **_kwargs: Any) -> None:
        raise KeyboardInterrupt

    from abduction_facts import cache

    monkeypatch.setattr(cache, "load_checker", interrupted)
    monkeypatch.setattr(sys, "argv", ["facts", "check", "x y"])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == 130
    assert invoke("check", "x y").exit_code == 130


def test_split_text_is_the_plain_text_splitter() -> None:
    """The CLI streams plain text through segment.split_text, line by line."""
    sentences = list(split_text(["One TRUE.\n", "Two FALSE.\n"]))
    assert [s.span.line for s in sentences] == [1, 2]


@pytest.mark.parametrize(
    ("content", "expected"),
    [("200000 100000\n", 2), ("150000 100000\n", 2), ("50000 100000\n", 1), ("max 100000\n", None)],
)
def test_a_cgroup_cpu_quota_caps_the_default_jobs(
    tmp_path: Path, content: str, expected: int | None
) -> None:
    """A container limited to N CPUs judges with at most N processes by default."""
    quota = write(tmp_path / "cpu.max", content)
    assert cli_run.cgroup_cpu_quota(str(quota)) == expected
    assert cli_run.cgroup_cpu_quota(str(tmp_path / "missing")) is None
