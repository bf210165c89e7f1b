"""Fuzzing ``govsm.toml``: a hostile manual is read or refused with words, never followed out.

The example council's ``govsm.toml`` is changed in a few places — values of another type, or of
the same type but hostile (bidi controls, invisible characters, NUL, a hundred thousand
characters, days and instants at the ends of the calendar, numbers at the edges), unknown keys,
keys removed, archive patterns that leave the workspace — its bytes broken (invalid UTF-8, NUL,
a cut), a table defined twice or a value nested a hundred thousand deep appended, and links to a
folder outside made where its patterns look. Then :meth:`govsm.Workspace.open`, ``govsm doctor``
or ``govsm audit`` runs on it.

Exit 2 means one of two things, and the store tells which. A *refusal* (the workspace cannot be
opened, its manual is refused) records nothing: the store stays as it was. An audit that *ran*
and had a step fail records its run, as incomplete, with a finding naming the failure (issue
11): that record (with the check results the run kept), and what its load step saved, are the
only changes allowed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import example, given, settings

from govsm.errors import GovsmError
from govsm.store import schema
from govsm.workspace import Workspace
from tests.cli.running import Done
from tests.fuzz.harness import (
    HEALTH_CHECKS,
    LARGE_EXAMPLES,
    MANUAL_DATA,
    Sandbox,
    assert_no_traceback,
    sandbox_in,
)
from tests.fuzz.recorded_runs import (
    RUN_TABLES,
    STEP_FAILED,
    RecordedRun,
    recorded_run,
    sealed_apart,
    without_runs,
)
from tests.fuzz.strategies.links import Link
from tests.fuzz.strategies.workspace_cases import SetValue, WorkspaceCase, workspace_cases

pytestmark = LARGE_EXAMPLES


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    """The whole example, loaded; its patterns as the example has them."""
    with sandbox_in(
        tmp_path_factory,
        "workspaces",
        archives={
            "messages": ["history/*.jsonl"],
            "drafts": ["drafts/*.md"],
            "governance": ["governance/*.jsonl"],
        },
        empty=(),
    ) as sandbox:
        yield sandbox


#: what the load step saves before it reads an archive: the organisation as ``govsm.toml``
#: declares it, and the profile changes that declaration records in the audit log (in one
#: transaction). A load that fails after it has written nothing else.
SNAPSHOT_TABLES = frozenset(
    {t.name for t in schema.ORGANISATION_TABLES if t is not schema.messages} | {"audit_log"}
)
#: ``[archives] messages = ["*"]`` takes the example's ``generate.py``, which no importer reads
STAR = SetValue(("archives", "messages"), ["*"])


@attrs.frozen
class Outcome:
    """What one case did: the store before and after, and for ``govsm audit`` its run."""

    before: dict[str, Any] | None
    after: dict[str, Any] | None
    done: Done | None = None
    run: RecordedRun | None = None


def prepare(sandbox: Sandbox, case: WorkspaceCase) -> None:
    """The pristine workspace with the case's manual and links."""
    sandbox.reset()
    sandbox.write("govsm.toml", case.render(MANUAL_DATA, str(sandbox.outside)))
    for link in case.links:
        sandbox.link(link)


