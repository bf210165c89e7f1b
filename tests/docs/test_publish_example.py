"""The Python example of the publishing how-to runs as written and prints what the page says."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import pytest

from tests.paths import EXAMPLE, ROOT

PAGE = ROOT / "docs" / "howto" / "publish.md"


def test_the_schedule_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = PAGE.read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", text, re.S)
    promised = re.search(r"prints `(.*?)`", text)
    assert code is not None and promised is not None
    shutil.copytree(EXAMPLE, tmp_path / "examples" / "soldeneu")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GOVSM_STORE_URL", f"sqlite:///{tmp_path / 'store.sqlite3'}")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code.group(1), str(PAGE), "exec"), {})
    assert out.getvalue().strip() == promised.group(1)
