"""abduction-facts: check statements against a curated, sourced claims base.

The public API is small::

    from abduction_facts import check
    for result in check("Japan has identified 13 abductees."):
        print(result.verdict, [c.as_record() for c in result.judgement.conflicts])

`check(text, claims=None, *, markdown=False, path=None)` returns one `Result`
per sentence; `load_claims(path=None)` loads and validates a claims file;
`Checker(claims)` keeps a prepared index for many calls.
"""

from __future__ import annotations

from abduction_facts._version import __version__

__all__ = ["Checker", "Verdict", "__version__", "check", "load_claims"]

TYPE_CHECKING = False  # why: importing `typing` costs `facts --version` ~8 ms
if TYPE_CHECKING:
    from typing import Any

    from abduction_facts.api import check
    from abduction_facts.claims import load_claims
    from abduction_facts.engine import Checker
    from abduction_facts.models import Verdict


def __getattr__(name: str) -> Any:
    # why: `facts --version` must not pay for importing the engine.
    if name == "check":
        from abduction_facts.api import check

        return check
    if name == "Checker":
        from abduction_facts.engine import Checker

        return Checker
    if name == "load_claims":
        from abduction_facts.claims import load_claims

        return load_claims
    if name == "Verdict":
        from abduction_facts.models import Verdict

        return Verdict
    raise AttributeError(f"module 'abduction_facts' has no attribute {name!r}")
