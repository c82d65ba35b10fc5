"""pyproject.toml, .ci/run and the README's quick start agree with each other.

The `test` extra holds what the test suite needs and nothing else (the README
says `pip install -e ".[test]"` then pytest passes); linters and type checkers
are in `dev`, which `.ci/run` adds. markdown-it-py is used through its inline
rules, which are not a stable API: its next major is excluded, and `.ci/run`
tests the segmenter at the declared lower bound.
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
README = (ROOT / "README.md").read_text("utf-8")
DEV_TOOLS = {"ruff", "mypy", "import-linter", "types-pyyaml"}


def _requirements(items: list[str]) -> dict[str, Requirement]:
    parsed = (Requirement(item) for item in items)
    return {req.name.lower(): req for req in parsed}


def _ci_commands() -> list[str]:
    lines = (line.strip() for line in CI.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def test_the_test_extra_holds_no_linters() -> None:
    extras = PYPROJECT["project"]["optional-dependencies"]
    assert not set(_requirements(extras["test"])) & DEV_TOOLS
    assert set(_requirements(extras["dev"])) >= DEV_TOOLS


def test_ci_runs_the_readme_test_command_as_it_is_then_adds_dev() -> None:
    quick_start = re.search(r"```console\n(.*?)```", README, re.DOTALL)
    assert quick_start is not None
    (readme_test,) = [line for line in quick_start.group(1).splitlines() if "pytest" in line]
    assert '".[test]"' in readme_test
    commands = _ci_commands()
    assert readme_test in commands
    dev = commands.index('.venv/bin/pip install -e ".[test,dev]"')
    assert commands.index(readme_test) < dev
    linters = [i for i, c in enumerate(commands) if re.match(r"\.venv/bin/(ruff|mypy|lint-)", c)]
    assert linters
    assert min(linters) > dev


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
