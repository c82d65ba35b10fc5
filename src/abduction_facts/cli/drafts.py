"""`facts suggest` and `facts sources add`: draft claims for a new source, then merge them.

The work is in `abduction_facts.suggest` and `abduction_facts.merge`; these
functions read options, call them, and report (one `error:` line and exit 2
on a bad input).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from abduction_facts.cli import ExitCode
from abduction_facts.cli.run import _claims_path, _errors_reported, _ReportFile
from abduction_facts.ui import Terminal

__all__ = ["run_sources_add", "run_suggest"]


def run_suggest(
    article: Path,
    *,
    source_id: str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    published: str | None = None,
    url: str | None = None,
    file: str | None = None,
    claims: Path | None = None,
    output: Path | None = None,
    no_color: bool = False,
) -> ExitCode:
    """`facts suggest ARTICLE`: a draft of claims as YAML, to stdout or `-o FILE`."""
    from abduction_facts.claims import load_claims
    from abduction_facts.suggest import draft_yaml, read_article, suggest

    terminal = Terminal(no_color=no_color)
    with _errors_reported(terminal):
        base = load_claims(_claims_path(claims))
        draft = suggest(
            read_article(
                article,
                id=source_id,
                title=title,
                publisher=publisher,
                published=published,
                url=url,
                file=file,
            ),
            base,
        )
        text = draft_yaml(draft)
        if output is None:
            terminal.write(text)
        else:
            _ReportFile(output).write([text])
        count, left = len(draft.claims), len(draft.left_out)
        terminal.info(
            f"facts: {count} claim{'s' * (count != 1)}, {len(draft.entities)} new "
            f"entit{'ies' if len(draft.entities) != 1 else 'y'}, {left} "
            f"sentence{'s' * (left != 1)} left out"
        )
        return ExitCode.OK
    return ExitCode.ERROR


def run_sources_add(
    drafts: Sequence[Path], *, claims: Path | None = None, no_color: bool = False
) -> ExitCode:
    """`facts sources add DRAFT ...`: append reviewed drafts to a claims file."""
    from abduction_facts.claims import BUNDLED_CLAIMS, load_claims
    from abduction_facts.merge import add_sources

    terminal = Terminal(no_color=no_color)
    with _errors_reported(terminal):
        target = _claims_path(claims) or BUNDLED_CLAIMS
        added = add_sources(target, drafts)
        base = load_claims(target)
        skipped = (
            f" (already there: {', '.join(added.skipped_entities)})"
            if added.skipped_entities
            else ""
        )
        terminal.write(
            f"{target}: added {added.sources} source(s), {added.entities} entit"
            f"{'ies' if added.entities != 1 else 'y'}{skipped}, {added.claims} claim(s); "
            f"{len(base.claims)} claims, {len(base.sources)} sources: valid"
        )
        return ExitCode.OK
    return ExitCode.ERROR
