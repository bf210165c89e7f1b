"""Built-in rules: attachments as each network and the organisation's style manual want them.

Six rules look at a message's :class:`~govsm.model.Media`: how many there are
(``media-count``), in which format (``media-format``), how heavy (``media-size``), how big and
how shaped (``media-dimensions``), whether videos are captioned (``video-captions``) and
whether a local file can be read at all (``media-file``);
:mod:`~govsm.builtin.rules.alt_text` checks that images are described. Media findings have no
text span: the message names the attachment by its position (1, 2…) and location.

The networks' figures are data (``govsm/media/data/media-specs.toml``, with their sources); the
style manual narrows them through each rule's parameters.

Width, height, size and format come from the file itself when ``Media.location`` is a path
inside the workspace and the rule knows the workspace folder (see
:func:`~govsm.media.facts.workspace_root`), else
from the ``Media`` fields. A missing, unreadable or broken file is a ``media-file`` finding,
never an exception.
"""

from __future__ import annotations

from collections.abc import Iterator

from govsm.builtin.rules.media_file import check_media_file
from govsm.media.facts import (
    KIND_NAMES,
    facts,
    finding,
    mebibytes,
    number_text,
    which,
)
from govsm.media.formats import IMAGE_FORMATS, VIDEO_FORMATS, format_name
from govsm.media.specs import KindSpec, network_media
from govsm.model import Bilingual, Channel, Finding, MediaKind, Severity
from govsm.rules.params import nonblank_text_list, number, whole_number
from govsm.spec.hookspecs import hookimpl
from govsm.spec.rule import Rule, Scope
from govsm.spec.rule_context import RuleContext

#: a network's name for a Spanish reader and for an English one (empty when unknown)
Names = tuple[str, str]


def _network(channel: Channel | None) -> Names:
    """The network's :data:`Names`."""
    return ("", "") if channel is None else (channel.display_name("es"), channel.name)


# --- media-count --------------------------------------------------------------------------------


def check_media_count(context: RuleContext) -> Iterator[Finding]:
    """Flag more attachments than the network (or the style manual) allows."""
    media = context.message.media
    if not media:
        return
    channel = context.channel
    network_limit = channel.limits.media if channel is not None else None
    manual_limit = whole_number(context.params, "max") or None
    limits = [x for x in (network_limit, manual_limit) if x is not None]
    network_es, network_en = _network(channel)
    if limits and len(media) > min(limits):
        limit = min(limits)
        by_network = network_limit is not None and limit == network_limit
        who_es = f"{network_es} admite" if by_network else "el manual de estilo admite"
        who_en = f"{network_en} allows" if by_network else "the style manual allows"
        extra = [str(i) for i in range(limit + 1, len(media) + 1)]
        if len(extra) == 1:
            over_es, over_en = (
                f"sobra el adjunto {extra[0]}",
                f"attachment {extra[0]} is one too many",
            )
        else:
            listed = ", ".join(extra)
            over_es, over_en = f"sobran los adjuntos {listed}", f"attachments {listed} are too many"
        yield finding(
            context,
            "media-count",
            f"el mensaje lleva {len(media)} adjuntos y {who_es} {limit}: {over_es}",
            f"the message has {len(media)} attachments and {who_en} {limit}: {over_en}",
            "quite adjuntos, repártalos en varias publicaciones o enlace un álbum",
            "remove attachments, spread them over several posts or link to an album",
        )
    spec = network_media(channel)
    if spec is None or len(media) < 2:
        return
    for index, item in enumerate(media, start=1):
        if item.kind.value in spec.alone:
            name = which(index, item)
            yield finding(
                context,
                "media-count",
                f"{name.es}: en {network_es} un {KIND_NAMES[item.kind][0]} va solo en la "
                f"publicación, y esta lleva {len(media)} adjuntos",
                f"{name.en}: on {network_en} a {KIND_NAMES[item.kind][1]} goes alone in a post, "
                f"and this one has {len(media)} attachments",
                "publique el vídeo o el GIF en una publicación aparte",
                "publish the video or GIF in a post of its own",
            )
            return


