"""What the fuzz tests share: a sandbox around a copy of the example, a watch on every file the
run opens, the store's dump, and in-process runs of the command line.

A :class:`Sandbox` is a temporary folder holding

- ``workspace/``: a copy of the example council, prepared for one target (its archives cut down
  to what the target fuzzes) and loaded into its store once;
- ``pristine/``: the same, untouched, to reset ``workspace/`` from before each example;
- ``outside/``: bait outside the workspace — a history line, a draft, a journal line, a text and
  a PNG image — each holding the sandbox's unique marker. Links and archive patterns point at it;
  the marker must never show in an output, a report or the store, and :class:`ReadWatch` must
  see no file under ``outside/`` (or ``pristine/``) opened.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import threading
import tomllib
import uuid
from collections.abc import Collection, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck
from PIL import Image, PngImagePlugin

from govsm.cli.main import cli
from govsm.errors import GovsmError
from govsm.ledger.chain import verify
from govsm.ledger.record import fold
from govsm.plugins import PluginHost
from govsm.spec.audit import AuditContext, StepResult
from govsm.store import Store
from govsm.workspace import Workspace
from tests.cli.running import Done
from tests.fuzz.progress import PROGRESS
from tests.fuzz.strategies.links import Link
from tests.fuzz.strategies.toml_text import toml_lines
from tests.paths import EXAMPLE

#: the built-in plugins only, as the other CLI tests run
ALONE: dict[str, str | None] = {
    "GOVSM_DISABLE_PLUGINS": "example,test-plugin",
    "GOVSM_LANG": "en",
    "GOVSM_STORE_URL": None,  # the workspace's own store, whatever the environment says
}
DISABLED = ("example", "test-plugin")
#: the day every audit is about
TODAY = date(2026, 11, 20)
#: hostile input is large and slow on purpose; the examples' count comes from the profile
HEALTH_CHECKS = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.large_base_example,
    HealthCheck.filter_too_much,
]
#: every fuzz module's mark: an example of hostile input is large, and Hypothesis warns when it
#: prints one (a journal's 40 lines, each built from an example record, pass 30 kB)
LARGE_EXAMPLES = pytest.mark.filterwarnings(
    "ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning"
)
#: files that are bait wherever they are: no run may open them
BAIT = ("/etc/passwd", "/dev/zero")

# --- the example's own data, read once --------------------------------------------------------

MANUAL_DATA: dict[str, Any] = tomllib.loads((EXAMPLE / "govsm.toml").read_text(encoding="utf-8"))
HISTORY_RECORDS: list[dict[str, Any]] = [
    json.loads(line)
    for path in sorted((EXAMPLE / "history").glob("*.jsonl"))
    for line in path.read_text(encoding="utf-8").splitlines()
    if line.strip()
]
JOURNAL_RECORDS: list[dict[str, Any]] = [
    json.loads(line)
    for line in (EXAMPLE / "governance" / "journal.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def _front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    return tomllib.loads(text.split("+++\n")[1])


DRAFT_FRONTS: list[dict[str, Any]] = [
    _front_matter(path) for path in sorted((EXAMPLE / "drafts").glob("*.md"))
]
#: the example council's id, under which every target but the manual's stores its data
ORGANISATION: str = MANUAL_DATA["organisation"]["id"]

# --- watching what a run opens ----------------------------------------------------------------

_EVENTS = frozenset({"open", "os.scandir", "os.listdir", "sqlite3.connect", "shutil.copyfile"})
_WATCHES: list[ReadWatch] = []
_INSIDE_HOOK = threading.local()


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if not _WATCHES or event not in _EVENTS or getattr(_INSIDE_HOOK, "busy", False):
        return
    _INSIDE_HOOK.busy = True
    try:
        for watch in _WATCHES:
            watch.saw(event, args)
    finally:
        _INSIDE_HOOK.busy = False


sys.addaudithook(_hook)  # once per process: an audit hook cannot be removed


class ReadWatch:
    """Every file or folder a run opens (Python's audit events), and which of them it must not.

    A path is out of bounds when, links resolved, it lies inside ``sandbox`` but not inside
    ``workspace`` (the bait folder, the pristine copy), or is one of :data:`BAIT`. A path given
    relative to a folder descriptor (``dir_fd``, as ``shutil.rmtree`` passes them when the old
    report is removed) is resolved against the current folder, outside the sandbox, so it is not
    judged; govsm reads nothing that way.
    """

    def __init__(self, sandbox: Path, workspace: Path) -> None:
        self.sandbox = Path(os.path.realpath(sandbox))
        self.workspace = Path(os.path.realpath(workspace))
        self.opened: list[str] = []
        self.listed: list[str] = []
        self.out_of_bounds: list[str] = []

    def saw(self, event: str, args: tuple[Any, ...]) -> None:
        """Record one audit event."""
        if not args or isinstance(args[0], int) or args[0] is None:
            return
        try:
            raw = os.fsdecode(args[0])
        except TypeError:
            return
        if raw in {"", ":memory:"}:
            return
        real = Path(os.path.realpath(os.path.join(os.getcwd(), raw)))
        (self.listed if event in {"os.scandir", "os.listdir"} else self.opened).append(str(real))
        inside_sandbox = real == self.sandbox or real.is_relative_to(self.sandbox)
        inside_workspace = real == self.workspace or real.is_relative_to(self.workspace)
        if (inside_sandbox and not inside_workspace) or str(real) in BAIT:
            self.out_of_bounds.append(f"{event} {raw} -> {real}")

    @contextlib.contextmanager
    def active(self) -> Iterator[ReadWatch]:
        """Watch while the ``with`` block runs."""
        _WATCHES.append(self)
        try:
            yield self
        finally:
            _WATCHES.remove(self)


# --- the sandbox --------------------------------------------------------------------------------

#: a sandbox lives in memory when the machine has room there: the audit writes its report and
#: the store syncs every transaction, which on a disk costs more than the run itself
MEMORY = Path("/dev/shm")


@contextlib.contextmanager
def sandbox_in(factory: pytest.TempPathFactory, name: str, **options: Any) -> Iterator[Sandbox]:
    """A :class:`Sandbox` for one test module, removed after it (``options``: its arguments)."""
    if MEMORY.is_dir() and os.access(MEMORY, os.W_OK) and shutil.disk_usage(MEMORY).free > 2**29:
        root = Path(tempfile.mkdtemp(prefix=f"govsm-fuzz-{name}-", dir=MEMORY))
        try:
            yield Sandbox(root, **options)
        finally:
            shutil.rmtree(root, ignore_errors=True)
    else:
        yield Sandbox(factory.mktemp(name), **options)


def only_profiles(data: dict[str, Any], keep: Collection[str]) -> dict[str, Any]:
    """A manual's ``data`` with only the profiles ``keep``: every other profile is removed, and
    so is every entry that names one (a role, a policy rule, a posting window or a publishing
    limit whose ``target`` it is, a page of the manual whose ``profile`` it is).

    Every governance action reads the whole organisation, its profiles and roles included, a few
    times (the unit of work's snapshots): a target that needs two profiles need not pay for
    sixteen on each line it applies.
    """
    removed = {profile["id"] for profile in data["profiles"]} - set(keep)

    def cut(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: cut(item) for key, item in value.items()}
        if isinstance(value, list):
            return [
                cut(item)
                for item in value
                if not (
                    isinstance(item, dict)
                    and (item.get("target") in removed or item.get("profile") in removed)
                )
            ]
        return value

    data = cut(data)
    data["profiles"] = [p for p in data["profiles"] if p["id"] not in removed]
    return data


def _png(marker: str) -> bytes:
    """A tiny PNG image whose text chunk holds ``marker``."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", marker)
    stream = io.BytesIO()
    Image.new("RGB", (2, 2)).save(stream, "PNG", pnginfo=info)
    return stream.getvalue()


class Sandbox:
    """A copy of the example prepared for one target, with bait outside it (see the module)."""

    def __init__(
        self,
        root: Path,
        *,
        archives: dict[str, list[str]],
        empty: Sequence[str],
        replace: Sequence[tuple[str, str]] = (),
        profiles: Collection[str] | None = None,
    ) -> None:
        """Copy the example into ``root/workspace``, set its ``[archives]``, make the other
        ``replace`` changes to its ``govsm.toml``, keep only the ``profiles`` named (all when
        ``None``; see :func:`only_profiles`), empty the folders ``empty``, load it into its
        store and keep the result as ``root/pristine``."""
        self.root = root
        self.workspace = root / "workspace"
        self.pristine = root / "pristine"
        self.outside = root / "outside"
        self.marker = f"sentinel-{uuid.uuid4().hex}"
        self.host = PluginHost(disabled=DISABLED)
        self.store_url = f"sqlite:///{self.workspace / '.govsm' / 'govsm.sqlite3'}"
        self._bait()
        shutil.copytree(EXAMPLE, self.workspace, ignore=shutil.ignore_patterns("report", ".govsm"))
        for folder in empty:
            shutil.rmtree(self.workspace / folder)
            (self.workspace / folder).mkdir()
        manual = self.workspace / "govsm.toml"
        text = manual.read_text(encoding="utf-8")
        block = text[text.index("[archives]\n") :]
        block = block[: block.index("\n\n") + 1]
        replaced = "[archives]\n" + "".join(
            f"{key} = {json.dumps(patterns)}\n" for key, patterns in archives.items()
        )
        text = text.replace(block, replaced)
        for old, new in replace:
            assert old in text, old
            text = text.replace(old, new)
        if profiles is not None:
            text = toml_lines(only_profiles(tomllib.loads(text), profiles))
        manual.write_text(text, encoding="utf-8")
        with self.open() as ws:
            ws.load()
        shutil.copytree(self.workspace, self.pristine, symlinks=True)
        self._pristine_store = (self.pristine / ".govsm" / "govsm.sqlite3").read_bytes()
        self._pristine_dump: str | None = None  # its dump, as JSON, once asked for

    def _bait(self) -> None:
        outside = self.outside
        (outside / "folder").mkdir(parents=True)
        line = json.dumps({**HISTORY_RECORDS[0], "id": self.marker, "text": self.marker})
        for name in ("secret.jsonl", "folder/secret.jsonl"):
            (outside / name).write_text(line + "\n", encoding="utf-8")
        front = toml_lines({**DRAFT_FRONTS[0], "id": self.marker})
        (outside / "secret.md").write_text(f"+++\n{front}+++\n{self.marker}\n", encoding="utf-8")
        journal = {**JOURNAL_RECORDS[0], "id": self.marker}
        journal["request"] = {**journal["request"], "id": self.marker, "theme": self.marker}
        (outside / "journal.jsonl").write_text(json.dumps(journal) + "\n", encoding="utf-8")
        (outside / "secret.txt").write_text(self.marker + "\n", encoding="utf-8")
        (outside / "secret.png").write_bytes(_png(self.marker))

    # --- each example ---------------------------------------------------------------------------

    def reset(self) -> None:
        """Put ``workspace/`` back as it was after the first load (files, links, store).

        Every example starts here, so :data:`~tests.fuzz.progress.PROGRESS` counts it here.
        """
        PROGRESS.tick(self.root.name)
        shutil.rmtree(self.workspace)
        shutil.copytree(self.pristine, self.workspace, symlinks=True)

    def write(self, relative: str, raw: bytes) -> Path:
        """Write ``raw`` to ``relative`` in the workspace, ``{outside}`` replaced by the bait's
        folder."""
        path = self.workspace / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw.replace(b"{outside}", os.fsencode(self.outside)))
        return path

    def link(self, link: Link) -> None:
        """Make ``link`` in the workspace (replacing whatever has its name)."""
        path = self.workspace / link.name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.exists():
            shutil.rmtree(path)
        if link.loop:
            path.symlink_to(path.name)
            return
        target = self.outside / link.target if link.target else self.outside
        path.symlink_to(target if link.absolute else os.path.relpath(target, path.parent))

    def watch(self) -> ReadWatch:
        """A watch over this sandbox (use its ``active()``)."""
        return ReadWatch(self.root, self.workspace)

    def open(self) -> Workspace:
        """The workspace through the Python API, on its own store."""
        return Workspace.open(self.workspace, host=self.host, store_url=self.store_url)

    def load_step(self) -> StepResult:
        """Run the audit's load step (step 100) alone, as ``govsm audit`` runs it."""
        from govsm.builtin.steps import load

        with self.open() as ws:
            return load.run(AuditContext(workspace=ws, today=TODAY))

    def invoke(self, *args: str, stdin: bytes | None = None) -> Done:
        """Run ``govsm --debug ARGS`` in this process, watched; a step's or an exporter's failure
        then prints its traceback, which no property allows."""
        result = CliRunner().invoke(cli, ["--debug", *args], input=stdin, env=ALONE)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Done(result.exit_code, result.stdout, result.stderr)

    def audit(self) -> Done:
        """``govsm audit`` on the workspace, for the fixed day."""
        return self.invoke("audit", str(self.workspace), "--as-of", TODAY.isoformat())

    @property
    def store_file(self) -> Path:
        """The workspace's SQLite store."""
        return self.workspace / ".govsm" / "govsm.sqlite3"

    def dump(self) -> dict[str, Any] | None:
        """Every row of the store (``None`` when there is no store file).

        A store file byte for byte as :meth:`reset` left it, with no journal beside it, holds
        what the pristine store holds: its dump is made once and given again (a fresh copy each
        time). Every example of a target that may leave the store alone dumps it before and
        after, and a dump of the whole example takes longer than opening it.
        """
        if not self.store_file.exists():
            return None
        if self._store_is_pristine():
            if self._pristine_dump is None:
                self._pristine_dump = self._dump_text()
            text = self._pristine_dump
        else:
            text = self._dump_text()
        rows: dict[str, Any] = json.loads(text)
        return rows

    def _dump_text(self) -> str:
        store = Store.open(self.store_url, upgrade=False)
        try:
            return json.dumps(store.dump(), default=str)
        finally:
            store.close()

    def _store_is_pristine(self) -> bool:
        """Whether the store file holds exactly what the pristine one does: the same bytes, and
        no rollback journal or write-ahead log beside it that could change what it reads as."""
        folder = self.store_file.parent
        if any(path.name != self.store_file.name for path in folder.iterdir()):
            return False
        return self.store_file.read_bytes() == self._pristine_store

    def rows(self) -> dict[str, list[tuple[Any, ...]]] | None:
        """Every row of every table in the store file, as SQLite holds it, read without govsm
        (``None`` when there is no store file).

        Cheaper than :meth:`dump` (no engine, no model, no migration check), and as exact: two
        results are equal only when every stored value is, byte for byte — the schema's own
        tables included; and a value holding the marker holds it in its ``repr``.
        """
        if not self.store_file.exists():
            return None
        connection = sqlite3.connect(self.store_file)
        try:
            tables = [
                name
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
                )
            ]
            return {
                table: sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
                for table in tables
            }
        finally:
            connection.close()

    def stored_ids(self) -> set[str]:
        """The ids of the example council's messages in the store (read through
        :class:`~govsm.store.Store`: opening the whole workspace again costs ten times more)."""
        store = Store.open(self.store_url, upgrade=False)
        try:
            return {message.id for message in store.messages(ORGANISATION)}
        finally:
            store.close()

    def applied_journal(self) -> frozenset[str]:
        """The ids of the journal lines the example council's audit log holds as applied."""
        store = Store.open(self.store_url, upgrade=False)
        try:
            return frozenset(fold(ORGANISATION, store.audit_entries(ORGANISATION)).journal)
        finally:
            store.close()

    def chain_problems(self) -> list[str]:
        """What is wrong with each organisation's audit log in the store (nothing: intact)."""
        store = Store.open(self.store_url, upgrade=False)
        try:
            checked = [verify(org.id, store.audit_entries(org.id)) for org in store.organisations()]
        finally:
            store.close()
        return [f"{c.organisation}: {c.message.en}" for c in checked if c.message is not None]

    def load_alone(self) -> dict[str, Any] | None:
        """The store after the audit's load step runs alone on the workspace as it is now, the
        step's failure ignored (its words are the audit's business): what an audit may write
        besides its run's record (:data:`tests.fuzz.recorded_runs.RUN_TABLES`)."""
        with contextlib.suppress(GovsmError):
            self.load_step()
        return self.dump()

    def findings(self) -> list[dict[str, Any]]:
        """The last audit's ``report/findings.jsonl``, one finding per line.

        Split on ``\\n`` only: a finding quoting hostile text may hold U+2028, which JSON
        leaves as it is and ``str.splitlines`` would take for a line break.
        """
        text = (self.workspace / "report" / "findings.jsonl").read_text(encoding="utf-8")
        return [json.loads(line) for line in text.split("\n") if line]

    def report_text(self) -> str:
        """Everything the last audit wrote in ``report/``, as one text."""
        folder = self.workspace / "report"
        if not folder.is_dir():
            return ""
        return "\n".join(
            path.read_bytes().decode("utf-8", "replace")
            for path in sorted(folder.rglob("*"))
            if path.is_file()
        )

    def assert_confined(self, watch: ReadWatch, *texts: str) -> None:
        """Nothing outside was opened, and the marker shows in none of ``texts``, the report or
        the store."""
        assert not watch.out_of_bounds, watch.out_of_bounds
        for text in (*texts, self.report_text(), repr(self.rows())):
            assert self.marker not in text


def assert_no_traceback(done: Done) -> None:
    """The run ended with a documented status and no traceback on either stream."""
    assert done.returncode in (0, 1, 2), done
    assert "Traceback" not in done.stdout, done.stdout[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
