"""The bundled claims base is tested like code (codespell's test_dictionary.py)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from abduction_facts.claims import BUNDLED_CLAIMS, load_claims, validate_file
from abduction_facts.engine import Checker
from abduction_facts.models import Claim, FactType, Verdict

# digests of the articles as received (vendored: tests/fixtures/README.md)
SOURCE_DIGESTS = Path(__file__).parent / "fixtures" / "sources.sha256"
BASE = load_claims()


def test_bundled_file_is_valid() -> None:
    assert validate_file() == []


def test_claims_cover_both_articles() -> None:
    assert len(BASE.claims) >= 45
    assert {c.source.id for c in BASE.claims} == {s.id for s in BASE.sources}


def test_ids_are_unique_slugs() -> None:
    ids = [c.id for c in BASE.claims]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)


@pytest.mark.parametrize("claim", BASE.claims, ids=lambda c: c.id)
def test_passage_is_verbatim(claim: Claim) -> None:
    assert claim.passage in claim.source.text


@pytest.mark.parametrize("claim", BASE.claims, ids=lambda c: c.id)
def test_fact_texts_are_in_the_passage(claim: Claim) -> None:
    for fact in claim.facts:
        assert fact.text in claim.passage, fact


def test_bundled_sources_are_byte_exact_copies() -> None:
    data = BUNDLED_CLAIMS.parent / "sources"
    digests = {}
    for line in SOURCE_DIGESTS.read_text("utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        digests[name] = digest
    assert sorted(digests) == sorted(p.name for p in data.glob("*.txt"))
    for name, digest in digests.items():
        assert hashlib.sha256((data / name).read_bytes()).hexdigest() == digest, name


def test_source_metadata_is_complete() -> None:
    for source in BASE.sources:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", source.published)
        assert source.url.startswith("https://")
        assert source.title
        assert source.publisher


def test_quotes_have_speakers_and_verbatim_words() -> None:
    quotes = [c for c in BASE.claims if c.kind.value == "quote"]
    assert len(quotes) >= 5
    for claim in quotes:
        assert claim.speaker is not None
        assert claim.quote in claim.passage


def test_relative_dates_are_resolved_with_a_reason() -> None:
    following = next(f for c in BASE.claims for f in c.facts if f.text == "the following month")
    assert following.value == "2002-10"
    assert following.derived


def _sentences(text: str) -> list[str]:
    """Sentences of the article's paragraphs (headline and subheadings left out)."""
    out: list[str] = []
    for line in text.splitlines()[1:]:
        line = line.strip()
        if not line.endswith((".", "”", ",”")):
            continue  # a subheading or page furniture
        parts = re.split(r"(?<=[.!?])[”\"]?\s+(?=[“\"A-Z])", line)
        out.extend(p.strip() for p in parts if len(p.split()) >= 4)
    return out


def _coverage(source_text: str, passages: list[str]) -> list[bool]:
    """Which characters of the source some claim's passage covers."""
    covered = [False] * len(source_text)
    for passage in passages:
        start = source_text.find(passage)
        while start >= 0:
            covered[start : start + len(passage)] = [True] * len(passage)
            start = source_text.find(passage, start + 1)
    return covered


def test_at_least_90_percent_of_factual_sentences_are_covered() -> None:
    for source in BASE.sources:
        covered = _coverage(source.text, [c.passage for c in BASE.claims if c.source == source])
        sentences = _sentences(source.text)
        assert len(sentences) >= 14
        uncovered = []
        for sentence in sentences:
            start = source.text.find(sentence)
            assert start >= 0, sentence
            share = sum(covered[start : start + len(sentence)]) / len(sentence)
            if share < 0.6:
                uncovered.append(sentence)
        assert (len(sentences) - len(uncovered)) / len(sentences) >= 0.9, uncovered


def test_aliases_name_one_entity_each() -> None:
    seen: dict[str, str] = {}
    for entity in BASE.entities:
        for alias in {entity.name, *entity.aliases}:
            key = alias.lower().replace("\u2019", "'")
            assert seen.setdefault(key, entity.id) == entity.id, alias


CHECKER = Checker(BASE)


@pytest.mark.parametrize("claim", BASE.claims, ids=lambda c: c.id)
def test_every_claim_is_reachable_by_its_own_text(claim: Claim) -> None:
    judgement = CHECKER.judge(claim.text)
    assert judgement.verdict is Verdict.SUPPORTED
    assert judgement.claim is not None
    assert judgement.claim.id == claim.id


@pytest.mark.parametrize(
    "claim",
    [c for c in BASE.claims if any(f.type is FactType.NUMBER for f in c.facts)],
    ids=lambda c: c.id,
)
def test_changing_a_claims_number_contradicts_it(claim: Claim) -> None:
    fact = next(f for f in claim.facts if f.type is FactType.NUMBER)
    wrong = str(int(float(fact.value)) + 3)
    text = re.sub(rf"\b{re.escape(fact.value)}\b", wrong, claim.text, count=1)
    if text == claim.text:
        pytest.skip(f"claim text does not write {fact.value} in digits")
    # why: at the claim's own date (an age without a date may have changed since)
    judgement = CHECKER.with_as_of(claim.as_of).judge(text)
    assert judgement.verdict is Verdict.CONTRADICTED
    assert any(c.found == wrong for c in judgement.conflicts)
