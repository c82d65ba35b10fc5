"""`facts claims` and `facts sources` read at any width and when piped.

A journalist looks up a claim at 80 columns, in a narrow split pane, or
pipes the listing into grep: ids and URLs must stay whole (they are copied),
no field may shrink to nothing, and every claim's text must be there in full.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from abduction_facts.claims import load_claims
from abduction_facts.cli import app
from abduction_facts.models import Claim, Source

WIDTHS = ["60", "80", "200", None]  # None: piped, no $COLUMNS
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Away from any project configuration (which could name another claims file)."""
    monkeypatch.chdir(tmp_path)


def listing(*args: str, columns: str | None, color: bool = False) -> Result:
    """`facts ARGS` with stdout not a terminal, at `columns` ($COLUMNS) or piped."""
    env: dict[str, str | None] = {
        "COLUMNS": columns,
        "NO_COLOR": None if color else "1",
        "FORCE_COLOR": "1" if color else None,
    }
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result


def blocks(stdout: str) -> list[list[str]]:
    """The listing's records (blank-line separated), the caption last."""
    return [block.splitlines() for block in ANSI.sub("", stdout).strip().split("\n\n")]


def joined(lines: list[str]) -> str:
    """Wrapped lines read back as one text."""
    return " ".join(line.strip() for line in lines)


def assert_fits(lines: list[str], width: str | None) -> None:
    """Every line fits the width, unless it is one unbreakable word (an id, a URL)."""
    if width is None:
        return
    for line in lines:
        assert len(line) <= int(width) or " " not in line.strip(), line


def assert_claim_block(block: list[str], claim: Claim) -> None:
    heading, *text, meta = block
    assert heading == claim.id  # the whole id, on its own line
    assert text
    assert joined(text) == " ".join(claim.text.split())
    assert meta.strip() == f"{claim.source.id} · as of {claim.as_of} · {claim.kind.value}"


def assert_source_block(block: list[str], source: Source) -> None:
    heading, *title, meta, url = block
    assert heading == source.id
    assert joined(title) == " ".join(source.title.split())
    assert meta.strip() == f"{source.publisher} · {source.published}"
    assert url.strip() == source.url  # never broken, whatever the width


@pytest.mark.parametrize("width", WIDTHS)
def test_every_claim_reads_in_full_at_any_width(width: str | None) -> None:
    base = load_claims()
    result = listing("claims", columns=width)
    *records, caption = blocks(result.stdout)
    assert caption == [f"{len(base.claims)} claims"]
    assert len(records) == len(base.claims)
    for block, claim in zip(records, base.claims, strict=True):
        assert_claim_block(block, claim)
        assert_fits(block, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_search_lists_its_matches_the_same_way(width: str | None) -> None:
    base = load_claims()
    by_id = {claim.id: claim for claim in base.claims}
    result = listing("claims", "kamikawa", columns=width)
    *records, caption = blocks(result.stdout)
    assert records
    assert caption == [f"{len(records)} of {len(base.claims)} claims"]
    for block in records:
        assert_claim_block(block, by_id[block[0]])
        assert_fits(block, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_source_reads_in_full_at_any_width(width: str | None) -> None:
    base = load_claims()
    result = listing("sources", columns=width)
    *records, caption = blocks(result.stdout)
    assert caption == [f"{len(base.sources)} sources"]
    assert len(records) == len(base.sources)
    for block, source in zip(records, base.sources, strict=True):
        assert_source_block(block, source)
        assert_fits(block, width)


def test_piped_listing_keeps_each_claim_on_one_line_for_grep() -> None:
    base = load_claims()
    lines = listing("claims", columns=None).stdout.splitlines()
    for claim in base.claims:
        assert f"  {claim.text}" in lines


def test_at_80_columns_text_is_wrapped_between_words() -> None:
    """The claim text wraps at word gaps, indented under its id (not 3 letters a line)."""
    claim = max(load_claims().claims, key=lambda c: len(c.text))
    assert len(claim.text) > 80
    records = blocks(listing("claims", columns="80").stdout)
    block = next(b for b in records if b[0] == claim.id)
    text = block[1:-1]
    assert len(text) >= 2
    assert all(line.startswith("  ") and len(line) <= 80 for line in text)
    words = claim.text.split()
    assert [w for line in text for w in line.split()] == words


def test_ids_are_bold_and_meta_dim_in_colour() -> None:
    out = listing("claims", "kamikawa", columns="80", color=True).stdout
    first = load_claims()
    claim = next(c for c in first.claims if c.id in out)
    assert f"\x1b[1m{claim.id}\x1b[0m" in out
    assert "\x1b[2m" in out


def test_json_listings_are_unchanged() -> None:
    base = load_claims()
    import json

    claims = json.loads(listing("claims", "--format", "json", columns="60").stdout)
    assert claims == {"claims": [claim.as_record() for claim in base.claims]}
    sources = json.loads(listing("sources", "--format", "json", columns="60").stdout)
    assert sources == {"sources": [source.as_record() for source in base.sources]}


def test_control_characters_in_a_claims_file_are_shown_escaped(tmp_path: Path) -> None:
    """A title with an escape sequence cannot recolour the terminal."""
    import shutil

    from abduction_facts.claims import BUNDLED_CLAIMS

    folder = tmp_path / "base"
    shutil.copytree(BUNDLED_CLAIMS.parent, folder)
    claims = folder / BUNDLED_CLAIMS.name
    text = claims.read_text(encoding="utf-8")
    source = load_claims().sources[0]
    claims.write_text(
        text.replace(f"title: {source.title}", 'title: "Evil \\e[31m title"', 1),
        encoding="utf-8",
    )
    out = listing("sources", "--claims", str(claims), columns="80").stdout
    assert "\x1b" not in out
    assert "Evil \\x1b[31m title" in out
