"""Where the tests find the repository and its example council."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The repository's root folder."""

EXAMPLE = ROOT / "examples" / "soldeneu"
"""The example council's workspace folder (Ajuntament de Soldeneu)."""
