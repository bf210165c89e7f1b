r"""Exports in Meta's real layouts for a fictional council, built by the tests (no real people).

:class:`FacebookExport` and :class:`InstagramExport` write what *Download your information*
(JSON) gives the Ajuntament de Soldeneu's Facebook Page and Instagram account, in each layout
the importer reads (:mod:`govsm_meta_archive.layout`): the posts, the comments, stories and
reels, the file that names the account, and media files. Every string is written as Meta
writes it (:func:`meta_json`): each byte of its UTF-8 encoding escaped as a code point of its
own (``ñ`` as ``\u00c3\u00b1``), the JSON indented by two spaces. The texts are in Catalan
(Valencian) and Spanish, with Galician and Basque greetings of twinned towns and emoji.
"""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from attrs import define, field

START = datetime(2024, 5, 2, 9, 30, tzinfo=UTC)
FB_USERNAME = "AjuntamentSoldeneu"
IG_USERNAME = "ajsoldeneu"
PAGE_NAME = "Ajuntament de Soldeneu"

#: the Facebook layouts: where the posts, the comments and the account's file are
FACEBOOK_LAYOUTS: dict[str, dict[str, str]] = {
    # to 2022: top-level folders
    "classic": {
        "posts": "posts/your_posts_{n}.json",
        "comments": "comments_and_reactions/comments.json",
        "account": "profile_information/profile_information.json",
        "media": "posts/media/Fotosdelabiografia_{album}/{name}",
    },
    # the oldest: comments/comments.json ({"comments": …}), profile ({"profile": …})
    "classic-2019": {
        "posts": "posts/your_posts_{n}.json",
        "comments": "comments/comments.json",
        "account": "profile_information/profile_information.json",
        "media": "photos_and_videos/Fotosdelabiografia_{album}/{name}",
    },
    # 2023 on
    "activity": {
        "posts": "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_{n}.json",
        "comments": "your_facebook_activity/comments_and_reactions/comments.json",
        "account": "personal_information/profile_information/profile_information.json",
        "media": "your_facebook_activity/posts/media/Fotosdelabiografia_{album}/{name}",
    },
    "across": {
        "posts": "your_activity_across_facebook/posts/your_posts__check_ins__photos_and_videos_{n}.json",
        "comments": "your_activity_across_facebook/comments_and_reactions/comments.json",
        "account": "personal_information/profile_information/profile_information.json",
        "media": "your_activity_across_facebook/posts/media/Fotosdelabiografia_{album}/{name}",
    },
    # 2025 on: a Page's export
    "page": {
        "posts": "this_profile's_activity_across_facebook/posts/profile_posts_{n}.json",
        "comments": "this_profile's_activity_across_facebook/comments_and_reactions/comments.json",
        "account": "logged_information/professional_dashboard/your_professional_dashboard_activity.json",
        "media": "this_profile's_activity_across_facebook/posts/media/Fotosdelabiografia_{album}/{name}",
    },
}

#: the Instagram layouts
INSTAGRAM_LAYOUTS: dict[str, dict[str, str]] = {
    "content": {
        "posts": "your_instagram_activity/content/posts_{n}.json",
        "stories": "your_instagram_activity/content/stories.json",
        "reels": "your_instagram_activity/media/reels.json",
        "account": "personal_information/personal_information/personal_information.json",
    },
    "media": {
        "posts": "your_instagram_activity/media/posts_{n}.json",
        "stories": "your_instagram_activity/media/stories.json",
        "reels": "your_instagram_activity/media/reels.json",
        "account": "personal_information/personal_information/personal_information.json",
    },
    "2023": {
        "posts": "content/posts_{n}.json",
        "stories": "content/stories.json",
        "account": "personal_information/personal_information.json",
    },
    "2022": {
        "posts": "content/posts_{n}.json",
        "stories": "content/stories.json",
        "account": "account_information/personal_information.json",
    },
    "2018": {"media": "media.json", "account": "profile.json"},
}

