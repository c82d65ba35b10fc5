"""Claims base: load and validate claims.yaml. STUB: being written."""

from __future__ import annotations

from pathlib import Path

from abduction_facts.models import ClaimsBase

BUNDLED_CLAIMS = Path(__file__).parent / "data" / "claims.yaml"


def load_claims(path: str | Path | None = None) -> ClaimsBase:
    """Load and validate a claims file (the bundled one by default).

    Raises ClaimsFileError naming file:line on the first problem.
    """
    raise NotImplementedError


def validate_file(path: str | Path | None = None) -> list[str]:
    """Every problem in a claims file, each as "file:line: message" ([] when valid)."""
    raise NotImplementedError
