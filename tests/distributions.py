"""Installing throw-away plugin distributions for tests: a module plus a real ``.dist-info``.

This is what an installer leaves on ``sys.path`` (minus the RECORD file), so
``importlib.metadata`` finds the entry points exactly as it finds pip-installed ones.
"""

from __future__ import annotations

import textwrap
from pathlib import Path


def install_plugin(
    site: Path, distribution: str, module: str, source: str, version: str = "1.0"
) -> Path:
    """Write ``module.py`` and ``<distribution>-<version>.dist-info`` into ``site``."""
    site.mkdir(parents=True, exist_ok=True)
    (site / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = site / f"{distribution.replace('-', '_')}-{version}.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {distribution}\nVersion: {version}\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        f"[govsm]\n{distribution} = {module}\n", encoding="utf-8"
    )
    return site
