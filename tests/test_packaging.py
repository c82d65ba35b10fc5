"""pyproject.toml and .ci/run agree with each other.

markdown-it-py is used through its inline rules, which are not a stable API:
its next major is excluded, and `.ci/run` tests the segmenter at the declared
lower bound.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
CI = (ROOT / ".ci" / "run").read_text("utf-8")


def _requirements(items: list[str]) -> dict[str, Requirement]:
    parsed = (Requirement(item) for item in items)
    return {req.name.lower(): req for req in parsed}


def test_markdown_it_py_excludes_its_next_major() -> None:
    req = _requirements(PYPROJECT["project"]["dependencies"])["markdown-it-py"]
    upper = [spec for spec in req.specifier if spec.operator == "<"]
    assert len(upper) == 1, req
    assert re.fullmatch(r"\d+", upper[0].version), "the bound is a major version"
    assert metadata.version("markdown-it-py") in req.specifier


def test_ci_tests_the_segmenter_at_markdown_it_pys_lower_bound() -> None:
    req = _requirements(PYPROJECT["project"]["dependencies"])["markdown-it-py"]
    (lower,) = [spec.version for spec in req.specifier if spec.operator == ">="]
    pins = re.findall(r"markdown-it-py==([\w.]+)", CI)
    assert pins, "no step of .ci/run installs markdown-it-py at its lower bound"
    assert all(Version(pin) == Version(lower) for pin in pins), (pins, lower)
    assert "tests/test_segment.py" in CI
