"""Documents -> sentences with exact 1-based line/column spans (Markdown-aware).

STUB: being written; interface is fixed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from abduction_facts.models import Span


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence to check: its text (as checked) and where it is in the original."""

    text: str
    span: Span


def split_text(lines: Iterable[str]) -> Iterator[Sentence]:
    """Split plain text, read line by line (streaming), into sentences."""
    raise NotImplementedError


def split_markdown(text: str) -> Iterator[Sentence]:
    """Split a Markdown document into the sentences of its prose."""
    raise NotImplementedError
