"""Shared fixtures: one hand-built sample report that feeds every formatter test.

Golden files live in tests/golden/. After an intended output change,
regenerate them with `pytest --update-goldens` (or `FACTS_UPDATE_GOLDENS=1
pytest`), then review the diff with `git diff tests/golden/` before committing.

Property tests draw the same examples on every run; `HYPOTHESIS_PROFILE=explore`
draws new ones.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from abduction_facts.models import (
    Claim,
    ClaimId,
    ClaimKind,
    Conflict,
    Fact,
    FactType,
    Judgement,
    Result,
    Source,
    SourceId,
    Span,
    Verdict,
)
from abduction_facts.report import CheckReport, Skipped

# why: the suite gates every landing; the property tests try the same examples
# on every run (a failure reproduces). HYPOTHESIS_PROFILE=explore draws new ones
# to hunt for bugs; add what it finds as an @example.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

GOLDEN_DIR = Path(__file__).parent / "golden"

HOSTILE_TEXT = (
    "Japan has identified 13 citizens::set-output name=x::y %0A injected\n"
    "::error file=x::pwned [bold]rich markup[/bold] \x1b[31mred\x1b[0m done."
)
"""A sentence a hostile draft could contain: workflow commands, escapes, markup, ANSI."""


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--update-goldens` rewrites tests/golden/ from the current output."""
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite the golden files in tests/golden/ instead of comparing with them",
    )


GoldenCheck = Callable[[str, str], None]


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> GoldenCheck:
    """Compare text with tests/golden/<name>, byte for byte (or rewrite it when updating)."""
    update = bool(request.config.getoption("--update-goldens")) or (
        os.environ.get("FACTS_UPDATE_GOLDENS") == "1"
    )

    def check(name: str, actual: str) -> None:
        path = GOLDEN_DIR / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(actual.encode("utf-8"))
            return
        assert path.exists(), f"missing golden file {path}; run `pytest --update-goldens`"
        expected = path.read_bytes().decode("utf-8")
        assert actual == expected, f"output differs from {path}; see `pytest --update-goldens`"

    return check


# --- the sample: fake sources and claims, modelled on the bundled articles ---------------

MEETING = Source(
    id=SourceId("sample-informal-meeting"),
    title="Japan holds informal meeting",
    publisher="Sample Wire",
    published="2023-10-01",
    url="https://example.org/japan-holds-informal-meeting",
    file="sources/japan-holds-informal-meeting.txt",
    text="(sample source text)",
)

KISHIDA = Source(
    id=SourceId("sample-kishida"),
    title="Kishida Expresses Willingness for Negotiations with N. Korea over Abduction Issue",
    publisher="The Sample Shimbun",
    published="2023-06-01",
    url="https://example.org/kishida-willing-to-negotiate",
    file="sources/kishida-willing-to-negotiate.txt",
    text="(sample source text)",
)


def _claim(
    claim_id: str, text: str, source: Source, passage: str, as_of: str, *facts: Fact
) -> Claim:
    return Claim(
        id=ClaimId(claim_id),
        text=text,
        source=source,
        passage=passage,
        attribution="sources familiar with the matter" if source is MEETING else source.publisher,
        as_of=as_of,
        kind=ClaimKind.STATE,
        about=(("japan", "north-korea"),),
        facts=facts,
    )


NO_RELATIONS = _claim(
    "japan-nk-no-diplomatic-relations",
    "Japan and North Korea do not maintain diplomatic relations.",
    MEETING,
    "Japan and North Korea do not maintain diplomatic relations.",
    "2023-10-01",
    Fact(FactType.POLARITY, "negative", "do not"),
)

KOIZUMI_VISIT = _claim(
    "koizumi-visited-pyongyang-2002",
    "In September 2002 Prime Minister Junichiro Koizumi visited Pyongyang and signed a "
    "declaration with Kim Jong Il.",
    MEETING,
    "In September 2002, then-Prime Minister Junichiro Koizumi visited Pyongyang and signed a "
    "historic declaration with Kim Jong-il, who was leading North Korea at the time.",
    "2002-09-17",
    Fact(FactType.DATE, "2002-09", "September 2002"),
    Fact(FactType.PERSON, "kim-jong-il", "Kim Jong-il"),
)