# --- media-format -------------------------------------------------------------------------------


def _category(fmt: str) -> str | None:
    if fmt in IMAGE_FORMATS:
        return "image"
    if fmt in VIDEO_FORMATS:
        return "video"
    return None


def check_media_format(context: RuleContext) -> Iterator[Finding]:
    """Flag attachments in a format the network (or the style manual) does not accept."""
    if not context.message.media:
        return
    spec = network_media(context.channel)
    allowed = frozenset(f.lower() for f in nonblank_text_list(context.params, "allowed"))
    network_es, network_en = _network(context.channel)
    for index, media in enumerate(context.message.media, start=1):
        fmt = facts(context, media).format
        if fmt is None:
            continue
        name = which(index, media)
        category = _category(fmt)
        expected = {MediaKind.IMAGE: "image", MediaKind.GIF: "image", MediaKind.VIDEO: "video"}
        wanted = expected.get(media.kind)
        if category is not None and wanted is not None and category != wanted:
            yield finding(
                context,
                "media-format",
                f"{name.es} está declarado como {KIND_NAMES[media.kind][0]} pero es un "
                f"fichero {format_name(fmt)}",
                f"{name.en} is declared as {KIND_NAMES[media.kind][1]} but its file is in "
                f"{format_name(fmt)} format",
                "corrija el tipo del adjunto (kind) o adjunte el fichero correcto",
                "correct the attachment's kind or attach the right file",
            )
            continue
        kind_spec = spec.for_kind(media.kind) if spec is not None else None
        accepted = kind_spec.formats if kind_spec is not None else None
        if accepted is not None and fmt not in accepted:
            names = ", ".join(format_name(f) for f in sorted(accepted))
            yield finding(
                context,
                "media-format",
                f"{name.es} está en formato {format_name(fmt)} y {network_es} solo admite {names}",
                f"{name.en} is in {format_name(fmt)} format and {network_en} only accepts {names}",
                f"conviértalo a {names.split(', ')[0]}",
                f"convert it to {names.split(', ')[0]}",
            )
        elif allowed and fmt not in allowed:
            names = ", ".join(format_name(f) for f in sorted(allowed))
            yield finding(
                context,
                "media-format",
                f"{name.es} está en formato {format_name(fmt)} y el manual de estilo pide {names}",
                f"{name.en} is in {format_name(fmt)} format and the style manual asks for {names}",
                f"conviértalo a {names.split(', ')[0]}",
                f"convert it to {names.split(', ')[0]}",
            )


# --- media-size ---------------------------------------------------------------------------------


def check_media_size(context: RuleContext) -> Iterator[Finding]:
    """Flag attachments heavier than the network (or the style manual) accepts."""
    if not context.message.media:
        return
    spec = network_media(context.channel)
    network_es, network_en = _network(context.channel)
    for index, media in enumerate(context.message.media, start=1):
        size = facts(context, media).size
        if size is None:
            continue
        kind_spec = spec.for_kind(media.kind) if spec is not None else None
        network_max = kind_spec.max_bytes if kind_spec is not None else None
        key = "max_video_bytes" if media.kind is MediaKind.VIDEO else "max_image_bytes"
        manual_max = whole_number(context.params, key) or None
        if media.kind not in (MediaKind.IMAGE, MediaKind.GIF, MediaKind.VIDEO):
            manual_max = None
        limits = [x for x in (network_max, manual_max) if x is not None]
        if not limits or size <= min(limits):
            continue
        limit = min(limits)
        by_network = network_max is not None and limit == network_max
        who_es = f"{network_es} admite" if by_network else "el manual de estilo admite"
        who_en = f"{network_en} accepts" if by_network else "the style manual accepts"
        name = which(index, media)
        yield finding(
            context,
            "media-size",
            f"{name.es} ocupa {mebibytes(size, 'es')} ({size} bytes) y {who_es} hasta "
            f"{mebibytes(limit, 'es')} ({limit} bytes)",
            f"{name.en} takes {mebibytes(size, 'en')} ({size} bytes) and {who_en} up to "
            f"{mebibytes(limit, 'en')} ({limit} bytes)",
            "redúzcalo: menos resolución, más compresión o un vídeo más corto",
            "make it smaller: lower resolution, more compression or a shorter video",
        )


