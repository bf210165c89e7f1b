"""``govsm init``: a new workspace, ready to fill in, that loads as it is."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from govsm.errors import ConfigError, ModelError
from govsm.model import Organisation, OrganisationKind
from govsm.workspace.config import DEFAULT_STORE_PATH, FORMAT_VERSION, MANUAL_FILE


def slugify(text: str) -> str:
    """An identifier from a name: ``Ajuntament d'Alcoi`` → ``ajuntament-d-alcoi``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return (
        re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:64].strip("-") or "organisation"
    )


def _toml_str(value: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes
    return json.dumps(value, ensure_ascii=False)


def scaffold(
    folder: Path,
    *,
    name: str,
    kind: str = "ayuntamiento",
    languages: Sequence[str] = ("es",),
    timezone: str = "Europe/Madrid",
    organisation_id: str | None = None,
    force: bool = False,
) -> Path:
    """Create a workspace in ``folder`` and return the path of its ``govsm.toml``.

    The values are validated exactly as the loader would (a bad time zone or language is a
    :class:`~govsm.errors.ConfigError` before anything is written).

    :raises ConfigError: on invalid values, or when ``govsm.toml`` exists and ``force`` is false.
    """
    org_id = organisation_id or slugify(name)
    try:
        Organisation(
            id=org_id,
            name=name,
            kind=OrganisationKind(kind),
            languages=tuple(languages),
            timezone=timezone,
        )
    except ModelError as exc:
        raise ConfigError(exc.es, exc.en, where="govsm init") from None
    except ValueError:
        allowed = ", ".join(k.value for k in OrganisationKind)
        raise ConfigError(
            f"tipo de organización «{kind}» desconocido; posibles: {allowed}",
            f"unknown organisation kind '{kind}'; possible: {allowed}",
            where="govsm init",
        ) from None
    manual = folder / MANUAL_FILE
    if manual.exists() and not force:
        raise ConfigError(
            f"{manual} ya existe: use --force para sobrescribirlo",
            f"{manual} already exists: use --force to overwrite it",
        )
    folder.mkdir(parents=True, exist_ok=True)
    for sub in ("history", "drafts"):
        (folder / sub).mkdir(exist_ok=True)
    langs = ", ".join(_toml_str(lang) for lang in languages)
    manual.write_text(
        f"""# The social-media usage manual of {name}, as data (see the docs, "Workspace format").
format = {FORMAT_VERSION}
# the networks the organisation uses (ids from `govsm plugins`)
channels = []

[organisation]
id = {_toml_str(org_id)}
name = {_toml_str(name)}
kind = {_toml_str(kind)}
languages = [{langs}]
timezone = {_toml_str(timezone)}

# The área that coordinates social media and approves new profiles (seed 004).
[[units]]
id = "comunicacion"
name = "Comunicación"

# [[people]]
# id = "..."
# name = "..."
# email = "...@your-domain"
# unit = "comunicacion"

# [[roles]]
# person = "..."
# role = "coordinator"

# [[profiles]]
# id = "x-main"
# channel = "x"
# handle = "@..."
# unit = "comunicacion"
# credential = "env:GOVSM_X_MAIN_TOKEN"   # a reference, never the secret

[policy]
version = "1"
coordinating_unit = "comunicacion"

[archives]
messages = ["history/*.jsonl"]
drafts = ["drafts/*.md"]
""",
        encoding="utf-8",
    )
    gitignore = folder / ".gitignore"
    if not gitignore.exists():
        gitignore.write_text(f"{DEFAULT_STORE_PATH.split('/')[0]}/\nreport/\n", encoding="utf-8")
    return manual
