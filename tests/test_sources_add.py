"""`facts sources add`: reviewed drafts appended to a claims file, its comments kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from abduction_facts.claims import BUNDLED_CLAIMS, load_claims
from abduction_facts.cli import ExitCode, app
from abduction_facts.suggest import draft_yaml, read_article, suggest

SOURCES = BUNDLED_CLAIMS.parent / "sources"
ENV: dict[str, str | None] = {"NO_COLOR": "1", "COLUMNS": "100", "FORCE_COLOR": None}
ARTICLE = "Japan said 17 abductees remain in North Korea.\n\nKishida met Hitomi Soga in 2023.\n"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env=ENV)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A copy of the bundled claims file and its sources, plus one new article and its draft."""
    shutil.copy(BUNDLED_CLAIMS, tmp_path / "claims.yaml")
    shutil.copytree(SOURCES, tmp_path / "sources")
    (tmp_path / "sources" / "new.txt").write_text(ARTICLE, encoding="utf-8")
    article = read_article(
        tmp_path / "sources" / "new.txt", published="2023-08-01", id="new", title="New"
    )
    (tmp_path / "draft.yaml").write_text(draft_yaml(suggest(article)), encoding="utf-8")
    return tmp_path


def test_a_draft_is_appended_and_validates(workdir: Path) -> None:
    before = load_claims(workdir / "claims.yaml")
    result = invoke(
        "sources", "add", str(workdir / "draft.yaml"), "--claims", str(workdir / "claims.yaml")
    )
    assert result.exit_code == ExitCode.OK, result.output
    after = load_claims(workdir / "claims.yaml")
    assert [s.id for s in after.sources] == [*(s.id for s in before.sources), "new"]
    assert len(after.claims) == len(before.claims) + 2
    assert "valid" in result.stdout


def test_comments_and_layout_of_the_file_are_kept(workdir: Path) -> None:
    target = workdir / "claims.yaml"
    original = target.read_text(encoding="utf-8")
    target.write_text(original + "  # a curator's note at the end\n", encoding="utf-8")
    kept = target.read_text(encoding="utf-8")
    assert (
        invoke("sources", "add", str(workdir / "draft.yaml"), "--claims", str(target)).exit_code
        == 0
    )
    merged = target.read_text(encoding="utf-8")
    comments = [line for line in kept.splitlines() if line.lstrip().startswith("#")]
    assert comments
    assert all(line in merged.splitlines() for line in comments)
    # every original line is still there, in order: only new lines were inserted
    lines = iter(merged.splitlines())
    assert all(any(line == other for other in lines) for line in kept.splitlines())


def test_a_duplicate_id_is_refused_and_the_file_unchanged(workdir: Path) -> None:
    target = workdir / "claims.yaml"
    assert (
        invoke("sources", "add", str(workdir / "draft.yaml"), "--claims", str(target)).exit_code
        == 0
    )
    once = target.read_bytes()
    result = invoke("sources", "add", str(workdir / "draft.yaml"), "--claims", str(target))
    assert result.exit_code == ExitCode.ERROR
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "duplicate source id 'new'" in lines[0]
    assert target.read_bytes() == once


def test_a_duplicate_claim_id_is_refused(workdir: Path) -> None:
    draft = workdir / "draft.yaml"
    text = draft.read_text(encoding="utf-8")
    first_id = next(
        line for line in text.splitlines() if line.startswith("  - id: ") and "new" not in line
    )
    taken = load_claims().claims[0].id
    draft.write_text(text.replace(first_id, f"  - id: {taken}", 1), encoding="utf-8")
    result = invoke("sources", "add", str(draft), "--claims", str(workdir / "claims.yaml"))
    assert result.exit_code == ExitCode.ERROR
    assert f"duplicate claim id '{taken}'" in result.stderr


def test_the_bundled_file_is_refused(workdir: Path) -> None:
    result = invoke("sources", "add", str(workdir / "draft.yaml"))
    assert result.exit_code == ExitCode.ERROR
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "bundled claims file" in lines[0]
    assert "--claims" in lines[0]


def test_an_invalid_result_is_not_written(workdir: Path) -> None:
    target = workdir / "claims.yaml"
    before = target.read_bytes()
    (workdir / "sources" / "new.txt").unlink()  # the draft's source is missing
    result = invoke("sources", "add", str(workdir / "draft.yaml"), "--claims", str(target))
    assert result.exit_code == ExitCode.ERROR
    assert "would be invalid" in result.stderr
    assert "new.txt" in result.stderr
    assert target.read_bytes() == before
    assert sorted(p.name for p in workdir.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("problem", ["missing", "not yaml"])
def test_an_unreadable_draft_is_one_line(workdir: Path, problem: str) -> None:
    draft = workdir / "broken.yaml"
    if problem == "not yaml":
        draft.write_text("claims: [\n", encoding="utf-8")
    result = invoke("sources", "add", str(draft), "--claims", str(workdir / "claims.yaml"))
    assert result.exit_code == ExitCode.ERROR
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(draft) in lines[0]
    assert "Traceback" not in result.output


def test_listing_sources_still_works(workdir: Path) -> None:
    result = invoke("sources", "--claims", str(workdir / "claims.yaml"))
    assert result.exit_code == ExitCode.OK
    assert result.stdout.strip().endswith("2 sources")
