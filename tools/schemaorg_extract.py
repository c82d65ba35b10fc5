#!/usr/bin/env python3
"""Write the part of the schema.org vocabulary `--format claimreview` uses.

Usage: schemaorg_extract.py VOCABULARY.jsonld OUTPUT.jsonld

VOCABULARY is a release of schema.org's `schemaorg-current-https.jsonld`
(https://schema.org/docs/developers.html, "Vocabulary Definition Files");
OUTPUT gets its `@context` and, from its `@graph`, unchanged, the nodes of
every type and property named below, each type's ancestors included, sorted
by `@id`. `tests/test_claimreview.py` checks the ClaimReview output against
OUTPUT (tests/fixtures/schemaorg/); run this again, with the new terms added
below, when the output starts using another type or property.
Standard library only.
"""

from __future__ import annotations

import json
import sys
from typing import Any

TYPES = (
    "ClaimReview Claim Rating CreativeWork NewsArticle Organization Person "
    "Text URL Date DateTime Number Integer"
).split()
PROPERTIES = (
    "alternateName appearance author bestRating citation claimReviewed datePublished "
    "description headline itemReviewed name publisher ratingExplanation ratingValue "
    "reviewRating text url worstRating"
).split()


def _ids(value: Any) -> list[str]:
    """The `@id`s of a node reference or a list of them."""
    items = value if isinstance(value, list) else [value]
    return [item["@id"] for item in items if isinstance(item, dict) and "@id" in item]


def extract(vocabulary: dict[str, Any]) -> dict[str, Any]:
    """The nodes of TYPES (with their ancestors) and PROPERTIES, under the same context."""
    nodes = {node["@id"]: node for node in vocabulary["@graph"]}
    wanted: set[str] = set()
    pending = [f"schema:{name}" for name in TYPES]
    while pending:
        term = pending.pop()
        if term in wanted or term not in nodes:
            continue
        wanted.add(term)
        pending.extend(_ids(nodes[term].get("rdfs:subClassOf", [])))
    wanted.update(f"schema:{name}" for name in PROPERTIES)
    missing = sorted(term for term in wanted if term not in nodes)
    if missing:
        raise SystemExit(f"not in the vocabulary: {', '.join(missing)}")
    return {
        "@context": vocabulary["@context"],
        "@graph": [nodes[term] for term in sorted(wanted)],
    }


def main(argv: list[str]) -> int:
    """Read VOCABULARY, write OUTPUT."""
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as handle:
        vocabulary = json.load(handle)
    with open(argv[1], "w", encoding="utf-8") as handle:
        json.dump(extract(vocabulary), handle, ensure_ascii=False, indent=1, sort_keys=True)
        handle.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
