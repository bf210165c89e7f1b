"""Built-in rules: attachments as each network and the organisation's style manual want them.

Seven rules look at a message's :class:`~govsm.model.Media`: how many there are
(``media-count``), in which format (``media-format``), how heavy (``media-size``), how big and
how shaped (``media-dimensions``), whether videos are captioned (``video-captions``), whether
images are described (``alt-text``) and whether a local file can be read at all
(``media-file``). Media findings have no text span: the message names the attachment by its
position (1, 2…) and location.

The networks' figures are data (``govsm/rules/data/media-specs.toml``, with their sources); the
style manual narrows them through each rule's parameters.

Width, height, size and format come from the file itself when ``Media.location`` is a path
inside the workspace and the rule knows the workspace folder (see :func:`workspace_root`), else
from the ``Media`` fields. A missing, unreadable or broken file is a ``media-file`` finding,
never an exception.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
import warnings
from collections.abc import Iterator, Mapping
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import regex
from attrs import frozen

from govsm.hookspecs import hookimpl
from govsm.model import Bilingual, Channel, Finding, Media, MediaKind, Severity
from govsm.rules.context import RuleContext
from govsm.rules.params import nonblank_text_list, number, whole_number
from govsm.rules.spec import Rule

# --- the networks' specifications, as data ------------------------------------------------------


@frozen
class KindSpec:
    """What a network accepts for one kind of attachment (``None``: not checked)."""

    formats: frozenset[str] | None = None
    max_bytes: int | None = None
    min_width: int | None = None
    min_height: int | None = None
    min_aspect: float | None = None
    max_aspect: float | None = None


@frozen
class ProfileImageSpec:
    """The profile picture or banner a network recommends (``None``: not checked)."""

    width: int | None = None
    height: int | None = None
    aspect: float | None = None
    formats: frozenset[str] | None = None
    max_bytes: int | None = None


@frozen
class NetworkMedia:
    """A network's media specifications, read from ``media-specs.toml``."""

    channel: str
    image: KindSpec | None = None
    gif: KindSpec | None = None
    video: KindSpec | None = None
    avatar: ProfileImageSpec | None = None
    header: ProfileImageSpec | None = None
    alone: frozenset[str] = frozenset()
    sources: tuple[str, ...] = ()
    notes: str | None = None
    uncertain: frozenset[str] = frozenset()

    def for_kind(self, kind: MediaKind) -> KindSpec | None:
        """The specification for an attachment of ``kind`` (a GIF falls back to images)."""
        if kind is MediaKind.IMAGE:
            return self.image
        if kind is MediaKind.GIF:
            return self.gif or self.image
        if kind is MediaKind.VIDEO:
            return self.video
        return None


def _data_text(name: str) -> str:
    return resources.files("govsm.rules").joinpath("data", name).read_text(encoding="utf-8")


def _word_list(name: str) -> frozenset[str]:
    words = set()
    for line in _data_text(name).splitlines():
        item = line.split("#", 1)[0].strip()
        if item:
            words.add(fold(item))
    return frozenset(words)


def _int(table: Mapping[str, object], key: str) -> int | None:
    value = table.get(key)
    return int(value) if isinstance(value, int) else None


def _float(table: Mapping[str, object], key: str) -> float | None:
    value = table.get(key)
    return float(value) if isinstance(value, int | float) else None


def _formats(table: Mapping[str, object]) -> frozenset[str] | None:
    value = table.get("formats")
    if not isinstance(value, list):
        return None
    return frozenset(str(item).lower() for item in value)


def _kind_spec(table: object) -> KindSpec | None:
    if not isinstance(table, dict):
        return None
    return KindSpec(
        formats=_formats(table),
        max_bytes=_int(table, "max_bytes"),
        min_width=_int(table, "min_width"),
        min_height=_int(table, "min_height"),
        min_aspect=_float(table, "min_aspect"),
        max_aspect=_float(table, "max_aspect"),
    )


