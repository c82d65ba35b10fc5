"""`--format sarif`: schema validity, rules, results, locations and stable fingerprints."""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from abduction_facts import __version__
from abduction_facts.formats import FailOn, FormatOptions, OutputFormat, get_formatter
from abduction_facts.formats.sarif import FINGERPRINT_KEY, artifact_uri, normalise_sentence
from abduction_facts.models import Judgement, Result, Span, Verdict
from abduction_facts.report import CheckReport, Skipped

# vendored: tests/fixtures/README.md says where it comes from
SCHEMA_PATH = Path(__file__).parent / "fixtures" / "sarif-schema-2.1.0.json"
# why: the schema's "uri" formats are not checked by jsonschema without extra packages;
# this is the RFC 3986 character set, enough to catch raw spaces, "<" or backslashes.
URI_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*\Z")


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def sarif(report: CheckReport, **options: Any) -> dict[str, Any]:
    output = get_formatter(OutputFormat.SARIF, FormatOptions(**options)).format(report)
    document: dict[str, Any] = json.loads(output)
    return document


def assert_valid(validator: jsonschema.Draft4Validator, document: dict[str, Any]) -> None:
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
    for uri in _uris(document):
        assert URI_CHARACTERS.match(uri), f"not a URI reference: {uri!r}"


