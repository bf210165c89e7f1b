"""Images into the media library: uploaded, described, and removed again if the post fails.

Each image goes up as the request's body (``POST /wp/v2/media`` with its ``Content-Type`` and a
``Content-Disposition`` file name), then its alt text is set (``POST /wp/v2/media/<id>`` with
``alt_text``). The first image becomes the post's featured image; the others go into the text
as ``<figure><img alt=…></figure>``. When the post itself cannot be made, the images uploaded
for it are deleted (the media library has no trash), so a retry does not leave copies behind.
"""

from __future__ import annotations

import html
import logging
import re
import unicodedata
from pathlib import PurePosixPath

from attrs import frozen

from govsm.spec import MediaKind, NetworkError, UploadMedia
from govsm_wordpress.client import RestClient, decoded
from govsm_wordpress.errors import Action

log = logging.getLogger("govsm_wordpress")

UPLOAD = Action(es="subir una imagen", en="uploading an image")
DESCRIBE = Action(es="poner el texto alternativo de una imagen", en="setting an image's alt text")
DISCARD = Action(es="borrar una imagen que no llegó a usarse", en="deleting an unused image")

#: the kinds of attachment a post takes
KINDS = frozenset({MediaKind.IMAGE, MediaKind.GIF})

#: the file name extension of each image type WordPress takes by default
EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
}


@frozen
class Uploaded:
    """An image in the site's media library.

    :param id: its attachment id.
    :param url: its address (``source_url``).
    :param alt_text: its alt text, as set.
    """

    id: int
    url: str
    alt_text: str | None


def file_name(name: str, mime_type: str, index: int) -> str:
    """A safe ASCII file name for the upload (headers are ASCII; WordPress keeps the name).

    :param name: the file's name in the workspace (a path is cut to its last part).
    :param mime_type: its type, which chooses the extension when the name has none that fits.
    :param index: its place in the message, for a name made from nothing.
    :return: e.g. ``corte-de-agua.png``.

    >>> file_name("fotos/Plaça Major (1).JPG", "image/jpeg", 0)
    'Placa-Major-1.jpg'
    """
    stem = PurePosixPath(name.replace("\\", "/")).stem
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    ascii_stem = re.sub(r"[^A-Za-z0-9]+", "-", ascii_stem).strip("-")[:80] or f"govsm-{index + 1}"
    extension = EXTENSIONS.get(mime_type.lower(), PurePosixPath(name).suffix.lower() or ".bin")
    return ascii_stem + extension


def upload(client: RestClient, media: UploadMedia, index: int) -> Uploaded:
    """Upload one image and set its alt text.

    :param client: the site's client.
    :param media: the image, cleaned of metadata.
    :param index: its place in the message.
    :return: the image in the library.
    :raises govsm.spec.network_errors.NetworkError: as WordPress answered; an image uploaded
        but not described is deleted first.
    """
    name = file_name(media.name, media.mime_type, index)
    response = client.request(
        "POST",
        "/wp/v2/media",
        UPLOAD,
        content=media.data,
        headers={
            "Content-Type": media.mime_type,
            "Content-Disposition": f'attachment; filename="{name}"',
        },
    )
    body = decoded(response, UPLOAD)
    uploaded = Uploaded(id=int(body["id"]), url=str(body["source_url"]), alt_text=media.alt_text)
    if media.alt_text:
        try:
            client.request(
                "POST", f"/wp/v2/media/{uploaded.id}", DESCRIBE, json={"alt_text": media.alt_text}
            )
        except NetworkError:
            discard(client, [uploaded])
            raise
    return uploaded


def discard(client: RestClient, uploaded: list[Uploaded]) -> None:
    """Delete images uploaded for a post that was not made (best effort: failures are logged).

    :param client: the site's client.
    :param uploaded: the images.
    """
    for item in uploaded:
        try:
            client.request(
                "DELETE",
                f"/wp/v2/media/{item.id}",
                DISCARD,
                params={"force": "true"},
                allow=frozenset({404, 410}),
            )
        except NetworkError as error:
            log.warning("image %s was left in the media library: %s", item.id, error.en)


def figure(item: Uploaded) -> str:
    """An image inside the post's text.

    :param item: the uploaded image.
    :return: ``<figure class="wp-block-image"><img …/></figure>``.
    """
    alt = html.escape(item.alt_text or "", quote=True)
    src = html.escape(item.url, quote=True)
    return (
        f'<figure class="wp-block-image"><img src="{src}" alt="{alt}" '
        f'class="wp-image-{item.id}" /></figure>'
    )
