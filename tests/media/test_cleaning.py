"""Cleaning media of metadata (govsm.media.cleaning, ENS mp.info.5): real images built with
Pillow carrying EXIF with a GPS position, XMP, IPTC, comments, text chunks and vendors' blocks
come out without any of them, with the same pixels (byte for byte where no re-encoding is
needed), turned upright when EXIF said so, with every frame; and hostile input (random bytes,
truncated files, decompression bombs, other formats) is refused with a bilingual MediaError."""

from __future__ import annotations

import io
import random
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageCms, ImageOps, ImageStat, IptcImagePlugin
from PIL.PngImagePlugin import PngInfo

from govsm.errors import GovsmError
from govsm.media.cleaning import (
    ICC_PROFILE,
    CleanedMedia,
    MediaError,
    clean,
    clean_file,
    metadata_in,
)

OWNER = "Ana García Roig"
SERIAL = "SN-0042-XYZ"
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>xmp-secret-creator</dc:creator></x:xmpmeta>'
IPTC_TEXT = b"iptc-secret-byline"
COMMENT = b"comment-secret-text"
#: Make, Model, DateTime, Artist, XMP, Copyright, IPTC, Photoshop, EXIF and GPS IFDs
DESCRIPTIVE_TIFF_TAGS = {271, 272, 306, 315, 700, 33432, 33723, 34377, 34665, 34853}
SECRETS = (OWNER.encode("utf-8"), SERIAL.encode(), b"xmp-secret", IPTC_TEXT, COMMENT)

# -- Building images ------------------------------------------------------------------------------


def icc_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def exif_bytes(*, orientation: int | None = None, owner: str = OWNER, gps: bool = True) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # Make
    exif[0x0110] = "EOS 5D"  # Model
    exif[0x013B] = owner  # Artist
    exif[0x0132] = "2026:11:18 09:30:00"  # DateTime
    if orientation is not None:
        exif[0x0112] = orientation
    exif.get_ifd(0x8769)[0xA431] = SERIAL  # BodySerialNumber
    if gps:
        exif.get_ifd(0x8825).update(
            {1: "N", 2: (39.0, 28.0, 12.5), 3: "W", 4: (0.0, 22.0, 35.1)}  # València
        )
    return exif.tobytes()


