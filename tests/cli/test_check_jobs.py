"""``govsm check --jobs``: several processes, the same output in the same order."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.cli.running import run_process
from tests.paths import EXAMPLE

from govsm.checking.inputs import CheckInput
from govsm.checking.parallel import POOL_AFTER

#: posts of every sort: clean, too long, shortened links, shouting, personal data, broken lines
_TEXTS = (
    "Bon dia, Soldeneu! Avui obrim la biblioteca a les 10 h.",
    "ATENCIÓ VEÏNS: TALL DE TRÀNSIT AL CARRER MAJOR DEMÀ TOT EL DIA",
    "Inscripcions a l'escola d'estiu: https://bit.ly/escola-estiu",
    "Programa complet de les Fires " + "i molt més " * 30,
    "Truqueu al 600 123 456 per a més informació, o escriviu a maria.garcia@gmail.com",
    "#festamajor #agendacultural #soldeneu #fires #estiu #cultura #música",
)


def _records(path: Path, count: int, *, blanks: bool = False) -> Path:
    lines = []
    for index in range(count):
        if blanks and index % 89 == 40:
            lines.append("   ")  # a blank line is no input
        if index % 97 == 13:
            lines.append("{not json")
            continue
        record = {"id": f"p{index}", "text": _TEXTS[index % len(_TEXTS)] + f" ({index})"}
        record["network"] = ("x", "mastodon", "bluesky", "facebook")[index % 4]
        if index % 5 == 0:
            record["profile"] = "x-ajuntament"
            del record["network"]
        lines.append(json.dumps(record, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["json", "text", "sarif", "junit"])
def test_several_processes_write_what_one_writes(tmp_path: Path, fmt: str) -> None:
    posts = _records(tmp_path / "posts.jsonl", POOL_AFTER * 4 + 37)
    common = ("check", "-w", str(EXAMPLE), str(posts), "--format", fmt)
    alone = run_process(*common, "--jobs", "1")
    together = run_process(*common, "--jobs", "2")
    assert alone.returncode == together.returncode == 2  # the broken lines
    assert alone.stdout == together.stdout
    assert alone.stderr == together.stderr


def test_blank_lines_are_skipped_by_the_workers_too(tmp_path: Path) -> None:
    """Records reach the workers unparsed; the blank ones among them yield nothing."""
    posts = _records(tmp_path / "posts.jsonl", POOL_AFTER * 3 + 11, blanks=True)
    common = ("check", "-w", str(EXAMPLE), str(posts), "--format", "json")
    alone = run_process(*common, "--jobs", "1")
    together = run_process(*common, "--jobs", "2")
    assert alone.stdout == together.stdout
    assert len(json.loads(together.stdout)) == POOL_AFTER * 3 + 11


def test_deferred_records_parse_as_read_records(tmp_path: Path) -> None:
    """``read_inputs(defer=True)`` and :func:`parse_pending` give what ``read_inputs`` gives."""
    from datetime import UTC, datetime

    from govsm.checking.inputs import PendingLine, parse_pending, read_inputs

    posts = _records(tmp_path / "posts.jsonl", 300, blanks=True)
    with posts.open("ab") as handle:
        handle.write(b'{"text": "\xff"}\n' + b'{"text": "caf\xe9"}\n')  # not UTF-8
        handle.write(json.dumps({"text": "x" * 5000}).encode() + b"\n")  # too large
    now = datetime(2026, 12, 7, 9, tzinfo=UTC)

    def seen(item: CheckInput) -> tuple[object, ...]:
        error = str(item.error) if item.error else None
        return item.line, item.source, item.network, item.oversized, error, item.message

    read = [seen(i) for i in read_inputs([str(posts)], now=now, max_text_bytes=4000)]
    deferred = read_inputs([str(posts)], now=now, max_text_bytes=4000, defer=True)
    parsed = [parse_pending(i) if isinstance(i, PendingLine) else i for i in deferred]
    assert [seen(i) for i in parsed if i is not None] == read
    assert sum(1 for i in parsed if i is None) == 3  # the blank lines: 40, 129, 218
    assert any(line[4] for line in read) and any(line[3] for line in read)


def test_a_short_input_starts_no_pool(tmp_path: Path) -> None:
    """Below the threshold nothing forks: the answer is as fast as one process."""
    posts = _records(tmp_path / "posts.jsonl", 5)
    done = run_process("check", str(posts), "--format", "json", "--jobs", "4")
    assert len(json.loads(done.stdout)) == 5


def test_the_pool_checks_the_rest(tmp_path: Path) -> None:
    """This process checks the first inputs only; workers check the others, in order."""
    from govsm.checking.inputs import read_inputs
    from govsm.checking.parallel import CheckerRecipe, check_in_parallel
    from govsm.plugins import PluginHost
    from govsm.rules.engine import Checker

    host = PluginHost(entry_points=False)
    checker = Checker(host.rules(), host.channels())
    here = 0
    original = checker.check_many

    def counted(messages: list[tuple[object, object]]) -> object:
        nonlocal here
        here += len(messages)
        return original(messages)  # type: ignore[arg-type]

    checker.check_many = counted  # type: ignore[assignment,method-assign]
    posts = _records(tmp_path / "posts.jsonl", POOL_AFTER * 3)
    recipe = CheckerRecipe(snapshot=None, root=None, disabled=frozenset(), entry_points=False)
    results = list(check_in_parallel(checker, recipe, read_inputs([str(posts)]), jobs=2))
    assert [item.line for item, _ in results] == list(range(1, POOL_AFTER * 3 + 1))
    assert [r.id for _, r in results] == [item.message.id for item, _ in results]
    in_pool = here
    here = 0
    first = list(read_inputs([str(posts)]))[:POOL_AFTER]
    alone = list(check_in_parallel(checker, recipe, first, jobs=1))
    assert in_pool == here > 0  # the parent checked the first inputs only
    assert [r for _, r in alone] == [r for _, r in results[:POOL_AFTER]]


@pytest.mark.skipif(
    "fork" not in __import__("multiprocessing").get_all_start_methods(), reason="no fork here"
)
def test_forked_workers_use_this_process_checker(tmp_path: Path) -> None:
    """Where workers fork, they check with the parent's warm checker, not one built anew.

    The parent's checker has a rule the recipe's plugin host does not: every input, the
    workers' too, has its finding.
    """
    from govsm.checking.inputs import read_inputs
    from govsm.checking.parallel import CheckerRecipe, check_in_parallel
    from govsm.model import Bilingual, Finding, Severity
    from govsm.plugins import PluginHost
    from govsm.rules.engine import Checker
    from govsm.spec.rule import Rule

    def marked(context: object) -> list[Finding]:
        return [Finding(rule="only-here", severity=Severity.INFO, message=Bilingual("x", "x"))]

    host = PluginHost(entry_points=False)
    extra = Rule(
        id="only-here",
        title=Bilingual("Solo aquí", "Only here"),
        default_severity=Severity.INFO,
        check=marked,
    )
    checker = Checker({**host.rules(), "only-here": extra}, host.channels())
    posts = _records(tmp_path / "posts.jsonl", POOL_AFTER * 3)
    recipe = CheckerRecipe(snapshot=None, root=None, disabled=frozenset(), entry_points=False)
    results = list(check_in_parallel(checker, recipe, read_inputs([str(posts)]), jobs=2))
    checked = [r for _, r in results if not any(f.rule == "input-error" for f in r.findings)]
    assert len(checked) > POOL_AFTER * 2
    assert all(any(f.rule == "only-here" for f in r.findings) for r in checked)


@pytest.mark.parametrize("fmt", ["json", "text", "sarif", "junit"])
def test_rendering_leaves_the_writer_as_it_was(tmp_path: Path, fmt: str) -> None:
    """Workers render, this process emits: rendering twice must not count or number twice."""
    import io

    from govsm.checking.api import check_input
    from govsm.checking.formats import make_writer
    from govsm.checking.inputs import read_inputs
    from govsm.plugins import PluginHost
    from govsm.rules.engine import Checker

    host = PluginHost(entry_points=False)
    checker = Checker(host.rules(), host.channels())
    posts = _records(tmp_path / "posts.jsonl", 40)
    checked = [(item, check_input(checker, item)) for item in read_inputs([str(posts)])]
    written, emitted = io.StringIO(), io.StringIO()
    options = {"language": "es", "colour": False, "rules": dict(host.rules())}
    one = make_writer(fmt, written, **options)  # type: ignore[arg-type]
    other = make_writer(fmt, emitted, **options)  # type: ignore[arg-type]
    for writer in (one, other):
        writer.begin()
    for item, result in checked:
        one.write(item, result)
        other.render(item, result)  # a worker's copy would render it: nothing may change here
        other.emit(other.render(item, result))
    for writer in (one, other):
        writer.end()
    assert emitted.getvalue() == written.getvalue()
    assert any(result.findings for _, result in checked)


def test_an_outcome_carries_the_worst_unwaived_severity_and_input_errors(tmp_path: Path) -> None:
    """What a worker sends back is enough for the exit code: worst unwaived rank, bad input."""
    import io

    import attrs

    from govsm.checking.api import check_input
    from govsm.checking.formats import make_writer
    from govsm.checking.inputs import read_inputs
    from govsm.checking.parallel import outcome
    from govsm.model import Severity
    from govsm.plugins import PluginHost
    from govsm.rules.engine import Checker

    host = PluginHost(entry_points=False)
    checker = Checker(host.rules(), host.channels())
    writer = make_writer("json", io.StringIO(), language="en", colour=False, rules={})
    posts = _records(tmp_path / "posts.jsonl", 14)  # line 14 is not JSON
    items = list(read_inputs([str(posts)]))
    shouting = check_input(checker, items[1])
    ranks = [f.severity.rank for f in shouting.findings]
    assert ranks
    _, worst, unreadable = outcome(writer, items[1], shouting)
    assert (worst, unreadable) == (max(ranks), False)
    waived = attrs.evolve(
        shouting,
        findings=tuple(attrs.evolve(f, waived_by="ana") for f in shouting.findings),
    )
    assert outcome(writer, items[1], waived)[1:] == (-1, False)
    broken = check_input(checker, items[13])
    assert outcome(writer, items[13], broken)[1:] == (Severity.ERROR.rank, True)


def test_one_process_reads_the_inputs_a_chunk_at_a_time(tmp_path: Path) -> None:
    """With ``--jobs 1`` at most one chunk is read ahead: memory stays flat however long."""
    from govsm.checking.inputs import read_inputs
    from govsm.checking.parallel import CHUNK, CheckerRecipe, check_in_parallel
    from govsm.plugins import PluginHost
    from govsm.rules.engine import Checker

    host = PluginHost(entry_points=False)
    checker = Checker(host.rules(), host.channels())
    posts = _records(tmp_path / "posts.jsonl", 2 * CHUNK + 10)
    read = 0

    def counted() -> Iterator[CheckInput]:
        nonlocal read
        for item in read_inputs([str(posts)]):
            read += 1
            yield item

    recipe = CheckerRecipe(snapshot=None, root=None, disabled=frozenset(), entry_points=False)
    results = check_in_parallel(checker, recipe, counted(), jobs=1)
    next(results)
    assert read == CHUNK
    for _ in range(CHUNK):
        next(results)
    assert read == 2 * CHUNK
    assert len(list(results)) == 2 * CHUNK + 10 - (CHUNK + 1)  # the rest, none lost


def test_the_heap_is_frozen_while_checking_and_unfrozen_after(tmp_path: Path) -> None:
    """After the first inputs the heap is frozen; at the end it is as it was, frozen or not."""
    import gc

    from govsm.checking.inputs import read_inputs
    from govsm.checking.parallel import CheckerRecipe, check_in_parallel
    from govsm.plugins import PluginHost
    from govsm.rules.engine import Checker

    host = PluginHost(entry_points=False)
    checker = Checker(host.rules(), host.channels())
    posts = _records(tmp_path / "posts.jsonl", POOL_AFTER + 10)
    recipe = CheckerRecipe(snapshot=None, root=None, disabled=frozenset(), entry_points=False)
    assert gc.get_freeze_count() == 0
    results = check_in_parallel(checker, recipe, read_inputs([str(posts)]), jobs=1)
    for _ in range(POOL_AFTER):
        next(results)
    assert gc.get_freeze_count() == 0  # the first inputs are checked with the heap as it was
    next(results)
    assert gc.get_freeze_count() > 0
    assert len(list(results)) == 9
    assert gc.get_freeze_count() == 0
    # a heap someone else froze stays frozen
    gc.freeze()
    try:
        assert len(list(check_in_parallel(checker, recipe, read_inputs([str(posts)]), 1))) > 0
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
