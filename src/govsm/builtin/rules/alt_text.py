"""Built-in rule: images described for people who cannot see them (``alt-text``).

An alt text that is missing, a file name, a placeholder (``foto``, ``una imatge``, ``irudia``)
or the post's own text tells a screen-reader user nothing (WCAG failure F30). The generic and
filler words are data (``rules/data/alt-text-generic.txt``, ``alt-text-filler.txt``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache
from importlib import resources
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

import regex

from govsm.media.facts import finding, short_location, which
from govsm.media.formats import is_remote
from govsm.model import Bilingual, Finding, Media, Severity
from govsm.rules.params import nonblank_text_list, whole_number
from govsm.spec.hookspecs import hookimpl
from govsm.spec.rule import Rule, Scope
from govsm.spec.rule_context import RuleContext

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


def _word_list(name: str) -> frozenset[str]:
    text = resources.files("govsm.rules").joinpath("data", name).read_text(encoding="utf-8")
    words = set()
    for line in text.splitlines():
        item = line.split("#", 1)[0].strip()
        if item:
            words.add(fold(item))
    return frozenset(words)


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
            yield finding(
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
            who_es = (
                channel.display_name("es")
                if channel and limit == network_max
                else "el manual de estilo"
            )
            who_en = channel.name if channel and limit == network_max else "the style manual"
            yield finding(
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
    quoted = short_location(alt, 60)
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


ALT_TEXT = Rule(
    id="alt-text",
    scope=Scope(media=True),
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


@hookimpl
def govsm_rules() -> list[Rule]:
    """Declare the alt-text rule."""
    return [ALT_TEXT]
