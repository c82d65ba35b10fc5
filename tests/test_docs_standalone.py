"""The docs stand alone: someone who cloned only this repository can follow them.

README.md, docs/*.md, examples/README.md and benchmarks/README.md point at
nothing outside the repository (no `../shared`, no issue numbers of a tracker
a clone cannot see), every repository path they name in backticks or links
exists, and the options the README's commands use are options of `facts`.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [
    ROOT / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
    ROOT / "examples" / "README.md",
    ROOT / "benchmarks" / "README.md",
]
FACTS = Path(sys.executable).with_name("facts")
PACKAGE = ROOT / "src" / "abduction_facts"

_FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_ISSUE = re.compile(r"\bissues? #?\d+|#\d+\b", re.IGNORECASE)
_FILE_ENDING = re.compile(r"\.(md|markdown|py|ya?ml|jsonl?|toml|txt|sarif|sh|cfg)$")
# why: files a reader creates (the quick start's virtual environment, their own drafts
# and CI files), shown as examples
_PLACEHOLDER = re.compile(
    r"^(\.venv/|/?drafts?\b|/?notes\.md$|report\.json$|facts\.(sarif|json)$|your-org/"
    r"|\.facts\.yaml$|\.pre-commit-config\.yaml$|\.gitlab-ci\.yml$|\.github/workflows/)"
)
# why: benchmarks/corpus.py writes these into a temporary directory
_GENERATED = {
    "benchmarks/README.md": re.compile(
        r"^(corpus-\d+k\.txt|(claims-\d+k/)?claims\.yaml|sources/)$"
    ),
}


def _name(doc: Path) -> str:
    return doc.relative_to(ROOT).as_posix()


def _prose(doc: Path) -> str:
    """The document without its fenced code blocks."""
    return _FENCE.sub("", doc.read_text("utf-8"))


def _looks_like_path(token: str) -> bool:
    if any(c in token for c in " *[]\"'<>$=") or "://" in token:
        return False
    if token.startswith(("-", "~")) or re.fullmatch(r"\.[a-z]+", token):
        return False  # an option, a path in the user's home, a file name ending
    return "/" in token or bool(_FILE_ENDING.search(token))


def _exists(doc: Path, token: str) -> bool:
    path = token.rstrip("/")
    bases = (ROOT, doc.parent, PACKAGE, PACKAGE / "formats", PACKAGE / "cli")
    return any((base / path).exists() for base in bases)


@pytest.mark.parametrize("doc", DOCS, ids=_name)
def test_no_pointers_outside_the_repository(doc: Path) -> None:
    text = doc.read_text("utf-8")
    for outside in ("../shared", "/work/", "shared/"):
        assert outside not in text, f"{_name(doc)} mentions {outside!r}"
    issues = _ISSUE.findall(text)
    assert not issues, f"{_name(doc)} mentions issue numbers: {issues}"


@pytest.mark.parametrize("doc", DOCS, ids=_name)
def test_repository_paths_in_backticks_and_links_exist(doc: Path) -> None:
    generated = _GENERATED.get(_name(doc))
    prose = _prose(doc)
    missing = []
    for token in _CODE_SPAN.findall(prose):
        if not _looks_like_path(token) or _PLACEHOLDER.match(token):
            continue
        if generated is not None and generated.match(token):
            continue
        if not _exists(doc, token):
            missing.append(token)
    for target in _LINK.findall(prose):
        if "://" in target or target.startswith(("#", "mailto:")):
            continue
        if not (doc.parent / target.split("#")[0]).exists():
            missing.append(target)
    assert not missing, f"{_name(doc)} names paths that do not exist: {missing}"


def test_path_check_is_not_vacuous() -> None:
    readme = ROOT / "README.md"
    tokens = [t for t in _CODE_SPAN.findall(_prose(readme)) if _looks_like_path(t)]
    assert "docs/CONTRACT.md" in tokens
    assert not _exists(readme, "docs/NO-SUCH-FILE.md")
    assert _looks_like_path("tools/score_devset.py")
    assert not _PLACEHOLDER.match("tools/score_devset.py")
    assert _ISSUE.findall("the targets of issue 6 (issues 3 and 6)") == ["issue 6", "issues 3"]


# --- the README's commands ------------------------------------------------------------------


def _console_commands(doc: Path, heading: str) -> list[list[str]]:
    """`facts ...` commands of the console blocks under one heading, as argument lists.

    Each is cut at a pipe or `;`, and its trailing comment's options (the
    `--jobs N` of "(--jobs N)") are added, since the comment documents them too.
    """
    text = doc.read_text("utf-8")
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    section = text[start : end if end != -1 else len(text)]
    commands = []
    for block in re.findall(r"^```console\n(.*?)^```", section, re.MULTILINE | re.DOTALL):
        for line in block.splitlines():
            line = line.removeprefix("$ ")
            code, _, comment = line.partition("  #")
            for part in re.split(r"[|;]", code):
                tokens = shlex.split(part)
                if tokens[:1] == ["facts"]:
                    commands.append(tokens + re.findall(r"(?<![\w-])--?[a-z][a-z-]*", comment))
    return commands


def _help(*argv: str) -> str:
    done = subprocess.run(
        [str(FACTS), *argv, "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "TERM": "dumb"},
        timeout=60,
    )
    assert done.returncode == 0, (argv, done.stderr)
    return done.stdout


@pytest.mark.skipif(not FACTS.exists(), reason="the facts script is not installed")
def test_readme_commands_use_existing_commands_and_options() -> None:
    commands = _console_commands(ROOT / "README.md", "Using it")
    assert len(commands) >= 10
    assert any(c[:2] == ["facts", "check"] for c in commands)
    helps: dict[str, str] = {}
    for command in commands:
        sub = command[1]
        if sub not in helps:
            helps[sub] = _help(sub)
        options = {t.split("=")[0] for t in command[2:] if t.startswith("-") and t != "-"}
        missing = [o for o in sorted(options) if not re.search(rf"(?<![\w-]){o}\b", helps[sub])]
        assert not missing, f"`{shlex.join(command)}`: no such option {missing}"


@pytest.mark.skipif(not FACTS.exists(), reason="the facts script is not installed")
def test_readme_format_values_exist() -> None:
    check_help = _help("check")
    for command in _console_commands(ROOT / "README.md", "Using it"):
        if "--format" in command:
            value = command[command.index("--format") + 1]
            assert value in check_help, f"`{shlex.join(command)}`: no format {value!r}"


# --- the contract is complete -----------------------------------------------------------------


def test_contract_names_every_key_a_result_can_carry() -> None:
    from abduction_facts.claims import load_claims
    from abduction_facts.models import Conflict, FactType, Judgement, Result, Span, Verdict
    from abduction_facts.report import result_record
    from abduction_facts.rules import RULES

    claim = load_claims().claims[0]
    everything = Judgement(
        Verdict.UNVERIFIED,
        score=50.0,
        claim=claim,
        conflicts=(Conflict(FactType.NUMBER, "13", "17"),),
        not_covered=("date 2004",),
        note="why",
        evidence=(claim,),
        nearest=claim,
    )
    record = result_record(Result("d.md", Span(1, 1, 1, 2), "x", everything, as_of="2022-10"))
    contract = (ROOT / "docs" / "CONTRACT.md").read_text("utf-8")
    keys = {*record, *record["claim"], *record["source"], *record["nearest"]}
    keys |= {*record["conflicts"][0], *record["evidence"][0]}
    missing = sorted(k for k in keys if f"`{k}`" not in contract and f'"{k}"' not in contract)
    assert not missing, f"docs/CONTRACT.md does not name {missing}"
    kinds = [f"`{kind.value}`" for kind in FactType] + ["`speaker`"]
    assert all(kind in contract for kind in kinds)
    assert all(f"`{rule.id}`" in contract and f"`{rule.name}`" in contract for rule in RULES)