def _uris(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [v for k, v in node.items() if k in ("uri", "informationUri", "$schema")]
        return found + [u for v in node.values() for u in _uris(v)]
    if isinstance(node, list):
        return [u for v in node for u in _uris(v)]
    return []


@pytest.mark.parametrize("fail_on", list(FailOn))
def test_sample_is_valid_sarif(
    validator: jsonschema.Draft4Validator, sample_report: CheckReport, fail_on: FailOn
) -> None:
    assert_valid(validator, sarif(sample_report, fail_on=fail_on))


def test_empty_report_is_valid_sarif(validator: jsonschema.Draft4Validator) -> None:
    document = sarif(CheckReport(results=(), claims_file="c.yaml", claims_count=0))
    assert_valid(validator, document)
    assert document["runs"][0]["results"] == []
    assert "toolExecutionNotifications" not in document["runs"][0]["invocations"][0]


def test_tool_driver_describes_facts_and_its_rules(sample_report: CheckReport) -> None:
    driver = sarif(sample_report)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "facts"
    assert driver["version"] == driver["semanticVersion"] == __version__
    assert driver["informationUri"].startswith("https://")
    rules = driver["rules"]
    assert [r["id"] for r in rules] == ["FACT001", "FACT002", "FACT003", "FACT004"]
    for rule in rules:
        assert rule["help"]["text"]
        assert rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"]
    levels = [r["defaultConfiguration"]["level"] for r in rules]
    assert levels == ["error", "note", "none", "warning"]


def test_one_result_per_contradicted_or_unverified_sentence(sample_report: CheckReport) -> None:
    results = sarif(sample_report)["runs"][0]["results"]
    expected = [r for r in sample_report.results if r.verdict is not Verdict.SUPPORTED]
    assert len(results) == len(expected) == 5
    assert [r["properties"]["verdict"] for r in results] == [r.verdict.value for r in expected]
    for result in results:
        rules = sarif(sample_report)["runs"][0]["tool"]["driver"]["rules"]
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


@pytest.mark.parametrize(
    ("fail_on", "unverified_level"),
    [(FailOn.CONTRADICTED, "note"), (FailOn.UNVERIFIED, "warning"), (FailOn.NEVER, "note")],
)
def test_levels(sample_report: CheckReport, fail_on: FailOn, unverified_level: str) -> None:
    levels = {
        (r["ruleId"], r["level"])
        for r in sarif(sample_report, fail_on=fail_on)["runs"][0]["results"]
    }
    assert levels == {("FACT001", "error"), ("FACT002", unverified_level)}


def test_message_names_each_conflict_the_source_and_the_claim(sample_report: CheckReport) -> None:
    message = sarif(sample_report)["runs"][0]["results"][0]["message"]["text"]
    assert "draft says September 2003 · source says September 2002" in message
    assert "draft says Kim Jong Un · source says Kim Jong-il" in message
    assert "“Japan holds informal meeting” (Sample Wire, 2023-10-01)" in message
    assert "koizumi-visited-pyongyang-2002" in message


def test_locations_and_regions(sample_report: CheckReport) -> None:
    results = sarif(sample_report)["runs"][0]["results"]
    physical = results[0]["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "drafts/abductions.md"
    assert physical["region"] == {
        "startLine": 5,
        "startColumn": 1,
        "endLine": 6,
        "endColumn": 42,
        "snippet": {"text": sample_report.results[1].text},
    }
    statement = results[2]
    assert statement["properties"]["verdict"] == "contradicted"
    assert statement["locations"] == [
        {"logicalLocations": [{"name": "statement", "kind": "statement"}]}
    ]


def test_uris_are_relative_to_the_base_directory_with_forward_slashes(tmp_path: Path) -> None:
    base = str(tmp_path)
    inside = os.path.join(base, "drafts", "sub dir", "a.md")
    assert artifact_uri(inside, base) == "drafts/sub%20dir/a.md"
    assert artifact_uri("<stdin>", base) == "%3Cstdin%3E"
    assert artifact_uri(os.path.join(base, "ü.md"), base) == "%C3%BC.md"
    outside = os.path.join(os.path.dirname(base), "elsewhere.md")
    assert artifact_uri(outside, base) == Path(outside).as_uri()


def test_absolute_paths_in_the_report_become_relative(tmp_path: Path) -> None:
    draft = tmp_path / "drafts" / "a.md"
    result = Result(str(draft), Span(1, 1, 1, 10), "Some text.", Judgement(Verdict.UNVERIFIED))
    report = CheckReport(results=(result,), claims_file="c", claims_count=0)
    document = sarif(report, base_dir=str(tmp_path))
    location = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "drafts/a.md"


def _fingerprints(report: CheckReport) -> list[str]:
    return [r["partialFingerprints"][FINGERPRINT_KEY] for r in sarif(report)["runs"][0]["results"]]


def _shift(result: Result, lines: int) -> Result:
    span = result.span
    return replace(
        result,
        span=Span(span.line + lines, span.column, span.end_line + lines, span.end_column),
    )


def test_fingerprints_do_not_depend_on_line_numbers(sample_report: CheckReport) -> None:
    shifted = replace(sample_report, results=tuple(_shift(r, 7) for r in sample_report.results))
    assert _fingerprints(shifted) == _fingerprints(sample_report)


def test_fingerprints_are_unique_and_change_with_text_path_and_rule(
    sample_report: CheckReport,
) -> None:
    base = _fingerprints(sample_report)
    assert len(set(base)) == len(base)
    first = sample_report.results[1]
    variants = [
        replace(first, text=first.text + " Indeed."),
        replace(first, path="drafts/other.md"),
        replace(first, judgement=Judgement(Verdict.UNVERIFIED)),
    ]
    for variant in variants:
        report = replace(sample_report, results=(variant,))
        assert _fingerprints(report)[0] != base[0]


def test_fingerprints_ignore_case_and_spacing_and_number_repeats() -> None:
    def result(text: str, line: int) -> Result:
        return Result("a.md", Span(line, 1, line, 9), text, Judgement(Verdict.UNVERIFIED))

    report = CheckReport(
        results=(result("Same  text.", 1), result("same text.", 4), result("Other.", 9)),
        claims_file="c",
        claims_count=0,
    )
    first, second, other = _fingerprints(report)
    assert first.endswith(":1")
    assert second == first[:-2] + ":2"
    assert other.endswith(":1")
    assert normalise_sentence("\uff33ame\u00a0 TEXT.\n") == "same text."


def test_output_is_byte_identical(make_sample_report: Any) -> None:
    formatter = get_formatter(OutputFormat.SARIF)
    assert formatter.format(make_sample_report()) == formatter.format(make_sample_report())


def test_skipped_inputs_and_warnings_are_notifications(sample_report: CheckReport) -> None:
    invocation = sarif(sample_report)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is True
    texts = [n["message"]["text"] for n in invocation["toolExecutionNotifications"]]
    assert texts == [
        "skipped drafts/photo.png: binary file",
        "drafts/latin1.txt: invalid UTF-8 at byte 120, decoded with replacement",
    ]


def test_hostile_text_stays_data(validator: jsonschema.Draft4Validator, hostile_text: str) -> None:
    result = Result(
        "drafts/we ird\n::x.md", Span(1, 1, 2, 5), hostile_text, Judgement(Verdict.UNVERIFIED)
    )
    report = CheckReport(
        results=(result,),
        claims_file="c",
        claims_count=0,
        skipped=(Skipped("bad\x1bpath", "re\x9bason"),),
    )
    output = get_formatter(OutputFormat.SARIF).format(report)
    assert "\x1b" not in output
    assert "\x9b" not in output
    document = json.loads(output)
    assert_valid(validator, document)
    region = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region["snippet"]["text"] == hostile_text


def test_summary_is_kept_in_run_properties(sample_report: CheckReport) -> None:
    properties = sarif(sample_report)["runs"][0]["properties"]
    assert properties["summary"] == sample_report.summary()
    assert properties["claimsCount"] == 52


def test_an_unverified_result_with_a_note_says_the_note(
    validator: jsonschema.Draft4Validator,
) -> None:
    note = "closest claim: the claim covers 20% of the sentence's own words"
    result = Result(
        path="draft.md",
        span=Span(1, 1, 1, 20),
        text="Soga met Kishida again.",
        judgement=Judgement(Verdict.UNVERIFIED, score=60.0, note=note),
    )
    document = sarif(CheckReport(results=[result], claims_file="bundled", claims_count=66))
    assert_valid(validator, document)
    (finding,) = document["runs"][0]["results"]
    assert finding["message"]["text"] == f"Unverified: {note}"
    assert "no claim" not in finding["message"]["text"]
