"""Precision and recall of govsm's message rules on our own labelled evaluation set.

    python benchmarks/rule_quality.py [--set benchmarks/rule_quality] [--show RULE] [--json FILE]

The set (``benchmarks/rule_quality/``) is posts we wrote as fictional Spanish public bodies — in
Spanish, Catalan/Valencian, Galician and Basque, on X, Facebook, Instagram, Mastodon and Bluesky,
originals, replies, reposts and quotes, drafts and published posts with the parts their network
added — each labelled with the rules a good usage manual says must fire on it (``expect``); every
other rule must stay silent. The labels were written from what each rule targets, not from what
govsm does, and the set is kept apart from the rules' own test cases, so it measures rather than
trains.

Each post is a ``govsm check`` record plus the keys ``body`` (the fictional body's workspace
under ``bodies/``, whose policy, people and profiles the rules use), ``expect``, ``class`` and
``notes``; the benchmark strips those and checks the record as ``govsm check -w BODY`` would.

For every message rule the table gives its severity, true positives (it fired and the label
says it must), false positives (it fired on a post whose label does not name it), false
negatives (the label names it and it stayed silent), precision and recall. A rule fires on a
labelled post when it reports any unwaived finding there; on a post whose label does not name
it, a warning or error is a false positive, while an info finding is a heads-up, counted apart
(``info`` column). The
goals (issue 16): precision ≥ 0.9 for every rule at warning or error severity, recall ≥ 0.8
over all labelled violations.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from govsm.checking.api import check_input
from govsm.checking.inputs import read_inputs
from govsm.model import Severity
from govsm.plugins import PluginHost
from govsm.rules.engine import Checker
from govsm.spec.rule import Subject
from govsm.workspace import load_config

ROOT = Path(__file__).resolve().parent
SET = ROOT / "rule_quality"

#: keys of a set record that ``govsm check`` does not read
EVALUATION_KEYS = ("body", "expect", "class", "notes")

#: the goals of issue 16
PRECISION_GOAL = 0.9
RECALL_GOAL = 0.8


def records(folder: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every labelled post of the set, with ``file:line``."""
    for path in sorted((folder / "posts").glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                yield f"{path.name}:{number}", json.loads(line)


def evaluate(folder: Path) -> dict[str, Any]:
    """Check every post of the set with its body's workspace; count per rule."""
    host = PluginHost(entry_points=False)  # govsm's own rules, whatever else is installed
    rules = {r.id: r for r in host.rules().values() if r.subject is Subject.MESSAGE}
    by_body: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for where, record in records(folder):
        by_body[str(record["body"])].append((where, record))
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    examples: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    unread: list[str] = []
    posts = 0
    for body, items in sorted(by_body.items()):
        snapshot = load_config(folder / "bodies" / body, None).snapshot
        # no workspace folder: the set's media are descriptions (kind, alt text), not files,
        # so the rules that open media files stay out of it
        checker = Checker(rules, host.channels(), snapshot, None)
        stripped = "".join(
            json.dumps({k: v for k, v in record.items() if k not in EVALUATION_KEYS}) + "\n"
            for _, record in items
        )
        inputs = read_inputs(
            ["-"], organisation=snapshot.organisation.id, stdin=io.StringIO(stripped)
        )
        for (where, record), item in zip(items, inputs, strict=True):
            posts += 1
            if item.error is not None:
                unread.append(f"{where}: {item.error.en}")
                continue
            result = check_input(checker, item)
            unwaived = [f for f in result.findings if not f.waived_by]
            found = {f.rule for f in unwaived}
            strong = {f.rule for f in unwaived if f.severity is not Severity.INFO}
            expected = set(record["expect"])
            ident = str(record["id"])
            for rule in rules:
                if rule in expected:
                    kind = "tp" if rule in found else "fn"
                elif rule in strong:
                    kind = "fp"
                elif rule in found:
                    kind = "info"
                else:
                    continue
                counts[rule][kind] += 1
                if kind in ("fp", "fn"):
                    examples[rule][kind].append(f"{ident} ({where})")
    table = []
    for rule_id in sorted(rules):
        rule = rules[rule_id]
        c = counts[rule_id]
        fired = c["tp"] + c["fp"]
        labelled = c["tp"] + c["fn"]
        table.append(
            {
                "rule": rule_id,
                "severity": rule.default_severity.value,
                "enabled": rule.enabled_by_default,
                "tp": c["tp"],
                "fp": c["fp"],
                "fn": c["fn"],
                "info": c["info"],
                "precision": c["tp"] / fired if fired else None,
                "recall": c["tp"] / labelled if labelled else None,
            }
        )
    tp = sum(row["tp"] for row in table)
    fp = sum(row["fp"] for row in table)
    fn = sum(row["fn"] for row in table)
    return {
        "posts": posts,
        "unread": unread,
        "rules": table,
        "overall": {
            "precision": tp / (tp + fp) if tp + fp else None,
            "recall": tp / (tp + fn) if tp + fn else None,
            "tp": tp,
            "fp": fp,
            "fn": fn,
        },
        "examples": {rule: dict(kinds) for rule, kinds in examples.items()},
    }


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def report(result: dict[str, Any], show: str | None) -> str:
    """The table, the overall figures and whether each goal is met."""
    lines = [
        f"posts: {result['posts']}  (unreadable: {len(result['unread'])})",
        "",
        f"{'rule':26} {'severity':8} {'TP':>5} {'FP':>5} {'FN':>5} {'info':>5} "
        f"{'precision':>9} {'recall':>7}  goal",
    ]
    for row in result["rules"]:
        checked = row["severity"] in ("warning", "error") and row["tp"] + row["fp"] > 0
        met = "" if not checked else ("ok" if row["precision"] >= PRECISION_GOAL else "MISSED")
        off = "" if row["enabled"] else " (off)"
        lines.append(
            f"{row['rule'] + off:26} {row['severity']:8} {row['tp']:5} {row['fp']:5} "
            f"{row['fn']:5} {row['info']:5} {_ratio(row['precision']):>9} "
            f"{_ratio(row['recall']):>7}  {met}"
        )
    overall = result["overall"]
    recall_met = overall["recall"] is not None and overall["recall"] >= RECALL_GOAL
    lines += [
        "",
        f"overall: precision {_ratio(overall['precision'])}, recall {_ratio(overall['recall'])}"
        f" (TP {overall['tp']}, FP {overall['fp']}, FN {overall['fn']}); recall goal "
        f"{RECALL_GOAL}: {'ok' if recall_met else 'MISSED'}",
    ]
    for problem in result["unread"][:20]:
        lines.append(f"unreadable: {problem}")
    if show is not None:
        found = result["examples"].get(show, {})
        for kind in ("fp", "fn"):
            lines.append(f"{show} {kind}: " + ", ".join(found.get(kind, [])[:40]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=SET, help="the evaluation set's folder")
    parser.add_argument("--show", metavar="RULE", help="list the posts a rule got wrong")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures")
    args = parser.parse_args(argv)
    if not (args.set / "posts").is_dir():
        print(f"no evaluation set at {args.set}", file=sys.stderr)
        return 2
    result = evaluate(args.set)
    print(report(result, args.show))
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