def picture(size: tuple[int, int] = (48, 32), mode: str = "RGB") -> Image.Image:
    """Four quadrants of different colours, so that any turn or flip shows."""
    width, height = size
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((30, 200, 30), (width // 2, 0, width, height // 2))
    image.paste((30, 30, 200), (0, height // 2, width // 2, height))
    image.paste((230, 230, 40), (width // 2, height // 2, width, height))
    return image.convert(mode)


def saved(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def jpeg_segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + (len(payload) + 2).to_bytes(2, "big") + payload


def iptc_segment(byline: bytes = IPTC_TEXT) -> bytes:
    """An APP13 Photoshop segment holding an IPTC By-line (2:80), as Photoshop writes it."""
    record = b"\x1c\x02\x50" + len(byline).to_bytes(2, "big") + byline
    record += b"\x00" * (len(record) % 2)
    resource = b"8BIM\x04\x04\x00\x00" + len(record).to_bytes(4, "big") + record
    return jpeg_segment(0xED, b"Photoshop 3.0\x00" + resource)


def after_soi(jpeg: bytes, *segments: bytes) -> bytes:
    return jpeg[:2] + b"".join(segments) + jpeg[2:]


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def after_ihdr(png: bytes, *chunks: bytes) -> bytes:
    return png[:33] + b"".join(chunks) + png[33:]


def png_chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    chunks, pos = [], 8
    while pos < len(png):
        length = int.from_bytes(png[pos : pos + 4], "big")
        chunks.append((png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]))
        pos += 12 + length
    return chunks


def riff_chunks(webp: bytes) -> list[tuple[bytes, bytes]]:
    chunks, pos = [], 12
    while pos < len(webp):
        length = int.from_bytes(webp[pos + 4 : pos + 8], "little")
        chunks.append((webp[pos : pos + 4], webp[pos + 8 : pos + 8 + length]))
        pos += 8 + length + length % 2
    return chunks


def gif_extension(label: int, *blocks: bytes) -> bytes:
    body = b"".join(bytes((len(block),)) + block for block in blocks)
    return b"\x21" + bytes((label,)) + body + b"\x00"


def after_gif_header(gif: bytes, *blocks: bytes) -> bytes:
    packed = gif[10]
    pos = 13 + (3 << ((packed & 7) + 1) if packed & 0x80 else 0)
    return gif[:pos] + b"".join(blocks) + gif[pos:]


def frames(data: bytes) -> list[tuple[bytes, int | float | None]]:
    """Each frame's RGBA pixels and duration, as Pillow decodes them."""
    image = Image.open(io.BytesIO(data))
    found = []
    for index in range(getattr(image, "n_frames", 1)):
        image.seek(index)
        image.load()
        found.append((image.convert("RGBA").tobytes(), image.info.get("duration")))
    return found


def scan(jpeg: bytes) -> bytes:
    """A baseline JPEG's scan, from its start-of-scan marker to the end (0xFFDA cannot occur in
    the entropy-coded data, where every 0xFF is followed by 0x00)."""
    return jpeg[jpeg.rindex(b"\xff\xda") :]


def assert_clean(result: CleanedMedia, original: bytes) -> None:
    """Nothing of the metadata is left, by govsm's reading and by Pillow's."""
    assert metadata_in(result.data) == ()
    for secret in SECRETS:
        assert secret not in result.data
    image = Image.open(io.BytesIO(result.data))
    assert not set(image.info) & {"exif", "xmp", "comment", "XML:com.adobe.xmp", "photoshop"}
    if image.format == "TIFF":  # Pillow shows a TIFF's own tags as EXIF: none of them is data
        assert not set(image.getexif()) & DESCRIPTIVE_TIFF_TAGS
    else:
        assert dict(image.getexif()) == {}
    assert IptcImagePlugin.getiptcinfo(image) is None
    assert result.removed == metadata_in(original)


# -- JPEG -----------------------------------------------------------------------------------------


@pytest.fixture
def full_jpeg() -> bytes:
    """A JPEG with EXIF (GPS, serial, owner), XMP, IPTC, a comment, an ICC profile, an Adobe
    Photoshop 'Ducky' APP12 segment and a JFXX thumbnail."""
    data = saved(
        picture(),
        "JPEG",
        quality=88,
        exif=exif_bytes(),
        xmp=XMP,
        comment=COMMENT,
        icc_profile=icc_profile(),
    )
    return after_soi(
        data,
        iptc_segment(),
        jpeg_segment(0xEC, b"Ducky\x00\x01\x00\x04\x00\x00\x00\x50"),
        jpeg_segment(0xE0, b"JFXX\x00\x10" + b"\xff\xd8\xff\xd9"),
    )


def test_the_jpeg_fixture_carries_what_it_should(full_jpeg: bytes) -> None:
    """The oracle first: Pillow reads the EXIF with its GPS, the XMP, IPTC and comment."""
    image = Image.open(io.BytesIO(full_jpeg))
    assert image.getexif().get_ifd(0x8825)[2] == (39.0, 28.0, 12.5)
    assert b"xmp-secret" in image.info["xmp"]
    assert image.info["comment"] == COMMENT
    assert IptcImagePlugin.getiptcinfo(image) == {(2, 80): IPTC_TEXT}
    found = metadata_in(full_jpeg)
    assert {"EXIF", "GPS", "XMP", "IPTC", "comment", "JPEG APP12", "thumbnail"} <= set(found)


def test_jpeg_loses_its_metadata_and_keeps_every_byte_of_its_picture(full_jpeg: bytes) -> None:
    result = clean(full_jpeg, name="fotos/plaça.jpg")
    assert_clean(result, full_jpeg)
    assert result.mime_type == "image/jpeg"
    assert not result.reencoded
    assert (result.width, result.height) == (48, 32)
    assert scan(result.data) == scan(full_jpeg)
    assert frames(result.data) == frames(full_jpeg)
    cleaned = Image.open(io.BytesIO(result.data))
    assert cleaned.quantization == Image.open(io.BytesIO(full_jpeg)).quantization
    assert cleaned.info["icc_profile"] == icc_profile()
    assert result.kept == (ICC_PROFILE,)
    assert set(result.removed) >= {"EXIF", "GPS", "XMP", "IPTC", "comment"}


def test_a_clean_jpeg_comes_out_as_it_went_in_but_for_its_end() -> None:
    """Nothing to remove: the same bytes (what follows the end-of-image marker aside)."""
    data = saved(picture(), "JPEG")
    result = clean(data + b"trailer: owner=Ana", name="x.jpg")
    assert result.data == data
    assert result.removed == ("trailing data",)


def test_jfif_thumbnail_is_dropped_and_its_header_kept() -> None:
    data = saved(picture(), "JPEG")
    assert data[2:4] == b"\xff\xe0" and data[6:11] == b"JFIF\x00"
    length = int.from_bytes(data[4:6], "big")
    thumbnail = data[6:18] + b"\x02\x01" + b"\xaa\xbb\xcc" * 2
    with_thumbnail = data[:2] + jpeg_segment(0xE0, thumbnail) + data[4 + length :]
    assert metadata_in(with_thumbnail) == ("thumbnail",)
    result = clean(with_thumbnail, name="x.jpg")
    assert b"\xaa\xbb\xcc" not in result.data
    assert Image.open(io.BytesIO(result.data)).info["jfif_density"] == (1, 1)
    assert frames(result.data) == frames(data)


def test_cmyk_jpeg_keeps_its_adobe_segment() -> None:
    """The Adobe APP14 segment says how the colours are coded: without it CMYK reads inverted."""
    data = saved(Image.new("CMYK", (16, 16), (10, 200, 30, 5)), "JPEG", exif=exif_bytes())
    result = clean(data, name="x.jpg")
    assert b"Adobe" in result.data
    assert Image.open(io.BytesIO(result.data)).getpixel((3, 3)) == Image.open(
        io.BytesIO(data)
    ).getpixel((3, 3))
    assert metadata_in(result.data) == ()


def test_mpo_keeps_its_first_picture_only() -> None:
    first, second = picture(), picture().transpose(Image.Transpose.ROTATE_180)
    data = saved(first, "MPO", save_all=True, append_images=[second], exif=exif_bytes())
    assert Image.open(io.BytesIO(data)).format == "MPO"
    result = clean(data, name="x.mpo")
    assert {"MPF", "trailing data", "EXIF"} <= set(result.removed)
    cleaned = Image.open(io.BytesIO(result.data))
    assert cleaned.format == "JPEG"
    assert getattr(cleaned, "n_frames", 1) == 1
    assert frames(result.data)[0] == frames(data)[0]


@pytest.mark.parametrize("orientation", range(1, 9))
def test_jpeg_orientation_is_applied_to_the_pixels(orientation: int) -> None:
    """A JPEG whose EXIF says to turn it comes out turned, as exif_transpose shows it, and
    upright without EXIF; 5 to 8 swap width and height."""
    data = saved(picture((64, 32)), "JPEG", quality=92, exif=exif_bytes(orientation=orientation))
    result = clean(data, name="x.jpg")
    assert_clean(result, data)
    expected = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    cleaned = Image.open(io.BytesIO(result.data))
    assert cleaned.size == expected.size == (result.width, result.height)
    assert cleaned.size == ((32, 64) if orientation >= 5 else (64, 32))
    assert result.reencoded is (orientation != 1)
    difference = ImageChops.difference(cleaned.convert("RGB"), expected.convert("RGB"))
    mean = sum(ImageStat.Stat(difference).mean) / 3
    assert mean < 4, mean  # one more generation of JPEG at the same tables, not a different image
    for corner in ((2, 2), (cleaned.width - 3, 2), (2, cleaned.height - 3)):
        got, want = cleaned.convert("RGB").getpixel(corner), expected.getpixel(corner)
        assert all(abs(a - b) < 24 for a, b in zip(got, want, strict=True)), (corner, got, want)


@pytest.mark.parametrize("orientation", [3, 6])
def test_turned_jpeg_keeps_its_quantisation_tables(orientation: int) -> None:
    """The re-encoded JPEG uses the original's tables (transposed when the axes swap), so its
    quality is the original's; its subsampling too."""
    data = saved(picture((64, 32)), "JPEG", quality=75, exif=exif_bytes(orientation=orientation))
    before = Image.open(io.BytesIO(data)).quantization
    after = Image.open(io.BytesIO(clean(data, name="x.jpg").data)).quantization
    assert set(after) == set(before)
    for key, table in before.items():
        if orientation == 6:
            table = [table[(i % 8) * 8 + i // 8] for i in range(64)]
        assert list(after[key]) == list(table)


# -- PNG ------------------------------------------------------------------------------------------


@pytest.fixture
def full_png() -> bytes:
    info = PngInfo()
    info.add_text("Author", OWNER)
    info.add_text("Comment", COMMENT.decode(), zip=True)
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    data = saved(picture(), "PNG", pnginfo=info, exif=exif_bytes(), icc_profile=icc_profile())
    return after_ihdr(
        data,
        png_chunk(b"tIME", struct.pack(">HBBBBB", 2026, 11, 18, 9, 30, 0)),
        png_chunk(b"gAMA", struct.pack(">I", 45455)),
        png_chunk(b"caBX", b"c2pa manifest: " + SERIAL.encode()),
    )


def test_png_loses_its_metadata_and_keeps_its_picture_chunks(full_png: bytes) -> None:
    original = Image.open(io.BytesIO(full_png))
    original.load()
    assert original.getexif().get_ifd(0x8825)  # the oracle sees the GPS position
    assert {"EXIF", "GPS", "XMP", "comment", "PNG text", "PNG tIME", "PNG caBX"} <= set(
        metadata_in(full_png)
    )
    result = clean(full_png, name="x.png")
    assert_clean(result, full_png)
    assert not result.reencoded
    assert result.mime_type == "image/png"
    kinds = [kind for kind, _ in png_chunks(result.data)]
    assert kinds == [b"IHDR", b"gAMA", b"iCCP", b"IDAT", b"IEND"]
    idat = [body for kind, body in png_chunks(full_png) if kind == b"IDAT"]
    assert [body for kind, body in png_chunks(result.data) if kind == b"IDAT"] == idat
    assert frames(result.data) == frames(full_png)
    assert Image.open(io.BytesIO(result.data)).info["gamma"] == pytest.approx(0.45455)
    assert result.kept == (ICC_PROFILE,)


def test_png_orientation_is_applied_losslessly() -> None:
    """A PNG's eXIf orientation is applied; the pixels are the exact turned pixels, and the
    transparency of a palette image is kept."""
    image = picture().convert("P", palette=Image.Palette.ADAPTIVE, colors=4)
    data = saved(image, "PNG", transparency=0, exif=exif_bytes(orientation=6))
    result = clean(data, name="x.png")
    assert_clean(result, data)
    assert result.reencoded
    cleaned = Image.open(io.BytesIO(result.data))
    expected = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    assert cleaned.size == (32, 48)
    assert cleaned.convert("RGBA").tobytes() == expected.convert("RGBA").tobytes()
    assert cleaned.info.get("transparency") == 0


def test_apng_keeps_every_frame_and_duration() -> None:
    images = [
        picture().transpose(Image.Transpose.ROTATE_180) if i % 2 else picture() for i in range(4)
    ]
    info = PngInfo()
    info.add_text("Author", OWNER)
    data = saved(
        images[0],
        "PNG",
        save_all=True,
        append_images=images[1:],
        duration=[100, 200, 300, 400],
        loop=2,
        pnginfo=info,
        exif=exif_bytes(),
    )
    result = clean(data, name="x.png")
    assert_clean(result, data)
    assert not result.reencoded
    assert frames(result.data) == frames(data)
    assert len(frames(result.data)) == 4
    assert Image.open(io.BytesIO(result.data)).info["loop"] == 2


# -- WebP -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lossless", [True, False])
def test_webp_loses_exif_and_xmp_and_keeps_its_bitstream(lossless: bool) -> None:
    data = saved(
        picture(),
        "WEBP",
        lossless=lossless,
        quality=80,
        exif=exif_bytes(),
        xmp=XMP,
        icc_profile=icc_profile(),
    )
    assert metadata_in(data) == ("EXIF", "GPS", "XMP")
    result = clean(data, name="x.webp")
    assert_clean(result, data)
    assert not result.reencoded
    assert result.mime_type == "image/webp"
    bitstream = b"VP8L" if lossless else b"VP8 "
    assert dict(riff_chunks(result.data))[bitstream] == dict(riff_chunks(data))[bitstream]
    vp8x = dict(riff_chunks(result.data))[b"VP8X"]
    assert vp8x[0] & 0x0C == 0  # the EXIF and XMP flags are cleared
    assert vp8x[0] & 0x20  # the ICC flag is not
    assert frames(result.data) == frames(data)
    assert result.kept == (ICC_PROFILE,)


def test_animated_webp_keeps_every_frame_and_duration() -> None:
    images = [
        picture().transpose(Image.Transpose.ROTATE_180) if i % 2 else picture() for i in range(3)
    ]
    data = saved(
        images[0],
        "WEBP",
        save_all=True,
        append_images=images[1:],
        duration=[120, 240, 360],
        loop=5,
        lossless=True,
        exif=exif_bytes(),
        xmp=XMP,
    )
    result = clean(data, name="x.webp")
    assert_clean(result, data)
    assert frames(result.data) == frames(data)
    assert [duration for _, duration in frames(result.data)] == [120, 240, 360]
    assert Image.open(io.BytesIO(result.data)).info["loop"] == 5


def test_turned_animated_webp_keeps_every_frame_turned() -> None:
    images = [
        picture().transpose(Image.Transpose.ROTATE_180) if i % 2 else picture() for i in range(3)
    ]
    data = saved(
        images[0],
        "WEBP",
        save_all=True,
        append_images=images[1:],
        duration=[120, 240, 360],
        lossless=True,
        exif=exif_bytes(orientation=8),
    )
    result = clean(data, name="x.webp")
    assert_clean(result, data)
    assert result.reencoded
    turned = [
        (image.convert("RGBA").transpose(Image.Transpose.ROTATE_90).tobytes(), duration)
        for image, duration in zip(images, [120, 240, 360], strict=True)
    ]
    assert frames(result.data) == turned


# -- GIF ------------------------------------------------------------------------------------------


def gif_frames() -> list[Image.Image]:
    images = []
    for index in range(5):
        image = Image.new("P", (30, 20), index * 40)
        image.putpalette([c for i in range(256) for c in (i, 255 - i, (i * 7) % 256)])
        image.paste(200 - index * 30, (index * 5, 0, index * 5 + 4, 20))
        images.append(image)
    return images


def test_animated_gif_loses_comments_and_xmp_and_keeps_frames() -> None:
    images = gif_frames()
    data = saved(
        images[0],
        "GIF",
        save_all=True,
        append_images=images[1:],
        duration=[100, 200, 300, 400, 500],
        loop=3,
        comment=COMMENT,
    )
    xmp = gif_extension(0xFF, b"XMP DataXMP", XMP)
    iptc = gif_extension(0xFF, b"MGKIPTC0000", IPTC_TEXT)
    data = after_gif_header(data, xmp, iptc)
    original = Image.open(io.BytesIO(data))
    assert original.info["comment"] == COMMENT and b"xmp-secret" in data
    assert metadata_in(data) == ("XMP", "IPTC", "comment")
    result = clean(data, name="x.gif")
    assert_clean(result, data)
    assert not result.reencoded
    assert result.mime_type == "image/gif"
    assert frames(result.data) == frames(data)
    assert [duration for _, duration in frames(result.data)] == [100, 200, 300, 400, 500]
    assert Image.open(io.BytesIO(result.data)).info["loop"] == 3


def test_gif_plain_text_goes_with_its_graphic_control() -> None:
    """A plain text extension is removed with the graphic control extension before it, which
    would otherwise apply to the next frame."""
    images = gif_frames()
    data = saved(images[0], "GIF", save_all=True, append_images=images[1:2], duration=[70, 90])
    control = gif_extension(0xF9, b"\x00\xe8\x03\x00\x00")  # ten seconds
    text = gif_extension(0x01, bytes(12), b"owner Ana")
    data = after_gif_header(data, control, text)
    result = clean(data, name="x.gif")
    assert result.removed == ("GIF plain text",)
    assert b"owner Ana" not in result.data and control not in result.data
    assert frames(result.data) == frames(data)
    assert [duration for _, duration in frames(result.data)] == [70, 90]


# -- TIFF -----------------------------------------------------------------------------------------


def tiff_exif(orientation: int | None = None) -> bytes:
    exif = Image.Exif()
    exif.load(exif_bytes(orientation=orientation))
    exif[700] = XMP
    exif[33432] = f"(c) {OWNER}"
    return exif.tobytes()


def test_tiff_is_written_again_without_its_tags() -> None:
    first, second = picture(), Image.new("L", (10, 30), 99)
    data = saved(
        first,
        "TIFF",
        exif=tiff_exif(),
        save_all=True,
        append_images=[second],
        icc_profile=icc_profile(),
    )
    assert {"TIFF Make", "TIFF Artist", "XMP", "GPS", "TIFF Copyright"} <= set(metadata_in(data))
    result = clean(data, name="x.tif")
    assert_clean(result, data)
    assert result.reencoded
    assert result.mime_type == "image/tiff"
    assert frames(result.data) == frames(data)
    assert Image.open(io.BytesIO(result.data)).info["icc_profile"] == icc_profile()


def test_tiff_orientation_is_applied_once() -> None:
    data = saved(picture(), "TIFF", exif=tiff_exif(orientation=6))
    result = clean(data, name="x.tif")
    assert_clean(result, data)
    cleaned = Image.open(io.BytesIO(result.data))
    assert cleaned.size == (32, 48) == (result.width, result.height)
    assert cleaned.tobytes() == picture().transpose(Image.Transpose.ROTATE_270).tobytes()


# -- Properties -----------------------------------------------------------------------------------

token = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=20, max_size=20)
sizes = st.tuples(st.integers(1, 40), st.integers(1, 40))


def noise(size: tuple[int, int], seed: int, mode: str = "RGB") -> Image.Image:
    bands = len(mode)
    return Image.frombytes(mode, size, random.Random(seed).randbytes(size[0] * size[1] * bands))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    secret=token,
    size=sizes,
    seed=st.integers(0, 2**32),
    padding=st.binary(max_size=3000),
    gps=st.booleans(),
    fmt=st.sampled_from(["JPEG", "PNG", "WEBP", "GIF"]),
)
def test_no_secret_survives_and_the_picture_does(
    secret: str, size: tuple[int, int], seed: int, padding: bytes, gps: bool, fmt: str
) -> None:
    """Whatever the metadata say and however long they are, none of it survives cleaning and
    the decoded pixels are the original's."""
    image = noise(size, seed, "RGBA" if fmt == "PNG" else "RGB")
    exif = exif_bytes(owner=f"{secret} {padding.hex()[:400]}", gps=gps)
    xmp = b"<x:xmpmeta>" + secret.encode() + padding.hex().encode() + b"</x:xmpmeta>"
    if fmt == "JPEG":
        data = saved(image, fmt, exif=exif, xmp=xmp, comment=secret.encode() + padding)
        data = after_soi(data, iptc_segment(secret.encode()), jpeg_segment(0xEB, padding))
    elif fmt == "PNG":
        info = PngInfo()
        info.add_text(secret[:10], secret + padding.hex(), zip=bool(seed % 2))
        info.add_itxt("XML:com.adobe.xmp", xmp.decode())
        data = saved(image, fmt, exif=exif, pnginfo=info)
    elif fmt == "WEBP":
        data = saved(image, fmt, exif=exif, xmp=xmp, lossless=True)
    else:
        data = saved(image.convert("P"), fmt, comment=secret.encode() + padding[:2000])
        data = after_gif_header(data, gif_extension(0xFF, b"XMP DataXMP", xmp[:255]))
    assert secret.encode() in data or fmt == "PNG"  # PNG's zTXt compresses it
    assert metadata_in(data)
    result = clean(data, name="x")
    assert secret.encode() not in result.data
    assert metadata_in(result.data) == ()
    assert not result.reencoded
    assert frames(result.data) == frames(data)


@given(orientation=st.integers(1, 8), size=sizes, seed=st.integers(0, 2**32))
def test_every_orientation_comes_out_as_exif_transpose_shows_it(
    orientation: int, size: tuple[int, int], seed: int
) -> None:
    """PNG keeps every pixel value, so the turned picture is exactly exif_transpose's."""
    data = saved(noise(size, seed), "PNG", exif=exif_bytes(orientation=orientation))
    result = clean(data, name="x.png")
    expected = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    cleaned = Image.open(io.BytesIO(result.data))
    assert cleaned.size == expected.size
    assert cleaned.tobytes() == expected.tobytes()
    assert metadata_in(result.data) == ()


# -- Hostile input --------------------------------------------------------------------------------


def assert_refused(data: bytes, name: str = "adjunto.bin") -> MediaError:
    with pytest.raises(MediaError) as caught:
        clean(data, name=name)
    error = caught.value
    assert isinstance(error, GovsmError)
    assert error.where == name
    assert error.es and error.en and error.es != error.en
    return error


SIGNATURES = [
    b"\xff\xd8\xff",
    b"\x89PNG\r\n\x1a\n",
    b"GIF89a",
    b"RIFF\x00\x01\x00\x00WEBP",
    b"II*\x00",
    b"MM\x00*",
    b"",
]


@given(head=st.sampled_from(SIGNATURES), tail=st.binary(max_size=400))
def test_random_bytes_are_refused(head: bytes, tail: bytes) -> None:
    """Random bytes, behind each format's signature or none, are a MediaError, never a crash."""
    assert_refused(head + tail)
    with pytest.raises(MediaError):
        metadata_in(head + tail)


def valid_files() -> dict[str, bytes]:
    images = gif_frames()
    turned = picture().transpose(Image.Transpose.ROTATE_180)
    animation = {"save_all": True, "append_images": [turned], "duration": [50, 70]}
    return {
        "jpeg": saved(picture(), "JPEG", exif=exif_bytes(), comment=COMMENT),
        "jpeg-turned": saved(picture(), "JPEG", exif=exif_bytes(orientation=6)),
        "progressive": saved(picture(), "JPEG", progressive=True, exif=exif_bytes()),
        "png": saved(picture(), "PNG", exif=exif_bytes()),
        "apng-turned": saved(picture(), "PNG", exif=exif_bytes(orientation=5), **animation),
        "webp": saved(picture(), "WEBP", exif=exif_bytes(), xmp=XMP),
        "webp-animated": saved(picture(), "WEBP", exif=exif_bytes(), lossless=True, **animation),
        "gif": saved(images[0], "GIF", save_all=True, append_images=images[1:], comment=COMMENT),
        "tiff": saved(picture(), "TIFF", exif=tiff_exif()),
        "tiff-pages": saved(
            picture(), "TIFF", exif=tiff_exif(orientation=8), save_all=True, append_images=[turned]
        ),
    }


VALID = valid_files()


@pytest.mark.parametrize("kind", sorted(VALID))
def test_every_truncation_is_refused(kind: str) -> None:
    """A file cut anywhere before its end is refused: govsm never publishes half a picture. A
    TIFF has no end marker and its parts are found by offset, so a cut that only takes bytes
    no page uses (metadata that go anyway) may pass: then the pictures are whole."""
    data = VALID[kind]
    for cut in sorted(
        {*range(0, len(data), max(1, len(data) // 150)), *range(len(data) - 40, len(data))}
    ):
        if not kind.startswith("tiff"):
            assert_refused(data[:cut])
            continue
        try:
            result = clean(data[:cut], name="x.tif")
        except MediaError:
            continue
        assert frames(result.data) == frames(data)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(sorted(VALID)), data=st.data())
def test_damaged_files_are_cleaned_or_refused(kind: str, data: st.DataObject) -> None:
    """Bytes changed anywhere: either the file is still an image, and comes out without
    metadata, or it is refused with a MediaError."""
    damaged = bytearray(VALID[kind])
    for _ in range(data.draw(st.integers(1, 8))):
        damaged[data.draw(st.integers(0, len(damaged) - 1))] = data.draw(st.integers(0, 255))
    try:
        result = clean(bytes(damaged), name="x")
    except MediaError:
        return
    assert metadata_in(result.data) == ()


def png_header(width: int, height: int) -> bytes:
    """A PNG that only claims its size: one IDAT of a few bytes; built in microseconds."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + png_chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("size", "max_pixels", "quoted"),
    [
        ((100_000, 100_000), None, "10000000000"),  # Pillow's DecompressionBombError
        # Pillow's DecompressionBombWarning, an error here (govsm's own limit raised past it)
        ((10_000, 10_000), 200_000_000, "100000000"),
        ((8_000, 8_000), None, "64000000"),  # over govsm's own limit (60 million pixels)
    ],
)
def test_decompression_bombs_are_refused_before_decoding(
    size: tuple[int, int], max_pixels: int | None, quoted: str
) -> None:
    limits = {} if max_pixels is None else {"max_pixels": max_pixels}
    with pytest.raises(MediaError) as caught:
        clean(png_header(*size), name="bomba.png", **limits)
    error = caught.value
    assert "bomba de descompresión" in error.es and quoted in error.es
    assert "decompression bomb" in error.en and quoted in error.en


def test_the_pixel_limits_can_be_lowered() -> None:
    images = gif_frames()
    gif = saved(images[0], "GIF", save_all=True, append_images=images[1:])
    with pytest.raises(MediaError, match="600 pixels"):
        clean(gif, name="x.gif", max_pixels=599)
    with pytest.raises(MediaError, match="5 frames or pages add up to 3000 pixels"):
        clean(gif, name="x.gif", max_total_pixels=2999)
    assert clean(gif, name="x.gif", max_pixels=600, max_total_pixels=3000).width == 30


def test_an_animation_claiming_a_million_frames_is_refused() -> None:
    actl = png_chunk(b"acTL", struct.pack(">II", 1_000_000, 0))
    error = assert_refused(after_ihdr(png_header(1, 1), actl), "x.png")
    assert "1000000" in error.en


def test_zero_bytes_are_refused() -> None:
    error = assert_refused(b"", "vacío.jpg")
    assert error.en == "the file is empty"


@pytest.mark.parametrize(
    ("data", "shown"),
    [
        (b"\x00\x00\x00\x18ftypmp42" + bytes(20), "MP4"),
        (b"\x00\x00\x00\x18ftypqt  " + bytes(20), "MOV"),
        (b"\x1a\x45\xdf\xa3" + b"webm" + bytes(20), "WebM"),
        (b"ID3\x04" + bytes(20), "MP3"),
        (b"%PDF-1.7\n" + bytes(20), "PDF"),
        (b"\x00\x00\x00\x18ftypheic" + bytes(20), "HEIC"),
        (b"\x00\x00\x00\x18ftypavif" + bytes(20), "AVIF"),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "SVG"),
        (b"BM" + bytes(60), "BMP"),
    ],
)
def test_other_formats_are_refused_by_name(data: bytes, shown: str) -> None:
    error = assert_refused(data, "acta.bin")
    assert shown in error.es and shown in error.en


def test_a_corrupt_picture_is_refused_though_its_structure_holds() -> None:
    """The scan's bytes are nonsense but the segments are whole: the decoder refuses it."""
    data = bytearray(saved(noise((64, 64), 1), "PNG"))
    chunks = png_chunks(bytes(data))
    idat = next(body for kind, body in chunks if kind == b"IDAT")
    start = bytes(data).index(idat)
    data[start : start + len(idat)] = b"\x00" * len(idat)
    # a valid CRC, so that only the picture is wrong
    crc = zlib.crc32(b"IDAT" + bytes(len(idat)))
    data[start + len(idat) : start + len(idat) + 4] = struct.pack(">I", crc)
    error = assert_refused(bytes(data), "x.png")
    assert "no se puede descodificar" in error.es


# -- Files ----------------------------------------------------------------------------------------


def test_clean_file_reads_with_a_limit(tmp_path: Path, full_jpeg: bytes) -> None:
    path = tmp_path / "foto.jpg"
    path.write_bytes(full_jpeg)
    result = clean_file(path, limit_bytes=len(full_jpeg))
    assert metadata_in(result.data) == ()
    assert path.read_bytes() == full_jpeg  # the file itself is not changed
    with pytest.raises(MediaError) as caught:
        clean_file(path, limit_bytes=len(full_jpeg) - 1)
    assert caught.value.where == str(path)
    with pytest.raises(MediaError):
        clean_file(tmp_path / "missing.jpg", limit_bytes=1000)


def test_cleaned_media_does_not_print_its_bytes(full_jpeg: bytes) -> None:
    assert "\\xff" not in repr(clean(full_jpeg, name="x.jpg"))