def _profile_image_spec(table: object) -> ProfileImageSpec | None:
    if not isinstance(table, dict):
        return None
    return ProfileImageSpec(
        width=_int(table, "width"),
        height=_int(table, "height"),
        aspect=_float(table, "aspect"),
        formats=_formats(table),
        max_bytes=_int(table, "max_bytes"),
    )


@cache
def media_specs() -> Mapping[str, NetworkMedia]:
    """Every network's media specifications, by channel id (read once)."""
    data = tomllib.loads(_data_text("media-specs.toml"))
    specs: dict[str, NetworkMedia] = {}
    for channel, table in data.items():
        if not isinstance(table, dict):
            continue
        specs[channel] = NetworkMedia(
            channel=channel,
            image=_kind_spec(table.get("image")),
            gif=_kind_spec(table.get("gif")),
            video=_kind_spec(table.get("video")),
            avatar=_profile_image_spec(table.get("avatar")),
            header=_profile_image_spec(table.get("header")),
            alone=frozenset(str(k) for k in table.get("alone", [])),
            sources=tuple(str(s) for s in table.get("sources", [])),
            notes=str(table["notes"]) if "notes" in table else None,
            uncertain=frozenset(str(k) for k in table.get("uncertain", [])),
        )
    return specs


def network_media(channel: Channel | None) -> NetworkMedia | None:
    """The media specifications of ``channel``, if govsm knows them."""
    return media_specs().get(channel.id) if channel is not None else None


# --- formats ------------------------------------------------------------------------------------

#: formats that are images; the others known here are videos
IMAGE_FORMATS = frozenset({"jpeg", "png", "gif", "webp", "heic", "avif", "tiff", "bmp", "svg"})
VIDEO_FORMATS = frozenset({"mp4", "mov", "webm", "mkv", "avi", "wmv", "flv", "3gp", "mpeg", "ogv"})

_EXTENSIONS = {
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".jpe": "jpeg",
    ".jfif": "jpeg",
    ".png": "png",
    ".gif": "gif",
    ".webp": "webp",
    ".heic": "heic",
    ".heif": "heic",
    ".avif": "avif",
    ".tif": "tiff",
    ".tiff": "tiff",
    ".bmp": "bmp",
    ".svg": "svg",
    ".mp4": "mp4",
    ".m4v": "mp4",
    ".mov": "mov",
    ".qt": "mov",
    ".webm": "webm",
    ".mkv": "mkv",
    ".avi": "avi",
    ".wmv": "wmv",
    ".flv": "flv",
    ".3gp": "3gp",
    ".mpg": "mpeg",
    ".mpeg": "mpeg",
    ".ogv": "ogv",
}

_MIME_TYPES = {
    "image/jpeg": "jpeg",
    "image/jpg": "jpeg",
    "image/pjpeg": "jpeg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/heic": "heic",
    "image/heif": "heic",
    "image/avif": "avif",
    "image/tiff": "tiff",
    "image/bmp": "bmp",
    "image/svg+xml": "svg",
    "video/mp4": "mp4",
    "video/quicktime": "mov",
    "video/webm": "webm",
    "video/x-matroska": "mkv",
    "video/x-msvideo": "avi",
    "video/x-ms-wmv": "wmv",
    "video/x-flv": "flv",
    "video/3gpp": "3gp",
    "video/mpeg": "mpeg",
    "video/ogg": "ogv",
}

