"""A large claims base built the way a newsroom would build one: `facts suggest`
drafts of real articles merged into the bundled base.

The real articles are the ones the repository holds besides the bundled
sources (whose curated claims are already in the base): the articles of the
test fixtures (other bases, the suggest fixture, the disputed base's third
article) and the
published stories of `tests/cases/stories_dev/stories.jsonl` and
`stories2.jsonl` (each story's verbatim
sentences, in order, as one article dated and linked like its page).  Their
drafts are merged as `facts sources add` would; the drafted claims are then
repeated under fresh ids until the base holds `total` claims.  Each
repetition keeps its verbatim passage, facts and anchors and gets one made-up
anchor word of its own: it stands for a claim of another article on its own
subject, which the repository's few dozen articles cannot supply.  Deterministic: the same
repository gives the same base.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DATA = ROOT / "src" / "abduction_facts" / "data"
STORIES = ROOT / "tests" / "cases" / "stories_dev"
# why: the files the benchmark was defined on; development sets added later
# would change its input, and its figures could no longer be compared
STORY_FILES = ("stories.jsonl", "stories2.jsonl")
FIXTURE_ARTICLES = (
    (ROOT / "tests/fixtures/suggest/mexico-quake.md", {}),
    (
        ROOT / "tests/fixtures/other_base/sources/mexico-quake-death-toll-rises-to-seven.txt",
        {"publisher": "AFP (eaglenews.ph)", "published": "2020-06-24"},
    ),
    (
        ROOT
        / "tests/fixtures/disputed_base/sources"
        / "japanese-pm-calls-for-meeting-with-dprk-leader.txt",
        {"publisher": "AzerNews (MENAFN)", "published": "2024-01-30"},
    ),
)


def _story_articles(directory: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    """Each published story of stories_dev as one article file in `directory`."""
    stories: dict[str, list[dict[str, Any]]] = {}
    for path in (STORIES / name for name in STORY_FILES):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                stories.setdefault(row["story"], []).append(row)
    for n, (url, rows) in enumerate(sorted(stories.items()), start=1):
        path = directory / f"story-{n:02d}.txt"
        path.write_text("\n\n".join(r["text"] for r in rows) + "\n", encoding="utf-8")
        host = urlparse(url).netloc.removeprefix("www.") or "unknown"
        date = re.match(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", str(rows[0].get("page_date", "")))
        if date is None:
            continue  # why: a page of unknown date cannot date its drafts
        yield (
            path,
            {
                "title": f"Published story {n} ({host})",
                "publisher": host,
                "published": date.group(),
                "url": url,
            },
        )


def _invented(n: int) -> str:
    """A made-up word for the n-th repeated claim (no news text uses it)."""
    letters = "bcdfghjklmnpqrstvwxz"
    word = "zq"
    while True:
        word += letters[n % len(letters)]
        n //= len(letters)
        if not n:
            return word


def drafted_base(total: int, directory: Path) -> tuple[Path, dict[str, int]]:
    """Write a claims file of `total` claims drafted from real articles into
    `directory` (with its sources); returns its path and what went into it."""
    from abduction_facts.claims import load_claims
    from abduction_facts.suggest import draft_records, read_article, suggest

    directory.mkdir(parents=True, exist_ok=True)
    sources = directory / "sources"
    if sources.exists():
        shutil.rmtree(sources)
    shutil.copytree(PACKAGE_DATA / "sources", sources)
    articles = directory / "articles"
    articles.mkdir(exist_ok=True)
    doc = yaml.safe_load((PACKAGE_DATA / "claims.yaml").read_text(encoding="utf-8"))
    base = load_claims()
    taken = {c.id for c in base.claims}
    entity_ids: dict[str, dict[str, Any]] = {str(e["id"]): e for e in doc["entities"]}
    drafted: list[dict[str, Any]] = []
    all_articles = [*FIXTURE_ARTICLES, *_story_articles(articles)]
    for n, (path, meta) in enumerate(all_articles, start=1):
        name = f"drafted-{n:02d}{path.suffix}"
        shutil.copyfile(path, sources / name)
        article = read_article(
            sources / name, id=f"drafted-{n:02d}", file=f"sources/{name}", **meta
        )
        records = draft_records(suggest(article, base, taken_ids=taken))
        doc["sources"].extend(records["sources"])
        for entity in records["entities"]:
            if entity["id"] not in entity_ids:
                entity_ids[entity["id"]] = entity
                doc["entities"].append(entity)
            else:  # why: one article says "Kaoru Hasuike", another "Hasuike"
                known = entity_ids[entity["id"]]
                aliases = [*known.get("aliases", []), *entity.get("aliases", [])]
                if aliases:
                    known["aliases"] = sorted(set(aliases) - {known["name"]})
        for claim in records["claims"]:
            taken.add(claim["id"])
            drafted.append(claim)
    doc["claims"].extend(drafted)
    repeats = 0
    while len(doc["claims"]) < total and drafted:
        repeats += 1
        for claim in drafted:
            if len(doc["claims"]) >= total:
                break
            copied = copy.deepcopy(claim)
            copied["id"] = f"{claim['id']}-r{repeats}"
            # why: 36 articles are not 300; each repetition stands for a claim of
            # another article on its own subject, so it gets a word of its own
            # (a claim that shares every anchor with 33 others is no real base)
            copied["about"] = [*copied.get("about", []), _invented(len(doc["claims"]))]
            doc["claims"].append(copied)
    path = directory / "claims.yaml"
    path.write_text(
        yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=10_000), encoding="utf-8"
    )
    return path, {
        "articles": len(all_articles),
        "drafted_claims": len(drafted),
        "claims": len(doc["claims"]),
        "repeats": repeats,
    }


if __name__ == "__main__":
    import sys
    import tempfile

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp())
    written, info = drafted_base(int(sys.argv[2]) if len(sys.argv) > 2 else 10_000, out)
    print(written, info)