IDENTIFIED_17 = _claim(
    "japan-identified-17-abductees",
    "The Japanese government has identified 17 citizens abducted by North Korean agents.",
    MEETING,
    "The Japanese government has identified 17 of its citizens who were abducted by North "
    "Korean agents",
    "2023-10-01",
    Fact(FactType.NUMBER, "17", "17", role="victims"),
)

SOGA_AGE = _claim(
    "hitomi-soga-age-64",
    "Hitomi Soga is 64 years old.",
    KISHIDA,
    "said Soga, 64.",
    "2023-06-01",
    Fact(FactType.NUMBER, "64", "64", role="age"),
)

SOGA_ABDUCTED = _claim(
    "soga-abducted-august-1978",
    "Hitomi Soga and her mother were abducted in August 1978.",
    KISHIDA,
    "Soga and her mother, Miyoshi, were abducted in August 1978.",
    "2023-06-01",
    Fact(FactType.DATE, "1978-08", "August 1978"),
)

DRAFT = "drafts/abductions.md"
HOSTILE_DRAFT = "drafts/hostile.md"


def _result(path: str | None, span: tuple[int, int, int, int], text: str, j: Judgement) -> Result:
    return Result(path=path, span=Span(*span), text=text, judgement=j)


def build_sample_report() -> CheckReport:
    """The one sample report every formatter test uses (a fresh, equal copy each call)."""
    results = (
        _result(
            DRAFT,
            (3, 1, 3, 60),
            "Japan and North Korea do not maintain diplomatic relations.",
            Judgement(Verdict.SUPPORTED, score=97.0, claim=NO_RELATIONS),
        ),
        _result(
            DRAFT,
            (5, 1, 6, 42),
            "In September 2003, then-Prime Minister Junichiro Koizumi visited Pyongyang\n"
            "and signed a declaration with Kim Jong Un.",
            Judgement(
                Verdict.CONTRADICTED,
                score=88.44,
                claim=KOIZUMI_VISIT,
                conflicts=(
                    Conflict(FactType.DATE, "September 2003", "September 2002"),
                    Conflict(FactType.PERSON, "Kim Jong Un", "Kim Jong-il"),
                ),
            ),
        ),
        _result(
            DRAFT,
            (8, 1, 8, 66),
            "Soga and her mother were abducted in August 1978 from Sado Island.",
            Judgement(
                Verdict.SUPPORTED,
                score=90.0,
                claim=SOGA_ABDUCTED,
                not_covered=("Sado Island",),
            ),
        ),
        _result(
            DRAFT,
            (10, 1, 10, 45),
            "The informal talks took place in Mongolia.",
            Judgement(Verdict.UNVERIFIED),
        ),
        _result(
            None,
            (1, 1, 1, 20),
            "Hitomi Soga is 46.",
            Judgement(
                Verdict.CONTRADICTED,
                score=81.25,
                claim=SOGA_AGE,
                conflicts=(Conflict(FactType.NUMBER, "46", "64"),),
                note="the source gives her age in June 2023",
            ),
        ),
        _result(
            HOSTILE_DRAFT,
            (2, 3, 3, 71),
            HOSTILE_TEXT,
            Judgement(
                Verdict.CONTRADICTED,
                score=75.0,
                claim=IDENTIFIED_17,
                conflicts=(Conflict(FactType.NUMBER, "13", "17"),),
            ),
        ),
        _result(
            HOSTILE_DRAFT,
            (5, 1, 5, 52),
            "Talks | pipes & <b>tags</b> are `unverified` here.",
            Judgement(Verdict.UNVERIFIED),
        ),
    )
    return CheckReport(
        results=results,
        claims_file="data/claims.yaml",
        claims_count=52,
        skipped=(Skipped("drafts/photo.png", "binary file"),),
        warnings=("drafts/latin1.txt: invalid UTF-8 at byte 120, decoded with replacement",),
    )


@pytest.fixture
def sample_report() -> CheckReport:
    """The shared sample report (see `build_sample_report`)."""
    return build_sample_report()


@pytest.fixture
def make_sample_report() -> Callable[[], CheckReport]:
    """A factory of fresh, equal sample reports (for determinism tests)."""
    return build_sample_report


@pytest.fixture
def hostile_text() -> str:
    """The hostile sentence of the sample report."""
    return HOSTILE_TEXT


@pytest.fixture(autouse=True, scope="session")
def _isolated_claims_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read or write the user's real compiled-claims cache."""
    import os

    os.environ.setdefault("FACTS_CACHE_DIR", str(tmp_path_factory.mktemp("facts-cache")))
