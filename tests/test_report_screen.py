"""A journalist's screen (issue 13): the report of examples/draft.md as an editor reads it.

At 80 columns without colour: supported sentences out of the way, every
contradiction with its evidence, the contradicted locations listed again
above the summary, URLs whole (and terminal hyperlinks when colour is on),
passages that keep their own quotation marks, one statement per annotation.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from abduction_facts.cli import app
from abduction_facts.formats import FormatOptions
from abduction_facts.formats.common import quoted_passage, wording_match
from abduction_facts.formats.github import annotation_message
from abduction_facts.formats.text import TextFormatter
from abduction_facts.report import CheckReport

DRAFT = Path(__file__).resolve().parents[1] / "examples" / "draft.md"
PLAIN = {"NO_COLOR": "1", "COLUMNS": "80", "TERM": "dumb", "FORCE_COLOR": None}
BADGE = re.compile(r"^(✓ SUPPORTED|✗ CONTRADICTED|\? UNVERIFIED)  ")


def check(*args: str, env: dict[str, str | None] = PLAIN) -> str:
    result = CliRunner().invoke(app, ["check", str(DRAFT), *args], env=env)
    assert result.exit_code == 1, result.output
    return result.stdout.replace(str(DRAFT), "examples/draft.md")


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = json.loads(check("--format", "json"))["results"]
    return results


@pytest.fixture(scope="module")
def screen() -> list[str]:
    return check().splitlines()


def blocks(lines: list[str]) -> list[list[str]]:
    """The report's results: each badge line with the lines that follow it."""
    found: list[list[str]] = []
    for line in lines:
        if BADGE.match(line):
            found.append([line])
        elif found and line.startswith("  ") and not line.startswith("  examples/"):
            found[-1].append(line)
        elif found and not line:
            found.append([])  # a blank line ends a block
    return [block for block in found if block]


def location(record: dict[str, Any]) -> str:
    return f"examples/draft.md:{record['line']}:{record['column']}"


def test_a_supported_sentence_takes_at_most_two_lines(
    screen: list[str], records: list[dict[str, Any]]
) -> None:
    supported = [b for b in blocks(screen) if b[0].startswith("✓ SUPPORTED")]
    assert len(supported) == sum(r["verdict"] == "supported" for r in records) > 0
    for block in supported:
        assert len(block) <= 2, block
    assert len(screen) < 120  # it was about 250 lines at 80 columns


def test_every_contradiction_shows_its_evidence(
    screen: list[str], records: list[dict[str, Any]]
) -> None:
    shown = {b[0].split()[2]: b for b in blocks(screen) if b[0].startswith("✗ CONTRADICTED")}
    contradicted = [r for r in records if r["verdict"] == "contradicted"]
    assert len(contradicted) == 5
    for record in contradicted:
        block = "\n".join(shown[location(record)])
        assert "  sentence  " in block
        assert "  source    " in block  # the passage
        for conflict in record["conflicts"]:
            # the conflict line may wrap; its words are there in order
            phrase = f"draft says {conflict['found']} · source says {conflict['expected']}"
            assert " ".join(phrase.split()) in " ".join(block.split())
        assert record["source"]["url"] in block


def test_the_summary_lists_the_contradicted_locations(
    screen: list[str], records: list[dict[str, Any]]
) -> None:
    start = screen.index("contradicted sentences:")
    listed = [line.split()[0] for line in screen[start + 1 :] if line.startswith("  ")]
    assert listed == [location(r) for r in records if r["verdict"] == "contradicted"]
    assert screen[-1] == "22 sentences: 13 supported, 5 contradicted, 4 unverified"


def test_urls_are_never_broken_and_other_lines_fit(
    screen: list[str], records: list[dict[str, Any]]
) -> None:
    urls = {r["source"]["url"] for r in records if r["verdict"] == "contradicted"}
    assert any(len(url) > 80 for url in urls)
    for url in urls:
        assert any(line.strip() == url for line in screen), url
    for line in screen:
        assert len(line) <= 80 or line.strip() in urls, line


