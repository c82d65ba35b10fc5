"""How close `facts suggest` comes to the curated claims base, article by article.

For each bundled source article, a draft is suggested (against the bundled
base without that article's own claims, so nothing is copied from them) and
compared with the curated claims of that source:

- a draft claim *matches* a curated claim when their passages overlap in
  the article (by character offsets); precision is the share of draft claims
  that match a curated claim, recall the share of curated claims that some
  draft claim matches;
- on matched pairs, the curated facts (type, value) the draft claim also has
  (facts recall) and the draft facts the curated claim also has (facts
  precision). Polarity and quote facts count like the others.

Run: .venv/bin/python benchmarks/suggest_quality.py
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from abduction_facts.claims import load_claims
from abduction_facts.models import ClaimsBase
from abduction_facts.suggest import Article, read_article, suggest


def spans(text: str, passage: str) -> list[tuple[int, int]]:
    """Every place `passage` occurs in `text`, as (start, end)."""
    out: list[tuple[int, int]] = []
    at = text.find(passage)
    while at >= 0:
        out.append((at, at + len(passage)))
        at = text.find(passage, at + 1)
    return out


def overlaps(a: Iterable[tuple[int, int]], b: Iterable[tuple[int, int]]) -> bool:
    b = list(b)
    return any(x < y2 and x2 > y for x, x2 in a for y, y2 in b)


def measure(base: ClaimsBase) -> list[dict[str, float | int | str]]:
    rows: list[dict[str, float | int | str]] = []
    for source in base.sources:
        curated = [c for c in base.claims if c.source.id == source.id]
        # why: the draft must not see the curated claims of its own article
        others = replace(base, claims=tuple(c for c in base.claims if c.source.id != source.id))
        others = replace(others, sources=tuple(s for s in base.sources if s.id != source.id))
        article: Article = read_article(
            Path(base.path).parent / source.file,
            id=source.id,
            title=source.title,
            publisher=source.publisher,
            published=source.published,
            url=source.url,
            file=source.file,
        )
        draft = suggest(article, others)
        text = article.text
        cur_spans = [spans(text, c.passage) for c in curated]
        matched_draft = 0
        matched_curated: set[int] = set()
        facts_found = facts_curated = facts_draft = facts_right = 0
        for claim in draft.claims:
            mine = spans(text, claim.passage)
            hits = [i for i, s in enumerate(cur_spans) if overlaps(mine, s)]
            if not hits:
                continue
            matched_draft += 1
            matched_curated.update(hits)
            found = {(f.type.value, f.value) for f in claim.facts}
            wanted = {(f.type.value, f.value) for i in hits for f in curated[i].facts}
            facts_curated += len(wanted)
            facts_found += len(wanted & found)
            facts_draft += len(found)
            facts_right += len(found & wanted)
        rows.append(
            {
                "source": source.id,
                "draft claims": len(draft.claims),
                "curated claims": len(curated),
                "left out": len(draft.left_out),
                "precision": matched_draft / len(draft.claims) if draft.claims else 0.0,
                "recall": len(matched_curated) / len(curated) if curated else 0.0,
                "facts recall": facts_found / facts_curated if facts_curated else 0.0,
                "facts precision": facts_right / facts_draft if facts_draft else 0.0,
            }
        )
    return rows


def main() -> int:
    rows = measure(load_claims())
    keys = list(rows[0])
    print(" | ".join(keys))
    for row in rows:
        print(" | ".join(f"{v:.2f}" if isinstance(v, float) else str(v) for v in row.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
