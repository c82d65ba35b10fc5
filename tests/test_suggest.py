"""`facts suggest`: a curator's first draft of claims for a new source article."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from abduction_facts.claims import BUNDLED_CLAIMS, load_claims, safe_yaml, validate_file
from abduction_facts.cli import ExitCode, app
from abduction_facts.merge import add_sources
from abduction_facts.models import ClaimsBase, FactType
from abduction_facts.suggest import Draft, DraftClaim, draft_yaml, read_article, suggest

SOURCES = BUNDLED_CLAIMS.parent / "sources"
FIXTURES = Path(__file__).parent / "fixtures" / "suggest"
ENV: dict[str, str | None] = {"NO_COLOR": "1", "COLUMNS": "100", "FORCE_COLOR": None}
# the bundled articles with their publication dates (as the claims file gives them)
BUNDLED = [
    ("kishida-willing-to-negotiate.txt", "2023-07-06"),
    ("japan-holds-informal-meeting.txt", "2023-09-29"),
]


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env=ENV)


@pytest.fixture(scope="module")
def base() -> ClaimsBase:
    return load_claims()


def write_article(tmp_path: Path, text: str, name: str = "article.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def draft_of(tmp_path: Path, text: str, base: ClaimsBase, published: str = "2023-07-06") -> Draft:
    article = read_article(
        write_article(tmp_path, text), published=published, id="test-article", title="A test"
    )
    return suggest(article, base)


def claim_with(draft: Draft, words: str) -> DraftClaim:
    found = [c for c in draft.claims if words in c.passage]
    assert found, f"no claim has {words!r}: {[c.passage for c in draft.claims]}"
    return found[0]


def facts_of(claim: DraftClaim, kind: FactType) -> list[tuple[str, str]]:
    return [(f.value, f.text) for f in claim.facts if f.type is kind]


def test_a_count_of_abductees_is_a_number_fact(tmp_path: Path, base: ClaimsBase) -> None:
    draft = draft_of(tmp_path, "Japan says 17 abductees remain in North Korea.\n", base)
    claim = claim_with(draft, "17 abductees")
    numbers = [f for f in claim.facts if f.type is FactType.NUMBER]
    assert [(f.value, f.text) for f in numbers] == [("17", "17")]
    assert numbers[0].role  # what it counts is said


def test_on_wednesday_is_the_day_before_a_thursday_article(
    tmp_path: Path, base: ClaimsBase
) -> None:
    draft = draft_of(tmp_path, "Kishida met Hitomi Soga on Wednesday.\n", base, "2023-07-06")
    claim = claim_with(draft, "Wednesday")
    dates = [f for f in claim.facts if f.type is FactType.DATE]
    assert [(f.value, f.text) for f in dates] == [("2023-07-05", "Wednesday")]
    assert "2023-07-06" in dates[0].derived  # the curator sees why


def test_this_year_and_a_month_take_the_articles_year(tmp_path: Path, base: ClaimsBase) -> None:
    text = "Kishida proposed talks in May.\nNorth Korea held this year's parade in Pyongyang.\n"
    draft = draft_of(tmp_path, text, base, "2023-07-06")
    assert facts_of(claim_with(draft, "in May"), FactType.DATE) == [("2023-05", "May")]
    assert facts_of(claim_with(draft, "this year"), FactType.DATE) == [("2023", "this year")]


def test_a_month_later_than_the_article_is_last_year(tmp_path: Path, base: ClaimsBase) -> None:
    draft = draft_of(tmp_path, "Kishida visited Seoul in November.\n", base, "2023-02-10")
    assert facts_of(claim_with(draft, "November"), FactType.DATE) == [("2022-11", "November")]


def test_people_and_places_come_from_the_claims_base(tmp_path: Path, base: ClaimsBase) -> None:
    text = "Foreign Minister Yoko Kamikawa met officials in Pyongyang in 2014.\n"
    claim = claim_with(draft_of(tmp_path, text, base), "Kamikawa")
    assert ("yoko-kamikawa", "Yoko Kamikawa") in facts_of(claim, FactType.PERSON)
    assert ("2014", "2014") in facts_of(claim, FactType.DATE)
    places = facts_of(claim, FactType.PLACE) + facts_of(claim, FactType.ORGANISATION)
    assert ("pyongyang", "Pyongyang") in places


def test_a_quote_with_its_speaker_is_a_quote_claim(tmp_path: Path, base: ClaimsBase) -> None:
    text = "Kishida said, \u201cI must take the lead in addressing the issue.\u201d\n"
    claim = claim_with(draft_of(tmp_path, text, base), "take the lead")
    assert claim.kind == "quote"
    assert claim.speaker == "fumio-kishida"
    assert claim.quote == "I must take the lead in addressing the issue"


def test_new_names_are_proposed_as_entities(tmp_path: Path, base: ClaimsBase) -> None:
    text = (
        "Senator Maria Gonzalez visited the town of San Agustin Amatengo on Monday.\n\n"
        "Gonzalez said 40 families had lost their homes.\n"
    )
    draft = draft_of(tmp_path, text, base)
    by_name = {e.name: e for e in draft.entities}
    assert by_name["Maria Gonzalez"].kind.value == "person"
    assert by_name["Maria Gonzalez"].aliases == ("Gonzalez",)
    assert by_name["San Agustin Amatengo"].kind.value == "place"
    later = claim_with(draft, "40 families")
    assert ("maria-gonzalez", "Gonzalez") in facts_of(later, FactType.PERSON)


def test_sentences_without_a_fact_are_comments(tmp_path: Path, base: ClaimsBase) -> None:
    text = (
        "A Headline About Talks\n\n"
        "Japan identified 17 abductees in 2002.\n\n"
        "It remains to be seen whether anything will change.\n"
    )
    draft = draft_of(tmp_path, text, base)
    left = {item.text: item.reason for item in draft.left_out}
    assert "It remains to be seen whether anything will change." in left
    rendered = draft_yaml(draft)
    assert "  # left out (line 5, no number, date, name or quote to check): It remains" in (
        rendered
    )
    assert [c.passage for c in draft.claims] == ["Japan identified 17 abductees in 2002."]


def test_two_facts_joined_by_but_are_two_claims(tmp_path: Path, base: ClaimsBase) -> None:
    text = (
        "Japanese officials reached out to North Korea in March, but Kishida refrained "
        "from providing any details to reporters.\n"
    )
    draft = draft_of(tmp_path, text, base, "2023-09-29")
    assert [c.passage for c in draft.claims] == [
        "Japanese officials reached out to North Korea in March",
        "Kishida refrained from providing any details to reporters.",
    ]


def test_claim_ids_never_collide_with_the_base(tmp_path: Path, base: ClaimsBase) -> None:
    existing = {c.id for c in base.claims}
    article = read_article(SOURCES / BUNDLED[0][0], published=BUNDLED[0][1], id="again")
    draft = suggest(article, base)
    ids = [c.id for c in draft.claims]
    assert len(ids) == len(set(ids))
    assert not existing & set(ids)


@pytest.mark.parametrize(("name", "published"), BUNDLED)
def test_a_bundled_articles_draft_validates_once_merged(
    tmp_path: Path, base: ClaimsBase, name: str, published: str
) -> None:
    shutil.copy(BUNDLED_CLAIMS, tmp_path / "claims.yaml")
    shutil.copytree(SOURCES, tmp_path / "sources")
    article = read_article(tmp_path / "sources" / name, published=published, id="redrafted")
    draft = suggest(article, base)
    assert len(draft.claims) >= 10
    (tmp_path / "draft.yaml").write_text(draft_yaml(draft), encoding="utf-8")
    add_sources(tmp_path / "claims.yaml", [tmp_path / "draft.yaml"])
    assert validate_file(tmp_path / "claims.yaml") == []
    merged = load_claims(tmp_path / "claims.yaml")
    assert len(merged.claims) == len(base.claims) + len(draft.claims)


def test_a_real_article_on_another_topic_validates(tmp_path: Path, base: ClaimsBase) -> None:
    shutil.copy(BUNDLED_CLAIMS, tmp_path / "claims.yaml")
    shutil.copytree(SOURCES, tmp_path / "sources")
    shutil.copy(FIXTURES / "mexico-quake.md", tmp_path / "sources")
    result = invoke("suggest", str(tmp_path / "sources" / "mexico-quake.md"), "--id", "quake")
    assert result.exit_code == ExitCode.OK, result.output
    doc = safe_yaml(result.stdout)
    assert doc["sources"][0]["published"] == "2020-06-23"  # from the front matter
    assert doc["sources"][0]["file"] == "sources/mexico-quake.md"
    claims = {c["id"]: c for c in doc["claims"]}
    assert any(
        {"type": "number", "value": "140", "text": "140", "role": "aftershock"} in c["facts"]
        for c in claims.values()
    )
    (tmp_path / "draft.yaml").write_text(result.stdout, encoding="utf-8")
    add_sources(tmp_path / "claims.yaml", [tmp_path / "draft.yaml"])
    assert validate_file(tmp_path / "claims.yaml") == []


def test_output_file_and_summary(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    source = SOURCES / BUNDLED[0][0]
    result = invoke(
        "suggest", str(source), "--published", "2023-07-06", "--id", "x", "-o", str(out)
    )
    assert result.exit_code == ExitCode.OK, result.output
    assert result.stdout == ""
    assert "claims" in result.stderr
    assert "left out" in result.stderr
    assert safe_yaml(out.read_text(encoding="utf-8"))["sources"][0]["id"] == "x"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["missing.txt", "--published", "2023-07-06"], "no such file: missing.txt"),
        ([str(SOURCES / BUNDLED[0][0]), "--published", "2023-02-30"], "not a calendar date"),
        ([str(SOURCES / BUNDLED[0][0])], "no publication date"),
        ([str(SOURCES / BUNDLED[0][0]), "--published", "2023-07-06"], "already in"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], fragment: str) -> None:
    if fragment == "already in":
        args = [*args, "--id", "kishida-willing"]
    result = invoke("suggest", *args)
    assert result.exit_code == ExitCode.ERROR
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ")
    assert fragment in lines[0]
    assert "Traceback" not in result.output


def test_an_unreadable_claims_file_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "claims.yaml"
    bad.write_text("sources: [\n", encoding="utf-8")
    source = str(SOURCES / BUNDLED[0][0])
    result = invoke("suggest", source, "--published", "2023-07-06", "--claims", str(bad))
    assert result.exit_code == ExitCode.ERROR
    assert len(result.stderr.strip().splitlines()) == 1
    assert str(bad) in result.stderr