#: the council's texts: Catalan (Valencian) with à, ç, l·l, ü; Spanish with ñ, ¿, ¡; Galician
#: and Basque greetings; emoji with skin tones, joiners and a flag
TEXTS = {
    "festa": "Demà comença la Festa Major! 🎉 Col·labora-hi amb la Comissió: "
    "inscripcions a l'Oficina d'Atenció a la Ciutadania. Pingüins i cigonyes al Parc del Riu 🐧",
    "piscina": "¿Sabías que la piscina municipal abre el 15 de junio? ¡Inscripciones abiertas! "
    "Año tras año, más niñas y niños aprenden a nadar 🏊🏽‍♀️",
    "agermanament": "Benvinguda la delegació de Zarautz i d'Ourense: Ongi etorri! Eskerrik "
    "asko! — Benvidas, grazas pola visita, unha aperta 🤝 🇪🇸",
    "obres": "Obres al carrer Major: tallat el pas entre la plaça i l'església fins divendres. "
    "Disculpeu les molèsties 🚧",
    "llibres": "Club de lectura: «L'ombra del vent» el dijous a les 19 h 📚👨‍👩‍👧‍👦",
    "foto": "La façana de l'Ajuntament, restaurada 🏛️",
    "resposta": "Gràcies per avisar, Maria! Ho revisem demà mateix 👍🏻",
    "respuesta": "Hola, Jordi: el horario de invierno empieza en noviembre. ¡Gracias!",
}


def meta_escaped(value: Any) -> Any:
    """``value`` with every string as Meta's parser would read it (UTF-8 bytes as code points)."""
    if isinstance(value, str):
        return value.encode("utf-8").decode("latin-1")
    if isinstance(value, list):
        return [meta_escaped(item) for item in value]
    if isinstance(value, dict):
        return {meta_escaped(key): meta_escaped(item) for key, item in value.items()}
    return value


def meta_json(value: Any) -> bytes:
    """``value`` as Meta writes a file: each non-ASCII byte ``\\u00XX``, two-space indents."""
    return json.dumps(meta_escaped(value), indent=2, ensure_ascii=True).encode("ascii")


def jpeg(seed: int) -> bytes:
    """A few bytes standing for a photo (the importer reads only the file's size)."""
    return b"\xff\xd8\xff\xe0" + bytes([seed % 251]) * (100 + seed)


def _at(minutes: int) -> int:
    return int((START + timedelta(minutes=minutes)).timestamp())


