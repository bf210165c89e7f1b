"""The media rules: what their findings carry (their cases, tests/rules/cases/media.toml, run
in test_cases.py), their data files, reading files, and properties (never a crash, whatever the
alt text, location or file bytes)."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govsm.builtin.rules import alt_text
from govsm.builtin.rules import media as media_rules
from govsm.builtin.rules.alt_text import fold, is_generic, looks_like_file_name
from govsm.media import specs as media_specs_module
from govsm.media.formats import IMAGE_FORMATS, VIDEO_FORMATS, format_from_location, format_from_mime
from govsm.media.probe import local_path, probe_file
from govsm.media.specs import media_specs
from govsm.model import (
    Direction,
    Media,
    MediaKind,
    Message,
    MessageKind,
    MessageState,
    OrganisationSnapshot,
)
from govsm.plugins import PluginHost
from govsm.rules.engine import Checker
from govsm.testing import strategies
from govsm.testing.rule_cases import RuleCase, load_cases, make_file, mismatches, run_case
from tests.rules.example import example_messages

CASES = load_cases(Path(__file__).parent / "cases" / "media.toml")
MEDIA_RULES = {rule.id for rule in (*media_rules.RULES, alt_text.ALT_TEXT)}


def test_media_findings_carry_no_span_a_suggestion_and_the_subject(
    govsm_host: PluginHost, tmp_path: Path
) -> None:
    """Over the media cases (tests/rules/test_cases.py checks what they find): media findings
    point at no text, say how to fix the attachment in both languages, and name the message."""
    assert {case.rule for case in CASES} == MEDIA_RULES
    rules, channels = govsm_host.rules(), govsm_host.channels()
    seen = 0
    for i, case in enumerate(CASES):
        result = run_case(case, rules, channels, folder=tmp_path / str(i))
        for finding in result.findings:
            assert finding.span is None, case.name
            assert finding.message.es and finding.message.en, case.name
            assert finding.suggestion is not None, case.name
            assert finding.subject == "message:case", case.name
        seen += len(result.findings)
    assert seen == sum(int(case.data["count"]) for case in CASES)


# --- the rules' metadata and data files -----------------------------------------------------


def test_rules_are_registered_and_documented(govsm_host: PluginHost) -> None:
    rules = govsm_host.rules()
    for rule_id in MEDIA_RULES:
        rule = rules[rule_id]
        assert rule.family == "media"
        assert rule.title.es and rule.title.en and rule.reference and rule.explanation


def test_specs_name_known_channels_and_cite_sources(govsm_host: PluginHost) -> None:
    channels = govsm_host.channels()
    raw = tomllib.loads(
        (Path(media_specs_module.__file__).parent / "data" / "media-specs.toml").read_text(
            encoding="utf-8"
        )
    )
    for channel_id, spec in media_specs().items():
        assert channel_id in channels
        assert spec.sources, channel_id
        for key in spec.uncertain:  # every uncertain key names something the table has
            head, _, tail = key.partition(".")
            table = raw[channel_id].get(head)
            assert table is not None, key
            assert not tail or tail in table, key
        for kind in (spec.image, spec.gif, spec.video):
            if kind is not None and kind.formats is not None:
                known = IMAGE_FORMATS | VIDEO_FORMATS
                assert kind.formats <= known, channel_id
            if kind is not None and kind.min_aspect and kind.max_aspect:
                assert kind.min_aspect < kind.max_aspect


def test_word_lists_are_folded_and_disjoint() -> None:
    generic = alt_text.generic_words()
    filler = alt_text.filler_words()
    assert {"foto", "imatge", "imagen", "irudia", "argazkia", "imaxe", "image"} <= generic
    assert not generic & filler
    assert all(word == fold(word) for word in generic | filler)


# --- helpers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alt", "location", "expected"),
    [
        ("IMG_2034.jpg", None, True),
        ("DSC0001.JPG", None, True),
        ("DSCN4410", None, True),
        ("PXL_20261118_101512", None, True),
        ("IMG-20261118-WA0003", None, True),
        ("Screenshot_20261118-101512", None, True),
        ("foto_2034", None, True),
        ("cartell-fires-2026", None, True),
        ("Cartell-fires", None, False),
        ("cartell-fires-2026", "https://x.example/media/cartell-fires-2026.jpg", True),
        ("Cartell de les Fires 2026", None, False),
        ("Senyera al balcó", None, False),
        ("2026", None, False),
        ("Foto 1 del concierto de Santa Cecilia en el Auditorio", None, False),
        ("image0", None, True),
        ("COVID", None, False),
    ],
)
def test_file_names(alt: str, location: str | None, expected: bool) -> None:
    assert looks_like_file_name(alt, location) is expected


@pytest.mark.parametrize(
    ("alt", "expected"),
    [
        ("foto", True),
        ("Una foto", True),
        ("la imatge adjunta", True),
        ("Unha imaxe", True),
        ("irudi bat", True),
        ("argazki hau", True),
        ("Imagen 1 de 3", True),
        ("photo of the image", True),
        ("FOTOGRAFÍA", True),
        ("Il·lustració", True),
        ("Foto de la Senyera", False),
        ("Alkatea udaletxean", False),
        ("DANA", False),
    ],
)
def test_generic(alt: str, expected: bool) -> None:
    assert is_generic(alt) is expected


def test_formats_from_mime_and_location() -> None:
    assert format_from_mime("image/jpeg; charset=binary") == "jpeg"
    assert format_from_mime("video/quicktime") == "mov"
    assert format_from_mime("application/octet-stream") is None
    assert format_from_location("https://x.example/a/b/plaça.JPG?w=100#top") == "jpeg"
    assert format_from_location("media/clip.M4V") == "mp4"
    assert format_from_location("https://x.example/no-extension") is None


def test_x_alt_text_limit(govsm_host: PluginHost, tmp_path: Path) -> None:
    alt = "Cartell de la Setmana Cultural amb un llibre obert. " * 20  # > 1000 characters
    case = RuleCase(
        "x limit",
        {
            "rule": "alt-text",
            "network": "x",
            "text": "Setmana Cultural",
            "media": [{"kind": "image", "location": "a.jpg", "alt_text": alt}],
            "count": 1,
        },
    )
    result = run_case(case, govsm_host.rules(), govsm_host.channels(), folder=tmp_path)
    assert not list(mismatches(case, result))
    assert "X (Twitter) allows 1000" in result.findings[0].message.en
    mastodon = attrs.evolve(case, data={**case.data, "network": "mastodon", "count": 0})
    assert not list(
        mismatches(
            mastodon, run_case(mastodon, govsm_host.rules(), govsm_host.channels(), folder=tmp_path)
        )
    )


# --- reading files --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "GIF", "WEBP", "TIFF", "BMP"])
def test_probe_reads_images(tmp_path: Path, fmt: str) -> None:
    path = make_file(
        tmp_path, {"path": f"a.{fmt.lower()}", "format": fmt, "width": 321, "height": 123}
    )
    probe = probe_file(path)
    assert probe.problem is None
    assert (probe.width, probe.height) == (321, 123)
    assert probe.format == {"JPEG": "jpeg", "WEBP": "webp"}.get(fmt, fmt.lower())
    assert probe.size == path.stat().st_size


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        (b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00", "mp4"),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00", "mov"),
        (b"\x00\x00\x00\x18ftyp3gp5\x00\x00\x02\x00", "3gp"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01webm", "webm"),
        (b"RIFF\x00\x00\x00\x00AVI LIST", "avi"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", "heic"),
    ],
)
def test_probe_recognises_containers(tmp_path: Path, head: bytes, fmt: str) -> None:
    path = tmp_path / "clip.bin"
    path.write_bytes(head + b"\x00" * 64)
    probe = probe_file(path)
    assert probe.problem is None and probe.format == fmt


def test_probe_reports_problems(tmp_path: Path) -> None:
    assert probe_file(tmp_path / "nothing.jpg").problem == "missing"
    assert probe_file(tmp_path).problem == "unreadable"
    (tmp_path / "empty.png").write_bytes(b"")
    assert probe_file(tmp_path / "empty.png").problem == "not-media"
    broken = make_file(
        tmp_path,
        {
            "path": "b.png",
            "format": "PNG",
            "width": 300,
            "height": 300,
            "noise": True,
            "truncate": True,
        },
    )
    assert probe_file(broken).problem == "broken"


def test_probe_follows_changes(tmp_path: Path) -> None:
    path = make_file(tmp_path, {"path": "a.png", "format": "PNG", "width": 10, "height": 10})
    assert probe_file(path).width == 10
    make_file(
        tmp_path, {"path": "a.png", "format": "PNG", "width": 20, "height": 30, "noise": True}
    )
    assert (probe_file(path).width, probe_file(path).height) == (20, 30)


def test_local_paths_stay_inside_the_workspace(tmp_path: Path) -> None:
    assert local_path("media/a.jpg", tmp_path) == (tmp_path / "media" / "a.jpg").resolve()
    assert local_path("../a.jpg", tmp_path) is None
    assert local_path("/etc/passwd", tmp_path) is None
    assert local_path("media/../../a.jpg", tmp_path) is None


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=400))
def test_probe_never_raises(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.bin"
    path.write_bytes(data)
    probe = probe_file(path)
    assert probe.problem in (None, "not-media", "broken")


# --- properties -----------------------------------------------------------------------------

_tricky_locations = st.sampled_from(
    [
        "media/a.png",
        "media/missing.jpg",
        "../../etc/passwd",
        "/etc/hostname",
        "media",
        "https://x.example/a.jpg",
        "C:\\fotos\\a.jpg",
        "data:image/png;base64,AAAA",
        "a.JPG",
    ]
)
_tricky_alts = st.sampled_from(
    ["IMG_2034.jpg", "foto", "irudi bat", "   ", "·", "l·l", "𝗔𝗩𝗜𝗦", "DSC0001", "www.x"]
)
_media = strategies.media() | st.builds(
    Media,
    kind=st.sampled_from(list(MediaKind)),
    location=_tricky_locations | strategies.shown_names,
    alt_text=st.none() | _tricky_alts | strategies.texts,
    width=st.none() | st.integers(1, 20_000),
    height=st.none() | st.integers(1, 20_000),
    size=st.none() | st.integers(0, 10**11),
    captions=st.booleans(),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=strategies.texts,
    media=st.lists(_media, max_size=5),
    network=st.sampled_from(
        ["x", "instagram", "bluesky", "mastodon", "facebook", "youtube", "flickr", "blog", None]
    ),
)
def test_media_rules_never_crash(
    govsm_host: PluginHost, tmp_path: Path, text: str, media: list[Media], network: str | None
) -> None:
    make_file(tmp_path, {"path": "media/a.png", "format": "PNG", "width": 64, "height": 48})
    message = Message(
        organisation="cases",
        id="fuzz",
        profile="p",
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.DRAFT,
        text=text,
        media=tuple(media),
        created_at=datetime(2026, 11, 20, tzinfo=UTC),
    )
    rules = {
        rule_id: attrs.evolve(rule, params={**rule.params, "root": str(tmp_path)})
        for rule_id, rule in govsm_host.rules().items()
        if rule_id in MEDIA_RULES
    }
    channels = govsm_host.channels()
    result = Checker(rules, channels).check(message, channels.get(network) if network else None)
    assert not [f for f in result.findings if f.rule == "rule-failed"]
    assert all(f.span is None for f in result.findings)


# --- the example council --------------------------------------------------------------------


def test_example_alt_text_mistakes_are_found(
    govsm_host: PluginHost, snapshot: OrganisationSnapshot
) -> None:
    """Exactly the README's planted media mistakes, and nothing else, in history and drafts."""
    rules = {k: v for k, v in govsm_host.rules().items() if k in MEDIA_RULES}
    checker = Checker(rules, govsm_host.channels(), snapshot)
    found: dict[str, list[str]] = {}
    for message in example_messages(snapshot):
        for finding in checker.check(message).findings:
            found.setdefault(message.id, []).append(finding.rule)
    assert found == {
        "facebook-ajuntament-0020": ["alt-text"],
        "instagram-ajuntament-0006": ["alt-text"],
        "facebook-cultura-0005": ["alt-text"],
        "flickr-ajuntament-0005": ["alt-text", "alt-text"],
        "instagram-ajuntament-d11": ["alt-text"],
    }


def _png_header(width: int, height: int) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)  # far too little data: Pillow must not get that far
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat)


def test_probe_does_not_decode_huge_images(tmp_path: Path) -> None:
    """A decompression bomb is neither decoded nor an exception."""
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(_png_header(30_000, 30_000))
    probe = probe_file(bomb)
    assert probe.problem is None
    big = tmp_path / "big.png"  # over govsm's decoding limit, under Pillow's: measured only
    big.write_bytes(_png_header(9_000, 7_000))
    probe = probe_file(big)
    assert probe.problem is None and (probe.width, probe.height) == (9_000, 7_000)
    small = tmp_path / "small.png"  # decoded, and found short
    small.write_bytes(_png_header(900, 700))
    assert probe_file(small).problem == "broken"
