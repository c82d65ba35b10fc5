"""Sources that disagree: the `disputed` verdict.

The fixture base `tests/fixtures/disputed_base/` is the bundled claims base
plus a third, real article (AzerNews via MENAFN, 2024-01-30) that reports the
spring 2023 Japan-North Korea contacts in June, where the bundled
americathreepointzero.com article says March and May.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner, Result

from abduction_facts.claims import load_claims
from abduction_facts.cli import ExitCode, app
from abduction_facts.engine import Checker
from abduction_facts.models import Verdict

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "disputed_base"
CLAIMS = str(FIXTURE / "claims.yaml")
BUNDLED = Path(__file__).resolve().parent.parent / "src" / "abduction_facts" / "data"

MARCH_AND_MAY = "Japanese officials reached out to North Korea in March and May 2023."
JUNE = "Japan and North Korea held secret meetings in June 2023."
APRIL = "Japanese officials reached out to North Korea in April 2023."
UNRELATED = "The rainy season in Okinawa began early this year."

AMERICA = ("americathreepointzero.com", "2023-09-29")
AZERNEWS = ("AzerNews (via MENAFN)", "2024-01-30")
PASSAGE_AMERICA = "Japanese officials reached out to North Korea in both March and May"
PASSAGE_AZERNEWS = "held at least two meetings in third countries in June"
ENV = {"NO_COLOR": "1", "COLUMNS": "100", "FORCE_COLOR": None, "GITHUB_STEP_SUMMARY": None}


def invoke(*args: str) -> Result:
    """`facts ARGS` in-process, no colour, fixed width."""
    return CliRunner().invoke(app, list(args), env=ENV)


def check_json(sentence: str, *options: str) -> dict[str, Any]:
    """The one JSON result of checking `sentence` against the fixture base."""
    result = invoke("check", "--claims", CLAIMS, "--format", "json", *options, "--text", sentence)
    document = json.loads(result.stdout)
    assert isinstance(document, dict)
    records = document["results"]
    assert len(records) == 1
    record = records[0]
    assert isinstance(record, dict)
    return record


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(load_claims(CLAIMS))


# --- the fixture base ----------------------------------------------------------------


def test_fixture_is_the_bundled_base_plus_a_third_source() -> None:
    bundled = yaml.safe_load((BUNDLED / "claims.yaml").read_text(encoding="utf-8"))
    fixture = yaml.safe_load((FIXTURE / "claims.yaml").read_text(encoding="utf-8"))
    bundled_ids = [c["id"] for c in bundled["claims"]]
    fixture_ids = [c["id"] for c in fixture["claims"]]
    assert fixture_ids[: len(bundled_ids)] == bundled_ids
    assert len(fixture["sources"]) == len(bundled["sources"]) + 1
    for source in bundled["sources"]:
        name = Path(source["file"]).name
        copy = (FIXTURE / "sources" / name).read_bytes()
        assert copy == (BUNDLED / "sources" / name).read_bytes()


def test_validate_passes_and_lists_the_dispute_as_information() -> None:
    result = invoke("validate", CLAIMS)
    assert result.exit_code == ExitCode.OK, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "71 claims, 3 sources: valid"
    dispute = lines[1]
    assert ": info: sources disagree (date): " in dispute
    assert "japanese-officials-reached-out-march-and-may" in dispute
    assert "dprk-and-japan-met-twice-june-2023" in dispute
    for publisher, date in (AMERICA, AZERNEWS):
        assert f"{publisher}, {date}" in dispute
    assert lines[2] == "1 disputed fact: sources that disagree (information, not a problem)"
    assert result.stderr == ""


def test_the_base_has_one_disputed_pair_on_the_month(checker: Checker) -> None:
    (pair,) = checker.disputes.pairs
    ids = {pair.claim.id, pair.other.id}
    assert ids == {
        "japanese-officials-reached-out-march-and-may",
        "dprk-and-japan-met-twice-june-2023",
    }
    assert {str(c.kind) for c in pair.conflicts} == {"date"}


def test_the_bundled_base_has_no_disputes() -> None:
    assert not Checker(load_claims()).disputes
    result = invoke("validate")
    assert result.exit_code == ExitCode.OK
    assert "disagree" not in result.stdout


# --- verdicts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "agrees_with", "other"),
    [
        (MARCH_AND_MAY, AMERICA, AZERNEWS),
        (JUNE, AZERNEWS, AMERICA),
    ],
)
def test_a_sentence_agreeing_with_one_source_is_disputed(
    sentence: str, agrees_with: tuple[str, str], other: tuple[str, str]
) -> None:
    record = check_json(sentence)
    assert record["verdict"] == "disputed"
    assert record["conflicts"] == []
    assert (record["source"]["publisher"], record["source"]["published"]) == agrees_with
    sides = [(e["source"]["publisher"], e["source"]["published"]) for e in record["evidence"]]
    assert sides == [agrees_with, other]
    (disputing,) = record["disputed_by"]
    assert (disputing["source"]["publisher"], disputing["source"]["published"]) == other
    assert disputing["passage"] in {e["passage"] for e in record["evidence"]}
    assert {c["kind"] for c in disputing["conflicts"]} == {"date"}
    assert record["note"].startswith("sources disagree: ")


def test_a_sentence_conflicting_with_both_sources_is_contradicted() -> None:
    record = check_json(APRIL)
    assert record["verdict"] == "contradicted"
    assert record["conflicts"][0]["found"] == "April 2023"
    assert "disputed_by" not in record


def test_an_unrelated_sentence_is_unverified() -> None:
    assert check_json(UNRELATED)["verdict"] == "unverified"


def test_other_claims_of_the_third_source_are_simply_supported(checker: Checker) -> None:
    judgement = checker.judge("Kishida said it was necessary to hold talks with Kim Jong Un.")
    assert judgement.verdict is Verdict.SUPPORTED
    assert judgement.claim is not None
    assert judgement.claim.id == "kishida-says-talks-with-kim-necessary"


def test_the_bundled_base_is_unaffected() -> None:
    result = invoke("check", "--format", "json", "--text", MARCH_AND_MAY)
    document = json.loads(result.stdout)
    assert document["results"][0]["verdict"] == "supported"
    assert "disputed" not in document["summary"]
    assert result.exit_code == ExitCode.OK


# --- exit codes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fail_on", "code"),
    [
        (None, ExitCode.OK),
        ("contradicted", ExitCode.OK),
        ("disputed", ExitCode.FINDINGS),
        ("unverified", ExitCode.FINDINGS),
        ("never", ExitCode.OK),
    ],
)
def test_fail_on_disputed(fail_on: str | None, code: ExitCode) -> None:
    options = ["--fail-on", fail_on] if fail_on else []
    result = invoke("check", "--claims", CLAIMS, *options, "--text", MARCH_AND_MAY)
    assert result.exit_code == code, result.output


def test_fail_on_disputed_still_fails_on_contradicted() -> None:
    result = invoke("check", "--claims", CLAIMS, "--fail-on", "disputed", "--text", APRIL)
    assert result.exit_code == ExitCode.FINDINGS


# --- every format shows both passages, publishers and dates ---------------------------


def _format(fmt: str, *options: str) -> str:
    result = invoke("check", "--claims", CLAIMS, "--format", fmt, *options, "--text", MARCH_AND_MAY)
    assert result.exit_code == ExitCode.OK, result.output
    return result.stdout


def _shows_both_sides(output: str) -> None:
    flat = " ".join(output.split())
    for passage in (PASSAGE_AMERICA, PASSAGE_AZERNEWS):
        assert passage in flat
    for publisher, date in (AMERICA, AZERNEWS):
        assert publisher in flat
        assert date in flat


@pytest.mark.parametrize("options", [(), ("--verbose",)])
def test_text_shows_both_sources(options: tuple[str, ...]) -> None:
    output = _format("text", *options)
    assert output.startswith("± DISPUTED  statement")
    assert "draft says March · AzerNews (via MENAFN) says June 2023  (date)" in output
    assert output.rstrip().endswith(
        "1 sentence: 0 supported, 0 contradicted, 1 disputed, 0 unverified"
    )
    _shows_both_sides(output)


def test_json_summary_counts_disputed() -> None:
    document = json.loads(_format("json"))
    assert document["summary"] == {
        "sentences": 1,
        "supported": 0,
        "contradicted": 0,
        "unverified": 0,
        "disputed": 1,
    }
    _shows_both_sides(json.dumps(document, ensure_ascii=False).replace("\\n", " "))


@pytest.mark.parametrize(("fail_on", "level"), [("contradicted", "warning"), ("disputed", "error")])
def test_sarif_reports_a_warning_or_an_error_when_it_fails(fail_on: str, level: str) -> None:
    result = invoke(
        "check",
        "--claims",
        CLAIMS,
        "--format",
        "sarif",
        "--fail-on",
        fail_on,
        "--text",
        MARCH_AND_MAY,
    )
    run = json.loads(result.stdout)["runs"][0]
    (finding,) = run["results"]
    assert finding["ruleId"] == "FACT004"
    assert run["tool"]["driver"]["rules"][finding["ruleIndex"]]["id"] == "FACT004"
    assert finding["level"] == level
    assert finding["properties"]["verdict"] == "disputed"
    assert len(finding["properties"]["disputed_by"]) == 1
    message = finding["message"]["text"]
    assert message.startswith("Disputed: agrees with “Japan holds informal meeting”")
    _shows_both_sides(json.dumps(finding, ensure_ascii=False).replace("\\n", " "))


@pytest.mark.parametrize(
    ("fail_on", "kind", "code"),
    [("contradicted", "warning", ExitCode.OK), ("disputed", "error", ExitCode.FINDINGS)],
)
def test_github_annotation(fail_on: str, kind: str, code: ExitCode) -> None:
    result = invoke(
        "check",
        "--claims",
        CLAIMS,
        "--format",
        "github",
        "--fail-on",
        fail_on,
        "--text",
        MARCH_AND_MAY,
    )
    assert result.exit_code == code
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"::{kind} title=FACT004 Sources disagree::Disputed: ")
    _shows_both_sides(first.replace("%0A", " "))


def test_html_marks_the_sentence_and_shows_both_sources() -> None:
    page = _format("html")
    assert 'data-verdict="disputed"' in page
    assert "Sources disagree (1)" in page
    assert "Other source:" in page
    _shows_both_sides(html.unescape(re.sub(r"<[^>]+>", "", page)))
