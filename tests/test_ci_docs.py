"""docs/ci.md and .pre-commit-hooks.yaml: the CI examples parse, fit together and run.

The YAML blocks of docs/ci.md are loaded with yaml.safe_load and checked for
the structure GitHub Actions, GitLab CI and pre-commit need; the `facts ...`
commands they document are then run, with the installed `facts`, on a sample
draft (examples/draft.md, or tests/fixtures/ci-draft.md until that exists).
Shell variables standing for the list of drafts are replaced by that draft.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "ci.md"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
SARIF_SCHEMA = ROOT / "tests" / "fixtures" / "sarif-schema-2.1.0.json"  # vendored
FACTS = Path(sys.executable).with_name("facts")
SAMPLE_DRAFTS = (ROOT / "examples" / "draft.md", ROOT / "tests" / "fixtures" / "ci-draft.md")

# The `facts check` flags the docs may use (CONTRACT.md and issues 4 and 5).
KNOWN_FLAGS = {
    "--format",
    "--output",
    "--fail-on",
    "--claims",
    "--stdin-filename",
    "--show-unverified",
    "--quiet",
    "--no-color",
    "--text",
}

_YAML_FENCE = re.compile(r"^```ya?ml\n(.*?)^```", re.MULTILINE | re.DOTALL)
_HEREDOC = re.compile(r"<<-?\s*'?(\w+)'?")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


# --- reading the docs ---------------------------------------------------------------------


def yaml_blocks() -> list[Any]:
    """Every ```yaml block of docs/ci.md, parsed."""
    return [yaml.safe_load(block) for block in _YAML_FENCE.findall(DOCS.read_text("utf-8"))]


def _block(predicate: Any, what: str) -> dict[str, Any]:
    matches = [b for b in yaml_blocks() if isinstance(b, dict) and predicate(b)]
    assert len(matches) == 1, f"expected one {what} block in {DOCS}, found {len(matches)}"
    block: dict[str, Any] = matches[0]
    return block


def github_workflow() -> dict[str, Any]:
    return _block(lambda b: "jobs" in b, "GitHub Actions workflow")


def gitlab_config() -> dict[str, Any]:
    return _block(
        lambda b: any(isinstance(v, dict) and "script" in v for v in b.values()), "GitLab CI"
    )


def gitlab_job() -> dict[str, Any]:
    jobs = [v for v in gitlab_config().values() if isinstance(v, dict) and "script" in v]
    assert len(jobs) == 1
    job: dict[str, Any] = jobs[0]
    return job


def precommit_config() -> dict[str, Any]:
    return _block(lambda b: "repos" in b, "pre-commit config")


def shell_lines(script: str) -> Iterator[str]:
    """The logical lines of a shell script: continuations joined, heredoc bodies left out."""
    lines = iter(script.replace("\\\n", " ").splitlines())
    for line in lines:
        yield line
        heredoc = _HEREDOC.search(line)
        if heredoc:
            for body in lines:
                if body.strip() == heredoc.group(1):
                    break


def heredocs(script: str) -> list[str]:
    """The bodies of the heredocs in a shell script."""
    bodies = []
    lines = iter(script.splitlines())
    for line in lines:
        heredoc = _HEREDOC.search(line)
        if heredoc:
            body = []
            for inner in lines:
                if inner.strip() == heredoc.group(1):
                    break
                body.append(inner)
            bodies.append("\n".join(body) + "\n")
    return bodies


def facts_commands(script: str) -> list[list[str]]:
    """Every `facts ...` command of a shell script, as argument lists."""
    commands = []
    for line in shell_lines(script):
        tokens = shlex.split(line, comments=True)
        if tokens and tokens[0] == "facts":
            commands.append(tokens)
    return commands


def github_scripts() -> list[str]:
    steps = next(iter(github_workflow()["jobs"].values()))["steps"]
    return [step["run"] for step in steps if "run" in step]


def gitlab_scripts() -> list[str]:
    job = gitlab_job()
    return [*job.get("before_script", []), *job["script"]]


def documented_commands() -> list[list[str]]:
    return [
        cmd for script in [*github_scripts(), *gitlab_scripts()] for cmd in facts_commands(script)
    ]


def option_value(command: list[str], flag: str) -> str | None:
    for index, token in enumerate(command):
        if token == flag:
            return command[index + 1]
        if token.startswith(flag + "="):
            return token.split("=", 1)[1]
    return None


# --- structure ----------------------------------------------------------------------------


def test_docs_hold_a_workflow_a_gitlab_job_and_a_precommit_config() -> None:
    github_workflow()
    gitlab_job()
    precommit_config()


def test_github_workflow_structure() -> None:
    workflow = github_workflow()
    # why: YAML 1.1 reads the key `on` as True.
    triggers = workflow.get("on", workflow.get(True))
    assert "pull_request" in triggers
    assert workflow["permissions"]["security-events"] == "write"
    (job,) = workflow["jobs"].values()
    assert job["runs-on"]
    steps = job["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    assert uses.index("actions/checkout") < uses.index("actions/setup-python")
    assert "github/codeql-action/upload-sarif" in uses
    for step in steps:
        if "uses" in step:
            assert "@" in step["uses"], f"pin a version: {step['uses']}"
    assert any("pip install" in script for script in github_scripts())

    commands = [cmd for script in github_scripts() for cmd in facts_commands(script)]
    formats = [option_value(cmd, "--format") for cmd in commands]
    assert "github" in formats
    assert "sarif" in formats
    sarif_command = commands[formats.index("sarif")]
    upload = steps[uses.index("github/codeql-action/upload-sarif")]
    assert upload["with"]["sarif_file"] == option_value(sarif_command, "--output")

    step_ids = {step["id"] for step in steps if "id" in step}
    for step in steps:
        for referenced in re.findall(r"steps\.([\w-]+)\.outputs", str(step.get("if", ""))):
            assert referenced in step_ids


def test_gitlab_job_structure() -> None:
    job = gitlab_job()
    assert job["image"].startswith("python:")
    assert any("pip install" in line for line in job["before_script"])
    artifacts = job["artifacts"]
    assert artifacts["when"] == "always"
    commands = [cmd for script in job["script"] for cmd in facts_commands(script)]
    outputs = {option_value(cmd, "--output") for cmd in commands} - {None}
    assert outputs <= set(artifacts["paths"])
    assert artifacts["reports"]["codequality"] in artifacts["paths"]
    assert heredocs("\n".join(job["script"])), "the Code Quality converter is missing"


def test_documented_commands_use_known_flags_and_formats() -> None:
    commands = documented_commands()
    assert len(commands) >= 4
    for command in commands:
        assert command[:2] == ["facts", "check"], command
        flags = {token.split("=")[0] for token in command if token.startswith("--")}
        assert flags <= KNOWN_FLAGS, command
        fmt = option_value(command, "--format")
        assert fmt in (None, "text", "json", "sarif", "github")
        fail_on = option_value(command, "--fail-on")
        assert fail_on in (None, "contradicted", "unverified", "never")


def test_precommit_hooks_file() -> None:
    hooks = yaml.safe_load(HOOKS.read_text("utf-8"))
    assert isinstance(hooks, list)
    (hook,) = (h for h in hooks if h["id"] == "facts")
    assert hook["entry"] == "facts check"
    assert hook["language"] == "python"
    assert hook["types_or"] == ["markdown", "text"]
    assert hook["pass_filenames"] is True
    assert re.search(hook["files"], "drafts/story.md")
    assert re.search(hook["files"], "notes.txt")
    assert not re.search(hook["files"], "src/abduction_facts/cli.py")


def test_precommit_example_uses_the_shipped_hook() -> None:
    shipped = {hook["id"] for hook in yaml.safe_load(HOOKS.read_text("utf-8"))}
    used = {hook["id"] for repo in precommit_config()["repos"] for hook in repo["hooks"]}
    assert used <= shipped


# --- the GitLab Code Quality converter ----------------------------------------------------


def _run_converter(cwd: Path) -> list[dict[str, Any]]:
    (snippet,) = heredocs("\n".join(gitlab_job()["script"]))
    subprocess.run([sys.executable, "-"], input=snippet, text=True, cwd=cwd, check=True)
    issues: list[dict[str, Any]] = json.loads(
        (cwd / "gl-code-quality-report.json").read_text("utf-8")
    )
    return issues


def _assert_code_quality(issues: list[dict[str, Any]]) -> None:
    for issue in issues:
        assert issue["type"] == "issue"
        assert issue["check_name"] in ("FACT001", "FACT002")
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert issue["description"]
        assert issue["location"]["path"]
        assert issue["location"]["lines"]["begin"] >= 1
    fingerprints = [issue["fingerprint"] for issue in issues]
    assert len(set(fingerprints)) == len(fingerprints)


def test_gitlab_code_quality_converter_reads_the_json_report(tmp_path: Path) -> None:
    shutil.copy(ROOT / "tests" / "golden" / "report.json", tmp_path / "facts.json")
    issues = _run_converter(tmp_path)
    _assert_code_quality(issues)
    # the sample has 3 contradicted (one a statement, without a file) and 2 unverified
    assert [i["check_name"] for i in issues] == ["FACT001", "FACT002", "FACT001", "FACT002"]
    assert "draft says 13 · source says 17" in issues[2]["description"]


# --- running the documented commands ------------------------------------------------------


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.update(NO_COLOR="1", GITHUB_STEP_SUMMARY=str(tmp_path / "step-summary.md"))
    return env


@pytest.fixture(scope="module")
def facts_cli() -> Path:
    """The `facts` executable, or a skip while its `check` command does not exist yet."""
    if not FACTS.exists():
        pytest.skip(f"no `facts` executable next to {sys.executable}")
    helped = subprocess.run(
        [str(FACTS), "check", "--help"], capture_output=True, text=True, timeout=60
    )
    if helped.returncode != 0:
        pytest.skip("`facts check --help` fails: the CLI is not functional yet")
    return FACTS


@pytest.fixture(scope="module")
def working_facts(facts_cli: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`facts`, or a skip while the engine behind `facts check` is still a stub."""
    probe = subprocess.run(
        [str(facts_cli), "check", "--format", "json", "--fail-on", "never", str(sample_draft())],
        capture_output=True,
        text=True,
        cwd=tmp_path_factory.mktemp("probe"),
        timeout=120,
    )
    if probe.returncode != 0 and "NotImplementedError" in probe.stderr:
        pytest.skip("`facts check` is not functional yet: the engine raises NotImplementedError")
    return facts_cli


def sample_draft() -> Path:
    return next(path for path in SAMPLE_DRAFTS if path.exists())


def test_documented_flags_are_in_the_help(facts_cli: Path) -> None:
    helped = subprocess.run(
        [str(facts_cli), "check", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "TERM": "dumb"},
        timeout=60,
    )
    help_text = _ANSI.sub("", helped.stdout)
    for command in documented_commands():
        for token in command:
            if token.startswith("--"):
                assert token.split("=")[0] in help_text, token


def test_documented_commands_run_on_the_sample_draft(working_facts: Path, tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    draft = drafts / "draft.md"
    shutil.copy(sample_draft(), draft)
    relative_draft = draft.relative_to(tmp_path).as_posix()
    env = _env(tmp_path)
    formats_run = set()
    for command in documented_commands():
        argv = [str(working_facts), *(relative_draft if "$" in t else t for t in command[1:])]
        done = subprocess.run(
            argv, capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120
        )
        expected = {0} if option_value(command, "--fail-on") == "never" else {0, 1}
        assert done.returncode in expected, (shlex.join(command), done.stderr)
        assert "Traceback" not in done.stderr
        fmt = option_value(command, "--format") or "text"
        formats_run.add(fmt)
        if fmt == "github":
            for line in done.stdout.splitlines():
                assert not line.startswith("::") or re.match(r"::(error|warning|notice) ", line)

    assert {"github", "sarif", "json", "text"} <= formats_run

    sarif = json.loads((tmp_path / "facts.sarif").read_text("utf-8"))
    assert sarif["version"] == "2.1.0"
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    jsonschema.Draft4Validator(schema).validate(sarif)
    for result in sarif["runs"][0]["results"]:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri == relative_draft

    report = json.loads((tmp_path / "facts.json").read_text("utf-8"))
    assert report["schema_version"] == 1
    assert {r["path"] for r in report["results"]} <= {relative_draft}
    assert report["results"], "the sample draft gave no sentences"

    summary = tmp_path / "step-summary.md"
    assert summary.exists(), "--format github did not write the step summary"
    assert summary.read_text("utf-8").startswith("## facts: ")

    _assert_code_quality(_run_converter(tmp_path))
