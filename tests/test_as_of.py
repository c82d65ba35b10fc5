"""A draft's date: `--as-of`, a Markdown draft's front matter `date:`, `as-of` in configuration.

With a date, states such as ages are compared at it ("Soga, 40," in October
2022 contradicts "Soga, 64" of July 2023); without one, an age that may have
changed since is not contradicted. `--as-of` wins over front matter, which
wins over configuration.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from abduction_facts import cli, engine
from abduction_facts.cli import ExitCode, app
from abduction_facts.cli import run as cli_run
from abduction_facts.engine import _BATCH
from abduction_facts.inputs import front_matter_date

SOGA_40 = "Soga, 40, still hopes to see her mother again."
ENV: dict[str, str | None] = {"NO_COLOR": "1", "COLUMNS": "100", "FACTS_TRACEBACK": None}


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test runs in an empty directory, away from any project configuration."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=stdin, env=ENV)


def records(result: Result) -> list[dict[str, Any]]:
    """The JSON results a run printed."""
    document = json.loads(result.stdout)
    found: list[dict[str, Any]] = document["results"]
    return found


def draft(path: Path, date: str | None, body: str = SOGA_40, *, copies: int = 1) -> Path:
    """A Markdown draft with `date:` in its front matter (none when `date` is None)."""
    head = f"---\ntitle: Soga\ndate: {date}\n---\n\n" if date is not None else ""
    path.write_text(head + f"{body}\n\n" * copies, encoding="utf-8")
    return path


def test_as_of_makes_an_age_of_another_time_a_contradiction() -> None:
    dated = invoke("check", "--as-of", "2022-10-15", "--format", "json", SOGA_40)
    undated = invoke("check", "--format", "json", SOGA_40)

    assert dated.exit_code == ExitCode.FINDINGS, dated.output
    (record,) = records(dated)
    assert record["verdict"] == "contradicted"
    assert record["conflicts"] == [{"kind": "number", "found": "40", "expected": "63 in 2022"}]
    assert record["as_of"] == "2022-10-15"
    assert undated.exit_code == ExitCode.OK, undated.output
    (plain,) = records(undated)
    assert plain["verdict"] == "unverified"
    assert "as_of" not in plain


def test_the_age_a_person_had_at_the_drafts_date_is_not_contradicted() -> None:
    result = invoke("check", "--as-of", "2022-10", "--format", "json", "Soga, 63, still hopes.")

    assert [r["verdict"] for r in records(result)] != ["contradicted"]


@pytest.mark.parametrize("value", ["2022-13", "2023-02-29", "22-10-15", "yesterday", "2022/10/15"])
def test_a_bad_as_of_is_one_error_line_and_exit_2(value: str) -> None:
    result = invoke("check", "--as-of", value, SOGA_40)

    assert result.exit_code == ExitCode.ERROR, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: --as-of: ")
    assert repr(value) in lines[0]
    assert result.stdout == ""


def test_the_console_script_passes_as_of_through(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # `facts check "…"` with no option skips typer; with --as-of it must not
    monkeypatch.setattr(sys, "argv", ["facts", "check", SOGA_40, "--as-of", "2022-10-15"])
    monkeypatch.setenv("NO_COLOR", "1")
    with pytest.raises(SystemExit) as exit_info:
        cli.main()

    assert exit_info.value.code == ExitCode.FINDINGS
    assert "CONTRADICTED" in capsys.readouterr().out


def test_a_markdown_draft_is_judged_at_its_front_matter_date(tmp_path: Path) -> None:
    dated = draft(tmp_path / "dated.md", "2022-10-15")
    undated = draft(tmp_path / "undated.md", None)

    result = invoke("check", "--format", "json", str(dated), str(undated))

    assert result.exit_code == ExitCode.FINDINGS, result.output
    first, second = records(result)
    assert (first["verdict"], first["as_of"]) == ("contradicted", "2022-10-15")
    assert second["verdict"] == "unverified"
    assert "as_of" not in second


def test_front_matter_dates_piped_in_as_markdown_count_too() -> None:
    text = f"---\ndate: 2022-10-15T09:00:00+09:00\n---\n\n{SOGA_40}\n"

    result = invoke("check", "--stdin-filename", "d.md", "--format", "json", stdin=text)

    (record,) = records(result)
    assert (record["verdict"], record["as_of"]) == ("contradicted", "2022-10-15")
    assert record["line"] == 5


@pytest.mark.parametrize(
    ("head", "date"),
    [
        ("---\ndate: 2022-10-15\n---\n", "2022-10-15"),
        ("---\r\ndate: '2022-10'\r\n...\r\n", "2022-10"),
        ("---\ndate: 2022\n---\n", "2022"),
        ('+++\ndate = "2022-10-15T09:00:00+09:00"\n+++\n', "2022-10-15"),
        ("+++\ndate = 2022-10-15\n+++\n", "2022-10-15"),
        ("---\ntitle: no date\n---\n", None),
        ("---\ndate: 2022-10-15\n", None),  # never closed: not front matter
        ("Text first\n---\ndate: 2022-10-15\n---\n", None),
    ],
)
def test_front_matter_date_forms(head: str, date: str | None) -> None:
    assert front_matter_date(head) == date


def test_an_unreadable_front_matter_date_is_a_warning_and_the_draft_is_checked(
    tmp_path: Path,
) -> None:
    bad = draft(tmp_path / "bad.md", "October 2022")

    result = invoke("check", "--format", "json", str(bad))

    assert result.exit_code == ExitCode.OK, result.output
    (record,) = records(result)
    assert record["verdict"] == "unverified"
    assert "as_of" not in record
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("warning: ")
    assert "bad.md" in lines[0]
    assert "checked with no date" in lines[0]


def test_configured_as_of_applies(tmp_path: Path) -> None:
    (tmp_path / ".facts.yaml").write_text("as-of: 2022-10-15\n", encoding="utf-8")

    result = invoke("check", "--format", "json", SOGA_40)

    (record,) = records(result)
    assert (record["verdict"], record["as_of"]) == ("contradicted", "2022-10-15")


def test_configured_as_of_in_pyproject_accepts_a_toml_date(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.facts]\nas-of = 2022-10-15\n", "utf-8")

    result = invoke("check", "--format", "json", SOGA_40)

    (record,) = records(result)
    assert record["as_of"] == "2022-10-15"


@pytest.mark.parametrize(
    ("setting", "where"),
    [("as-of: '2022-13'", ".facts.yaml: as-of: "), ("as-of: 2022-02-30", ".facts.yaml:1:8: ")],
)
def test_a_bad_configured_as_of_is_one_error_line_naming_the_file(
    tmp_path: Path, setting: str, where: str
) -> None:
    (tmp_path / ".facts.yaml").write_text(f"{setting}\n", encoding="utf-8")

    result = invoke("check", SOGA_40)

    assert result.exit_code == ExitCode.ERROR, result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: ")
    assert where in line


def test_precedence_flag_then_front_matter_then_configuration(tmp_path: Path) -> None:
    (tmp_path / ".facts.yaml").write_text("as-of: 2021\n", encoding="utf-8")
    dated = draft(tmp_path / "dated.md", "2022-10-15")
    undated = draft(tmp_path / "undated.md", None)

    by_file = invoke("check", "--format", "json", str(dated), str(undated))
    by_flag = invoke("check", "--format", "json", "--as-of", "2023-07", str(dated), str(undated))

    assert [r["as_of"] for r in records(by_file)] == ["2022-10-15", "2021"]
    assert [r["as_of"] for r in records(by_flag)] == ["2023-07", "2023-07"]
    # as of July 2023 "40" is still not 64
    assert [r["verdict"] for r in records(by_flag)] == ["contradicted", "contradicted"]


def test_an_unreadable_front_matter_date_falls_back_to_the_configured_one(tmp_path: Path) -> None:
    (tmp_path / ".facts.yaml").write_text("as-of: 2021\n", encoding="utf-8")
    bad = draft(tmp_path / "bad.md", "2022-02-30")

    result = invoke("check", "--format", "json", str(bad))

    (record,) = records(result)
    assert record["as_of"] == "2021"
    assert "checked as of 2021" in result.stderr


def test_drafts_of_different_dates_each_get_their_own_checker(tmp_path: Path) -> None:
    run = cli_run._CheckRun(cli_run.Terminal(), claims=None, config=None, jobs=1, quiet=True)
    names = [
        draft(tmp_path / f"{i}.md", date)
        for i, date in enumerate(["2022-10-15", "2023-07-06", "2022-10-15", None])
    ]
    inputs = [cli_run.classify(str(name)) for name in names]

    tasks, _empty = run.tasks(inputs, stdin_name=None)
    run.prepare(tasks)

    assert [t.as_of for t in tasks] == ["2022-10-15", "2023-07-06", "2022-10-15", None]
    assert len({t.engine for t in tasks}) == 3
    checkers = [run.checker(t.engine) for t in tasks]
    assert checkers[0] is checkers[2]
    assert len({id(c) for c in checkers}) == 3
    # one claims index for every date
    assert len({id(c.index) for c in checkers}) == 1


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_two_dated_drafts_in_one_run_are_judged_each_at_its_date(
    tmp_path: Path, jobs: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[str | None] = []
    start = engine.Workers._start

    def spy(self: engine.Workers) -> Any:
        if self._pool is None:
            started.append(self.checker._judge.as_of)
        return start(self)

    monkeypatch.setattr(engine.Workers, "_start", spy)
    # long enough that --jobs 2 starts worker processes for each date
    copies = 2 * _BATCH + 10
    october = draft(tmp_path / "october.md", "2022-10-15", "Soga, 63, hopes.", copies=copies)
    july = draft(tmp_path / "july.md", "2023-07-06", "Soga, 63, hopes.", copies=copies)

    result = invoke("check", "--jobs", jobs, "--format", "json", str(october), str(july))

    found = records(result)
    assert len(found) == 2 * copies
    by_file: dict[str, set[tuple[str, str]]] = {}
    for record in found:
        by_file.setdefault(Path(record["path"]).name, set()).add(
            (record["verdict"], record["as_of"])
        )
    # 63 was Soga's age in October 2022, not in July 2023
    assert len(by_file["october.md"]) == 1
    ((october_verdict, october_date),) = by_file["october.md"]
    assert october_date == "2022-10-15"
    assert october_verdict != "contradicted"
    assert by_file["july.md"] == {("contradicted", "2023-07-06")}
    assert started == ([] if jobs == "1" else ["2022-10-15", "2023-07-06"])


def test_drafts_of_one_date_share_the_workers_and_keep_their_date(tmp_path: Path) -> None:
    first = draft(tmp_path / "a.md", "2022-10-15")
    second = draft(tmp_path / "b.md", "2022-10-15")

    result = invoke("check", "--jobs", "2", "--format", "json", str(first), str(second))

    assert [(r["verdict"], r["as_of"]) for r in records(result)] == [
        ("contradicted", "2022-10-15"),
        ("contradicted", "2022-10-15"),
    ]


def test_sarif_results_carry_the_date() -> None:
    result = invoke("check", "--as-of", "2022-10-15", "--format", "sarif", SOGA_40)

    (sarif_result,) = json.loads(result.stdout)["runs"][0]["results"]
    assert sarif_result["properties"]["as_of"] == "2022-10-15"