# --- media-dimensions ---------------------------------------------------------------------------

#: relative tolerance when comparing aspect ratios (1.91:1 is 1200 × 628, not exactly 1.91)
ASPECT_TOLERANCE = 0.01


def check_media_dimensions(context: RuleContext) -> Iterator[Finding]:
    """Flag attachments too small, or shaped in a way the network (or the manual) refuses."""
    if not context.message.media:
        return
    spec = network_media(context.channel)
    network_es, network_en = _network(context.channel)
    params = context.params
    for index, media in enumerate(context.message.media, start=1):
        known = facts(context, media)
        width, height = known.width, known.height
        if width is None or height is None or width <= 0 or height <= 0:
            continue
        if media.kind not in (MediaKind.IMAGE, MediaKind.GIF, MediaKind.VIDEO):
            continue
        kind_spec = (spec.for_kind(media.kind) if spec is not None else None) or KindSpec()
        name = which(index, media)
        yield from _too_small(context, name, width, height, kind_spec, (network_es, network_en))
        aspect = width / height
        low_net, high_net = kind_spec.min_aspect, kind_spec.max_aspect
        low_manual = number(params, "min_aspect") or None
        high_manual = number(params, "max_aspect") or None
        lows = [x for x in (low_net, low_manual) if x is not None]
        highs = [x for x in (high_net, high_manual) if x is not None]
        low = max(lows) if lows else None
        high = min(highs) if highs else None
        too_tall = low is not None and aspect < low * (1 - ASPECT_TOLERANCE)
        too_wide = high is not None and aspect > high * (1 + ASPECT_TOLERANCE)
        if not (too_tall or too_wide):
            continue
        bound = low if too_tall else high
        by_network = bound in (low_net, high_net) and bound is not None
        who_es = network_es if by_network and network_es else "el manual de estilo"
        who_en = network_en if by_network and network_en else "the style manual"
        span_es = _range(low, high, "es")
        span_en = _range(low, high, "en")
        shape_es = "demasiado vertical" if too_tall else "demasiado horizontal"
        shape_en = "too tall" if too_tall else "too wide"
        yield finding(
            context,
            "media-dimensions",
            f"{name.es} mide {width} × {height} (proporción {number_text(aspect, 'es')}:1), "
            f"{shape_es}: {who_es} pide una proporción {span_es}",
            f"{name.en} is {width} × {height} (aspect {number_text(aspect, 'en')}:1), {shape_en}: "
            f"{who_en} asks for an aspect ratio {span_en}",
            "recórtela a una proporción admitida (1:1 o 4:5 caben en casi todas las redes)",
            "crop it to an accepted aspect ratio (1:1 or 4:5 fit almost every network)",
        )


def _range(low: float | None, high: float | None, lang: str) -> str:
    if low is not None and high is not None:
        if lang == "es":
            return f"entre {number_text(low, lang)}:1 y {number_text(high, lang)}:1"
        return f"between {number_text(low, lang)}:1 and {number_text(high, lang)}:1"
    if low is not None:
        return (
            f"de al menos {number_text(low, lang)}:1"
            if lang == "es"
            else f"of at least {number_text(low, lang)}:1"
        )
    assert high is not None
    return (
        f"de como mucho {number_text(high, lang)}:1"
        if lang == "es"
        else f"of at most {number_text(high, lang)}:1"
    )