def test_a_url_is_a_terminal_hyperlink_only_with_colour(records: list[dict[str, Any]]) -> None:
    url = next(r["source"]["url"] for r in records if r["verdict"] == "contradicted")
    coloured = check(env={**PLAIN, "NO_COLOR": None, "TERM": "xterm", "FORCE_COLOR": "1"})
    assert f"\x1b]8;;{url}\x1b\\" in coloured  # OSC 8: opened with the URL ...
    assert "\x1b]8;;\x1b\\" in coloured  # ... and closed
    assert "\x1b]8" not in check()  # NO_COLOR, not a terminal: plain text


def test_a_url_links_on_a_forced_terminal_console(sample_report: CheckReport) -> None:
    url = "https://example.org/japan-holds-informal-meeting"
    coloured = TextFormatter(FormatOptions(color=True, width=40)).format(sample_report)
    assert coloured.count(f"\x1b]8;;{url}\x1b\\") == 2  # each contradiction citing it
    plain = TextFormatter(FormatOptions(width=40)).format(sample_report)
    assert "\x1b" not in plain
    assert f"            {url}\n" in plain  # whole, on its own line, at 40 columns


def test_the_score_is_explained_as_a_wording_match(screen: list[str]) -> None:
    text = "\n".join(screen)
    assert re.search(r"✗ CONTRADICTED  examples/draft\.md:26:1  wording match 100%$", text, re.M)
    assert not re.search(r"match \d+\.\d", text)
    assert wording_match(85.4) == "wording match 85%"


def test_verbose_shows_every_block_and_quiet_only_the_summary() -> None:
    verbose = check("--verbose").splitlines()
    supported = [b for b in blocks(verbose) if b[0].startswith("✓ SUPPORTED")]
    assert all(any(line.startswith("  source    ") for line in b) for b in supported)
    assert all("wording match" in b[0] for b in supported)
    assert check("--quiet") == "22 sentences: 13 supported, 5 contradicted, 4 unverified\n"


def test_nested_quotes_stay_balanced() -> None:
    text = check("--verbose")
    assert "““" not in text
    assert "  source    “My mother will be turning 91." in text
    assert quoted_passage("Soga and her mother, Miyoshi.") == "“Soga and her mother, Miyoshi.”"
    assert quoted_passage("“My mother,” said Soga.") == "“My mother,” said Soga."
    assert quoted_passage("he said, “no.”") == "he said, “no.”"
    assert quoted_passage("Kishida said: “The abductions") == "Kishida said: “The abductions"
    assert quoted_passage("make “every effort” to") == "“make “every effort” to”"


def unverified(note: str | None) -> dict[str, Any]:
    record: dict[str, Any] = {
        "verdict": "unverified",
        "text": "North Korea admitted abducting 13 Japanese citizens.",
        "claim": None,
        "source": None,
        "passage": None,
        "conflicts": [],
    }
    if note:
        record["note"] = note
        record["nearest"] = {"passage": "Japan has identified 17 of its citizens", "why": note}
    return record


def test_a_github_notice_says_one_thing() -> None:
    note = "the sentence counts something else: claim five-abductees holds as of 2002-10"
    with_note = annotation_message(unverified(note))
    assert with_note.splitlines()[0] == f"Unverified: {note}"
    assert "no claim" not in with_note
    assert with_note.count(note) == 1
    assert "Nearest source passage: “Japan has identified 17 of its citizens”" in with_note
    without = annotation_message(unverified(None))
    assert without.splitlines()[0].startswith("Unverified: no claim in the claims base covers")


def test_the_draft_github_notices_are_statements_not_labels() -> None:
    out = check("--format", "github")
    notices = [line for line in out.splitlines() if line.startswith("::notice")]
    sentences = [line.split("%0ASentence: ")[1].split("%0A")[0] for line in notices]
    for label in ("Year", "2002", "2014", "What happened", "Silence in Tokyo"):
        assert label not in sentences
    assert "The command skips code like ." not in sentences
    assert notices
    for line in notices:
        message = line.split("::", 2)[2]
        assert message.count("Unverified: ") == 1
        assert "Note: " not in message  # a note is the headline of its notice, never extra