def run_case(sandbox: Sandbox, case: WorkspaceCase) -> Outcome:
    """Run ``case`` and check every property; return what it did."""
    prepare(sandbox, case)
    before = sandbox.dump()
    watch = sandbox.watch()
    error: GovsmError | None = None
    done: Done | None = None
    with watch.active():
        if case.via == "open":
            try:
                sandbox.open().close()
            except GovsmError as exc:  # anything else is a bug
                error = exc
        else:
            extra = ("--as-of", "2026-11-20") if case.via == "audit" else ()
            done = sandbox.invoke(case.via, str(sandbox.workspace), *extra)
    after = sandbox.dump()
    run: RecordedRun | None = None
    if done is None:
        refused = error is not None
        output = str(error) if error is not None else ""
        if error is not None:
            assert error.exit_code == 2
            assert error.es.strip() and error.en.strip(), "a refusal says why, in both languages"
    else:
        assert_no_traceback(done)
        output = done.stdout + done.stderr
        if case.via == "audit" and before is not None and after is not None:
            run = recorded_run(before, after)  # checks the record, whatever the exit
        # an audit that recorded its run was not refused: it ran (see below)
        refused = done.returncode == 2 and run is None
        if refused:
            assert done.stderr.strip(), "a refusal says why"
        elif case.via == "audit":
            assert run is not None, "an audit that was not refused recorded no run"
            if run.failed_steps:  # incomplete (recorded_run checked it): say what failed
                assert done.returncode == 2, "a run with a failed step exits 2"
                for finding in run.findings:  # each failure, its step and its place, named
                    if finding["rule"] == STEP_FAILED:
                        words = finding["data"]["finding"]["message"]["en"]
                        assert f"govsm: {words}\n" in done.stderr, (words, done.stderr[-3000:])
            elif done.returncode == 2:  # a complete run: a report could not be written
                assert "govsm: exporter '" in done.stderr, done.stderr[-3000:]
    if refused:
        assert after == before, "a refused workspace changed the store"
    sandbox.assert_confined(watch, output)
    if run is not None and done is not None and done.returncode == 2:
        assert_only_the_run_and_its_load(sandbox, case, before, after, run)
    return Outcome(before, after, done, run)


def assert_only_the_run_and_its_load(
    sandbox: Sandbox,
    case: WorkspaceCase,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    run: RecordedRun,
) -> None:
    """An audit that ran and failed changed the store only by its run's record and the check
    results it kept (checked by :func:`recorded_run`) and by what its load step writes when it
    runs alone on the same workspace — the entries it adds to the audit log sealed intact; and
    when the load step was what failed, it wrote the organisation and nothing else (no message,
    no journal)."""
    assert before is not None and after is not None
    assert not sandbox.chain_problems(), sandbox.chain_problems()
    if "load" in run.failed_steps:
        kept = {t for t in after if t not in SNAPSHOT_TABLES and t not in RUN_TABLES}
        changed = sorted(t for t in kept if after[t] != before[t])
        assert not changed, f"a load that failed changed {changed}"
    prepare(sandbox, case)  # the report and the store of the run are no longer needed
    alone = sandbox.load_alone()
    assert sealed_apart(without_runs(after), before) == sealed_apart(without_runs(alone), before), (
        "a failed audit changed what its load step alone does not"
    )


@settings(suppress_health_check=HEALTH_CHECKS)
@given(case=workspace_cases(MANUAL_DATA))
@example(case=WorkspaceCase((STAR,), via="audit"))
@example(
    case=WorkspaceCase(
        (
            STAR,
            SetValue(("organisation", "name"), "Renamed"),
            SetValue(("profiles", 0, "state"), "dormant"),
        ),
        via="audit",
    )
)
def test_a_hostile_manual_is_read_or_refused_with_words(
    sandbox: Sandbox, case: WorkspaceCase
) -> None:
    """No traceback; exit 0, 1 or 2; a refusal leaves the store as it was, and an audit that
    failed a step records its run as incomplete and changes nothing else but what its load step
    saves; nothing outside the workspace is opened, and the bait's marker shows nowhere."""
    run_case(sandbox, case)


def test_a_pattern_taking_a_file_no_importer_reads_names_it_and_loads_the_rest(
    sandbox: Sandbox,
) -> None:
    """Minimal reproduction: ``messages = ["*"]`` takes ``generate.py``. It once failed the whole
    load step; now the load names it as an error finding (install the plugin that imports it),
    loads every other file, and the run is complete: exit 1, for its findings."""
    outcome = run_case(sandbox, WorkspaceCase((STAR,), via="audit"))
    assert outcome.done is not None and outcome.run is not None
    assert outcome.done.returncode == 1
    assert "Traceback" not in outcome.done.stderr + outcome.done.stdout
    assert outcome.run.row["status"] == "complete"
    assert outcome.run.failed_steps == []
    unreadable = [f for f in outcome.run.findings if f["rule"] == "archive-unreadable"]
    subjects = {f["data"]["finding"]["subject"] for f in unreadable}
    assert "file:generate.py" in subjects
    (named,) = [f for f in unreadable if f["data"]["finding"]["subject"] == "file:generate.py"]
    assert "no importer reads this kind of file" in named["data"]["finding"]["message"]["en"]