#: Pillow's format names, in govsm's words
_PILLOW_FORMATS = {"JPEG": "jpeg", "MPO": "jpeg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
_PILLOW_FORMATS |= {"TIFF": "tiff", "BMP": "bmp", "AVIF": "avif", "HEIF": "heic"}

_HEIC_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"})
_AVIF_BRANDS = frozenset({b"avif", b"avis"})

FORMAT_NAMES = {
    "jpeg": "JPEG",
    "png": "PNG",
    "gif": "GIF",
    "webp": "WebP",
    "heic": "HEIC",
    "avif": "AVIF",
    "tiff": "TIFF",
    "bmp": "BMP",
    "svg": "SVG",
    "mp4": "MP4",
    "mov": "MOV",
    "webm": "WebM",
    "mkv": "MKV",
    "avi": "AVI",
    "wmv": "WMV",
    "flv": "FLV",
    "3gp": "3GP",
    "mpeg": "MPEG",
    "ogv": "Ogg",
}


def format_name(fmt: str) -> str:
    """A format as people write it (``jpeg`` → ``JPEG``)."""
    return FORMAT_NAMES.get(fmt, fmt.upper())


def format_from_mime(mime_type: str | None) -> str | None:
    """The format a MIME type names, if govsm knows it."""
    if not mime_type:
        return None
    return _MIME_TYPES.get(mime_type.split(";", 1)[0].strip().lower())


def format_from_location(location: str) -> str | None:
    """The format a path's or URL's extension suggests, if any."""
    path = urlsplit(location).path if is_remote(location) else location
    return _EXTENSIONS.get(PurePosixPath(unquote(path)).suffix.lower())


def _sniff(head: bytes) -> str | None:
    """A video (or HEIC/AVIF) container's format from its first bytes."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand == b"qt  ":
            return "mov"
        if brand in _HEIC_BRANDS:
            return "heic"
        if brand in _AVIF_BRANDS:
            return "avif"
        if brand.startswith(b"3g"):
            return "3gp"
        return "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm" if b"webm" in head else "mkv"
    if head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return "avi"
    if head.startswith(b"OggS"):
        return "ogv"
    if head.startswith(b"FLV"):
        return "flv"
    if head.startswith(b"\x30\x26\xb2\x75\x8e\x66\xcf\x11"):
        return "wmv"
    if head.startswith((b"\x00\x00\x01\xba", b"\x00\x00\x01\xb3")):
        return "mpeg"
    return None


# --- reading local files ------------------------------------------------------------------------

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")

#: images with more pixels than this are measured from their header but not decoded
MAX_DECODE_PIXELS = 60_000_000


def is_remote(location: str) -> bool:
    """Whether ``location`` is a URL (``https://…``, ``data:…``) rather than a path."""
    match = _SCHEME.match(location)
    # "C:" is a Windows drive, not a scheme
    return match is not None and len(match.group()) > 2


@frozen
class MediaProbe:
    """What govsm could read from a media file.

    :param path: the file.
    :param problem: ``None`` when it was read, else ``missing``, ``unreadable``, ``not-media``
        (not an image or video govsm recognises) or ``broken`` (truncated or corrupt).
    :param detail: what the reader said, for people.
    :param size: its size in bytes.
    :param format: its format (``jpeg``, ``mp4``…), when recognised.
    :param width: in pixels, as displayed (EXIF rotation applied), when known.
    :param height: in pixels, likewise.
    """

    path: Path
    problem: str | None = None
    detail: str = ""
    size: int | None = None
    format: str | None = None
    width: int | None = None
    height: int | None = None


def probe_file(path: Path) -> MediaProbe:
    """Read a media file's size, format and dimensions; never raises.

    Images are opened with Pillow and decoded (JPEG at reduced scale, which still reads the
    whole stream) so that a truncated or corrupt file is reported; videos are recognised by
    their container's first bytes and not decoded. Results are cached while the file's size and
    modification time stay the same.
    """
    try:
        stat = path.stat()
    except FileNotFoundError:
        return MediaProbe(path, "missing", "no such file")
    except OSError as exc:
        return MediaProbe(path, "unreadable", exc.strerror or type(exc).__name__)
    if not path.is_file():
        return MediaProbe(path, "unreadable", "not a regular file")
    return _probe_cached(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=2048)
def _probe_cached(path: Path, mtime_ns: int, size: int) -> MediaProbe:
    try:
        with path.open("rb") as handle:
            head = handle.read(64)
    except OSError as exc:
        return MediaProbe(path, "unreadable", exc.strerror or type(exc).__name__, size=size)
    sniffed = _sniff(head)
    if sniffed is not None and sniffed not in ("heic", "avif"):
        return MediaProbe(path, size=size, format=sniffed)
    return _probe_image(path, size, sniffed)


def _probe_image(path: Path, size: int, sniffed: str | None) -> MediaProbe:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # DecompressionBombWarning: handled below
            with Image.open(path) as image:
                fmt = _PILLOW_FORMATS.get(image.format or "", (image.format or "").lower())
                width, height = image.size
                if _rotated(image):
                    width, height = height, width
                if width * height <= MAX_DECODE_PIXELS:
                    if image.format in ("JPEG", "MPO"):
                        image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                    image.load()
    except UnidentifiedImageError:
        if sniffed is not None:  # HEIC/AVIF without a Pillow plugin: recognised, not measured
            return MediaProbe(path, size=size, format=sniffed)
        return MediaProbe(path, "not-media", "not an image or a video govsm recognises", size)
    except Image.DecompressionBombError:
        return MediaProbe(path, size=size, format=sniffed)
    except (OSError, SyntaxError, ValueError, EOFError, IndexError) as exc:
        return MediaProbe(path, "broken", str(exc) or type(exc).__name__, size=size)
    except Exception as exc:  # a broken file must never stop a check
        return MediaProbe(path, "broken", f"{type(exc).__name__}: {exc}", size=size)
    return MediaProbe(path, size=size, format=fmt, width=width, height=height)


def _rotated(image: object) -> bool:
    """Whether EXIF says the image is displayed turned by 90 degrees."""
    try:
        exif = image.getexif()  # type: ignore[attr-defined]
        return int(exif.get(0x0112, 1)) in (5, 6, 7, 8)
    except Exception:
        return False


def workspace_root(context: RuleContext) -> Path | None:
    """The workspace folder media paths are relative to, when the rule knows it.

    The engine passes it as :attr:`RuleContext.root <govsm.rules.RuleContext.root>`; a ``root``
    parameter (which an embedding application or a test can set) stands in when it is absent.
    """
    if context.root is not None:
        return context.root
    param = context.params.get("root")
    return Path(param) if isinstance(param, str) and param else None


def local_path(location: str, root: Path) -> Path | None:
    """``location`` inside ``root``; ``None`` when it points outside the workspace."""
    try:
        base = root.resolve()
        path = (base / location).resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    return path if path == base or path.is_relative_to(base) else None


# --- what is known of one attachment ------------------------------------------------------------


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


_KIND_NAMES = {
    MediaKind.IMAGE: ("imagen", "image"),
    MediaKind.VIDEO: ("vídeo", "video"),
    MediaKind.GIF: ("GIF", "GIF"),
    MediaKind.AUDIO: ("audio", "audio"),
    MediaKind.DOCUMENT: ("documento", "document"),
}


def _short(location: str, limit: int = 90) -> str:
    return location if len(location) <= limit else location[: limit - 1] + "…"


def which(index: int, media: Media) -> Bilingual:
    """How a finding names an attachment: ``el adjunto 2 (imagen, fotos/plaça.jpg)``."""
    es, en = _KIND_NAMES[media.kind]
    where = _short(media.location)
    return Bilingual(
        es=f"el adjunto {index} ({es}, {where})", en=f"attachment {index} ({en}, {where})"
    )


def _mb(size: float, lang: str) -> str:
    text = f"{size / 1_048_576:.1f} MiB"
    return text.replace(".", ",") if lang == "es" else text


def _num(value: float, lang: str) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "es" else text


def _finding(
    context: RuleContext,
    rule: str,
    es: str,
    en: str,
    suggestion_es: str,
    suggestion_en: str,
    reference: str | None = None,
    severity: Severity | None = None,
) -> Finding:
    return Finding(
        rule=rule,
        severity=severity or context.severity,
        message=Bilingual(es=es, en=en),
        suggestion=Bilingual(es=suggestion_es, en=suggestion_en),
        reference=reference,
    )


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
    network = channel.name if channel is not None else ""
    if limits and len(media) > min(limits):
        limit = min(limits)
        by_network = network_limit is not None and limit == network_limit
        who_es = f"{network} admite" if by_network else "el manual de estilo admite"
        who_en = f"{network} allows" if by_network else "the style manual allows"
        extra = [str(i) for i in range(limit + 1, len(media) + 1)]
        if len(extra) == 1:
            over_es, over_en = (
                f"sobra el adjunto {extra[0]}",
                f"attachment {extra[0]} is one too many",
            )
        else:
            listed = ", ".join(extra)
            over_es, over_en = f"sobran los adjuntos {listed}", f"attachments {listed} are too many"
        yield _finding(
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
            yield _finding(
                context,
                "media-count",
                f"{name.es}: en {network} un {_KIND_NAMES[item.kind][0]} va solo en la "
                f"publicación, y esta lleva {len(media)} adjuntos",
                f"{name.en}: on {network} a {_KIND_NAMES[item.kind][1]} goes alone in a post, "
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
    network = context.channel.name if context.channel is not None else ""
    for index, media in enumerate(context.message.media, start=1):
        fmt = facts(context, media).format
        if fmt is None:
            continue
        name = which(index, media)
        category = _category(fmt)
        expected = {MediaKind.IMAGE: "image", MediaKind.GIF: "image", MediaKind.VIDEO: "video"}
        wanted = expected.get(media.kind)
        if category is not None and wanted is not None and category != wanted:
            yield _finding(
                context,
                "media-format",
                f"{name.es} está declarado como {_KIND_NAMES[media.kind][0]} pero es un "
                f"fichero {format_name(fmt)}",
                f"{name.en} is declared as {_KIND_NAMES[media.kind][1]} but its file is in "
                f"{format_name(fmt)} format",
                "corrija el tipo del adjunto (kind) o adjunte el fichero correcto",
                "correct the attachment's kind or attach the right file",
            )
            continue
        kind_spec = spec.for_kind(media.kind) if spec is not None else None
        accepted = kind_spec.formats if kind_spec is not None else None
        if accepted is not None and fmt not in accepted:
            names = ", ".join(format_name(f) for f in sorted(accepted))
            yield _finding(
                context,
                "media-format",
                f"{name.es} está en formato {format_name(fmt)} y {network} solo admite {names}",
                f"{name.en} is in {format_name(fmt)} format and {network} only accepts {names}",
                f"conviértalo a {names.split(', ')[0]}",
                f"convert it to {names.split(', ')[0]}",
            )
        elif allowed and fmt not in allowed:
            names = ", ".join(format_name(f) for f in sorted(allowed))
            yield _finding(
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
    network = context.channel.name if context.channel is not None else ""
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
        who_es = f"{network} admite" if by_network else "el manual de estilo admite"
        who_en = f"{network} accepts" if by_network else "the style manual accepts"
        name = which(index, media)
        yield _finding(
            context,
            "media-size",
            f"{name.es} ocupa {_mb(size, 'es')} ({size} bytes) y {who_es} hasta "
            f"{_mb(limit, 'es')} ({limit} bytes)",
            f"{name.en} takes {_mb(size, 'en')} ({size} bytes) and {who_en} up to "
            f"{_mb(limit, 'en')} ({limit} bytes)",
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
    network = context.channel.name if context.channel is not None else ""
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
        yield from _too_small(context, name, width, height, kind_spec, network)
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
        who_es = network if by_network and network else "el manual de estilo"
        who_en = network if by_network and network else "the style manual"
        span_es = _range(low, high, "es")
        span_en = _range(low, high, "en")
        shape_es = "demasiado vertical" if too_tall else "demasiado horizontal"
        shape_en = "too tall" if too_tall else "too wide"
        yield _finding(
            context,
            "media-dimensions",
            f"{name.es} mide {width} × {height} (proporción {_num(aspect, 'es')}:1), "
            f"{shape_es}: {who_es} pide una proporción {span_es}",
            f"{name.en} is {width} × {height} (aspect {_num(aspect, 'en')}:1), {shape_en}: "
            f"{who_en} asks for an aspect ratio {span_en}",
            "recórtela a una proporción admitida (1:1 o 4:5 caben en casi todas las redes)",
            "crop it to an accepted aspect ratio (1:1 or 4:5 fit almost every network)",
        )


def _range(low: float | None, high: float | None, lang: str) -> str:
    if low is not None and high is not None:
        if lang == "es":
            return f"entre {_num(low, lang)}:1 y {_num(high, lang)}:1"
        return f"between {_num(low, lang)}:1 and {_num(high, lang)}:1"
    if low is not None:
        return (
            f"de al menos {_num(low, lang)}:1"
            if lang == "es"
            else f"of at least {_num(low, lang)}:1"
        )
    assert high is not None
    return (
        f"de como mucho {_num(high, lang)}:1"
        if lang == "es"
        else f"of at most {_num(high, lang)}:1"
    )


def _too_small(
    context: RuleContext, name: Bilingual, width: int, height: int, spec: KindSpec, network: str
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
    who_es = network if by_network and network else "el manual de estilo"
    who_en = network if by_network and network else "the style manual"
    need = f"{need_w or '—'} × {need_h or '—'}"
    yield _finding(
        context,
        "media-dimensions",
        f"{name.es} mide {width} × {height} píxeles y {who_es} pide al menos {need}",
        f"{name.en} is {width} × {height} pixels and {who_en} asks for at least {need}",
        "use el original a más resolución",
        "use the original at a higher resolution",
    )


# --- video-captions -----------------------------------------------------------------------------


def check_video_captions(context: RuleContext) -> Iterator[Finding]:
    """Flag videos without captions (subtítulos)."""
    for index, media in enumerate(context.message.media, start=1):
        if media.kind is MediaKind.VIDEO and not media.captions:
            name = which(index, media)
            yield _finding(
                context,
                "video-captions",
                f"{name.es} no lleva subtítulos (captions = false)",
                f"{name.en} has no captions (captions = false)",
                "subtitúlelo (un fichero .srt o .vtt, o subtítulos incrustados) y marque "
                "captions = true",
                "caption it (an .srt or .vtt file, or burnt-in captions) and set captions = true",
            )


# --- alt-text -----------------------------------------------------------------------------------

_WORDS = regex.compile(r"[\p{L}\p{N}]+(?:·[\p{L}\p{N}]+)*")
_MARKS = regex.compile(r"\p{Mn}+")
_SPACES = regex.compile(r"\s+")
_FILE_EXTENSION = regex.compile(
    r"\.(?:jpe?g|jfif|png|gif|webp|heic|heif|avif|tiff?|bmp|svg|mp4|m4v|mov|webm|avi)\s*\Z",
    regex.IGNORECASE,
)
#: names cameras, phones and apps give files: IMG_2034, DSC0001, PXL_20261118_101512…
_CAMERA_NAME = regex.compile(
    r"\A(?:IMG|DSC[NF]?|DCIM|PXL|MVIMG|VID|PANO|GOPR|GH\d\d|DJI|SAM|WP|P\d{3}|Screenshot"
    r"|Captura|WhatsApp|image|photo|foto)[-_]?\d[\w\-.]*\Z",
    regex.IGNORECASE,
)
#: one token with digits and separators and no spaces: foto_2034, cartell-fires-2026
_SLUG = regex.compile(r"\A(?=[\w\-.]*\d)(?=[\w\-.]*[_\-.])[\w\-.]{6,}\Z")
_ADDRESS = regex.compile(r"\A(?:https?://|www\.)\S*\Z", regex.IGNORECASE)
_HASHTAGS_AND_LINKS = regex.compile(r"(?:https?://\S+|www\.\S+|[#@][\w\-.@]+)", regex.IGNORECASE)


def fold(text: str) -> str:
    """Lower case without accents, for comparing words (``Fotografía`` → ``fotografia``)."""
    return _MARKS.sub("", unicodedata.normalize("NFKD", text.casefold()))


@cache
def generic_words() -> frozenset[str]:
    """Words that do not describe an image (``alt-text-generic.txt``), folded."""
    return _word_list("alt-text-generic.txt")


@cache
def filler_words() -> frozenset[str]:
    """Words that add nothing to generic ones (``alt-text-filler.txt``), folded."""
    return _word_list("alt-text-filler.txt")


def looks_like_file_name(alt: str, location: str | None = None) -> bool:
    """Whether ``alt`` is a file name (``IMG_2034.jpg``, ``DSC0001``) rather than a description."""
    text = alt.strip()
    if _FILE_EXTENSION.search(text) or _CAMERA_NAME.match(text) or _SLUG.match(text):
        return True
    if location:
        path = urlsplit(location).path if is_remote(location) else location
        base = PurePosixPath(unquote(path)).name
        stem = base.rsplit(".", 1)[0]
        folded = fold(text)
        return bool(base) and folded in (fold(base), fold(stem))
    return False


def is_generic(alt: str, extra: frozenset[str] = frozenset()) -> bool:
    """Whether ``alt`` is only generic words (``foto``, ``una imatge``, ``irudi bat``)."""
    tokens = [fold(t) for t in _WORDS.findall(alt)]
    if extra and " ".join(tokens) in extra:
        return True
    generic = generic_words()
    fillers = filler_words()
    content = [t for t in tokens if t not in fillers and not t.isdigit()]
    return all(t in generic or t in extra for t in content)


def _normal(text: str) -> str:
    return _SPACES.sub(" ", text.casefold()).strip(" .,:;!?¡¿…-–—\"'«»")


def check_alt_text(context: RuleContext) -> Iterator[Finding]:
    """Flag images whose alt text is missing, a file name, generic, the post's text, or too long."""
    if not context.message.media:
        return
    params = context.params
    kinds = set(nonblank_text_list(params, "kinds") or ["image", "gif"])
    min_length = whole_number(params, "min_length")
    manual_max = whole_number(params, "max_length") or None
    channel = context.channel
    network_max = channel.limits.alt_text if channel is not None else None
    maxima = [x for x in (network_max, manual_max) if x is not None]
    extra = _forbidden(tuple(nonblank_text_list(params, "forbidden")))
    text = context.message.text
    for index, media in enumerate(context.message.media, start=1):
        if media.kind.value not in kinds:
            continue
        problem = _alt_problem(media, min_length, extra, text)
        if problem is not None:
            name = which(index, media)
            es, en = problem
            yield _finding(
                context,
                "alt-text",
                f"{name.es} {es}",
                f"{name.en} {en}",
                "describa lo que muestra la imagen y lo que importa de ella (quién, qué, dónde, "
                "el texto que contenga), en una o dos frases",
                "describe what the image shows and what matters in it (who, what, where, any "
                "text in it), in a sentence or two",
                reference="W3C WAI Images Tutorial; WCAG 2.2 SC 1.1.1 (F30, F65)",
            )
            continue
        alt = (media.alt_text or "").strip()
        if maxima and len(alt) > min(maxima):
            name = which(index, media)
            limit = min(maxima)
            who_es = channel.name if channel and limit == network_max else "el manual de estilo"
            who_en = channel.name if channel and limit == network_max else "the style manual"
            yield _finding(
                context,
                "alt-text",
                f"{name.es} tiene un texto alternativo de {len(alt)} caracteres y {who_es} "
                f"admite {limit}",
                f"{name.en} has an alt text of {len(alt)} characters and {who_en} allows {limit}",
                "resúmalo; lo que no quepa puede ir en el texto de la publicación",
                "shorten it; what does not fit can go in the post's text",
            )


@lru_cache(maxsize=64)
def _forbidden(words: tuple[str, ...]) -> frozenset[str]:
    """The style manual's placeholder words and phrases, folded."""
    return frozenset(fold(" ".join(_WORDS.findall(word))) for word in words)


def _alt_problem(
    media: Media, min_length: int, extra: frozenset[str], text: str
) -> tuple[str, str] | None:
    if media.alt_text is None:
        return ("no tiene texto alternativo", "has no alt text")
    alt = media.alt_text.strip()
    quoted = _short(alt, 60)
    if not alt or not _WORDS.search(alt):
        return ("tiene el texto alternativo vacío", "has an empty alt text")
    if looks_like_file_name(alt, media.location):
        return (
            f"tiene como texto alternativo un nombre de fichero: «{quoted}»",
            f"has a file name as its alt text: '{quoted}'",
        )
    if _ADDRESS.match(alt):
        return (
            f"tiene como texto alternativo una dirección: «{quoted}»",
            f"has an address as its alt text: '{quoted}'",
        )
    if is_generic(alt, extra):
        return (
            f"tiene un texto alternativo que no describe nada: «{quoted}»",
            f"has an alt text that describes nothing: '{quoted}'",
        )
    normal = _normal(alt)
    if normal and normal in (_normal(text), _normal(_HASHTAGS_AND_LINKS.sub(" ", text))):
        return (
            "repite como texto alternativo el texto de la publicación",
            "repeats the post's text as its alt text",
        )
    if len(alt) < min_length:
        return (
            f"tiene un texto alternativo de {len(alt)} caracteres («{quoted}»); se piden al "
            f"menos {min_length}",
            f"has an alt text of {len(alt)} characters ('{quoted}'); at least {min_length} are "
            "asked for",
        )
    return None


# --- media-file ---------------------------------------------------------------------------------

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
            yield _finding(
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
        yield _finding(
            context,
            "media-file",
            f"{name.es} {problem.es}",
            f"{name.en} {problem.en}",
            "compruebe la ruta y vuelva a exportar el fichero",
            "check the path and export the file again",
        )


# --- the rules ----------------------------------------------------------------------------------

_SPECS = "govsm/rules/data/media-specs.toml (each network's sources)"

MEDIA_COUNT = Rule(
    id="media-count",
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

ALT_TEXT = Rule(
    id="alt-text",
    title=Bilingual(es="Texto alternativo de las imágenes", en="Image alt text"),
    default_severity=Severity.ERROR,
    check=check_alt_text,
    params={"min_length": 10, "max_length": 0, "forbidden": [], "kinds": ["image", "gif"]},
    family="media",
    reference=(
        "W3C WAI Images Tutorial (https://www.w3.org/WAI/tutorials/images/); WCAG 2.2 SC 1.1.1, "
        "failures F30 and F65; Guia de xarxes socials de la Generalitat, 4.1.6, 4.2.6, 4.5.2 "
        "and 6.6"
    ),
    explanation=(
        "People who use screen readers hear an image's alt text instead of seeing it. An image "
        "without one, or with a file name (`IMG_2034.jpg`, `DSC0001`), a placeholder (`foto`, "
        "`una imatge`, `irudia`, `image`) or the post's own text, tells them nothing (WCAG "
        "failure F30). govsm flags those, alt texts shorter than `min_length` characters, and "
        "longer than the network's limit (X 1,000; Mastodon 1,500) or `max_length`. "
        "`forbidden` adds the style manual's own placeholder words. Generic words are "
        "recognised in Spanish, Catalan/Valencian, Galician, Basque and English, alone or with "
        "articles and numbers (`Foto 1`, `la imatge adjunta`, `irudi bat`); an alt text that "
        "names something (`Foto de la Senyera al balcó`) passes."
    ),
)

MEDIA_FILE = Rule(
    id="media-file",
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
    ALT_TEXT,
    MEDIA_FILE,
)


@hookimpl
def govsm_rules() -> list[Rule]:
    """Declare the media rules."""
    return list(RULES)
