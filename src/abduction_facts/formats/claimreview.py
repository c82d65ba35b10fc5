"""`--format claimreview`: schema.org ClaimReview markup as JSON-LD.

One JSON-LD document, `{"@context": "https://schema.org", "@graph": [...]}`,
with one `ClaimReview` per supported, contradicted or disputed sentence, in
document order; an unverified sentence is not rated, so it has none. Each
review:

- `claimReviewed`: the sentence, its line breaks as spaces.
- `reviewRating`: a `Rating` on a stated scale, 1 (`Contradicted`) to 3
  (`Supported`), 2 being `Disputed`; `alternateName` is the verdict in words,
  `ratingExplanation` why (each conflict, the sources), `description` the
  scale.
- `itemReviewed`: the `Claim` the draft makes: its `author` (front matter
  `author:`), `datePublished` (the draft's date: `--as-of`, front matter
  `date:`, configured `as-of`) and `appearance`, a `CreativeWork` with the
  draft's `url` (front matter `url:`) and `headline` (`title:`), each when known.
- `author`: the reviewing organisation (`claimreview-author` and
  `claimreview-url` in the configuration; this tool when not configured).
- `datePublished`: the review's date (`FormatOptions.review_date`, else the
  UTC date of `SOURCE_DATE_EPOCH`, else today in UTC).
- `citation`: every passage the verdict rests on, each a `NewsArticle` with
  the source's `headline`, `url`, `publisher` and `datePublished`, and the
  verbatim passage as its `text`.

Same report, same options and review date: byte-identical output.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

from abduction_facts.errors import FactsError
from abduction_facts.formats.common import dump_json
from abduction_facts.report import DraftInfo
from abduction_facts.rules import INFORMATION_URI, conflicts_phrase, source_citation

if TYPE_CHECKING:
    from abduction_facts.formats import FormatOptions
    from abduction_facts.report import CheckReport

SCHEMA_CONTEXT: Final = "https://schema.org"

WORST_RATING: Final = 1
BEST_RATING: Final = 3
# why: keyed by the verdict's string, so a verdict this module does not know
# (unverified, or one added later) is simply not rated.
RATINGS: Final[Mapping[str, tuple[int, str]]] = {
    "contradicted": (1, "Contradicted"),
    "disputed": (2, "Disputed"),
    "supported": (3, "Supported"),
}
RATING_SCALE: Final = (
    "Rated from 1 to 3: 1 Contradicted (a source says otherwise), 2 Disputed "
    "(the sources do not agree on it), 3 Supported (a source says the same). "
    "Checked against a curated base of claims quoted from news sources; a "
    "sentence no claim covers is not rated."
)
DEFAULT_REVIEWER_NAME: Final = "abduction-facts"
"""Who a ClaimReview is by when `claimreview-author` is not configured."""

_SOURCE_DATE_EPOCH: Final = "SOURCE_DATE_EPOCH"


def review_date(environ: Mapping[str, str] | None = None) -> str:
    """The date a review is published: `SOURCE_DATE_EPOCH` (seconds since 1970,
    in UTC), else today in UTC, as "YYYY-MM-DD".

    Raises FactsError when `SOURCE_DATE_EPOCH` is set but is not a whole
    number of seconds (reproducible-builds.org says to fail then).
    """
    import datetime as dt

    environ = os.environ if environ is None else environ
    epoch = environ.get(_SOURCE_DATE_EPOCH)
    if epoch is None or not epoch.strip():
        return dt.datetime.now(dt.UTC).date().isoformat()
    try:
        moment = dt.datetime.fromtimestamp(int(epoch.strip()), dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise FactsError(
            f"{_SOURCE_DATE_EPOCH}: expected a whole number of seconds since 1970, not {epoch!r}"
        ) from None
    return moment.date().isoformat()


def reviewer(name: str | None, url: str | None) -> dict[str, Any]:
    """The reviewing organisation, as a schema.org `Organization`.

    With no name configured, the reviews are this tool's own (and its URL,
    unless one is configured).
    """
    if name is None:
        name, url = DEFAULT_REVIEWER_NAME, url or INFORMATION_URI
    organisation: dict[str, Any] = {"@type": "Organization", "name": name}
    if url is not None:
        organisation["url"] = url
    return organisation


def rating(record: Mapping[str, Any]) -> dict[str, Any] | None:
    """The `Rating` of one result record, or None when its verdict is not rated."""
    rated = RATINGS.get(str(record["verdict"]))
    if rated is None:
        return None
    value, label = rated
    return {
        "@type": "Rating",
        "ratingValue": value,
        "bestRating": BEST_RATING,
        "worstRating": WORST_RATING,
        "alternateName": label,
        "ratingExplanation": rating_explanation(record),
        "description": RATING_SCALE,
    }


def rating_explanation(record: Mapping[str, Any]) -> str:
    """Why a sentence got its rating, in a sentence or two.

    "Contradicted by “Title” (Publisher, 2023-10-01): draft says 13 · source
    says 17 (number)." A disputed sentence names the sources on each side:
    "Disputed: supported by “A” (…), contradicted by “B” (…): draft says 17 ·
    source says 12 (number)." The engine's note, when there is one, follows
    (for a disputed sentence it would name both sides again, and is left out).
    """
    verdict = str(record["verdict"])
    label = RATINGS[verdict][1]
    disputes: list[Mapping[str, Any]] = list(record.get("disputed_by") or [])
    # why: a disputed sentence's evidence holds both sides; "supported by" names one
    disputing = {_key(item) for item in disputes}
    sources = _cited(i for i in _evidence(record, disputes=False) if _key(i) not in disputing)
    conflicts = conflicts_phrase(
        [*(record.get("conflicts") or []), *(c for d in disputes for c in d.get("conflicts") or [])]
    )
    if disputes:
        against = _cited(disputes)
        explanation = f"{label}: supported by {sources or 'a source'}, contradicted by {against}"
    else:
        explanation = f"{label} by {sources}" if sources else label
    explanation += f": {conflicts}." if conflicts else "."
    note = "" if disputes else str(record.get("note") or "").strip()
    if note:
        explanation += f" {note[0].upper()}{note[1:]}" + ("" if note.endswith(".") else ".")
    not_covered = record.get("not_covered") or []
    if not_covered:
        explanation += f" Not covered by the sources: {', '.join(map(str, not_covered))}."
    return explanation


def citation(item: Mapping[str, Any]) -> dict[str, Any]:
    """One evidence item (`{"claim", "source", "passage"}`) as the `NewsArticle` it quotes."""
    source: Mapping[str, Any] = item.get("source") or {}
    article: dict[str, Any] = {"@type": "NewsArticle"}
    if source.get("title"):
        article["headline"] = source["title"]
    if source.get("url"):
        article["url"] = source["url"]
    if source.get("publisher"):
        article["publisher"] = {"@type": "Organization", "name": source["publisher"]}
    if source.get("published"):
        article["datePublished"] = source["published"]
    if item.get("passage"):
        article["text"] = item["passage"]
    return article


def claim_reviewed(record: Mapping[str, Any], draft: DraftInfo) -> dict[str, Any]:
    """The `Claim` a sentence makes: who made it, when, and where it appears."""
    claim: dict[str, Any] = {"@type": "Claim"}
    if draft.authors:
        people = [{"@type": "Person", "name": name} for name in draft.authors]
        claim["author"] = people[0] if len(people) == 1 else people
    if record.get("as_of"):
        claim["datePublished"] = record["as_of"]
    if draft.url is not None:
        appearance: dict[str, Any] = {"@type": "CreativeWork", "url": draft.url}
        if draft.title is not None:
            appearance["headline"] = draft.title
        claim["appearance"] = appearance
    return claim


class ClaimReviewFormatter:
    """Builds the JSON-LD document of every rated sentence's ClaimReview."""

    # why: the CLI reads the drafts' front matter (CheckReport.drafts) only for a
    # formatter that says it shows it; reading it costs every other format time.
    uses_draft_metadata: Final = True

    def __init__(self, options: FormatOptions) -> None:
        self.options = options

    def format(self, report: CheckReport) -> str:
        """The JSON-LD document, indented, ending with a newline."""
        return dump_json(self.document(report))

    def document(self, report: CheckReport) -> dict[str, Any]:
        """The JSON-LD document as plain data (what `format` dumps)."""
        date = self.options.review_date or review_date()
        author = reviewer(self.options.review_author, self.options.review_author_url)
        reviews = []
        for record in report.as_records():
            rated = rating(record)
            if rated is None:
                continue
            draft = report.drafts.get(record["path"]) if record["path"] is not None else None
            review: dict[str, Any] = {
                "@type": "ClaimReview",
                "claimReviewed": " ".join(str(record["text"]).split()),
                "reviewRating": rated,
                "itemReviewed": claim_reviewed(record, draft or DraftInfo()),
                "author": author,
                "datePublished": date,
            }
            citations = [citation(item) for item in _evidence(record)]
            if citations:
                review["citation"] = citations
            reviews.append(review)
        return {"@context": SCHEMA_CONTEXT, "@graph": reviews}


def _evidence(record: Mapping[str, Any], *, disputes: bool = True) -> list[Mapping[str, Any]]:
    """Every passage a verdict rests on, once each (the result's own claim if no list);
    with `disputes`, then the passages of other sources that dispute it."""
    items: list[Mapping[str, Any]] = list(record.get("evidence") or [])
    if not items and record.get("passage"):
        items = [
            {
                "claim": record.get("claim"),
                "source": record.get("source"),
                "passage": record["passage"],
            }
        ]
    if disputes:
        items.extend(record.get("disputed_by") or [])
    seen: set[tuple[str, str]] = set()
    unique = []
    for item in items:
        key = _key(item)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


def _key(item: Mapping[str, Any]) -> tuple[str, str]:
    """What makes two evidence items one citation: the same passage of the same source."""
    source = item.get("source") or {}
    return (str(source.get("url") or source.get("id") or ""), str(item.get("passage") or ""))


def _cited(items: Iterable[Mapping[str, Any]]) -> str:
    """The sources of evidence items as citations, each once: “A” (…) and “B” (…)."""
    return " and ".join(dict.fromkeys(source_citation(item.get("source")) for item in items))
