"""Replacing a report folder as a whole: written beside it, then swapped in.

Readers of ``report/`` see the previous run's files or this run's, never a mix; a run that stops
half-way leaves the previous report untouched, and the staging folders a killed run left behind
are removed by the next run. Files a person put in the report folder are kept: govsm lists what
it wrote in :data:`MANIFEST`, and carries over into the new folder every file of the old one it
did not write (without a manifest, every file but those named like govsm's own reports).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from fnmatch import fnmatch
from pathlib import Path
from types import TracebackType

from govsm.errors import GovsmError

#: what marks govsm's own staging and retired folders beside a report folder
_MARK = ".govsm-"

#: the file, inside a report folder, that lists what govsm wrote there
MANIFEST = ".govsm-report.json"

#: govsm's own reports, for a folder written before manifests existed
_OWN = ("summary.*", "findings.*", "manual/manual.*", "handover/*")


class ReportFolder:
    """A staging folder that becomes ``folder`` when the block ends without an error.

    :param folder: the report folder to replace (created if missing).
    :raises GovsmError: ``folder`` is not a folder, or its parent cannot be written.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder  # the staging folder, once entered

    def __enter__(self) -> ReportFolder:
        parent = self.folder.parent
        if self.folder.exists() and not self.folder.is_dir():
            raise GovsmError(
                "no es una carpeta: el informe necesita una carpeta (--out)",
                "is not a folder: the report needs a folder (--out)",
                where=str(self.folder),
            )
        try:
            parent.mkdir(parents=True, exist_ok=True)
            for stale in parent.glob(f".{self.folder.name}{_MARK}*"):
                shutil.rmtree(stale, ignore_errors=True)
            self.path = Path(tempfile.mkdtemp(prefix=f".{self.folder.name}{_MARK}new-", dir=parent))
        except OSError as exc:
            raise GovsmError(
                f"no se puede escribir el informe aquí ({exc.strerror})",
                f"the report cannot be written here ({exc.strerror})",
                where=str(self.folder),
            ) from None
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is not None:
            shutil.rmtree(self.path, ignore_errors=True)
            return
        retired = None
        try:
            self._carry_over()
            if self.folder.exists():
                retired = Path(
                    tempfile.mkdtemp(
                        prefix=f".{self.folder.name}{_MARK}old-", dir=self.folder.parent
                    )
                )
                self.folder.replace(retired / self.folder.name)
            self.path.replace(self.folder)
        except OSError as exc:
            shutil.rmtree(self.path, ignore_errors=True)
            raise GovsmError(
                f"no se pudo sustituir el informe ({exc.strerror})",
                f"the report could not be replaced ({exc.strerror})",
                where=str(self.folder),
            ) from None
        if retired is not None:
            shutil.rmtree(retired, ignore_errors=True)

    def _carry_over(self) -> None:
        """List what govsm wrote; copy in the old folder's files govsm did not write."""
        written = sorted(str(p.relative_to(self.path)) for p in self.path.rglob("*") if p.is_file())
        if self.folder.is_dir():
            previous = self._previous_manifest()
            for path in sorted(self.folder.rglob("*")):
                relative = str(path.relative_to(self.folder))
                if not path.is_file() or path.is_symlink() or relative == MANIFEST:
                    continue
                ours = (
                    relative in previous
                    if previous is not None
                    else any(fnmatch(relative, pattern) for pattern in _OWN)
                )
                if not ours and relative not in written:
                    target = self.path / relative
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, target)
        (self.path / MANIFEST).write_text(json.dumps(written, indent=1) + "\n", encoding="utf-8")

    def _previous_manifest(self) -> set[str] | None:
        try:
            listed = json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return {str(item) for item in listed} if isinstance(listed, list) else None

    def final(self, path: Path) -> Path:
        """Where ``path``, written in the staging folder, is once the folder is swapped in."""
        try:
            return self.folder / path.relative_to(self.path)
        except ValueError:
            return path
