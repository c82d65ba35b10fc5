"""A claims base on another beat works as well as the bundled one.

`tests/fixtures/other_base/` holds a real AFP report of the 2020-06-23
earthquake in Oaxaca, Mexico (byte-exact as received), and a claims file
written from it. Nothing in the engine was written for it: its people,
places, organisations and titles ("Governor") come from its claims file
alone. Every check goes through `facts check --claims FILE --format json`.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner, Result

from abduction_facts.cli import ExitCode, app
from abduction_facts.text import CONCEPTS

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "other_base"
CLAIMS = FIXTURE / "claims.yaml"
PACKAGE = Path(__file__).resolve().parent.parent / "src" / "abduction_facts"
ENV = {"NO_COLOR": "1", "COLUMNS": "100", "FORCE_COLOR": None, "GITHUB_STEP_SUMMARY": None}
QUOTE = "My condolences — at the moment, there are seven deaths in Oaxaca state"


def invoke(*args: str) -> Result:
    """`facts ARGS` in-process, no colour, fixed width."""
    return CliRunner().invoke(app, list(args), env=ENV)


def check_json(sentence: str, claims: Path = CLAIMS) -> dict[str, Any]:
    """The one JSON result of checking `sentence` against `claims`."""
    result = invoke("check", "--claims", str(claims), "--format", "json", "--text", sentence)
    assert result.exit_code in (ExitCode.OK, ExitCode.FINDINGS), result.output
    records = json.loads(result.stdout)["results"]
    assert len(records) == 1
    record = records[0]
    assert isinstance(record, dict)
    return record


# --- the base ------------------------------------------------------------------------


def test_validate_passes() -> None:
    result = invoke("validate", str(CLAIMS))
    assert result.exit_code == ExitCode.OK, result.output
    assert result.stdout.splitlines()[0] == "15 claims, 1 sources: valid"


def test_source_is_the_article_as_received() -> None:
    (line,) = (FIXTURE / "sources.sha256").read_text("utf-8").splitlines()
    digest, name = line.split(maxsplit=1)
    data = (FIXTURE / "sources" / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == digest


def test_every_claim_is_reached_by_its_own_text() -> None:
    doc = yaml.safe_load(CLAIMS.read_text("utf-8"))
    for claim in doc["claims"]:
        record = check_json(claim["text"])
        assert record["verdict"] == "supported", claim["id"]
        assert record["claim"]["id"] == claim["id"]


# --- verdicts ------------------------------------------------------------------------

RESTATEMENTS = [
    (
        "Seven people have died in the powerful earthquake that hit southern Mexico, "
        "according to the Oaxaca state government.",
        "death-toll-rose-to-seven",
    ),
    (
        "The death toll from Tuesday's quake in southern Mexico has climbed to seven.",
        "death-toll-rose-to-seven",
    ),
    ("A magnitude 7.4 earthquake shook buildings in Mexico City.", "magnitude-7-4"),
    ("Over 1,500 aftershocks followed the quake.", "more-than-1500-aftershocks"),
    (
        "Mexico City lies about 700 kilometres from the quake's epicentre.",
        "mexico-city-700-km-from-epicenter",
    ),
    ("The quake's epicentre was in Oaxaca.", "epicenter-in-oaxaca"),
    (
        "Mexico City residents waited outside buildings during the quake on June 23, 2020.",
        "quake-in-mexico-city-june-23-2020",
    ),
    ("The tremor even forced an oil refinery to close.", "quake-forced-refinery-closure"),
    (
        "State oil company Pemex closed its Salina Cruz refinery as a precaution.",
        "salina-cruz-refinery-shut-down",
    ),
    ("A blaze broke out at the refinery but was quickly put out.", "fire-at-refinery"),
    (
        "Among the dead was a refinery worker who fell from a tall structure.",
        "refinery-worker-killed",
    ),
    (
        "Oaxaca Governor Alejandro Murat told Milenio TV that 2,000 houses were damaged.",
        "murat-2000-homes-damaged",
    ),
    ("Civil protection coordinator David Leon said 23 people were hurt.", "leon-23-injured"),
    (f"“{QUOTE},” Murat told Milenio TV.", "murat-seven-deaths-in-oaxaca"),
    (
        "Oaxaca's governor, Alejandro Murat, gave an interview to Milenio TV.",
        "murat-interview-milenio-tv",
    ),
]


@pytest.mark.parametrize(("sentence", "claim"), RESTATEMENTS)
def test_a_restatement_is_supported(sentence: str, claim: str) -> None:
    record = check_json(sentence)
    assert record["verdict"] == "supported", record.get("note")
    assert record["claim"]["id"] == claim
    assert record["source"]["publisher"] == "Agence France-Presse (via Eagle News)"
    assert record["conflicts"] == []


CHANGED = [
    # (sentence, claim, kind, found, expected)
    (
        "The death toll from Tuesday's quake in southern Mexico has climbed to nine.",
        "death-toll-rose-to-seven",
        "number",
        "nine",
        "seven",
    ),
    (
        "A magnitude 8.1 earthquake shook buildings in Mexico City.",
        "magnitude-7-4",
        "number",
        "8.1",
        "7.4-magnitude",
    ),
    (
        "Over 15,000 aftershocks followed the quake.",
        "more-than-1500-aftershocks",
        "number",
        "15,000",
        "1,500",
    ),
    (
        "Mexico City lies about 70 kilometres from the quake's epicentre.",
        "mexico-city-700-km-from-epicenter",
        "number",
        "70",
        "700",
    ),
    (
        "Oaxaca Governor Alejandro Murat told Milenio TV that 20,000 houses were damaged.",
        "murat-2000-homes-damaged",
        "number",
        "20,000",
        "2,000",
    ),
    (
        "Civil protection coordinator David Leon said 32 people were hurt.",
        "leon-23-injured",
        "number",
        "32",
        "23",
    ),
    (
        "Mexico City residents waited outside buildings during the quake on June 25, 2020.",
        "quake-in-mexico-city-june-23-2020",
        "date",
        "June 25, 2020",
        "June 23, 2020",
    ),
    (
        "The quake's epicentre was in Guerrero.",
        "epicenter-in-oaxaca",
        "place",
        "Guerrero",
        "Oaxaca",
    ),
    (
        "Pemex closed its refinery in Tula as a precaution.",
        "salina-cruz-refinery-shut-down",
        "place",
        "Tula",
        "Salina Cruz",
    ),
    (
        "Rutilio Escandon spoke to Milenio TV in an interview.",
        "murat-interview-milenio-tv",
        "person",
        "Rutilio Escandon",
        "Alejandro Murat",
    ),
    (
        "Oaxaca's governor, Alejandro Murat, gave an interview to Televisa.",
        "murat-interview-milenio-tv",
        "organisation",
        "Televisa",
        "Milenio TV",
    ),
    (
        f"“{QUOTE},” Rutilio Escandon said.",
        "murat-seven-deaths-in-oaxaca",
        "speaker",
        "Rutilio Escandon",
        "Alejandro Murat",
    ),
    (
        f"“{QUOTE.replace('seven', 'nine')},” Murat told Milenio TV.",
        "murat-seven-deaths-in-oaxaca",
        "number",
        "nine",
        "seven",
    ),
]


@pytest.mark.parametrize(("sentence", "claim", "kind", "found", "expected"), CHANGED)
def test_a_changed_fact_is_contradicted(
    sentence: str, claim: str, kind: str, found: str, expected: str
) -> None:
    record = check_json(sentence)
    assert record["verdict"] == "contradicted", record.get("note")
    assert record["claim"]["id"] == claim
    assert record["conflicts"] == [{"kind": kind, "found": found, "expected": expected}]


@pytest.mark.parametrize(
    "sentence",
    [
        "The central bank raised interest rates by half a point on Thursday.",
        "The Guelaguetza festival draws thousands of visitors to Oaxaca every July.",
        "Mexico City's metro carries millions of passengers a day.",
    ],
)
def test_an_unrelated_sentence_is_unverified(sentence: str) -> None:
    record = check_json(sentence)
    assert record["verdict"] == "unverified"
    assert record["claim"] is None
    assert record["evidence"] == []


# --- titles come from the claims file ---------------------------------------------------

TITLED = [
    ("Governor Juan Perez gave an interview to Milenio TV.", "person"),
    (f"“{QUOTE},” Governor Juan Perez told Milenio TV.", "speaker"),
]


@pytest.mark.parametrize(("sentence", "kind"), TITLED)
def test_a_title_of_the_file_makes_an_unknown_name_a_rival(sentence: str, kind: str) -> None:
    record = check_json(sentence)
    assert record["verdict"] == "contradicted", record.get("note")
    assert record["conflicts"] == [
        {"kind": kind, "found": "Juan Perez", "expected": "Alejandro Murat"}
    ]


@pytest.mark.parametrize(("sentence", "kind"), TITLED)
def test_without_its_titles_the_base_does_not_know_the_governor(
    tmp_path: Path, sentence: str, kind: str
) -> None:
    text = CLAIMS.read_text("utf-8")
    untitled = re.sub(r"\ntitles:\n(?:  .*\n)+", "\n", text)
    assert untitled != text
    (tmp_path / "sources").symlink_to(FIXTURE / "sources")
    claims = tmp_path / "claims.yaml"
    claims.write_text(untitled, encoding="utf-8")
    record = check_json(sentence, claims)
    assert record["verdict"] != "contradicted", kind


# --- the engine holds no id of the bundled base -------------------------------------------


def test_engine_code_names_no_entity_or_slot_of_the_bundled_base() -> None:
    bundled = yaml.safe_load((PACKAGE / "data" / "claims.yaml").read_text("utf-8"))
    names = {e["id"] for e in bundled["entities"]} | {e["group"] for e in bundled["entities"]}
    # why: the gazetteer's own groups and the general lexicon's concepts
    # ("agreement", "relative") are the engine's words, which a base may share
    names -= {"country", "city", *CONCEPTS}
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and node.value in names:
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.value!r}")
    assert found == []
