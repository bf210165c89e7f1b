"""The Python examples of the publishing and sync how-tos run as written and print what the
pages say."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import pytest

from tests.paths import EXAMPLE, ROOT

PAGES = [ROOT / "docs" / "howto" / "publish.md", ROOT / "docs" / "howto" / "sync.md"]


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.stem)
def test_the_example_runs(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = page.read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", text, re.S)
    promised = re.search(r"prints `(.*?)`", text)
    assert code is not None and promised is not None
    shutil.copytree(EXAMPLE, tmp_path / "examples" / "soldeneu")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GOVSM_STORE_URL", f"sqlite:///{tmp_path / 'store.sqlite3'}")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code.group(1), str(page), "exec"), {})
    assert out.getvalue().strip() == promised.group(1)
