"""``[plugins.NAME]``: each plugin's own settings in govsm.toml, shaped by govsm, read by it."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.workspace.test_loader import MINIMAL

from govsm.workspace import WorkspaceError, load_config


def _config(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "govsm.toml"
    # a top-level key goes before the first table; a table after the others
    text = extra + MINIMAL if extra.startswith("plugins =") else MINIMAL + extra
    path.write_text(text, encoding="utf-8")
    return path


def test_tables_reach_the_config_as_written(tmp_path: Path) -> None:
    extra = '\n[plugins.novagob]\ngroup = "Grup"\n\n[plugins.inap_social]\nfeed_base = "https://a.example"\n'
    config = load_config(_config(tmp_path, extra), None)
    assert config.plugins == {
        "novagob": {"group": "Grup"},
        "inap_social": {"feed_base": "https://a.example"},
    }


def test_no_tables_no_settings(tmp_path: Path) -> None:
    assert load_config(_config(tmp_path, ""), None).plugins == {}


@pytest.mark.parametrize(
    ("extra", "path", "en"),
    [
        ('plugins = "novagob"\n', "plugins", "must be a table of tables"),
        ("\n[plugins]\nnovagob = 3\n", "plugins.novagob", "must be a table ([plugins.novagob])"),
        ('\n[plugins.Nova-Gob]\ngroup = "x"\n', "plugins.Nova-Gob", "lower case letters"),
    ],
)
def test_a_wrong_shape_is_named(tmp_path: Path, extra: str, path: str, en: str) -> None:
    with pytest.raises(WorkspaceError) as caught:
        load_config(_config(tmp_path, extra), None)
    [detail] = [d for d in caught.value.details if d.path == path]
    assert en in detail.en
    assert detail.es and detail.es != detail.en
