"""End to end on examples/draft.md with the real engine: golden text and JSON.

The draft holds five deliberate mistakes (a name, a number, a year, an age, a
polarity) among faithful and off-topic sentences; the goldens pin every
verdict, conflict, location and cited passage.  `pytest --update-goldens`
rewrites them after an intended change.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from abduction_facts.cli import app

DRAFT = Path(__file__).resolve().parents[1] / "examples" / "draft.md"
ENV = {"NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb", "FORCE_COLOR": None}


@pytest.fixture(autouse=True)
def _in_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    # why: the report lays lines out around the path it prints; a relative path
    # makes the goldens the same in any clone's folder
    monkeypatch.chdir(DRAFT.parents[1])


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["check", "examples/draft.md", *args], env=ENV)
    return result.exit_code, result.stdout


def test_draft_text_report(golden: Callable[[str, str], None]) -> None:
    code, out = run("--no-color")
    assert code == 1
    golden("draft.txt", out)


def test_draft_json_report(golden: Callable[[str, str], None]) -> None:
    code, out = run("--format", "json")
    assert code == 1
    document = json.loads(out)
    document["claims_file"] = "<bundled>"
    golden("draft.json", json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def test_draft_catches_each_deliberate_mistake() -> None:
    _, out = run("--format", "json")
    conflicts = {
        (c["kind"], c["found"], c["expected"])
        for r in json.loads(out)["results"]
        for c in r["conflicts"]
    }
    assert conflicts == {
        ("person", "Yoshimasa Hayashi", "Yoko Kamikawa"),
        ("number", "13", "17"),
        ("date", "2015", "2014"),
        ("number", "46", "64"),
        ("polarity", "attended", "did not participate"),
    }
