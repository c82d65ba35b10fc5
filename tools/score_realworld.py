#!/usr/bin/env python3
"""Score `facts check --format json` on a directory of real-world statements.

Usage: score_realworld.py --dir DIR [--facts EXE] [-v] [--json]
                          [--min NAME=VALUE ...] [--max NAME=VALUE ...]

DIR may hold any of:

- restatements.jsonl: sentences restated from news pages, each with `group`
  (A supported, B contradicted, C and D unverified) and `want`.
- changed_facts.jsonl: restatements with one fact changed (`kind`, `found`,
  `expected`), each to be contradicted citing the passage in `evidence`.
- stories.jsonl: sentences of published stories copied verbatim, one per
  line, with `story`, `stated` (the sources state it) and an optional `want`.

The figures match /work/shared/tools/score_realworld.py for the first two
files.  --min/--max turn any figure into a regression guard: the script exits
1, naming the figure, when it falls below a floor or rises above a ceiling.
Standard library only.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from typing import Any

Row = dict[str, Any]
Figures = dict[str, float | int | str]

RANK = {"contradicted": 2, "supported": 1, "unverified": 0}
SOURCES_DIR = (
    pathlib.Path(__file__).resolve().parent.parent / "src" / "abduction_facts" / "data" / "sources"
)
SHARED_SOURCES = pathlib.Path("/work/shared/sources")

# A conflict's kind counts as right when it names the changed fact or a near synonym.
KINDS: dict[str, set[str]] = {
    "organisation": {"organisation", "organization", "place", "person"},
    "place": {"place", "organisation", "organization"},
    "speaker": {"speaker", "person", "quote"},
    "person": {"person", "speaker"},
    "date": {"date", "year", "month", "day", "decade", "time"},
    "number": {"number", "count", "quantity"},
    "polarity": {"polarity", "negation", "antonym"},
}


def load_sources(directory: pathlib.Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(directory.glob("*.txt"))]


def words(s: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", s.lower().replace("\u2019", "'"))


def spans(sources: Sequence[str], fragment: str) -> list[tuple[int, int, int]]:
    out = []
    for k, text in enumerate(sources):
        i = text.find(fragment)
        while i >= 0:
            out.append((k, i, i + len(fragment)))
            i = text.find(fragment, i + 1)
    return out


def cites(sources: Sequence[str], passage: str | None, evidence: str | None) -> bool:
    """The cited passage overlaps the evidence in its source (or holds most of its words)."""
    if not passage or not evidence:
        return False
    if evidence in passage:
        return True
    for pk, pa, pb in spans(sources, passage):
        for ek, ea, eb in spans(sources, evidence):
            if pk == ek and pa < eb and ea < pb:
                return True
    ev, pw = words(evidence), set(words(passage))
    return bool(ev) and sum(w in pw for w in ev) / len(ev) >= 0.8


def predict(exe: str, texts: Sequence[str]) -> list[Row]:
    """Check all texts in one run: one paragraph each, mapped back by starting line."""
    if not texts:
        return []
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "statements.txt"
        path.write_text("".join(t.replace("\n", " ") + "\n\n" for t in texts), encoding="utf-8")
        proc = subprocess.run(
            [exe, "check", "--format", "json", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
    if proc.returncode not in (0, 1):
        sys.exit(f"facts exited {proc.returncode}:\n{proc.stderr[-3000:]}")
    best: dict[int, Row] = {}
    for r in json.loads(proc.stdout)["results"]:
        i = (r["line"] + 1) // 2  # statement i starts on line 2i-1
        if i not in best or RANK[r["verdict"]] > RANK[best[i]["verdict"]]:
            best[i] = r
    return [best.get(i, {"verdict": "unverified"}) for i in range(1, len(texts) + 1)]


def share(xs: Sequence[str], v: str) -> float:
    return sum(x == v for x in xs) / len(xs) if xs else 0.0


def read_jsonl(path: pathlib.Path) -> list[Row]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def score_restatements(exe: str, gold: list[Row], verbose: bool) -> Figures:
    pred = predict(exe, [g["text"] for g in gold])
    by = {
        k: [p["verdict"] for g, p in zip(gold, pred, strict=True) if g["group"] == k]
        for k in "ABCD"
    }
    figs: Figures = {
        "restatements_n": len(gold),
        "support_recall_A": share(by["A"], "supported"),
        "false_alarm_ACD": share(by["A"] + by["C"] + by["D"], "contradicted"),
        "false_support_CD": share(by["C"] + by["D"], "supported"),
        "contradiction_recall_B": share(by["B"], "contradicted"),
    }
    figs.update({f"restatements_{k}": len(v) for k, v in by.items()})
    if verbose:
        for g, p in zip(gold, pred, strict=True):
            if p["verdict"] != g["want"]:
                print(f"  [{g['group']} want {g['want']}, got {p['verdict']}] {g['text']}")
    return figs


def score_changed_facts(
    exe: str, gold: list[Row], sources: Sequence[str], verbose: bool
) -> Figures:
    pred = predict(exe, [g["text"] for g in gold])
    n = len(gold)
    got = Counter(p["verdict"] for p in pred)
    contra = [(g, p) for g, p in zip(gold, pred, strict=True) if p["verdict"] == "contradicted"]
    kind_ok = 0
    for g, p in contra:
        allowed = KINDS.get(g["kind"], {g["kind"]})
        kind_ok += any((c.get("kind") or "").lower() in allowed for c in p.get("conflicts") or [])
    cited = sum(cites(sources, p.get("passage"), g["evidence"]) for g, p in contra)
    by_kind = Counter(g["kind"] for g in gold)
    caught = Counter(g["kind"] for g, _ in contra)
    figs: Figures = {
        "changed_facts_n": n,
        "contradiction_recall": got["contradicted"] / n if n else 0.0,
        "passed_as_supported": got["supported"] / n if n else 0.0,
        "kind_right": kind_ok / max(len(contra), 1),
        "evidence_right": cited / max(len(contra), 1),
    }
    for k, v in sorted(by_kind.items()):
        figs[f"caught_{k}"] = caught[k] / v
        figs[f"caught_{k}_of"] = f"{caught[k]}/{v}"
    if verbose:
        for g, p in zip(gold, pred, strict=True):
            if p["verdict"] != "contradicted":
                miss = f"{g['kind']}: {g['found']} vs {g['expected']}, got {p['verdict']}"
                print(f"  [{miss}] {g['text']}")
    return figs


def expected_verdict(row: Row) -> str:
    if row.get("want"):
        return str(row["want"])
    return "supported" if row.get("stated") else "unverified"


def score_stories(exe: str, gold: list[Row], verbose: bool) -> Figures:
    pred = predict(exe, [g["text"] for g in gold])
    wrong: list[tuple[Row, Row]] = []
    failing: set[str] = set()
    stated = [
        p["verdict"] for g, p in zip(gold, pred, strict=True) if expected_verdict(g) == "supported"
    ]
    for g, p in zip(gold, pred, strict=True):
        if p["verdict"] == "contradicted" and expected_verdict(g) != "contradicted":
            wrong.append((g, p))
            failing.add(g["story"])
    genuine = [
        p["verdict"]
        for g, p in zip(gold, pred, strict=True)
        if expected_verdict(g) == "contradicted"
    ]
    figs: Figures = {
        "stories_n": len({g["story"] for g in gold}),
        "story_sentences_n": len(gold),
        "wrong_contradicted": len(wrong),
        "stories_failing_ci": len(failing),
        "stated_supported": share(stated, "supported"),
        "stated_n": len(stated),
        "genuine_contradictions_caught": sum(v == "contradicted" for v in genuine),
        "genuine_contradictions_n": len(genuine),
    }
    if verbose:
        for g, p in zip(gold, pred, strict=True):
            want = expected_verdict(g)
            if p["verdict"] != want:
                print(f"  [story want {want}, got {p['verdict']}] {g['text']}")
    return figs


def fmt(v: float | int | str) -> str:
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def parse_bounds(items: Sequence[str], flag: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in items:
        name, sep, value = item.partition("=")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            sep = ""
        if not sep:
            sys.exit(f"{flag} wants NAME=VALUE, got {item!r}")
    return out


def check_bounds(figs: Figures, floors: dict[str, float], ceilings: dict[str, float]) -> list[str]:
    broken = []
    for name, bound in floors.items():
        v = figs.get(name)
        if not isinstance(v, int | float):
            broken.append(f"{name}: no such figure")
        elif v < bound:
            broken.append(f"{name}={fmt(v)} is below the floor {bound}")
    for name, bound in ceilings.items():
        v = figs.get(name)
        if not isinstance(v, int | float):
            broken.append(f"{name}: no such figure")
        elif v > bound:
            broken.append(f"{name}={fmt(v)} is above the ceiling {bound}")
    return broken


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--dir", required=True, type=pathlib.Path, help="directory with the .jsonl files"
    )
    ap.add_argument("--facts", default=shutil.which("facts") or "facts", help="facts executable")
    ap.add_argument("--sources", type=pathlib.Path, default=None, help="directory of source *.txt")
    ap.add_argument("-v", action="store_true", help="list every miss")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    ap.add_argument("--min", action="append", default=[], metavar="NAME=VALUE", help="floor")
    ap.add_argument("--max", action="append", default=[], metavar="NAME=VALUE", help="ceiling")
    args = ap.parse_args(argv)
    floors, ceilings = parse_bounds(args.min, "--min"), parse_bounds(args.max, "--max")

    src_dir = args.sources or next(
        (
            d
            for d in (args.dir.parent / "sources", SOURCES_DIR, SHARED_SOURCES)
            if any(d.glob("*.txt"))
        ),
        SHARED_SOURCES,
    )
    sources = load_sources(src_dir)
    verbose = args.v and not args.json
    figs: Figures = {}
    files = {
        name: args.dir / f"{name}.jsonl" for name in ("restatements", "changed_facts", "stories")
    }
    if not any(p.exists() for p in files.values()):
        sys.exit(f"no restatements/changed_facts/stories .jsonl in {args.dir}")
    if files["restatements"].exists():
        part = score_restatements(args.facts, read_jsonl(files["restatements"]), verbose)
        figs.update(part)
        if not args.json:
            print(
                f"restatements n={part['restatements_n']} "
                f"support_recall_A={fmt(part['support_recall_A'])} "
                f"false_alarm_ACD={fmt(part['false_alarm_ACD'])} "
                f"false_support_CD={fmt(part['false_support_CD'])} "
                f"contradiction_recall_B={fmt(part['contradiction_recall_B'])} "
                + str({k: part[f"restatements_{k}"] for k in "ABCD"})
            )
    if files["changed_facts"].exists():
        part = score_changed_facts(args.facts, read_jsonl(files["changed_facts"]), sources, verbose)
        figs.update(part)
        if not args.json:
            per_kind = {
                k[len("caught_") : -len("_of")]: v for k, v in part.items() if k.endswith("_of")
            }
            print(
                f"changed_facts n={part['changed_facts_n']} "
                f"contradiction_recall={fmt(part['contradiction_recall'])} "
                f"passed_as_supported={fmt(part['passed_as_supported'])} "
                f"kind_right={fmt(part['kind_right'])} "
                f"evidence_right={fmt(part['evidence_right'])} {per_kind}"
            )
    if files["stories"].exists():
        part = score_stories(args.facts, read_jsonl(files["stories"]), verbose)
        figs.update(part)
        if not args.json:
            print(
                f"stories n={part['stories_n']} sentences={part['story_sentences_n']} "
                f"wrong_contradicted={part['wrong_contradicted']} "
                f"stories_failing_ci={part['stories_failing_ci']} "
                f"stated_supported={fmt(part['stated_supported'])} (of {part['stated_n']}) "
                f"genuine_contradictions={part['genuine_contradictions_caught']}"
                f"/{part['genuine_contradictions_n']}"
            )
    if args.json:
        print(json.dumps(figs, sort_keys=True))
    broken = check_bounds(figs, floors, ceilings)
    for line in broken:
        print(f"GUARD FAILED: {line}", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
