"""What a WordPress blog can do through the adapter, and where each limit comes from.

* media: images (JPEG, PNG, GIF, WebP), at most :data:`MAX_MEDIA` per post. WordPress sets no
  number; govsm does, because each image is two requests before the post exists and all of them
  are undone if the post fails: a post with more pictures is a gallery, better built in
  WordPress's editor. Videos are not declared: govsm does not clean videos of their metadata
  yet, and none was tested.
* the largest file: not declared (``None``). WordPress 6.1's REST index (``/wp-json``) does not
  publish ``upload_max_filesize``, and a file sent as the request's body, as here, is limited by
  PHP's ``post_max_size`` and the web server rather than by it. A file too big is refused by the
  server (413, or WordPress's message), which the adapter reports as a rejection.
* no text or alt text limit: WordPress keeps a post's text and an alt text in ``longtext``
  columns (4 GB), a title in a ``text`` one (64 KB).
* no threads: a post does not answer another. Citizens answer with comments, which
  :meth:`~govsm_wordpress.adapter.WordPressAdapter.fetch_inbound` reads; answering a comment
  (a comment of the account) is not done by the adapter.
* edits and deletions: a post can be edited; deleting moves it to the trash; the account's own
  posts are read back with their edits, and a post in the trash is reported deleted
  (``own_history``). A post deleted *permanently* before the adapter saw it in the trash leaves
  no trace in the API and is not reported.
* metrics: the number of approved comments of a post. WordPress has no followers: the profile
  has no count.
"""

from __future__ import annotations

from govsm.spec.remote import Capabilities
from govsm_wordpress.errors import NETWORK
from govsm_wordpress.media import KINDS

#: the most images per post (a choice of govsm's; WordPress has no limit)
MAX_MEDIA = 10

#: the REST API handbook's pages the adapter follows
HANDBOOK = (
    "https://developer.wordpress.org/rest-api/reference/posts/",
    "https://developer.wordpress.org/rest-api/reference/media/",
    "https://developer.wordpress.org/rest-api/reference/comments/",
    "https://developer.wordpress.org/rest-api/reference/categories/",
    "https://developer.wordpress.org/rest-api/reference/users/",
    "https://developer.wordpress.org/rest-api/using-the-rest-api/authentication/",
    "https://developer.wordpress.org/rest-api/using-the-rest-api/pagination/",
)


def capabilities(api_root: str) -> Capabilities:
    """The adapter's capabilities for the site whose REST API is at ``api_root``.

    :param api_root: e.g. ``https://blog.soldeneu.example/wp-json``: its index is a source.
    :return: the capabilities.
    """
    return Capabilities(
        network=NETWORK,
        media_kinds=KINDS,
        max_media=MAX_MEDIA,
        max_media_bytes=None,
        alt_text_limit=None,
        text_limit=None,
        threads=False,
        edit=True,
        delete=True,
        content_warning=False,
        native_idempotency=False,
        direct_messages=False,
        own_history=True,
        metrics=frozenset({"comments"}),
        sources=(*HANDBOOK, f"{api_root}/ (the site's REST index)"),
    )
