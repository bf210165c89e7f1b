"""``govsm audit`` and the check cache: ``--no-cache``, a cache the store cannot keep, random edits.

The stored results themselves, and the audit on PostgreSQL, are tested in
``tests/store/test_check_cache*.py``.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govsm
from govsm.builtin.steps import checks
from govsm.errors import StoreError
from govsm.model import Direction
from govsm.plugins import PluginHost
from govsm.rules.engine import Checker
from govsm.spec.audit import AuditContext, StepResult
from govsm.spec.findings import CollectedFindings, ReportedFinding
from govsm.store import check_cache
from govsm.store.check_cache import CheckCache
from govsm.workspace import Workspace
from tests.cli.running import invoke
from tests.paths import EXAMPLE

AS_OF = "2026-11-20"
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
TODAY = date(2026, 11, 20)
ORG = "ajuntament-soldeneu"


@pytest.fixture(autouse=True)
def pinned_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """The files of govsm as they are now, whatever a developer saves while the tests run."""
    stamp = check_cache.code_stamp(["govsm"])
    monkeypatch.setattr(check_cache, "code_stamp", lambda _modules: stamp)


def _copy(tmp_path: Path, archives: tuple[str, ...] | None = None) -> Path:
    """The example workspace in ``tmp_path`` (only some of its archives, if given)."""
    folder = tmp_path / "soldeneu"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("report", ".govsm"))
    if archives is not None:
        for archive in (folder / "history").glob("*.jsonl"):
            if archive.name not in archives:
                archive.unlink()
    return folder


def _checks(output: str) -> dict[str, Any]:
    report = json.loads(output)
    return next(step for step in report["steps"] if step["name"] == "checks")


def _findings(folder: Path) -> list[str]:
    lines = (folder / "report" / "findings.jsonl").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if json.loads(line)["step"] != "audit-log"]


class TestCommandLine:
    @pytest.mark.slow
    def test_no_cache_checks_everything_and_reports_the_same(self, tmp_path: Path) -> None:
        """Second run reuses every check; ``--no-cache`` checks all again; same findings."""
        folder = _copy(tmp_path)
        counted = []
        found = []
        for extra in ((), (), ("--no-cache",), ()):
            done = invoke("audit", str(folder), "--as-of", AS_OF, "--exit-zero", "--json", *extra)
            assert done.returncode == 0, done.stderr
            step = _checks(done.stdout)
            counted.append((step["summary"]["checked"], step["summary"]["cached"]))
            found.append(_findings(folder))
        checked = counted[0][0]
        assert counted == [(checked, 0), (checked, checked), (checked, 0), (checked, checked)]
        assert found[0] == found[1] == found[2] == found[3]

    def test_no_cache_is_documented(self) -> None:
        """``govsm audit --help`` names the option."""
        done = invoke("audit", "--help")
        assert "--no-cache" in done.stdout


# --- the step alone on a small copy of the example -------------------------------------------


@pytest.fixture
def small(tmp_path: Path) -> Iterator[Workspace]:
    """The example with one archive, loaded into a SQLite store."""
    folder = _copy(tmp_path, ("x-ajuntament.jsonl",))
    with Workspace.open(folder, host=PluginHost(entry_points=False)) as ws:
        ws.load()
        yield ws


def _run(ws: Workspace) -> tuple[StepResult, list[ReportedFinding]]:
    sink = CollectedFindings()
    result = checks.run(AuditContext(workspace=ws, today=TODAY, findings=sink))
    return result, list(sink.items)


def _fresh(ws: Workspace) -> tuple[StepResult, list[ReportedFinding]]:
    ws.store.check_cache.clear(ORG)
    return _run(ws)


class TestWhenTheStoreCannotKeepThem:
    def test_writes_refused(self, small: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
        """The store refuses to keep results: every message is checked, the findings are the
        same, and one calm line says why nothing was kept."""
        expected, expected_found = _fresh(small)
        small.store.check_cache.clear(ORG)

        def refuse(self: CheckCache, organisation: str, entries: Any) -> None:
            raise StoreError("solo lectura", "read-only")

        monkeypatch.setattr(CheckCache, "save", refuse)
        result, found = _run(small)
        assert found == expected_found
        assert result.summary["cached"] == 0
        assert result.lines[:-1] == expected.lines
        assert result.lines[-1].en == "Results not kept for the next audit: read-only"
        assert (
            result.lines[-1].es == "Resultados no guardados para la próxima auditoría: solo lectura"
        )
        assert not result.findings

    def test_reads_refused(self, small: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
        """The stored results cannot be read: every message is checked, the findings are the same."""
        expected, expected_found = _fresh(small)
        original = CheckCache.stream

        def stream(self: CheckCache, organisation: str, context: str | None) -> Iterator[Any]:
            if context is None:
                return original(self, organisation, None)

            def failing() -> Iterator[Any]:
                raise StoreError("sin permiso", "permission denied for table check_cache")
                yield

            return failing()

        monkeypatch.setattr(CheckCache, "stream", stream)
        result, found = _run(small)
        assert found == expected_found
        assert result.summary["cached"] == 0
        assert result.lines[:-1] == expected.lines
        assert "permission denied" in result.lines[-1].en

    def test_another_error_is_not_swallowed(
        self, small: Workspace, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A bug (not the store's refusal) fails the step, which the audit names as today."""

        def broken(self: CheckCache, organisation: str, entries: Any) -> None:
            raise RuntimeError("a bug")

        monkeypatch.setattr(CheckCache, "save", broken)
        with pytest.raises(RuntimeError, match="a bug"):
            _run(small)
        report = govsm.run_audit(small, out=None, now=NOW)
        assert any("checks" in failure.en and "a bug" in failure.en for failure in report.failures)

    def test_a_rule_that_cannot_be_located(
        self, small: Workspace, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """No context key (a rule's code has no file): nothing is reused or kept, one line."""
        expected, expected_found = _fresh(small)
        monkeypatch.setattr(check_cache, "code_stamp", lambda _modules: None)
        for _ in range(2):
            result, found = _run(small)
            assert found == expected_found
            assert result.summary["cached"] == 0
            assert result.lines[:-1] == expected.lines
            assert "cannot be fingerprinted" in result.lines[-1].en


class Counting(Checker):
    """A checker that notes the messages it really checks."""

    seen: ClassVar[list[str]] = []

    def check_many(self, messages: Any) -> Any:
        """Note, then check."""
        Counting.seen.extend(message.id for message, _ in messages)
        return super().check_many(messages)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(picks=st.lists(st.integers(0, 10_000), max_size=6), data=st.data())
def test_random_edits_check_exactly_the_edited_messages(
    small: Workspace, monkeypatch: pytest.MonkeyPatch, picks: list[int], data: st.DataObject
) -> None:
    """Edit a few messages at random (text or state of the post): the next run checks exactly
    those, and reports what a fresh run does."""
    monkeypatch.setattr(checks, "Checker", Counting)
    _run(small)  # whatever earlier examples left, the cache now holds every message
    outbound = list(small.store.messages(ORG, direction=Direction.OUTBOUND))
    chosen = {outbound[n % len(outbound)].id: outbound[n % len(outbound)] for n in picks}
    edited = []
    for message in chosen.values():
        how = data.draw(st.sampled_from(["text", "title", "language"]))
        if how == "text":
            edited.append(attrs.evolve(message, text=message.text + " Més info."))
        elif how == "title":
            edited.append(attrs.evolve(message, title=(message.title or "") + "T"))
        else:
            edited.append(
                attrs.evolve(message, language="es" if message.language != "es" else "ca")
            )
    small.store.save_messages(ORG, edited)
    Counting.seen = []
    result, found = _run(small)
    assert sorted(Counting.seen) == sorted(chosen)
    assert result.summary["cached"] == len(outbound) - len(chosen)
    _, fresh_found = _fresh(small)
    assert found == fresh_found
