"""What a media rule knows of one attachment: from its file when it is local, else as declared."""

from __future__ import annotations

from pathlib import Path

from attrs import frozen

from govsm.media.formats import format_from_location, format_from_mime, is_remote
from govsm.media.probe import MediaProbe, local_path, probe_file
from govsm.model import Bilingual, Finding, Media, MediaKind, Severity
from govsm.spec.rule_context import RuleContext


def workspace_root(context: RuleContext) -> Path | None:
    """The workspace folder media paths are relative to, when the rule knows it.

    The engine passes it as :attr:`RuleContext.root <govsm.spec.RuleContext.root>`; a ``root``
    parameter (which an embedding application or a test can set) stands in when it is absent.
    """
    if context.root is not None:
        return context.root
    param = context.params.get("root")
    return Path(param) if isinstance(param, str) and param else None


@frozen
class Facts:
    """An attachment's format, size and dimensions: from its file when readable, else declared."""

    format: str | None
    size: int | None
    width: int | None
    height: int | None
    probe: MediaProbe | None
    outside: bool = False


def facts(context: RuleContext, media: Media) -> Facts:
    """Everything known about ``media``, reading its file when it is local."""
    probe: MediaProbe | None = None
    outside = False
    root = workspace_root(context)
    if root is not None and not is_remote(media.location):
        path = local_path(media.location, root)
        if path is None:
            outside = True
        else:
            probe = probe_file(path)
    declared = format_from_mime(media.mime_type) or format_from_location(media.location)
    if probe is not None and probe.problem is None:
        return Facts(
            format=probe.format or declared,
            size=probe.size,
            width=probe.width or media.width,
            height=probe.height or media.height,
            probe=probe,
        )
    return Facts(declared, media.size, media.width, media.height, probe, outside)


#: how findings name each kind of attachment, in Spanish and English
KIND_NAMES = {
    MediaKind.IMAGE: ("imagen", "image"),
    MediaKind.VIDEO: ("vídeo", "video"),
    MediaKind.GIF: ("GIF", "GIF"),
    MediaKind.AUDIO: ("audio", "audio"),
    MediaKind.DOCUMENT: ("documento", "document"),
}


def short_location(location: str, limit: int = 90) -> str:
    """``location``, cut to ``limit`` characters with an ellipsis."""
    return location if len(location) <= limit else location[: limit - 1] + "…"


def which(index: int, media: Media) -> Bilingual:
    """How a finding names an attachment: ``el adjunto 2 (imagen, fotos/plaça.jpg)``."""
    es, en = KIND_NAMES[media.kind]
    where = short_location(media.location)
    return Bilingual(
        es=f"el adjunto {index} ({es}, {where})", en=f"attachment {index} ({en}, {where})"
    )


def mebibytes(size: float, lang: str) -> str:
    """``size`` bytes in MiB, one decimal, with a decimal comma in Spanish."""
    text = f"{size / 1_048_576:.1f} MiB"
    return text.replace(".", ",") if lang == "es" else text


def number_text(value: float, lang: str) -> str:
    """``value`` with at most two decimals, with a decimal comma in Spanish."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "es" else text


def finding(
    context: RuleContext,
    rule: str,
    es: str,
    en: str,
    suggestion_es: str,
    suggestion_en: str,
    reference: str | None = None,
    severity: Severity | None = None,
) -> Finding:
    """A media finding of ``rule`` (no text span: the message names the attachment)."""
    return Finding(
        rule=rule,
        severity=severity or context.severity,
        message=Bilingual(es=es, en=en),
        suggestion=Bilingual(es=suggestion_es, en=suggestion_en),
        reference=reference,
    )