def _too_small(
    context: RuleContext, name: Bilingual, width: int, height: int, spec: KindSpec, network: Names
) -> Iterator[Finding]:
    manual_w = whole_number(context.params, "min_width") or None
    manual_h = whole_number(context.params, "min_height") or None
    need_w = max([x for x in (spec.min_width, manual_w) if x is not None], default=None)
    need_h = max([x for x in (spec.min_height, manual_h) if x is not None], default=None)
    small_w = need_w is not None and width < need_w
    small_h = need_h is not None and height < need_h
    if not (small_w or small_h):
        return
    by_network = (small_w and need_w == spec.min_width) or (small_h and need_h == spec.min_height)
    who_es = network[0] if by_network and network[0] else "el manual de estilo"
    who_en = network[1] if by_network and network[1] else "the style manual"
    need = f"{need_w or '—'} × {need_h or '—'}"
    yield finding(
        context,
        "media-dimensions",
        f"{name.es} mide {width} × {height} píxeles y {who_es} pide al menos {need}",
        f"{name.en} is {width} × {height} pixels and {who_en} asks for at least {need}",
        "use el original a más resolución",
        "use the original at a higher resolution",
    )


# --- video-captions -----------------------------------------------------------------------------


def check_video_captions(context: RuleContext) -> Iterator[Finding]:
    """Flag videos without captions (subtítulos).

    A draft's ``captions`` is its author's word: without it, an error. A published post's
    record rarely says (X's, Mastodon's, Meta's and LinkedIn's archives do not record
    captions, nor burnt-in ones), so there the finding says that the record does not show
    captions, at most a warning.
    """
    for index, media in enumerate(context.message.media, start=1):
        if media.kind is not MediaKind.VIDEO or media.captions:
            continue
        name = which(index, media)
        if context.published:
            yield finding(
                context,
                "video-captions",
                f"el registro de esta publicación no dice que {name.es} lleve "
                "subtítulos (los archivos de las redes no suelen decirlo)",
                f"the record of this published post does not say that {name.en} "
                "carries captions (networks' archives seldom say)",
                "compruebe el vídeo: si no lleva subtítulos, súbalos a la red o publíquelo "
                "subtitulado; si los lleva, marque captions = true",
                "check the video: if it has no captions, add them on the network or republish it "
                "captioned; if it has them, set captions = true",
                severity=Severity.WARNING if context.severity is Severity.ERROR else None,
            )
            continue
        yield finding(
            context,
            "video-captions",
            f"{name.es} no lleva subtítulos (captions = false)",
            f"{name.en} has no captions (captions = false)",
            "subtitúlelo (un fichero .srt o .vtt, o subtítulos incrustados) y marque "
            "captions = true",
            "caption it (an .srt or .vtt file, or burnt-in captions) and set captions = true",
        )


# --- the rules ----------------------------------------------------------------------------------

_SPECS = "govsm/media/data/media-specs.toml (each network's sources)"

#: the media rules judge attachments only: a message without any is not theirs to run on
_WITH_MEDIA = Scope(media=True)

MEDIA_COUNT = Rule(
    id="media-count",
    scope=_WITH_MEDIA,
    title=Bilingual(es="Número de adjuntos", en="Number of attachments"),
    default_severity=Severity.ERROR,
    check=check_media_count,
    params={"max": 0},
    family="media",
    reference=f"Each network's limit (channel limits.media); {_SPECS}",
    explanation=(
        "A post with more attachments than its network allows is refused. govsm compares the "
        "number of attachments with the channel's limit (X and Bluesky: 4, Threads: 20…) and "
        "with the style manual's `max` (0: no limit of its own), and flags a video or GIF "
        "that shares a post where the network wants it alone (X: 4 photos, or 1 GIF, or 1 "
        "video; Bluesky: images or one video)."
    ),
)

MEDIA_FORMAT = Rule(
    id="media-format",
    scope=_WITH_MEDIA,
    title=Bilingual(es="Formato de los adjuntos", en="Attachment format"),
    default_severity=Severity.ERROR,
    check=check_media_format,
    params={"allowed": []},
    family="media",
    reference=_SPECS,
    explanation=(
        "Networks accept some formats only: Instagram's publishing API takes JPEG images, "
        "Bluesky MP4 videos, X JPEG/PNG/GIF/WebP. The format is read from the file when it is "
        "local (Pillow, or the video container's first bytes), else from `mime_type`, else "
        "from the extension. `allowed` narrows it to the style manual's formats. An attachment "
        "declared as an image that is a video file (or the reverse) is flagged too."
    ),
)

