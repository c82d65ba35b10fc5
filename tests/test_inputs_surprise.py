"""Inputs that used to surprise a journalist or a CI pipeline.

- A mistyped file name must fail loudly, not be checked as a statement.
- Markdown piped in is read as Markdown, not judged heading by heading.
- `facts validate` works from any directory, on several files, listing
  every problem of each.
- The JSON report names its claims file the same way on every machine.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from abduction_facts.cli import ExitCode, app
from abduction_facts.inputs import InputKind, classify, looks_like_markdown, looks_like_path
from abduction_facts.report import claims_file_name

FIXTURES = Path(__file__).parent / "fixtures" / "claims"
ENV: dict[str, str | None] = {"NO_COLOR": "1", "COLUMNS": "100", "FORCE_COLOR": None}
CONTRADICTED = "Japan has identified 13 of its citizens who were abducted by North Korean agents."


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test runs in an empty directory, away from any project configuration."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=stdin, env=ENV)


def payload(result: Result) -> dict[str, Any]:
    document = json.loads(result.stdout)
    assert isinstance(document, dict)
    return document


def assert_one_line_error(result: Result, text: str) -> None:
    assert result.exit_code == ExitCode.ERROR, result.output
    assert result.stderr.strip().splitlines() == [f"error: {text}"]
    assert result.stdout == ""


# --- a missing file is an error, a statement stays a statement ----------------------------


@pytest.mark.parametrize(
    "name",
    ["draft.md", "drafts/x.txt", "my draft.md", "My Draft.MARKDOWN", "notes final.txt "],
)
def test_a_mistyped_file_name_fails_instead_of_passing(name: str) -> None:
    """`facts check "my draft.md"` with no such file: exit 2, not a statement that exits 0."""
    assert_one_line_error(invoke("check", name), f"no such file: {name}".rstrip())


@pytest.mark.parametrize(
    "statement",
    [
        "Japan has identified 17 abductees.",
        "The Japan/North Korea talks stalled.",
        "Talks with N. Korea resumed in 2024",
        "U.S.",
    ],
)
def test_sentences_stay_statements(statement: str) -> None:
    assert not looks_like_path(statement)
    assert classify(statement).kind is InputKind.STATEMENT
    result = invoke("check", statement, "--format", "json")
    assert result.exit_code == ExitCode.OK, result.output
    assert [r["path"] for r in payload(result)["results"]] == [None]


def test_text_still_forces_a_statement() -> None:
    result = invoke("check", "--text", "my draft.md", "--format", "json")
    assert result.exit_code == ExitCode.OK, result.output
    assert [r["text"] for r in payload(result)["results"]] == ["my draft.md"]


def test_an_existing_file_with_a_space_is_checked(tmp_path: Path) -> None:
    (tmp_path / "my draft.md").write_text(f"# Notes\n\n{CONTRADICTED}\n", encoding="utf-8")
    result = invoke("check", "my draft.md", "--format", "json")
    assert result.exit_code == ExitCode.FINDINGS, result.output
    assert [(r["path"], r["line"]) for r in payload(result)["results"]] == [("my draft.md", 3)]


# --- Markdown on stdin ----------------------------------------------------------------------

MARKDOWN_DRAFT = f"""---
title: Notes on the abduction issue
date: 2022-10-15
---
# Japan and North Korea

{CONTRADICTED}