@define
class FacebookExport:
    """A Facebook Page's export, in one of :data:`FACEBOOK_LAYOUTS`.

    :param layout: the layout's name.
    :param posts: the posts' records (as the parser reads them, before Meta's escaping).
    :param comments: the comments' records.
    :param posts_per_file: how many posts each ``…_<n>.json`` holds.
    :param account: whether the file naming the account is in the archive.
    :param extra: more files, by name (bytes, or values written as Meta writes JSON).
    """

    layout: str = "activity"
    posts: list[dict[str, Any]] = field(factory=list)
    comments: list[dict[str, Any]] = field(factory=list)
    posts_per_file: int = 1000
    account: bool = True
    username: str = FB_USERNAME
    page_name: str = PAGE_NAME
    media: dict[str, bytes] = field(factory=dict)
    extra: dict[str, Any] = field(factory=dict)

    def path(self, kind: str, **values: Any) -> str:
        """The layout's path of ``kind`` (``posts``, ``comments``, ``account``, ``media``)."""
        return FACEBOOK_LAYOUTS[self.layout][kind].format(**values)

    def photo(self, name: str, description: str | None = None, *, album: int = 1) -> dict[str, Any]:
        """A photo's ``media`` record, with its file added to the export."""
        uri = self.path("media", album=album, name=name)
        self.media[uri] = jpeg(len(self.media))
        record: dict[str, Any] = {
            "uri": uri,
            "creation_timestamp": _at(-60),
            "media_metadata": {"photo_metadata": {"exif_data": [{"upload_ip": "192.0.2.10"}]}},
            "title": "Fotos de la biografia",
        }
        if description is not None:
            record["description"] = description
        return record

    def account_record(self) -> Any:
        """What the file naming the account holds, in this layout."""
        if self.layout == "page":
            return {
                "prodash_activity": [
                    {"page_name": self.page_name, "timestamp": _at(-10), "event": "page_visit"},
                ]
            }
        name = {"full_name": self.page_name, "first_name": "Ajuntament", "last_name": "Soldeneu"}
        key = "profile" if self.layout == "classic-2019" else "profile_v2"
        return {
            key: {
                "name": name,
                "username": self.username,
                "profile_uri": f"https://www.facebook.com/{self.username}",
                "registration_timestamp": _at(-(10**6)),
            }
        }

    def members(self) -> dict[str, bytes]:
        """Every file of the export, by name."""
        files: dict[str, bytes] = {}
        for index in range(0, max(len(self.posts), 1), self.posts_per_file):
            part = self.posts[index : index + self.posts_per_file]
            files[self.path("posts", n=index // self.posts_per_file + 1)] = meta_json(part)
        if self.comments:
            key = "comments" if self.layout == "classic-2019" else "comments_v2"
            files[self.path("comments")] = meta_json({key: self.comments})
        if self.account:
            files[self.path("account")] = meta_json(self.account_record())
        files.update(self.media)
        for name, value in self.extra.items():
            files[name] = value if isinstance(value, bytes) else meta_json(value)
        return files

    def write(self, path: Path, *, top: str = "") -> Path:
        """Write the export as a zip at ``path`` (inside the folder ``top``, if given)."""
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as made:
            for name, data in self.members().items():
                made.writestr(top + name, data)
        return path


def council_facebook(layout: str = "activity") -> FacebookExport:
    """The Ajuntament de Soldeneu's Page: posts of each kind, and two comments it wrote."""
    export = FacebookExport(layout=layout)
    title = f"{PAGE_NAME} ha actualitzat el seu estat."
    export.posts = [
        {"timestamp": _at(0), "data": [{"post": TEXTS["festa"]}], "title": title},
        {
            "timestamp": _at(60),
            "attachments": [{"data": [{"media": export.photo("piscina.jpg", TEXTS["piscina"])}]}],
            "data": [{"post": TEXTS["piscina"]}],
            "title": f"{PAGE_NAME} ha afegit una foto nova.",
        },
        {
            "timestamp": _at(120),
            "attachments": [
                {
                    "data": [
                        {
                            "external_context": {
                                "url": "https://www.soldeneu.example/agenda/festa-major"
                            }
                        }
                    ]
                }
            ],
            "data": [{"post": TEXTS["agermanament"]}],
            "title": f"{PAGE_NAME} ha compartit un enllaç.",
        },
        {
            "timestamp": _at(180),
            "attachments": [
                {"data": [{"media": export.photo("obres-1.jpg", "El carrer Major", album=2)}]},
                {"data": [{"media": export.photo("obres-2.jpg", "La plaça", album=2)}]},
            ],
            "data": [{"post": TEXTS["obres"]}, {"update_timestamp": _at(200)}],
            "title": f"{PAGE_NAME} ha afegit 2 fotos noves.",
        },
        {
            "timestamp": _at(240),
            "attachments": [{"data": [{"media": export.photo("facana.jpg", TEXTS["foto"])}]}],
            "title": f"{PAGE_NAME} ha afegit una foto nova.",
        },
        {"timestamp": _at(300), "data": [{"post": TEXTS["llibres"]}], "title": title},
    ]
    export.comments = [
        {
            "timestamp": _at(400),
            "data": [
                {
                    "comment": {
                        "timestamp": _at(400),
                        "comment": TEXTS["resposta"],
                        "author": PAGE_NAME,
                    }
                }
            ],
            "title": f"{PAGE_NAME} ha respost al comentari de Maria Ferrer.",
        },
        {
            "timestamp": _at(460),
            "data": [
                {
                    "comment": {
                        "timestamp": _at(460),
                        "comment": TEXTS["respuesta"],
                        "author": PAGE_NAME,
                    }
                }
            ],
            "title": f"{PAGE_NAME} ha comentat la publicació de Jordi Soler.",
        },
    ]
    return export


@define
class InstagramExport:
    """An Instagram account's export, in one of :data:`INSTAGRAM_LAYOUTS`.

    :param layout: the layout's name.
    :param posts: the posts' records (``{"media": […], …}``; for 2018, ``media.json``'s photos).
    :param stories: the stories' records.
    :param reels: the reels' records.
    :param labels: the labels of ``personal_information.json`` (their language).
    """

    layout: str = "content"
    posts: list[dict[str, Any]] = field(factory=list)
    stories: list[dict[str, Any]] = field(factory=list)
    reels: list[dict[str, Any]] = field(factory=list)
    account: bool = True
    username: str = IG_USERNAME
    labels: tuple[str, str] = ("Username", "Name")
    media: dict[str, bytes] = field(factory=dict)
    extra: dict[str, Any] = field(factory=dict)

    def medium(self, folder: str, name: str, caption: str, minutes: int) -> dict[str, Any]:
        """A medium's record, with its file added (``folder``: ``posts``, ``stories``…)."""
        if self.layout == "2018":
            uri = f"photos/201805/{name}"
            self.media[uri] = jpeg(len(self.media))
            moment = (START + timedelta(minutes=minutes)).replace(tzinfo=None)
            return {"caption": caption, "taken_at": moment.isoformat(), "path": uri}
        uri = f"media/{folder}/202405/{name}"
        self.media[uri] = jpeg(len(self.media))
        return {
            "uri": uri,
            "creation_timestamp": _at(minutes),
            "media_metadata": {"photo_metadata": {"exif_data": [{"latitude": 39.0}]}},
            "title": caption,
            "cross_post_source": {"source_app": "FB"},
        }

    def account_record(self) -> Any:
        """What the file naming the account holds, in this layout."""
        if self.layout == "2018":
            return {"username": self.username, "name": PAGE_NAME, "date_joined": "2016-05-09"}
        user, name = self.labels
        return {
            "profile_user": [
                {
                    "title": "",
                    "media_map_data": {"Profile Photo": {"uri": "media/other/perfil.jpg"}},
                    "string_map_data": {
                        "Email": {"href": "", "value": "xarxes@soldeneu.example", "timestamp": 0},
                        user: {"href": "", "value": self.username, "timestamp": 0},
                        name: {"href": "", "value": PAGE_NAME, "timestamp": 0},
                        "Private Account": {"href": "", "value": "False", "timestamp": 0},
                    },
                }
            ]
        }

    def members(self) -> dict[str, bytes]:
        """Every file of the export, by name."""
        paths = INSTAGRAM_LAYOUTS[self.layout]
        files: dict[str, bytes] = {}
        if self.layout == "2018":
            files[paths["media"]] = meta_json({"photos": self.posts, "videos": [], "direct": []})
        else:
            files[paths["posts"].format(n=1)] = meta_json(self.posts)
            if self.stories:
                files[paths["stories"]] = meta_json({"ig_stories": self.stories})
            if self.reels and "reels" in paths:
                files[paths["reels"]] = meta_json({"ig_reels_media": self.reels})
        if self.account:
            files[paths["account"]] = meta_json(self.account_record())
        files.update(self.media)
        for name, value in self.extra.items():
            files[name] = value if isinstance(value, bytes) else meta_json(value)
        return files

    def write(self, path: Path, *, top: str = "") -> Path:
        """Write the export as a zip at ``path`` (inside the folder ``top``, if given)."""
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as made:
            for name, data in self.members().items():
                made.writestr(top + name, data)
        return path


def council_instagram(layout: str = "content") -> InstagramExport:
    """The council's Instagram: a photo, a carousel, a reel and a story (2018: photos only)."""
    export = InstagramExport(layout=layout)
    if layout == "2018":
        export.posts = [
            export.medium("posts", "festa.jpg", TEXTS["festa"], 0),
            export.medium("posts", "foto.jpg", TEXTS["foto"], 60),
        ]
        return export
    export.posts = [
        {"media": [export.medium("posts", "467539104_1138_n.jpg", TEXTS["festa"], 0)]},
        {
            "media": [
                export.medium("posts", "467539105_2231_n.jpg", "", 60),
                export.medium("posts", "467539106_2232_n.jpg", "", 60),
            ],
            "title": TEXTS["agermanament"],
            "creation_timestamp": _at(60),
        },
    ]
    export.stories = [export.medium("stories", "467539200_3301_n.mp4", "", 120)]
    export.reels = [
        {"media": [export.medium("reels", "467539300_4401_n.mp4", TEXTS["llibres"], 180)]}
    ]
    return export