def test_an_unknown_holiday_region_fails_its_steps_with_words(sandbox: Sandbox) -> None:
    """Minimal reproduction: ``holiday_region = "ES-ZZ"``, no autonomous community. The
    ``holidays`` package raised ``NotImplementedError``: the schedule step failed with a
    traceback. Now it fails naming the key, and the run is recorded as incomplete (found by this
    module's fuzz profile, with ``ES-VCES-VCES…``). A manual check that refuses the region when
    the workspace is read, before any step runs, is as good: exit 2, the key and the value
    named, no run recorded and the store as it was (which :func:`run_case` checks)."""
    case = WorkspaceCase((SetValue(("organisation", "holiday_region"), "ES-ZZ"),), via="audit")
    outcome = run_case(sandbox, case)
    assert outcome.done is not None
    assert outcome.done.returncode == 2
    if outcome.run is None:
        assert "holiday_region" in outcome.done.stderr, outcome.done.stderr
        assert "ES-ZZ" in outcome.done.stderr, outcome.done.stderr
        return
    assert "schedule" in outcome.run.failed_steps
    assert outcome.run.row["status"] == "incomplete"
    assert (
        "failed: [organisation] holiday_region: 'ES-ZZ' is not an autonomous community"
        in outcome.done.stderr
    )


def test_the_oracle_of_a_failed_run_is_not_blind(sandbox: Sandbox) -> None:
    """An audit refused (a table defined twice) records no run and changes nothing; a failed
    run is caught when its load step wrote a message before failing, or when a later step
    wrote one."""
    star = WorkspaceCase((STAR,), via="audit")
    outcome = run_case(sandbox, attrs.evolve(star, append="[organisation]\n"))
    assert outcome.done is not None and outcome.done.returncode == 2 and outcome.run is None
    assert outcome.after == outcome.before
    assert outcome.before is not None
    messages = outcome.before["messages"]
    written = {**outcome.before, "messages": [{**messages[0], "id": "zz-written"}, *messages]}
    for step, words in (("load", "a load that failed changed"), ("checks", "alone does not")):
        failed = RecordedRun({}, [{"step": step, "rule": STEP_FAILED}])
        prepare(sandbox, star)
        with pytest.raises(AssertionError, match=words):
            assert_only_the_run_and_its_load(sandbox, star, outcome.before, written, failed)


def test_the_sandbox_sees_a_read_outside(sandbox: Sandbox) -> None:
    """The watch is not blind: reading the bait through a link is seen, and so is the marker."""
    sandbox.reset()
    sandbox.link(Link("zz", "secret.txt"))
    watch = sandbox.watch()
    with watch.active():
        text = (sandbox.workspace / "zz").read_text(encoding="utf-8")
    assert watch.out_of_bounds
    with pytest.raises(AssertionError, match=r"secret\.txt"):
        sandbox.assert_confined(watch)
    with pytest.raises(AssertionError):  # the marker, in what was read through the link
        sandbox.assert_confined(sandbox.watch(), text)


def test_an_allowed_folder_that_loops(sandbox: Sandbox) -> None:
    """Minimal reproduction: ``[paths] allow = ["loop"]`` where ``loop`` links to itself."""
    sandbox.reset()
    (sandbox.workspace / "loop").symlink_to("loop")
    manual = sandbox.workspace / "govsm.toml"
    manual.write_text(
        manual.read_text(encoding="utf-8") + '\n[paths]\nallow = ["loop"]\n', encoding="utf-8"
    )
    done = sandbox.invoke("doctor", str(sandbox.workspace))
    assert_no_traceback(done)


def test_a_manual_with_a_huge_integer(tmp_path: Path) -> None:
    """Minimal reproduction: ``govsm.toml`` holding ``a = 111…1`` (4,301 digits)."""
    (tmp_path / "govsm.toml").write_text("a = " + "1" * 4_301 + "\n", encoding="utf-8")
    with pytest.raises(GovsmError):
        Workspace.open(tmp_path)