MEDIA_SIZE = Rule(
    id="media-size",
    scope=_WITH_MEDIA,
    title=Bilingual(es="Peso de los adjuntos", en="Attachment size"),
    default_severity=Severity.ERROR,
    check=check_media_size,
    params={"max_image_bytes": 0, "max_video_bytes": 0},
    family="media",
    reference=_SPECS,
    explanation=(
        "A file over the network's maximum is refused on upload (X: 5 MB images, 15 MB GIFs, "
        "512 MB videos; Bluesky: 1,000,000 bytes per image). The size is the file's when it is "
        "local, else `Media.size`. `max_image_bytes` and `max_video_bytes` (0: none) set the "
        "style manual's own maximum, for pages that must load fast."
    ),
)

MEDIA_DIMENSIONS = Rule(
    id="media-dimensions",
    scope=_WITH_MEDIA,
    title=Bilingual(es="Tamaño y proporción de los adjuntos", en="Attachment dimensions"),
    default_severity=Severity.WARNING,
    check=check_media_dimensions,
    params={"min_width": 0, "min_height": 0, "min_aspect": 0.0, "max_aspect": 0.0},
    family="media",
    reference=f"{_SPECS}; seed 004 (style manual: image sizes)",
    explanation=(
        "Some networks refuse or crop images of the wrong shape: Instagram's feed takes "
        "aspect ratios from 4:5 (0.8) to 1.91:1, Threads up to 10:1. Width and height come "
        "from the file when it is local (Pillow; EXIF rotation applied), else from the "
        "`Media` fields. The style manual can ask for a minimum size (`min_width`, "
        "`min_height`) and a range of aspect ratios (`min_aspect`, `max_aspect`, width ÷ "
        "height); 0 means none. Aspect ratios are compared with a 1% tolerance."
    ),
)

VIDEO_CAPTIONS = Rule(
    id="video-captions",
    scope=_WITH_MEDIA,
    title=Bilingual(es="Vídeos subtitulados", en="Captioned videos"),
    default_severity=Severity.ERROR,
    check=check_video_captions,
    family="media",
    reference=(
        "WCAG 2.2 SC 1.2.2 Captions (Prerecorded), level A; Guia de xarxes socials de la "
        "Generalitat de Catalunya, 4.1.6 and 6.6 (subtitles are essential)"
    ),
    explanation=(
        "A video without captions shuts out deaf and hard-of-hearing people, and everyone "
        "watching without sound. The Generalitat's guide calls subtitles essential on every "
        "network. govsm cannot look inside a video: it trusts the attachment's `captions` "
        "flag, so set it only when the video really carries them."
    ),
)

MEDIA_FILE = Rule(
    id="media-file",
    scope=_WITH_MEDIA,
    title=Bilingual(es="Ficheros de los adjuntos", en="Attachment files"),
    default_severity=Severity.ERROR,
    check=check_media_file,
    family="media",
    reference="govsm: attachments named by a path are read from the workspace",
    explanation=(
        "An attachment named by a path inside the workspace must be there and be a readable "
        "image or video: a missing, unreadable, truncated or corrupt file (or one that is not "
        "an image or video at all) would fail at publishing time. Paths leading outside the "
        "workspace are not read. URLs are not fetched. The rule runs only when the workspace "
        "folder is known."
    ),
)

RULES = (
    MEDIA_COUNT,
    MEDIA_FORMAT,
    MEDIA_SIZE,
    MEDIA_DIMENSIONS,
    VIDEO_CAPTIONS,
    MEDIA_FILE,
)


@hookimpl
def govsm_rules() -> list[Rule]:
    """Declare the media rules."""
    return list(RULES)
