"""The check of the built-in ``media-file`` rule: a local attachment that cannot be used.

Its :class:`~govsm.spec.Rule` record is declared with the other media rules
(:mod:`govsm.builtin.rules.media`); :func:`describe_problem` also names what is wrong with a
profile's image (:mod:`govsm.builtin.rules.profile_rules`).
"""

from __future__ import annotations

from collections.abc import Iterator

from govsm.media.facts import facts, finding, which, workspace_root
from govsm.media.formats import is_remote
from govsm.media.probe import MediaProbe
from govsm.model import Bilingual, Finding
from govsm.spec.rule_context import RuleContext

_PROBLEMS = {
    "missing": ("no existe en el espacio de trabajo", "does not exist in the workspace"),
    "unreadable": ("no se puede leer", "cannot be read"),
    "not-media": (
        "no es una imagen ni un vídeo que govsm reconozca",
        "is not an image or a video govsm recognises",
    ),
    "broken": ("está truncado o dañado", "is truncated or damaged"),
}


def describe_problem(probe: MediaProbe) -> Bilingual:
    """What is wrong with a file, for people (``no existe…``; the reader's words when broken)."""
    es, en = _PROBLEMS.get(str(probe.problem), ("no se puede usar", "cannot be used"))
    if probe.problem in ("broken", "unreadable") and probe.detail:
        return Bilingual(es=f"{es} ({probe.detail})", en=f"{en} ({probe.detail})")
    return Bilingual(es=es, en=en)


def check_media_file(context: RuleContext) -> Iterator[Finding]:
    """Flag local attachments that are missing, unreadable, not media, broken or outside."""
    if not context.message.media or workspace_root(context) is None:
        return
    for index, media in enumerate(context.message.media, start=1):
        if is_remote(media.location):
            continue
        known = facts(context, media)
        name = which(index, media)
        if known.outside:
            yield finding(
                context,
                "media-file",
                f"{name.es} apunta fuera del espacio de trabajo: no se ha leído",
                f"{name.en} points outside the workspace: it was not read",
                "copie el fichero dentro de la carpeta del espacio de trabajo y use una ruta "
                "relativa",
                "copy the file into the workspace folder and use a relative path",
            )
            continue
        probe = known.probe
        if probe is None or probe.problem is None:
            continue
        problem = describe_problem(probe)
        yield finding(
            context,
            "media-file",
            f"{name.es} {problem.es}",
            f"{name.en} {problem.en}",
            "compruebe la ruta y vuelva a exportar el fichero",
            "check the path and export the file again",
        )
