"""Stable rule codes: one per verdict kind, with descriptions and message templates.

The codes are part of the contract with CI systems: SARIF uses them as
`ruleId` (code scanning keys alerts on it) and GitHub annotations as their
`title`, so a code never changes meaning and is never reused.

Messages are built here from the plain result records of
`CheckReport.as_records()` so every format words a finding the same way. They
contain user text as is; each format escapes it for its own medium.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final

from abduction_facts.models import Verdict

INFORMATION_URI: Final = "https://pypi.org/project/abduction-facts/"
"""Where people learn about the tool (SARIF `tool.driver.informationUri`)."""

CONFLICT_SEPARATOR: Final = " · "


@dataclass(frozen=True, slots=True)
class Rule:
    """One verdict kind as a linter rule.

    `message_template` is a `str.format` template; its fields are the ones
    `message_fields` returns (`source`, `conflicts`, `claim_id`, `not_covered`,
    `disputed_by`).
    """

    id: str
    verdict: Verdict
    name: str
    title: str
    short_description: str
    full_description: str
    help_text: str
    message_template: str

    @property
    def heading(self) -> str:
        """Code and title together, as GitHub annotations show them ("FACT001 …")."""
        return f"{self.id} {self.title}"


CONTRADICTED_RULE: Final = Rule(
    id="FACT001",
    verdict=Verdict.CONTRADICTED,
    name="ContradictedBySource",
    title="Contradicted by a source",
    short_description="A sentence disagrees with a sourced claim.",
    full_description=(
        "A curated claim is about the same thing as the sentence, and at least one fact "
        "disagrees with it: a number, a date, a person, a place or organisation, the "
        "polarity (did / did not), who said a quote, or a quote's wording."
    ),
    help_text=(
        "Each conflict names what the draft says and what the source says. Correct the "
        "sentence to match the source passage, or, if the source is outdated or wrong, "
        "update the claims base with a better source."
    ),
    message_template="Contradicted by {source}: {conflicts} (claim {claim_id})",
)

UNVERIFIED_RULE: Final = Rule(
    id="FACT002",
    verdict=Verdict.UNVERIFIED,
    name="Unverified",
    title="Not covered by the claims base",
    short_description="No sourced claim covers this sentence.",
    full_description=(
        "No curated claim covers the sentence, including a different fact on the same "
        "topic. It may be true; the claims base cannot say."
    ),
    help_text=(
        "Check the sentence by hand against a primary source, or add a claim with a "
        "verbatim source passage to the claims base so future drafts are checked."
    ),
    message_template="Unverified: no claim in the claims base covers this sentence{not_covered}",
)

SUPPORTED_RULE: Final = Rule(
    id="FACT003",
    verdict=Verdict.SUPPORTED,
    name="SupportedBySource",
    title="Supported by a source",
    short_description="A sourced claim says the same thing as the sentence.",
    full_description=(
        "A curated claim says the same thing, and every fact the sentence states that "
        "the claim covers agrees with it."
    ),
    help_text="Nothing to do: the sentence agrees with its source.",
    message_template="Supported by {source} (claim {claim_id}){not_covered}",
)

DISPUTED_RULE: Final = Rule(
    id="FACT004",
    verdict=Verdict.DISPUTED,
    name="DisputedBySources",
    title="Sources disagree",
    short_description="A sentence agrees with one source, and another source says otherwise.",
    full_description=(
        "Two sources of the claims base give different values for the same fact (a "
        "number, a date, a person, a place or organisation); the sentence agrees with "
        "one of them and conflicts with the other."
    ),
    help_text=(
        "Both passages are shown with their publishers and dates. Decide which source "
        "to follow, say which one the sentence relies on, or word the sentence so that "
        "it reports the disagreement."
    ),
    message_template="Disputed: agrees with {source} (claim {claim_id}), but {disputed_by}",
)

RULES: Final[tuple[Rule, ...]] = (
    CONTRADICTED_RULE,
    UNVERIFIED_RULE,
    SUPPORTED_RULE,
    DISPUTED_RULE,
)
"""Every rule, in code order (SARIF `rules[]` order; `ruleIndex` counts in it)."""

RULES_BY_VERDICT: Final[Mapping[Verdict, Rule]] = MappingProxyType({r.verdict: r for r in RULES})


def rule_for(verdict: Verdict | str) -> Rule:
    """The rule that reports a verdict ("contradicted" → FACT001)."""
    return RULES_BY_VERDICT[Verdict(verdict)]


def conflict_phrase(conflict: Mapping[str, Any]) -> str:
    """One conflict record as people read it: "draft says 13 · source says 17"."""
    return f"draft says {conflict['found']}{CONFLICT_SEPARATOR}source says {conflict['expected']}"


def conflicts_phrase(conflicts: Iterable[Mapping[str, Any]]) -> str:
    """Every conflict with its kind: "draft says 13 · source says 17 (number); …"."""
    return "; ".join(f"{conflict_phrase(c)} ({c['kind']})" for c in conflicts)


def source_citation(source: Mapping[str, Any] | None) -> str:
    """A source record as a citation: “Title” (Publisher, 2023-09-30)."""
    if not source:
        return "an unknown source"
    details = ", ".join(str(source[k]) for k in ("publisher", "published") if source.get(k))
    title = f"“{source.get('title') or source.get('id', '?')}”"
    return f"{title} ({details})" if details else title


def message_fields(record: Mapping[str, Any]) -> dict[str, str]:
    """The template fields for one result record (see `Rule.message_template`)."""
    claim = record.get("claim") or {}
    not_covered = record.get("not_covered") or []
    disputed_by = "; ".join(
        f"{source_citation(d.get('source'))} says otherwise: "
        f"{conflicts_phrase(d.get('conflicts') or [])} "
        f"(claim {(d.get('claim') or {}).get('id', '?')})"
        for d in record.get("disputed_by") or []
    )
    return {
        "source": source_citation(record.get("source")),
        "conflicts": conflicts_phrase(record.get("conflicts") or []),
        "claim_id": str(claim.get("id", "?")),
        "not_covered": (
            f"; not covered by the claims base: {', '.join(map(str, not_covered))}"
            if not_covered
            else ""
        ),
        "disputed_by": disputed_by,
    }


def finding_message(record: Mapping[str, Any]) -> str:
    """The one-line message for a result record, from its rule's template.

    An unverified sentence with a note says the note (it names the nearest
    claim and why it did not count) instead of "no claim covers this sentence":
    one finding, one statement.
    """
    note = record.get("note")
    if record["verdict"] == Verdict.UNVERIFIED and note:
        return f"Unverified: {note}{message_fields(record)['not_covered']}"
    rule = rule_for(record["verdict"])
    return rule.message_template.format(**message_fields(record))