```
Japan has identified 13 abductees.
```
"""


def checked(stdin: str, *options: str) -> list[tuple[int, str]]:
    result = invoke("check", "--format", "json", *options, stdin=stdin)
    assert result.exit_code in (ExitCode.OK, ExitCode.FINDINGS), result.output
    return [(r["line"], r["verdict"]) for r in payload(result)["results"]]


def test_piped_markdown_is_read_as_markdown() -> None:
    """Front matter, the heading and the fenced code are not judged; the front matter dates it."""
    result = invoke("check", "--format", "json", stdin=MARKDOWN_DRAFT)
    records = payload(result)["results"]
    assert [(r["path"], r["line"], r["verdict"]) for r in records] == [
        ("<stdin>", 7, "contradicted")
    ]
    assert records[0]["as_of"] == "2022-10-15"


@pytest.mark.parametrize(
    "text",
    [
        f"# A heading\n\n{CONTRADICTED}\n",
        f"{CONTRADICTED}\n\n## Background\n",
        f"{CONTRADICTED}\n\n```\ncode\n```\n",
        f"---\ntitle: x\n---\n{CONTRADICTED}\n",
    ],
    ids=["heading", "later-heading", "fence", "front-matter"],
)
def test_markdown_is_told_by_its_marks(text: str) -> None:
    assert looks_like_markdown(text)


@pytest.mark.parametrize(
    "text",
    [
        f"{CONTRADICTED}\nSoga returned in 2002.\n",
        "#1 priority: the abductees.\n",
        "Japan's position --- firm --- did not change.\n",
        "---\nA rule, but no front matter.\n",
        "",
    ],
    ids=["prose", "hash-without-space", "dashes", "unclosed-rule", "empty"],
)
def test_prose_is_not_taken_for_markdown(text: str) -> None:
    assert not looks_like_markdown(text)


def test_a_txt_stdin_filename_forces_plain_text() -> None:
    lines = [line for line, _verdict in checked(MARKDOWN_DRAFT, "--stdin-filename", "x.txt")]
    assert 1 in lines  # the front matter is read as prose, as asked


def test_an_md_stdin_filename_forces_markdown() -> None:
    assert checked(f"{CONTRADICTED}\n", "--stdin-filename", "draft.md") == [(1, "contradicted")]


def test_long_plain_text_on_stdin_is_read_whole() -> None:
    """Reading ahead to tell Markdown loses nothing past the head."""
    lines = [f"Soga returned to Japan in 2002, report {n} said." for n in range(3000)]
    results = checked("\n".join(lines) + "\n", "--jobs", "1")
    assert len(results) == 3000
    assert results[-1][0] == 3000


# --- facts validate, from anywhere, several files, every problem -----------------------------


def broken_claims(folder: Path, *edits: tuple[str, str]) -> Path:
    """A copy of the valid fixture in `folder` with `edits` made."""
    shutil.copytree(FIXTURES / "sources", folder / "sources")
    text = (FIXTURES / "valid.yaml").read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = folder / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_with_no_argument_works_from_any_directory(tmp_path: Path) -> None:
    (tmp_path / "deep" / "down").mkdir(parents=True)
    result = CliRunner().invoke(app, ["validate"], env=ENV)
    assert result.exit_code == ExitCode.OK, result.output
    assert result.stdout.endswith("sources: valid\n")


def test_validate_with_no_argument_uses_the_configured_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file `facts check` would use here, found through .facts.yaml from a subdirectory."""
    broken_claims(tmp_path / "newsroom", ("kind: state", "kind: opinion"))
    (tmp_path / ".facts.yaml").write_text("claims: newsroom/claims.yaml\n", encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    monkeypatch.chdir(tmp_path / "drafts")
    result = invoke("validate")
    assert result.exit_code == ExitCode.ERROR
    assert "kind must be event, state or quote" in result.stderr
    assert str(Path("newsroom", "claims.yaml")) in result.stderr


def test_validate_takes_several_files(tmp_path: Path) -> None:
    good = broken_claims(tmp_path / "good")
    bad = broken_claims(tmp_path / "bad", ("kind: state", "kind: opinion"))
    result = invoke("validate", str(good), str(bad), "missing.yaml")
    assert result.exit_code == ExitCode.ERROR
    assert result.stdout == f"{good}: 2 claims, 1 sources: valid\n"
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [f"error: {bad}: 1 problem", "error: missing.yaml: no such claims file"]
    assert f"{bad}:26: japan-identified-17: kind must be event, state or quote" in result.stderr


def test_validate_lists_every_problem_of_one_claim(tmp_path: Path) -> None:
    """An unknown source no longer hides the bad kind, the bad date and the bad fact."""
    path = broken_claims(
        tmp_path,
        ("    source: mini\n    passage: Japan", "    source: nowhere\n    passage: Japan"),
        ("kind: state", "kind: opinion"),
        ('as_of: "2024-01-01"', 'as_of: "last year"'),
        ("role: citizen}", "role: citizen, colour: red}"),
        ("about: [identify, abduct]", "about: [identify, Abduct!]"),
    )
    result = invoke("validate", str(path))
    assert result.exit_code == ExitCode.ERROR
    problems = result.stderr.splitlines()[:-1]
    assert problems == [
        f"{path}:26: japan-identified-17: unknown source 'nowhere'",
        f"{path}:26: japan-identified-17: kind must be event, state or quote",
        f"{path}:26: japan-identified-17: as_of 'last year' is not a date (YYYY[-MM[-DD]])",
        f"{path}:26: japan-identified-17: `about` item 'Abduct!' is not a concept, entity or word",
        f"{path}:35: japan-identified-17: unknown fact field colour (quote values with commas)",
    ]
    assert result.stderr.splitlines()[-1] == f"error: {path}: 5 problems"


def test_validate_reports_missing_and_unknown_fields_together(tmp_path: Path) -> None:
    path = broken_claims(
        tmp_path,
        (
            '    attribution: Test Desk\n    as_of: "2002-09"',
            '    as_of: "2002-09"\n    colour: red',
        ),
        (
            "{type: place, value: pyongyang, text: Pyongyang}",
            "{type: place, value: japan, text: Pyongyang}",
        ),
    )
    problems = invoke("validate", str(path)).stderr.splitlines()[:-1]
    assert problems == [
        f"{path}:15: koizumi-visit: missing field attribution",
        f"{path}:15: koizumi-visit: unknown field colour",
        f"{path}:25: koizumi-visit: fact value 'japan' does not follow from 'Pyongyang'"
        " (mark it `derived:` with the reason)",
    ]


# --- the JSON report names its claims file portably ------------------------------------------


def test_json_names_the_bundled_base_bundled() -> None:
    result = invoke("check", CONTRADICTED, "--format", "json")
    assert payload(result)["claims_file"] == "bundled"


def test_json_names_a_claims_file_as_given(tmp_path: Path) -> None:
    broken_claims(tmp_path / "base")
    result = invoke("check", "--claims", "base/claims.yaml", "x", "--format", "json")
    assert payload(result)["claims_file"] == "base/claims.yaml"


def test_json_names_a_configured_claims_file_relative_to_the_working_directory(
    tmp_path: Path,
) -> None:
    broken_claims(tmp_path / "newsroom")
    (tmp_path / ".facts.yaml").write_text("claims: newsroom/claims.yaml\n", encoding="utf-8")
    result = invoke("check", "x", "--format", "json")
    assert payload(result)["claims_file"] == str(Path("newsroom", "claims.yaml"))


def test_claims_file_name_rules(tmp_path: Path) -> None:
    cwd = str(tmp_path)
    assert claims_file_name(None, cwd) == "bundled"
    assert claims_file_name("x/claims.yaml", cwd) == "x/claims.yaml"
    assert claims_file_name(tmp_path / "a" / "c.yaml", cwd) == str(Path("a", "c.yaml"))
    outside = tmp_path.parent / "elsewhere.yaml"
    assert claims_file_name(outside, cwd) == str(outside)
