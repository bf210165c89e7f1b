#!/usr/bin/env python3
"""Write the message history and the drafts of the Ajuntament de Soldeneu example workspace.

Soldeneu is a fictional Valencian town; every text below was written for this example. The
script uses only the standard library and a seeded random generator, and reads no clock, so
running it again rewrites ``history/*.jsonl`` and ``drafts/*.md`` byte for byte::

    python examples/soldeneu/generate.py                  # into this folder
    python examples/soldeneu/generate.py --out /tmp/sdn   # somewhere else
    python examples/soldeneu/generate.py --list-mistakes  # the planted mistakes, by message id

Each history line is ``govsm.serialization.unstructure(Message)`` without ``organisation``:
fields in the model's order, fields equal to their default left out. Each draft is Markdown with
TOML front matter between two ``+++`` lines; its body is the message text.

Some messages carry a mistake on purpose (see README.md); ``--list-mistakes`` lists them.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORG_SITE = "https://www.soldeneu.example"
SEU = "https://seu.soldeneu.example"
BLOG = "https://bloc.soldeneu.example"
#: the day the example is set on ("today" for audits of this workspace)
TODAY = date(2026, 11, 20)

# --------------------------------------------------------------------------------------------
# Time: Europe/Madrid by the EU rule (summer time from the last Sunday of March at 01:00 UTC to
# the last Sunday of October at 01:00 UTC), computed here so that no time zone database is read.
# --------------------------------------------------------------------------------------------


def _last_sunday(year: int, month: int) -> date:
    day = date(year, month, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def at(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    """A local Soldeneu time, with the CET (+01:00) or CEST (+02:00) offset it had."""
    local = datetime(year, month, day, hour, minute)
    start = datetime.combine(_last_sunday(year, 3), datetime.min.time()).replace(hour=2)
    end = datetime.combine(_last_sunday(year, 10), datetime.min.time()).replace(hour=3)
    offset = 2 if start <= local < end else 1
    return local.replace(tzinfo=timezone(timedelta(hours=offset)))


def local(when: datetime, minutes: int) -> datetime:
    """``when`` plus some minutes, with the offset of the new local time."""
    naive = when.replace(tzinfo=None) + timedelta(minutes=minutes)
    return at(naive.year, naive.month, naive.day, naive.hour, naive.minute)


DIES_CA = ["dilluns", "dimarts", "dimecres", "dijous", "divendres", "dissabte", "diumenge"]
DIAS_ES = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
MESOS_CA = [
    "", "de gener", "de febrer", "de març", "d'abril", "de maig", "de juny", "de juliol",
    "d'agost", "de setembre", "d'octubre", "de novembre", "de desembre",
]  # fmt: skip
MESES_ES = [
    "", "de enero", "de febrero", "de marzo", "de abril", "de mayo", "de junio", "de julio",
    "de agosto", "de septiembre", "de octubre", "de noviembre", "de diciembre",
]  # fmt: skip


def dia_ca(day: date) -> str:
    """``dijous 9 de juliol``."""
    return f"{DIES_CA[day.weekday()]} {day.day} {MESOS_CA[day.month]}"


def dia_es(day: date) -> str:
    """``jueves 9 de julio``."""
    return f"{DIAS_ES[day.weekday()]} {day.day} {MESES_ES[day.month]}"


# --------------------------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------------------------


class Msg:
    """One message before it gets its id (ids are given per profile, in time order)."""

    def __init__(self, profile, direction, kind, state, text, created_at, **fields):
        self.profile = profile
        self.direction = direction
        self.kind = kind
        self.state = state
        self.text = text
        self.created_at = created_at
        self.language = fields.pop("language", None)
        self.title = fields.pop("title", None)
        self.content_warning = fields.pop("content_warning", None)
        self.media = fields.pop("media", [])
        self.links = fields.pop("links", [])
        self.reply_to = fields.pop("reply_to", None)  # another Msg
        self.remote_id = fields.pop("remote_id", None)
        self.url = fields.pop("url", None)
        self.author = fields.pop("author", None)
        self.campaign = fields.pop("campaign", None)
        self.scheduled_at = fields.pop("scheduled_at", None)
        self.published_at = fields.pop("published_at", None)
        self.mistake = fields.pop("mistake", None)
        self.id = fields.pop("id", None)
        if fields:
            raise TypeError(f"unknown fields {sorted(fields)}")

    def as_dict(self) -> dict:
        """The message as ``unstructure`` writes it, without ``organisation``."""
        data: dict = {
            "id": self.id,
            "profile": self.profile,
            "direction": self.direction,
            "kind": self.kind,
            "state": self.state,
            "text": self.text,
            "created_at": self.created_at.isoformat(),
        }
        optional = {
            "language": self.language,
            "title": self.title,
            "content_warning": self.content_warning,
            "media": [media_dict(m) for m in self.media] or None,
            "links": list(self.links) or None,
            "reply_to": self.reply_to.id if self.reply_to else None,
            "remote_id": self.remote_id,
            "author": self.author,
            "campaign": self.campaign,
            "scheduled_at": self.scheduled_at.isoformat() if self.scheduled_at else None,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "url": self.url,
        }
        data.update({key: value for key, value in optional.items() if value is not None})
        return data


MEDIA_KEYS = ("kind", "location", "alt_text", "mime_type", "width", "height", "size")


def media_dict(media: dict) -> dict:
    """A media attachment in the model's field order, defaults left out."""
    data = {key: media[key] for key in MEDIA_KEYS if media.get(key) is not None}
    if media.get("captions"):
        data["captions"] = True
    if media.get("shows_minors"):
        data["shows_minors"] = True
    if media.get("consent"):
        data["consent"] = media["consent"]
    return data


# --------------------------------------------------------------------------------------------
# Length checks, so that only the posts meant to be too long are too long
# --------------------------------------------------------------------------------------------


def x_weight(text: str) -> int:
    """Length as X counts it (twitter-text v3): URLs 23, CJK and emoji 2, Latin 1."""
    total = 0
    for word in text.replace("\n", " ").split(" "):
        if word.startswith(("http://", "https://")):
            total += 23 + 1
            continue
        for char in word:
            code = ord(char)
            light = (
                code <= 4351 or 8192 <= code <= 8205 or 8208 <= code <= 8223 or 8242 <= code <= 8247
            )
            total += 1 if light else 2
        total += 1
    return total - 1


LIMITS = {"x": 280, "mastodon": 500, "bluesky": 300, "instagram": 2200, "linkedin": 3000}


def check_length(channel: str, text: str, what: str) -> None:
    """Fail loudly when a clean post does not fit its network."""
    limit = LIMITS.get(channel)
    if limit is None:
        return
    size = x_weight(text) if channel in ("x", "mastodon") else len(text)
    if size > limit:
        raise SystemExit(f"{what}: {size} > {limit} on {channel}:\n{text}")


# --------------------------------------------------------------------------------------------
# Network ids (remote_id): shaped like each network's, derived from the time and the seed
# --------------------------------------------------------------------------------------------

B32_SORT = "234567abcdefghijklmnopqrstuvwxyz"
YT_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
BSKY_DID = "did:plc:k4sdn7ajuntamentq2vx3lwe"
FACEBOOK_PAGES = {
    "facebook-ajuntament": "104738291650214",
    "facebook-esports": "311562098471533",
    "facebook-cultura": "187203659912840",
    "facebook-biblioteca": "145560398217764",
}


def remote_id(rng: random.Random, profile: str, channel: str, when: datetime) -> str:
    """A plausible id for a message on ``channel`` at ``when``."""
    ms = int(when.timestamp() * 1000)
    if channel == "x":
        return str(((ms - 1288834974657) << 22) | rng.getrandbits(22))
    if channel == "mastodon":
        return str((ms << 16) | rng.getrandbits(16))
    if channel == "bluesky":
        value = (ms * 1000) << 10 | rng.getrandbits(10)
        tid = ""
        for _ in range(13):
            tid = B32_SORT[value & 31] + tid
            value >>= 5
        return f"at://{BSKY_DID}/app.bsky.feed.post/{tid}"
    if channel == "facebook":
        return f"{FACEBOOK_PAGES[profile]}_{rng.randrange(10**15, 10**16)}"
    if channel == "instagram":
        return str(rng.randrange(3 * 10**18, 4 * 10**18))
    if channel == "youtube":
        return "".join(rng.choice(YT_CHARS) for _ in range(11))
    if channel == "flickr":
        return str(rng.randrange(72177720300000000, 72177720399999999))
    if channel == "linkedin":
        return f"urn:li:share:{rng.randrange(7 * 10**18, 8 * 10**18)}"
    if channel == "tuenti":
        return str(rng.randrange(10**9, 10**10))
    if channel == "googleplus":
        return "z13" + "".join(
            rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(23)
        )
    raise ValueError(channel)


CHANNEL = {
    "x-ajuntament": "x",
    "facebook-ajuntament": "facebook",
    "instagram-ajuntament": "instagram",
    "mastodon-ajuntament": "mastodon",
    "bluesky-ajuntament": "bluesky",
    "youtube-ajuntament": "youtube",
    "flickr-ajuntament": "flickr",
    "blog-soldeneu": "blog",
    "linkedin-ocupacio": "linkedin",
    "x-policia": "x",
    "facebook-esports": "facebook",
    "facebook-cultura": "facebook",
    "instagram-cultura": "instagram",
    "facebook-biblioteca": "facebook",
    "tuenti-esports": "tuenti",
    "googleplus-ajuntament": "googleplus",
}


# --------------------------------------------------------------------------------------------
# What the town talks about. Each item is posted on the profiles its ``on`` names:
#   x = x-ajuntament, fb = facebook-ajuntament, ig = instagram-ajuntament,
#   md = mastodon-ajuntament, bs = bluesky-ajuntament
# ``both``: X gets the Valencian post and, a few minutes later, the Spanish one.
# --------------------------------------------------------------------------------------------


def img(name, alt_ca, alt_es, *, minors=False, consent=None, w=1200, h=675):
    """An image of an item; the alt text used is the one in the post's language."""
    return {
        "name": name, "alt_ca": alt_ca, "alt_es": alt_es, "minors": minors,
        "consent": consent, "w": w, "h": h,
    }  # fmt: skip


def item(month, day, hm, on, ca, es, **extra):
    """A piece of municipal news, in Valencian and Spanish."""
    return {"day": date(2026, month, day), "hm": hm, "on": on.split(), "ca": ca, "es": es, **extra}


CORE = [
    item(
        6,
        1,
        "09:10",
        "x fb md bs",
        "Obertes les inscripcions de l'Escola d'Estiu municipal, del 22 de juny al 31 de "
        "juliol, per a xiquets i xiquetes de 3 a 12 anys. Termini: fins al 12 de juny.",
        "Abiertas las inscripciones de la Escuela de Verano municipal, del 22 de junio al 31 "
        "de julio, para niños y niñas de 3 a 12 años. Plazo: hasta el 12 de junio.",
        more_ca="Hi ha horari de matí (9.00 a 14.00) i servici d'escola matinera des de les "
        "7.30. Les famílies amb el títol de família nombrosa o monoparental tenen un 20 % de "
        "descompte.",
        more_es="Hay horario de mañana (9:00 a 14:00) y servicio de escuela madrugadora desde "
        "las 7:30. Las familias con título de familia numerosa o monoparental tienen un 20 % "
        "de descuento.",
        link=f"{SEU}/escola-estiu",
        tags=["#EstiuSoldeneu"],
        both=True,
    ),
    item(
        6,
        2,
        "09:30",
        "x fb md",
        "Recorda: la recollida de mobles i trastos vells és gratuïta. Demana cita a la seu "
        "electrònica o al 010 i trau-los al carrer només la nit abans.",
        "Recuerda: la recogida de muebles y trastos viejos es gratuita. Pide cita en la sede "
        "electrónica o en el 010 y sácalos a la calle solo la noche anterior.",
        link=f"{SEU}/recollida-mobles",
    ),
    item(
        6,
        4,
        "11:00",
        "x fb ig md bs",
        "Mosquit tigre: amb una tapa d'aigua estancada n'hi ha prou perquè hi críe. Buida "
        "cada setmana els plats dels testos, els cubells i les joguines del pati.",
        "Mosquito tigre: basta una tapa de agua estancada para que críe. Vacía cada semana "
        "los platos de las macetas, los cubos y los juguetes del patio.",
        more_ca="Si veus molts mosquits en un espai públic, avisa-ho per la bústia de "
        "suggeriments de la seu electrònica.",
        more_es="Si ves muchos mosquitos en un espacio público, avisa por el buzón de "
        "sugerencias de la sede electrónica.",
        img=img(
            "mosquit-tigre",
            "Dibuix d'un mosquit tigre al costat d'un test amb aigua "
            "estancada i la frase «Buida, tapa, gira»",
            "Dibujo de un mosquito tigre junto a una maceta con agua estancada y la frase "
            "«Vacía, tapa, gira»",
            w=1080,
            h=1080,
        ),
    ),
    item(
        6,
        5,
        "10:00",
        "x fb ig md",
        "Dia Mundial del Medi Ambient: dissabte plantem 120 arbres autòctons al Parc de la "
        "Sèquia. Vine a les 10.00 amb guants; l'Ajuntament posa les eines.",
        "Día Mundial del Medio Ambiente: el sábado plantamos 120 árboles autóctonos en el "
        "Parque de la Sèquia. Ven a las 10:00 con guantes; el Ayuntamiento pone las "
        "herramientas.",
        img=img(
            "plantada-arbres",
            "Plançons de garrofer i d'alzina en testos, a punt per a plantar al Parc de la Sèquia",
            "Plantones de algarrobo y de encina en macetas, listos para plantar en el "
            "Parque de la Sèquia",
            w=1080,
            h=1080,
        ),
        tags=["#Soldeneu"],
    ),
    item(
        6,
        8,
        "10:00",
        "x fb ig md bs",
        "La piscina municipal d'estiu obri dissabte 20 de juny. Horari: de 11.00 a 20.00, "
        "cada dia fins al 6 de setembre. Els abonaments es venen a la seu electrònica des "
        "del 15 de juny.",
        "La piscina municipal de verano abre el sábado 20 de junio. Horario: de 11:00 a 20:00, "
        "todos los días hasta el 6 de septiembre. Los abonos se venden en la sede "
        "electrónica desde el 15 de junio.",
        more_ca="Entrada de dia: 3 € (2 € fins a 14 anys i majors de 65). Abonament de "
        "temporada: 40 € (25 € reduït). Persones empadronades: un 30 % menys.",
        more_es="Entrada de día: 3 € (2 € hasta 14 años y mayores de 65). Abono de temporada: "
        "40 € (25 € reducido). Personas empadronadas: un 30 % menos.",
        link=f"{SEU}/piscina",
        img=img(
            "piscina-2026",
            "Piscina municipal buida, amb l'aigua blava i les gandules arrenglerades a la gespa",
            "Piscina municipal vacía, con el agua azul y las tumbonas alineadas en el césped",
        ),
        tags=["#EstiuSoldeneu"],
        campaign="piscina-2026",
        both=True,
    ),
    item(
        6,
        15,
        "08:45",
        "x md bs",
        "Ja podeu comprar l'abonament de temporada de la piscina d'estiu a la seu "
        "electrònica. També es podrà comprar a la taquilla a partir del 20 de juny.",
        "Ya podéis comprar el abono de temporada de la piscina de verano en la sede "
        "electrónica. También se podrá comprar en taquilla a partir del 20 de junio.",
        link=f"{SEU}/piscina",
        tags=["#EstiuSoldeneu"],
        campaign="piscina-2026",
        both=True,
    ),
    item(
        6,
        17,
        "10:00",
        "x fb ig md bs",
        "Nit de Sant Joan: dimarts 23 de juny, revetla a la plaça de l'Església amb foguera, "
        "música de la Colla de Dolçainers i coca amb xocolate a partir de les 21.30.",
        "Noche de San Juan: el martes 23 de junio, verbena en la plaza de la Iglesia con "
        "hoguera, música de la Colla de Dolçainers y coca con chocolate desde las 21:30.",
        img=img(
            "sant-joan-2026",
            "Cartell de la revetla de Sant Joan: una foguera "
            "il·lustrada sobre fons blau fosc amb l'horari",
            "Cartel de la verbena de San Juan: una hoguera ilustrada sobre fondo azul "
            "oscuro con el horario",
            w=1080,
            h=1350,
        ),
        tags=["#Soldeneu"],
    ),
    item(
        6,
        19,
        "13:00",
        "x fb md",
        "Dijous 25 de juny, a les 19.00, Ple ordinari al saló de plens. L'ordre del dia ja "
        "és al tauler d'anuncis i la sessió es podrà seguir en directe al nostre canal de "
        "YouTube.",
        "El jueves 25 de junio, a las 19:00, Pleno ordinario en el salón de plenos. El orden "
        "del día ya está en el tablón de anuncios y la sesión se podrá seguir en directo en "
        "nuestro canal de YouTube.",
        link=f"{SEU}/tauler",
    ),
    item(
        6,
        20,
        "10:30",
        "x fb ig md bs",
        "Hui obri la piscina municipal d'estiu! De 11.00 a 20.00 fins al 6 de setembre. "
        "Recordeu dutxar-vos abans del bany i seguir les indicacions dels socorristes.",
        "¡Hoy abre la piscina municipal de verano! De 11:00 a 20:00 hasta el 6 de septiembre. "
        "Recordad ducharos antes del baño y seguir las indicaciones de los socorristas.",
        img=img(
            "piscina-obertura",
            "Primeres persones banyant-se a la piscina municipal "
            "amb el socorrista a la cadira alta",
            "Primeras personas bañándose en la piscina municipal con el socorrista en la "
            "silla alta",
        ),
        tags=["#EstiuSoldeneu"],
        campaign="piscina-2026",
        both=True,
    ),
    item(
        6,
        26,
        "09:15",
        "x fb md bs",
        "El Ple de juny aprova per unanimitat la nova ordenança de terrasses: més espai per "
        "a vianants a les voreres estretes i horaris unificats. Podeu tornar a veure la "
        "sessió a YouTube.",
        "El Pleno de junio aprueba por unanimidad la nueva ordenanza de terrazas: más espacio "
        "para peatones en las aceras estrechas y horarios unificados. Podéis volver a ver la "
        "sesión en YouTube.",
        link="https://www.youtube.com/@AjuntamentSoldeneu",
    ),
    item(
        6,
        30,
        "10:00",
        "x fb md bs",
        "Horari d'estiu de l'Oficina d'Atenció Ciutadana: de l'1 de juliol al 31 d'agost, de "
        "dilluns a divendres de 8.00 a 14.00. Demana cita prèvia a la seu electrònica.",
        "Horario de verano de la Oficina de Atención Ciudadana: del 1 de julio al 31 de agosto, "
        "de lunes a viernes de 8:00 a 14:00. Pide cita previa en la sede electrónica.",
        link=f"{SEU}/cita-previa",
        both=True,
    ),
    item(
        7,
        1,
        "09:00",
        "x fb md",
        "La Biblioteca Municipal passa a horari d'estiu: de dilluns a divendres, de 8.00 a "
        "14.30. Amb el préstec d'estiu, fins a 10 llibres durant un mes.",
        "La Biblioteca Municipal pasa a horario de verano: de lunes a viernes, de 8:00 a "
        "14:30. Con el préstamo de verano, hasta 10 libros durante un mes.",
    ),
    item(
        7,
        2,
        "10:30",
        "x fb ig md bs",
        "Tornen les nits de cinema a la fresca! Tots els divendres de juliol, a les 22.00, al "
        "Parc de la Sèquia. Entrada lliure fins a completar l'aforament. Porta la teua "
        "cadira.",
        "¡Vuelven las noches de cine al fresco! Todos los viernes de julio, a las 22:00, en el "
        "Parque de la Sèquia. Entrada libre hasta completar aforo. Trae tu silla.",
        img=img(
            "cinema-fresca",
            "Pantalla gegant muntada al Parc de la Sèquia al capvespre, "
            "amb cadires de plàstic davant",
            "Pantalla gigante montada en el Parque de la "
            "Sèquia al atardecer, con sillas de plástico delante",
        ),
        tags=["#EstiuSoldeneu"],
        campaign="cinema-estiu-2026",
    ),
    item(
        7,
        6,
        "08:30",
        "x fb md bs",
        "Des de hui i fins al 17 de juliol, obres de renovació de la xarxa d'aigua potable "
        "al carrer Major, entre la plaça de l'Ajuntament i el carrer de Sant Vicent. Trànsit "
        "tallat; accés garantit als guals.",
        "Desde hoy y hasta el 17 de julio, obras de renovación de la red de agua potable en "
        "la calle Mayor, entre la plaza del Ayuntamiento y la calle de Sant Vicent. Tráfico "
        "cortado; acceso garantizado a los vados.",
        cw_ca="Obres i talls de trànsit",
        both=True,
    ),
    item(
        7,
        9,
        "11:00",
        "x fb ig md bs",
        "Alerta per calor: la Biblioteca Municipal i la Casa de Cultura funcionen com a "
        "refugis climàtics, amb aire condicionat i aigua fresca. Beveu aigua i eviteu "
        "eixir entre les 12.00 i les 18.00.",
        "Alerta por calor: la Biblioteca Municipal y la Casa de Cultura funcionan como "
        "refugios climáticos, con aire acondicionado y agua fresca. Bebed agua y evitad salir "
        "entre las 12:00 y las 18:00.",
        img=img(
            "refugis-climatics",
            "Mapa de Soldeneu amb els dos refugis climàtics "
            "marcats: Biblioteca Municipal i Casa de Cultura",
            "Mapa de Soldeneu con los dos refugios climáticos marcados: Biblioteca "
            "Municipal y Casa de Cultura",
            w=1080,
            h=1080,
        ),
        link=f"{BLOG}/2026/07/refugis-climatics/",
        both=True,
        cw_ca="Calor",
    ),
    item(
        7,
        14,
        "10:00",
        "x fb md",
        "Subvencions a entitats esportives i culturals 2026: les sol·licituds es presenten "
        "a la seu electrònica fins al 31 de juliol. Les bases són al BOP i al tauler.",
        "Subvenciones a entidades deportivas y culturales 2026: las solicitudes se presentan "
        "en la sede electrónica hasta el 31 de julio. Las bases están en el BOP y en el "
        "tablón.",
        link=f"{SEU}/subvencions-entitats",
    ),
    item(
        7,
        22,
        "09:30",
        "x md bs",
        "Hui i demà, avís taronja per temperatures altes. Els refugis climàtics (Biblioteca "
        "i Casa de Cultura) obrin en el seu horari. Pregunteu per les persones grans que "
        "viuen soles.",
        "Hoy y mañana, aviso naranja por temperaturas altas. Los refugios climáticos "
        "(Biblioteca y Casa de Cultura) abren en su horario. Preguntad por las personas "
        "mayores que viven solas.",
        cw_ca="Calor",
    ),
    item(
        7,
        24,
        "12:00",
        "x fb md",
        "Ple ordinari de juliol: dijous 30, a les 19.00. Entre altres punts, la cessió d'un "
        "solar per al nou Centre de Dia. En directe a YouTube.",
        "Pleno ordinario de julio: jueves 30, a las 19:00. Entre otros puntos, la cesión de "
        "un solar para el nuevo Centro de Día. En directo en YouTube.",
        link=f"{SEU}/tauler",
    ),
    item(
        8,
        4,
        "10:00",
        "x fb md",
        "Durant l'agost, l'Oficina d'Atenció Ciutadana atén només amb cita prèvia. La majoria "
        "de tràmits es poden fer també a la seu electrònica, de dia i de nit.",
        "Durante agosto, la Oficina de Atención Ciudadana atiende solo con cita previa. La "
        "mayoría de trámites se pueden hacer también en la sede electrónica, de día y de "
        "noche.",
        link=f"{SEU}/cita-previa",
    ),
    item(
        8,
        12,
        "09:00",
        "x fb md bs",
        "Risc d'incendis: fins al 15 d'octubre està prohibit fer foc al terme municipal, "
        "també les cremes agrícoles i les barbacoes fora de les zones habilitades. Davant un "
        "fum, crida al 112.",
        "Riesgo de incendios: hasta el 15 de octubre está prohibido hacer fuego en el término "
        "municipal, también las quemas agrícolas y las barbacoas fuera de las zonas "
        "habilitadas. Ante un humo, llama al 112.",
        both=True,
        cw_ca="Incendis",
    ),
    item(
        8,
        26,
        "11:00",
        "x fb md bs",
        "Escoles Esportives Municipals 2026-2027: inscripcions de l'1 al 15 de setembre a la "
        "seu electrònica. Futbol, bàsquet, handbol, gimnàstica rítmica, atletisme i pilota "
        "valenciana.",
        "Escuelas Deportivas Municipales 2026-2027: inscripciones del 1 al 15 de septiembre "
        "en la sede electrónica. Fútbol, baloncesto, balonmano, gimnasia rítmica, atletismo y "
        "pelota valenciana.",
        link=f"{SEU}/escoles-esportives",
    ),
    item(
        8,
        31,
        "09:30",
        "x fb md",
        "Des de demà, l'Oficina d'Atenció Ciutadana torna a l'horari d'hivern: de dilluns a "
        "divendres de 8.00 a 15.00 i els dijous també de 16.00 a 19.00.",
        "Desde mañana, la Oficina de Atención Ciudadana vuelve al horario de invierno: de "
        "lunes a viernes de 8:00 a 15:00 y los jueves también de 16:00 a 19:00.",
    ),
    item(
        9,
        4,
        "10:00",
        "x fb ig md",
        "Diumenge 6 de setembre és l'últim dia de la piscina d'estiu. Gràcies per les més de "
        "21.000 entrades d'esta temporada, i al personal que l'ha feta possible.",
        "El domingo 6 de septiembre es el último día de la piscina de verano. Gracias por las "
        "más de 21.000 entradas de esta temporada, y al personal que lo ha hecho posible.",
        img=img(
            "piscina-tancament",
            "Socorristes i personal de taquilla de la piscina "
            "municipal posant a la vora de l'aigua",
            "Socorristas y personal de taquilla de la piscina municipal posando junto al agua",
            w=1080,
            h=1080,
        ),
        tags=["#EstiuSoldeneu"],
        campaign="piscina-2026",
    ),
    item(
        9,
        7,
        "08:00",
        "x fb md bs",
        "Bon començament de curs! La Policia Local reforça els passos de vianants dels "
        "col·legis a les entrades i eixides. Si podeu, aneu a peu o en bici.",
        "¡Buen comienzo de curso! La Policía Local refuerza los pasos de peatones de los "
        "colegios en las entradas y salidas. Si podéis, id a pie o en bici.",
        both=True,
    ),
    item(
        9,
        10,
        "12:00",
        "x fb ig md bs",
        "Ja tenim programa de les #FiresSoldeneu2026! Del 25 de setembre al 4 d'octubre: "
        "pregó, mascletades, concerts, Dia de les Paelles i el castell de focs de Sant "
        "Miquel.",
        "¡Ya tenemos programa de las #FiresSoldeneu2026! Del 25 de septiembre al 4 de "
        "octubre: pregón, mascletàs, conciertos, Día de las Paellas y el castillo de fuegos "
        "de San Miguel.",
        more_ca="El programa en paper arribarà a totes les cases la setmana que ve. També el "
        "trobareu a l'Oficina d'Atenció Ciutadana i a la Biblioteca.",
        more_es="El programa en papel llegará a todas las casas la semana que viene. También "
        "lo encontraréis en la Oficina de Atención Ciudadana y en la Biblioteca.",
        link=f"{ORG_SITE}/fires2026",
        img=img(
            "cartell-fires-2026",
            "Cartell de les Fires i Festes 2026: una sínia "
            "il·luminada sobre el campanar de Soldeneu, en tons taronja",
            "Cartel de las Fiestas 2026: una noria iluminada sobre el campanario de "
            "Soldeneu, en tonos naranja",
            w=1080,
            h=1350,
        ),
        tags=["#Soldeneu"],
        campaign="fires-2026",
        both=True,
    ),
    item(
        9,
        16,
        "10:00",
        "x fb md",
        "Dia de les Paelles, dissabte 3 d'octubre: inscriu la teua colla fins al 28 de "
        "setembre a la seu electrònica. L'Ajuntament dona la llenya i les taules.",
        "Día de las Paellas, sábado 3 de octubre: inscribe a tu grupo hasta el 28 de "
        "septiembre en la sede electrónica. El Ayuntamiento pone la leña y las mesas.",
        link=f"{SEU}/paelles",
        tags=["#FiresSoldeneu2026"],
        campaign="fires-2026",
    ),
    item(
        9,
        17,
        "10:00",
        "x fb ig md bs",
        "Durant les Fires, el Punt Violeta estarà a la plaça de l'Ajuntament de 22.00 a 4.00. "
        "Si patixes o veus una agressió, acosta't-hi o crida al 016 o al 092.",
        "Durante las Fiestas, el Punto Violeta estará en la plaza del Ayuntamiento de 22:00 a "
        "4:00. Si sufres o ves una agresión, acércate o llama al 016 o al 092.",
        img=img(
            "punt-violeta",
            "Cartell del Punt Violeta amb una mà oberta de color morat i els telèfons 016 i 092",
            "Cartel del Punto Violeta con una mano abierta de "
            "color morado y los teléfonos 016 y 092",
            w=1080,
            h=1080,
        ),
        link=f"{BLOG}/2026/09/punt-violeta/",
        tags=["#FiresSoldeneu2026"],
        campaign="fires-2026",
        both=True,
    ),
    item(
        9,
        21,
        "12:30",
        "x fb md",
        "Ple ordinari de setembre: dijous 24, a les 19.00, al saló de plens i en directe a "
        "YouTube.",
        "Pleno ordinario de septiembre: jueves 24, a las 19:00, en el salón de plenos y en "
        "directo en YouTube.",
        link=f"{SEU}/tauler",
    ),
    item(
        9,
        25,
        "19:30",
        "x fb ig md bs",
        "Comencen les #FiresSoldeneu2026! A les 20.00, pregó des del balcó de l'Ajuntament a "
        "càrrec de la Colla de Dolçainers, que fa 50 anys. Bones festes a tothom!",
        "¡Empiezan las #FiresSoldeneu2026! A las 20:00, pregón desde el balcón del "
        "Ayuntamiento a cargo de la Colla de Dolçainers, que cumple 50 años. ¡Felices fiestas "
        "a todos!",
        img=img(
            "prego-2026",
            "Façana de l'Ajuntament engalanada amb banderes i llums, amb "
            "gent a la plaça esperant el pregó",
            "Fachada del Ayuntamiento engalanada con "
            "banderas y luces, con gente en la plaza esperando el pregón",
        ),
        campaign="fires-2026",
        both=True,
    ),
    item(
        9,
        26,
        "10:00",
        "x ig md bs",
        "Hui a les 14.00, mascletada a la plaça de l'Ajuntament. Respecteu l'espai reservat "
        "per a persones amb mobilitat reduïda i feu cas del personal de seguretat.",
        "Hoy a las 14:00, mascletà en la plaza del Ayuntamiento. Respetad el espacio reservado "
        "para personas con movilidad reducida y haced caso al personal de seguridad.",
        img=img(
            "mascleta",
            "Fum i espurnes d'una mascletada a la plaça de l'Ajuntament vistos des del balcó",
            "Humo y chispas de una mascletà en la plaza del Ayuntamiento vistos desde el balcón",
        ),
        tags=["#FiresSoldeneu2026"],
        campaign="fires-2026",
        both=True,
    ),
    item(
        9,
        29,
        "21:00",
        "x fb ig md bs",
        "Nit de Sant Miquel: castell de focs a les 23.59 des del camí del Molí. El millor "
        "lloc per a veure'l és el Parc de la Sèquia. El camí estarà tallat des de les 22.00.",
        "Noche de San Miguel: castillo de fuegos a las 23:59 desde el camí del Molí. El mejor "
        "sitio para verlo es el Parque de la Sèquia. El camino estará cortado desde las "
        "22:00.",
        img=img(
            "castell-focs",
            "Castell de focs sobre el camí del Molí, amb palmeres daurades al cel nocturn",
            "Castillo de fuegos sobre el camí del Molí, con palmeras doradas en el cielo nocturno",
        ),
        tags=["#FiresSoldeneu2026"],
        campaign="fires-2026",
    ),
    item(
        10,
        3,
        "09:00",
        "x fb ig md bs",
        "Hui és el Dia de les Paelles! 84 colles inscrites al recinte firal. Les taules es "
        "reparteixen de 10.00 a 11.00 i el foc s'encén a partir de les 12.30.",
        "¡Hoy es el Día de las Paellas! 84 grupos inscritos en el recinto ferial. Las mesas "
        "se reparten de 10:00 a 11:00 y el fuego se enciende a partir de las 12:30.",
        img=img(
            "paelles-2026",
            "Files de paelles al foc de llenya al recinte firal, amb gent al voltant",
            "Filas de paellas al fuego de leña en el recinto ferial, con gente alrededor",
        ),
        tags=["#FiresSoldeneu2026"],
        campaign="fires-2026",
        both=True,
    ),
    item(
        10,
        5,
        "10:00",
        "x fb ig md bs",
        "Gràcies a totes i tots per unes #FiresSoldeneu2026 viscudes amb respecte i bon "
        "humor. I gràcies a les brigades, la Policia Local, Protecció Civil i les comissions.",
        "Gracias a todas y todos por unas #FiresSoldeneu2026 vividas con respeto y buen "
        "humor. Y gracias a las brigadas, la Policía Local, Protección Civil y las "
        "comisiones.",
        img=img(
            "fires-gracies",
            "Brigada municipal netejant la plaça de l'Ajuntament de matí, després de la festa",
            "Brigada municipal limpiando la plaza del "
            "Ayuntamiento por la mañana, después de la fiesta",
        ),
        campaign="fires-2026",
    ),
    item(
        10,
        8,
        "10:00",
        "x fb ig md bs",
        "Demà, 9 d'Octubre, Dia de la Comunitat Valenciana. Acte institucional a les 12.00 a "
        "la plaça de l'Ajuntament, amb la Unió Musical. Les oficines municipals estaran "
        "tancades.",
        "Mañana, 9 de Octubre, Día de la Comunitat Valenciana. Acto institucional a las 12:00 "
        "en la plaza del Ayuntamiento, con la Unió Musical. Las oficinas municipales estarán "
        "cerradas.",
        img=img(
            "9-octubre",
            "Senyera onejant al balcó de l'Ajuntament de Soldeneu",
            "Senyera ondeando en el balcón del Ayuntamiento de Soldeneu",
            w=1080,
            h=1080,
        ),
        both=True,
    ),
    item(
        10,
        13,
        "10:00",
        "x fb md bs",
        "Avís groc per pluges fins dimecres. No creueu guals ni barrancs amb aigua, no "
        "aparqueu a la vora del barranc del Molí i seguiu les indicacions de la Policia "
        "Local.",
        "Aviso amarillo por lluvias hasta el miércoles. No crucéis vados ni barrancos con "
        "agua, no aparquéis junto al barranco del Molí y seguid las indicaciones de la "
        "Policía Local.",
        both=True,
        cw_ca="Avís meteorològic",
    ),
    item(
        10,
        15,
        "10:00",
        "x fb ig md bs",
        "La #SetmanaCultural torna del 19 al 25 d'octubre: teatre, música, literatura i "
        "l'exposició «Soldeneu en 100 cartells». Totes les activitats són gratuïtes.",
        "La #SetmanaCultural vuelve del 19 al 25 de octubre: teatro, música, literatura y la "
        "exposición «Soldeneu en 100 cartells». Todas las actividades son gratuitas.",
        link=f"{BLOG}/2026/10/setmana-cultural/",
        img=img(
            "setmana-cultural-2026",
            "Cartell de la Setmana Cultural 2026 amb un llibre obert del qual ixen notes musicals",
            "Cartel de la Semana Cultural 2026 con un libro abierto del que salen notas musicales",
            w=1080,
            h=1350,
        ),
        campaign="setmana-cultural-2026",
        both=True,
    ),
    item(
        10,
        26,
        "09:00",
        "x fb ig md bs",
        "Decidix en què invertim 300.000 euros! Vota les propostes dels pressupostos "
        "participatius 2027 fins al 15 de novembre a la seu electrònica. Pot votar tot el "
        "veïnat empadronat major de 16 anys.",
        "¡Decide en qué invertimos 300.000 euros! Vota las propuestas de los presupuestos "
        "participativos 2027 hasta el 15 de noviembre en la sede electrónica. Pueden votar "
        "todos los vecinos empadronados mayores de 16 años.",
        link=f"{SEU}/pressupostos-participatius",
        img=img(
            "pressupostos-2027",
            "Urna transparent plena de paperetes amb el lema «Tu decidixes»",
            "Urna transparente llena de papeletas con el lema «Tu decidixes»",
            w=1080,
            h=1080,
        ),
        campaign="pressupostos-participatius-2027",
        both=True,
    ),
    item(
        10,
        28,
        "10:00",
        "x fb md bs",
        "Tots Sants: del 30 d'octubre a l'1 de novembre, el cementeri obri de 8.00 a 19.00. "
        "Hi haurà autobús gratuït des de la plaça de l'Ajuntament cada 30 minuts.",
        "Todos los Santos: del 30 de octubre al 1 de noviembre, el cementerio abre de 8:00 a "
        "19:00. Habrá autobús gratuito desde la plaza del Ayuntamiento cada 30 minutos.",
        both=True,
    ),
    item(
        10,
        29,
        "12:00",
        "x fb md",
        "Esta vesprada, a les 19.00, Ple ordinari d'octubre. Podeu seguir-lo en directe a YouTube.",
        "Esta tarde, a las 19:00, Pleno ordinario de octubre. Podéis seguirlo en directo en "
        "YouTube.",
        link="https://www.youtube.com/@AjuntamentSoldeneu",
    ),
    item(
        11,
        3,
        "10:00",
        "x fb ig md",
        "No tires l'oli usat per l'aigüera: un litre embruta mil litres d'aigua. Porta'l en "
        "una botella tancada als contenidors taronja del mercat i del poliesportiu.",
        "No tires el aceite usado por el fregadero: un litro ensucia mil litros de agua. "
        "Llévalo en una botella cerrada a los contenedores naranja del mercado y del "
        "polideportivo.",
        img=img(
            "oli-usat",
            "Contenidor taronja per a oli domèstic al costat del mercat municipal",
            "Contenedor naranja para aceite doméstico junto al mercado municipal",
            w=1080,
            h=1080,
        ),
    ),
    item(
        11,
        9,
        "10:00",
        "x fb md bs",
        "Queda una setmana per a votar els pressupostos participatius 2027. Ja hi ha 1.620 "
        "vots. Només cal el certificat digital o la Cl@ve.",
        "Queda una semana para votar los presupuestos participativos 2027. Ya hay 1.620 "
        "votos. Solo hace falta el certificado digital o Cl@ve.",
        link=f"{SEU}/pressupostos-participatius",
        campaign="pressupostos-participatius-2027",
        both=True,
    ),
    item(
        11,
        12,
        "11:00",
        "x fb ig md",
        "Concurs de cartells de Nadal 2026: presenta la teua proposta fins al 4 de desembre. "
        "Hi ha un premi de 600 euros i un altre de 200 per a menors de 18 anys.",
        "Concurso de carteles de Navidad 2026: presenta tu propuesta hasta el 4 de diciembre. "
        "Hay un premio de 600 euros y otro de 200 para menores de 18 años.",
        link=f"{SEU}/concurs-cartells-nadal",
        img=img(
            "concurs-nadal",
            "Bases del concurs de cartells de Nadal sobre una taula amb llapis de colors",
            "Bases del concurso de carteles de Navidad sobre una mesa con lápices de colores",
            w=1080,
            h=1080,
        ),
    ),
    item(
        11,
        16,
        "10:00",
        "x fb ig md bs",
        "Resultats dels pressupostos participatius 2027: 2.314 vots. Les propostes més "
        "votades són l'ombra als patis dels col·legis, el carril bici a la Ronda Nord i un "
        "parc per a gossos.",
        "Resultados de los presupuestos participativos 2027: 2.314 votos. Las propuestas más "
        "votadas son la sombra en los patios de los colegios, el carril bici en la Ronda Nord "
        "y un parque para perros.",
        link=f"{BLOG}/2026/11/resultats-pressupostos/",
        img=img(
            "resultats-pressupostos",
            "Gràfic de barres amb els vots de les deu "
            "propostes; la primera, ombra als patis, amb 712 vots",
            "Gráfico de barras con los votos de las diez propuestas; la primera, sombra en "
            "los patios, con 712 votos",
            w=1080,
            h=1080,
        ),
        campaign="pressupostos-participatius-2027",
        both=True,
    ),
    item(
        11,
        18,
        "09:30",
        "x fb ig md bs",
        "25N, Dia Internacional per a l'Eliminació de la Violència contra les Dones: "
        "concentració dimecres 25 a les 12.00 a la plaça de l'Ajuntament. Ni una més.",
        "25N, Día Internacional de la Eliminación de la Violencia contra la Mujer: "
        "concentración el miércoles 25 a las 12:00 en la plaza del Ayuntamiento. Ni una más.",
        img=img(
            "25n-2026",
            "Llaç morat sobre fons blanc amb el text «Soldeneu contra la violència masclista»",
            "Lazo morado sobre fondo blanco con el texto «Soldeneu contra la violència masclista»",
            w=1080,
            h=1080,
        ),
        both=True,
    ),
    item(
        11,
        19,
        "10:00",
        "x fb md",
        "Mercat de Nadal d'artesania: les parades per al 12 i 13 de desembre es demanen fins "
        "al 27 de novembre a la seu electrònica. Prioritat per a l'artesania local.",
        "Mercado de Navidad de artesanía: los puestos para el 12 y 13 de diciembre se "
        "solicitan hasta el 27 de noviembre en la sede electrónica. Prioridad para la "
        "artesanía local.",
        link=f"{SEU}/mercat-nadal",
    ),
]

# The mayor at openings and visits: allowed outside electoral periods, but seed 003 warns that
# the networks belong to the citizens, not to the mayor's inaugurations. The
# institutional-neutrality rule reports them (as warnings here; as errors inside a period).
MAYOR = [
    item(
        7,
        15,
        "13:10",
        "x fb",
        "L'alcaldessa, Neus Ferrando, visita les obres de la nova pista d'atletisme del "
        "poliesportiu, que estarà acabada a la primavera.",
        "La alcaldesa, Neus Ferrando, visita las obras de la nueva pista de atletismo del "
        "polideportivo, que estará terminada en primavera.",
        img=img(
            "visita-pista",
            "L'alcaldessa i el regidor d'Esports amb casc a la pista d'atletisme en obres",
            "La alcaldesa y el concejal de Deportes con casco en la pista de atletismo en obras",
        ),
        mistake="mayor-visit",
    ),
    item(
        9,
        18,
        "12:40",
        "x fb ig",
        "L'alcaldessa, Neus Ferrando, inaugura el Parc de la Sèquia renovat: 2 hectàrees "
        "d'ombra, jocs inclusius i un circuit biosaludable.",
        "La alcaldesa, Neus Ferrando, inaugura el Parque de la Sèquia renovado: 2 hectáreas de "
        "sombra, juegos inclusivos y un circuito biosaludable.",
        img=img(
            "inauguracio-parc",
            "L'alcaldessa tallant la cinta a l'entrada del Parc de la Sèquia amb regidors i veïns",
            "La alcaldesa cortando la cinta en la "
            "entrada del Parque de la Sèquia con concejales y vecinos",
            w=1080,
            h=1080,
        ),
        mistake="mayor-inauguration",
    ),
    item(
        11,
        6,
        "13:30",
        "fb",
        "L'alcaldessa, Neus Ferrando, i el regidor d'Ocupació visiten el Centre de Dia "
        "municipal per a conéixer les necessitats de les persones usuàries.",
        "La alcaldesa, Neus Ferrando, y el concejal de Empleo visitan el Centro de Día "
        "municipal para conocer las necesidades de las personas usuarias.",
        img=img(
            "visita-centre-dia",
            "L'alcaldessa parlant amb dues usuàries del Centre de Dia a la sala comuna",
            "La alcaldesa hablando con dos usuarias del Centro de Día en la sala común",
        ),
        mistake="mayor-visit",
    ),
]

# --------------------------------------------------------------------------------------------
# Policia Local (x-policia): traffic cuts from a template, and campaigns
# --------------------------------------------------------------------------------------------

STREETS = [  # (where, in Valencian; where, in Spanish; detour, Valencian; detour, Spanish)
    ("al carrer Major", "en la calle Mayor", "el carrer de Sant Vicent", "la calle de Sant Vicent"),
    ("a l'avinguda de la Constitució", "en la avenida de la Constitución",
     "la Ronda Nord", "la Ronda Nord"),
    ("al carrer dels Tarongers", "en la calle dels Tarongers",
     "el carrer de l'Hort", "la calle de l'Hort"),
    ("al camí del Molí", "en el camí del Molí", "la Ronda Nord", "la Ronda Nord"),
    ("a la plaça del Mercat", "en la plaza del Mercat",
     "el carrer del Forn", "la calle del Forn"),
    ("al carrer de la Sèquia", "en la calle de la Sèquia",
     "l'avinguda del País Valencià", "la avenida del País Valencià"),
    ("a l'avinguda del País Valencià", "en la avenida del País Valencià",
     "el carrer dels Tarongers", "la calle dels Tarongers"),
    ("al carrer de l'Hort", "en la calle de l'Hort", "el carrer Major", "la calle Mayor"),
]  # fmt: skip
REASONS = [
    ("les obres de la xarxa de clavegueram", "las obras de la red de alcantarillado"),
    ("una mudança amb grua", "una mudanza con grúa"),
    ("la poda dels arbres", "la poda de los árboles"),
    ("l'asfaltat de la calçada", "el asfaltado de la calzada"),
    ("la reparació d'una canonada", "la reparación de una tubería"),
    ("el muntatge d'una grua d'obra", "el montaje de una grúa de obra"),
    ("la renovació de l'enllumenat", "la renovación del alumbrado"),
]
CUT_HOURS = [
    ("8.00", "8:00", "14.00", "14:00"),
    ("7.30", "7:30", "13.00", "13:00"),
    ("9.00", "9:00", "18.00", "18:00"),
    ("8.00", "8:00", "11.00", "11:00"),
]


def per(phrase: str) -> str:
    """Valencian ``per`` before a noun phrase, contracted with ``el`` (``pel carrer``)."""
    return "pel " + phrase[3:] if phrase.startswith("el ") else "per " + phrase


def traffic_cut(rng, day, hm):
    """A traffic-cut notice for ``day``, posted some days before at ``hm``."""
    where_ca, where_es, detour_ca, detour_es = rng.choice(STREETS)
    reason_ca, reason_es = rng.choice(REASONS)
    h1c, h1e, h2c, h2e = rng.choice(CUT_HOURS)
    ca = (
        f"Tall de trànsit {where_ca}: {dia_ca(day)}, de {h1c} a {h2c}, {per(reason_ca)}. "
        f"Desviament {per(detour_ca)}. Disculpeu les molèsties."
    )
    es = (
        f"Corte de tráfico {where_es}: {dia_es(day)}, de {h1e} a {h2e}, por {reason_es}. "
        f"Desvío por {detour_es}. Disculpen las molestias."
    )
    posted = day - timedelta(days=rng.choice([1, 1, 2, 3]))
    if posted.weekday() >= 5:
        posted -= timedelta(days=posted.weekday() - 4)
    return {
        "day": posted,
        "hm": hm,
        "on": ["pol"],
        "ca": ca,
        "es": es,
        "tags": ["#TrànsitSoldeneu"] if rng.random() < 0.3 else [],
        "both": rng.random() < 0.35,
    }


CUT_DAYS = [
    (6, 9),
    (6, 16),
    (6, 24),
    (7, 1),
    (7, 21),
    (7, 28),
    (8, 5),
    (8, 19),
    (8, 27),
    (9, 2),
    (9, 9),
    (9, 16),
    (10, 7),
    (10, 14),
    (10, 21),
    (10, 27),
    (11, 4),
    (11, 11),
    (11, 17),
]

POLICE = [
    item(
        6,
        3,
        "09:00",
        "pol",
        "Revetla de Sant Joan: els petards i la pirotècnia només es poden llançar a l'espai "
        "delimitat de la plaça de l'Església, de 21.30 a 1.00. Per a urgències, 092.",
        "Verbena de San Juan: los petardos y la pirotecnia solo se pueden lanzar en el "
        "espacio delimitado de la plaza de la Iglesia, de 21:30 a 1:00. Para urgencias, 092.",
        both=True,
    ),
    item(
        6,
        29,
        "10:30",
        "pol",
        "Te'n vas de vacances? No publiques a les xarxes que la casa està buida, demana a "
        "algú de confiança que buide la bústia i, si vols, avisa'ns: passarem més sovint.",
        "¿Te vas de vacaciones? No publiques en redes que la casa está vacía, pide a alguien "
        "de confianza que vacíe el buzón y, si quieres, avísanos: pasaremos más a menudo.",
        both=True,
    ),
    item(
        7,
        6,
        "08:00",
        "pol",
        "Obres al carrer Major fins al 17 de juliol. El mercat ambulant dels dijous es "
        "trasllada a la plaça del Mercat i al carrer del Forn mentre duren.",
        "Obras en la calle Mayor hasta el 17 de julio. El mercadillo de los jueves se "
        "traslada a la plaza del Mercat y a la calle del Forn mientras duren.",
        both=True,
    ),
    item(
        7,
        13,
        "11:00",
        "pol",
        "Els patinets elèctrics no poden circular per les voreres ni portar dues persones. "
        "Este mes fem controls informatius a les eixides del poliesportiu i de l'institut.",
        "Los patinetes eléctricos no pueden circular por las aceras ni llevar a dos personas. "
        "Este mes hacemos controles informativos a las salidas del polideportivo y del "
        "instituto.",
    ),
    item(
        8,
        12,
        "10:00",
        "pol",
        "Objectes perduts: tenim a la Prefectura claus, ulleres, carteres i un mòbil trobats "
        "a la piscina. Passeu de 9.00 a 14.00 amb un document que acredite que són vostres.",
        "Objetos perdidos: tenemos en la Jefatura llaves, gafas, carteras y un móvil "
        "encontrados en la piscina. Pasad de 9:00 a 14:00 con un documento que acredite que "
        "son vuestros.",
    ),
    item(
        9,
        7,
        "07:45",
        "pol",
        "Primer dia de col·le! Hi haurà agents als passos de vianants dels tres col·legis i "
        "de l'institut. No pareu en doble fila: un cotxe mal aparcat amaga els xiquets que "
        "creuen.",
        "¡Primer día de cole! Habrá agentes en los pasos de peatones de los tres colegios y "
        "del instituto. No paréis en doble fila: un coche mal aparcado tapa a los niños que "
        "cruzan.",
        both=True,
    ),
    item(
        9,
        22,
        "10:00",
        "pol",
        "Dispositiu de Fires: del 25 de setembre al 4 d'octubre hi haurà 40 agents i "
        "voluntaris de Protecció Civil. Aparcaments dissuasoris gratuïts a la Ronda Nord i "
        "al poliesportiu.",
        "Dispositivo de Fiestas: del 25 de septiembre al 4 de octubre habrá 40 agentes y "
        "voluntarios de Protección Civil. Aparcamientos disuasorios gratuitos en la Ronda "
        "Nord y en el polideportivo.",
        tags=["#FiresSoldeneu2026"],
        campaign="fires-2026",
        both=True,
    ),
    item(
        9,
        26,
        "09:00",
        "pol",
        "Hui, per la mascletada, la plaça de l'Ajuntament i els carrers del voltant es tallen "
        "de 12.00 a 15.00. No deixeu el cotxe en les zones senyalitzades: actuarà la grua.",
        "Hoy, por la mascletà, la plaza del Ayuntamiento y las calles de alrededor se cortan "
        "de 12:00 a 15:00. No dejéis el coche en las zonas señalizadas: actuará la grúa.",
        tags=["#FiresSoldeneu2026"],
        campaign="fires-2026",
    ),
    item(
        10,
        2,
        "10:00",
        "pol",
        "Demà, Dia de les Paelles: l'accés al recinte firal es talla als vehicles de 9.00 a "
        "19.00. Les colles poden descarregar de 8.00 a 9.00. Si beus, no conduïsques.",
        "Mañana, Día de las Paellas: el acceso al recinto ferial se corta a los vehículos de "
        "9:00 a 19:00. Los grupos pueden descargar de 8:00 a 9:00. Si bebes, no conduzcas.",
        tags=["#FiresSoldeneu2026"],
        campaign="fires-2026",
        both=True,
    ),
    item(
        10,
        9,
        "11:00",
        "pol",
        "Diumenge 11, 10K de Soldeneu: de 8.30 a 12.00 es tallen la Ronda Nord, l'avinguda "
        "de la Constitució i el camí del Molí. Consulteu el recorregut abans d'eixir de casa.",
        "Domingo 11, 10K de Soldeneu: de 8:30 a 12:00 se cortan la Ronda Nord, la avenida de "
        "la Constitución y el camí del Molí. Consultad el recorrido antes de salir de casa.",
        both=True,
    ),
    item(
        10,
        13,
        "09:00",
        "pol",
        "Avís groc per pluges. Si l'aigua cobrix la calçada, no hi entreu amb el cotxe. El "
        "gual del barranc del Molí queda tancat fins a nou avís.",
        "Aviso amarillo por lluvias. Si el agua cubre la calzada, no entréis con el coche. "
        "El vado del barranco del Molí queda cerrado hasta nuevo aviso.",
        both=True,
    ),
    item(
        10,
        20,
        "10:00",
        "pol",
        "Cap treballador de l'Ajuntament vos demanarà per telèfon les dades del banc ni "
        "vindrà a casa a revisar el comptador sense avís. Si passa, crideu al 092.",
        "Ningún trabajador del Ayuntamiento os pedirá por teléfono los datos del banco ni "
        "irá a casa a revisar el contador sin aviso. Si pasa, llamad al 092.",
    ),
    item(
        10,
        29,
        "10:00",
        "pol",
        "Tots Sants: del 30 d'octubre a l'1 de novembre el carrer del Cementeri és de sentit "
        "únic cap a la Ronda Nord. Useu l'autobús gratuït des de la plaça de l'Ajuntament.",
        "Todos los Santos: del 30 de octubre al 1 de noviembre la calle del Cementerio es de "
        "sentido único hacia la Ronda Nord. Usad el autobús gratuito desde la plaza del "
        "Ayuntamiento.",
        both=True,
    ),
    item(
        11,
        10,
        "10:00",
        "pol",
        "Campanya de control del cinturó i de les cadiretes infantils fins al 16 de "
        "novembre. Una cadireta adequada a l'edat i al pes reduïx molt el risc de lesions "
        "greus.",
        "Campaña de control del cinturón y de las sillitas infantiles hasta el 16 de "
        "noviembre. Una sillita adecuada a la edad y al peso reduce mucho el riesgo de lesiones "
        "graves.",
    ),
]

# --------------------------------------------------------------------------------------------
# Ocupació (linkedin-ocupacio, and sometimes the main profiles)
# --------------------------------------------------------------------------------------------

JOBS = [  # (Valencian, Spanish)
    (
        "Peó/ona agrícola per a la campanya de la taronja",
        "Peón/a agrícola para la campaña de la naranja",
    ),
    ("Auxiliar administratiu/iva", "Auxiliar administrativo/a"),
    ("Monitor/a de temps lliure", "Monitor/a de tiempo libre"),
    ("Dependent/a de comerç", "Dependiente/a de comercio"),
    ("Conductor/a de camió amb permís C+E", "Conductor/a de camión con permiso C+E"),
    ("Cuiner/a", "Cocinero/a"),
    ("Electricista oficial de primera", "Electricista oficial de primera"),
    ("Fisioterapeuta", "Fisioterapeuta"),
    ("Tècnic/a de manteniment industrial", "Técnico/a de mantenimiento industrial"),
    ("Carretoner/a amb carnet", "Carretillero/a con carné"),
    ("Auxiliar d'ajuda a domicili", "Auxiliar de ayuda a domicilio"),
    ("Cambrer/a de sala", "Camarero/a de sala"),
    ("Mosso/a de magatzem", "Mozo/a de almacén"),
    ("Soldador/a", "Soldador/a"),
]  # fmt: skip


def weekly_jobs(rng, day):
    """The Monday list of job offers of the Agència de Desenvolupament Local."""
    picks = rng.sample(JOBS, 4)
    lines_ca = "\n".join(f"· {ca}" for ca, _ in picks)
    lines_es = "\n".join(f"· {es}" for _, es in picks)
    total = rng.randint(9, 23)
    ca = (
        f"Ofertes d'ocupació de la setmana: {total} ofertes actives a la borsa municipal. "
        f"Entre altres:\n{lines_ca}\nInscriu-te a l'Agència de Desenvolupament Local o a la "
        "seu electrònica."
    )
    es = (
        f"Ofertas de empleo de la semana: {total} ofertas activas en la bolsa municipal. "
        f"Entre otras:\n{lines_es}\nInscríbete en la Agencia de Desarrollo Local o en la "
        "sede electrónica."
    )
    return {
        "day": day,
        "hm": rng.choice(["09:00", "09:15", "09:30"]),
        "on": ["li"],
        "ca": ca,
        "es": es,
        "link": f"{SEU}/borsa-ocupacio",
        "tags": ["#SoldeneuOcupa"],
        "campaign": "borsa-ocupacio",
    }


OCUPACIO = [
    item(
        6,
        12,
        "10:00",
        "li x",
        "Curs gratuït de competències digitals bàsiques per a persones en situació d'atur: "
        "correu, certificat digital i tràmits en línia. 15 places, del 22 de juny al 3 de "
        "juliol.",
        "Curso gratuito de competencias digitales básicas para personas en paro: correo, "
        "certificado digital y trámites en línea. 15 plazas, del 22 de junio al 3 de julio.",
        link=f"{SEU}/cursos-ocupacio",
        tags=["#SoldeneuOcupa"],
    ),
    item(
        7,
        7,
        "10:00",
        "li",
        "Preparar una entrevista de treball també s'aprén. Taller de dues sessions amb "
        "simulacions reals, dimarts 14 i dijous 16 de juliol a l'Agència de Desenvolupament "
        "Local.",
        "Preparar una entrevista de trabajo también se aprende. Taller de dos sesiones con "
        "simulaciones reales, martes 14 y jueves 16 de julio en la Agencia de Desarrollo "
        "Local.",
        link=f"{SEU}/cursos-ocupacio",
    ),
    item(
        7,
        22,
        "10:00",
        "li x fb",
        "L'Ajuntament contracta 6 persones aturades de llarga durada durant 12 mesos per al "
        "manteniment de parcs i jardins. Sol·licituds fins al 5 d'agost.",
        "El Ayuntamiento contrata a 6 personas paradas de larga duración durante 12 meses para "
        "el mantenimiento de parques y jardines. Solicitudes hasta el 5 de agosto.",
        link=f"{SEU}/pla-ocupacio-2026",
        tags=["#SoldeneuOcupa"],
    ),
    item(
        9,
        8,
        "10:00",
        "li x",
        "Curs de manipulació d'aliments (10 hores) i curs de carretoner (20 hores), gratuïts "
        "i amb certificat. Inscripcions a l'Agència de Desenvolupament Local fins al 18 de "
        "setembre.",
        "Curso de manipulación de alimentos (10 horas) y curso de carretillero (20 horas), "
        "gratuitos y con certificado. Inscripciones en la Agencia de Desarrollo Local hasta "
        "el 18 de septiembre.",
        link=f"{SEU}/cursos-ocupacio",
        tags=["#SoldeneuOcupa"],
    ),
    item(
        9,
        29,
        "10:00",
        "li",
        "El Taller d'Ocupació «Soldeneu Verd» busca 10 persones majors de 25 anys per a "
        "formar-se i treballar 12 mesos en jardineria i restauració d'espais naturals.",
        "El Taller de Empleo «Soldeneu Verd» busca 10 personas mayores de 25 años para "
        "formarse y trabajar 12 meses en jardinería y restauración de espacios naturales.",
        link=f"{SEU}/taller-ocupacio",
    ),
    item(
        10,
        20,
        "10:00",
        "li x fb",
        "Fira d'Ocupació de Soldeneu: dijous 5 de novembre, de 10.00 a 14.00, al pavelló "
        "municipal. 30 empreses de la comarca, entrevistes en el moment i tallers de CV.",
        "Feria de Empleo de Soldeneu: jueves 5 de noviembre, de 10:00 a 14:00, en el pabellón "
        "municipal. 30 empresas de la comarca, entrevistas en el momento y talleres de CV.",
        link=f"{ORG_SITE}/fira-ocupacio",
        tags=["#SoldeneuOcupa"],
        both=True,
    ),
    item(
        11,
        6,
        "10:00",
        "li",
        "Gràcies a les 30 empreses i a les més de 400 persones que vau passar per la Fira "
        "d'Ocupació. En les pròximes setmanes publicarem les ofertes que n'han eixit.",
        "Gracias a las 30 empresas y a las más de 400 personas que pasasteis por la Feria de "
        "Empleo. En las próximas semanas publicaremos las ofertas que han salido de ella.",
        tags=["#SoldeneuOcupa"],
    ),
]

# --------------------------------------------------------------------------------------------
# Esports (facebook-esports)
# --------------------------------------------------------------------------------------------

ESPORTS = [
    item(
        6,
        1,
        "10:00",
        "esp",
        "Escola d'Estiu 2026: del 22 de juny al 31 de juliol, per a xiquets i xiquetes de 3 a "
        "12 anys. Esport, piscina, tallers i eixides. Inscripcions fins al 12 de juny a la "
        "seu electrònica.",
        "Escuela de Verano 2026: del 22 de junio al 31 de julio, para niños y niñas de 3 a 12 "
        "años. Deporte, piscina, talleres y salidas. Inscripciones hasta el 12 de junio en la "
        "sede electrónica.",
        link=f"{SEU}/escola-estiu",
        img=img(
            "escola-estiu-2025",
            "Grup de xiquets amb gorres grogues fent una carrera de "
            "sacs a la pista del poliesportiu",
            "Grupo de niños con gorras amarillas "
            "haciendo una carrera de sacos en la pista del polideportivo",
            minors=True,
            consent="CONS-2025-ESP-031",
        ),
    ),
    item(
        6,
        9,
        "17:00",
        "esp",
        "Torneig de futbol sala nocturn: del 6 al 24 de juliol, dimarts i dijous a les 21.30. "
        "Equips de 8 a 12 jugadors majors de 16 anys. Inscripcions fins al 30 de juny.",
        "Torneo de fútbol sala nocturno: del 6 al 24 de julio, martes y jueves a las 21:30. "
        "Equipos de 8 a 12 jugadores mayores de 16 años. Inscripciones hasta el 30 de junio.",
    ),
    item(
        6,
        22,
        "10:00",
        "esp",
        "Cursets de natació d'estiu a la piscina municipal: quatre torns de dues setmanes, "
        "per a totes les edats. Places limitades; inscripcions a la taquilla de la piscina.",
        "Cursillos de natación de verano en la piscina municipal: cuatro turnos de dos "
        "semanas, para todas las edades. Plazas limitadas; inscripciones en la taquilla de la "
        "piscina.",
        img=img(
            "cursets-natacio",
            "Monitora de natació a la vora de la piscina amb taulers de suro apilats",
            "Monitora de natación junto a la piscina con tablas de corcho apiladas",
        ),
    ),
    item(
        7,
        1,
        "18:00",
        "esp",
        "Torneig 3x3 de bàsquet al carrer: dissabte 11 de juliol a la plaça del Mercat. "
        "Categories sub-14, sub-18 i absoluta. Porta aigua i protecció solar!",
        "Torneo 3x3 de baloncesto en la calle: sábado 11 de julio en la plaza del Mercat. "
        "Categorías sub-14, sub-18 y absoluta. ¡Trae agua y protección solar!",
    ),
    item(
        7,
        22,
        "10:30",
        "esp",
        "Aquagym a la piscina d'estiu: dimarts i dijous de 10.00 a 11.00, fins al 3 de "
        "setembre. Activitat gratuïta amb l'entrada o l'abonament.",
        "Aquagym en la piscina de verano: martes y jueves de 10:00 a 11:00, hasta el 3 de "
        "septiembre. Actividad gratuita con la entrada o el abono.",
    ),
    item(
        8,
        25,
        "10:00",
        "esp",
        "Escoles Esportives Municipals 2026-2027: futbol, bàsquet, handbol, gimnàstica "
        "rítmica, atletisme i pilota valenciana, per a nascuts entre 2011 i 2022. "
        "Inscripcions de l'1 al 15 de setembre.",
        "Escuelas Deportivas Municipales 2026-2027: fútbol, baloncesto, balonmano, gimnasia "
        "rítmica, atletismo y pelota valenciana, para nacidos entre 2011 y 2022. "
        "Inscripciones del 1 al 15 de septiembre.",
        link=f"{SEU}/escoles-esportives",
    ),
    item(
        9,
        8,
        "18:00",
        "esp",
        "Obertes les inscripcions de la 10K de Soldeneu, diumenge 11 d'octubre a les 9.00. "
        "Hi ha també cursa infantil i caminada popular de 5 km. Dorsal: 12 euros.",
        "Abiertas las inscripciones de la 10K de Soldeneu, domingo 11 de octubre a las 9:00. "
        "Hay también carrera infantil y caminata popular de 5 km. Dorsal: 12 euros.",
        link=f"{ORG_SITE}/10k",
        img=img(
            "10k-cartell",
            "Cartell de la 10K de Soldeneu amb el traçat del recorregut sobre el mapa del poble",
            "Cartel de la 10K de Soldeneu con el trazado del recorrido sobre el mapa del pueblo",
            w=1080,
            h=1350,
        ),
    ),
    item(
        9,
        21,
        "10:00",
        "esp",
        "El gimnàs municipal torna a l'horari d'hivern: de dilluns a divendres de 7.00 a "
        "22.00 i dissabtes de 9.00 a 14.00. Les classes dirigides comencen el 28 de setembre.",
        "El gimnasio municipal vuelve al horario de invierno: de lunes a viernes de 7:00 a "
        "22:00 y sábados de 9:00 a 14:00. Las clases dirigidas empiezan el 28 de septiembre.",
    ),
    item(
        10,
        7,
        "18:30",
        "esp",
        "10K de Soldeneu: els dorsals es recullen divendres 9 i dissabte 10 al pavelló, de "
        "17.00 a 20.00. Cal portar el DNI o la confirmació de la inscripció.",
        "10K de Soldeneu: los dorsales se recogen el viernes 9 y el sábado 10 en el pabellón, "
        "de 17:00 a 20:00. Hay que llevar el DNI o la confirmación de la inscripción.",
    ),
    item(
        10,
        11,
        "13:30",
        "esp",
        "Gràcies a les 912 persones que heu corregut hui la 10K, i als 60 voluntaris. Les "
        "classificacions ja són a la web i les fotos, al Flickr de l'Ajuntament.",
        "Gracias a las 912 personas que habéis corrido hoy la 10K, y a los 60 voluntarios. "
        "Las clasificaciones ya están en la web y las fotos, en el Flickr del Ayuntamiento.",
        link=f"{ORG_SITE}/10k/classificacions",
        img=img(
            "10k-eixida",
            "Eixida de la 10K a l'avinguda de la Constitució, amb "
            "centenars de corredors i l'arc inflable",
            "Salida de la 10K en la avenida "
            "de la Constitución, con cientos de corredores y el arco hinchable",
        ),
    ),
    item(
        10,
        20,
        "17:00",
        "esp",
        "Lliga local de futbol sala 2026-2027: 14 equips, partits els divendres a la nit al "
        "pavelló. El calendari ja està publicat.",
        "Liga local de fútbol sala 2026-2027: 14 equipos, partidos los viernes por la noche "
        "en el pabellón. El calendario ya está publicado.",
        link=f"{ORG_SITE}/esports/lliga-futbol-sala",
    ),
    item(
        10,
        27,
        "10:00",
        "esp",
        "Dissabte 31 d'octubre, exhibició de pilota valenciana al carrer de la Sèquia: "
        "partida d'escala i corda a les 11.00 amb jugadors professionals. Vine a animar!",
        "Sábado 31 de octubre, exhibición de pelota valenciana en la calle de la Sèquia: "
        "partida de escala i corda a las 11:00 con jugadores profesionales. ¡Ven a animar!",
        img=img(
            "pilota-carrer",
            "Partida de pilota valenciana al carrer, amb el públic assegut a les voreres",
            "Partida de pelota valenciana en la calle, con el público sentado en las aceras",
        ),
    ),
    item(
        11,
        4,
        "10:00",
        "esp",
        "Ruta senderista a la Font del Teix, diumenge 15 de novembre: 11 km, dificultat "
        "mitjana. Eixida a les 8.30 des del poliesportiu. Inscripció gratuïta.",
        "Ruta senderista a la Font del Teix, domingo 15 de noviembre: 11 km, dificultad "
        "media. Salida a las 8:30 desde el polideportivo. Inscripción gratuita.",
    ),
    item(
        11,
        13,
        "12:00",
        "esp",
        "Les obres de la pista d'atletisme avancen: ja està feta la base i al gener es "
        "posarà el paviment sintètic. Mentrestant, l'escola d'atletisme entrena al camp de "
        "futbol.",
        "Las obras de la pista de atletismo avanzan: ya está hecha la base y en enero se "
        "pondrá el pavimento sintético. Mientras tanto, la escuela de atletismo entrena en el "
        "campo de fútbol.",
        img=img(
            "pista-obres",
            "Pista d'atletisme en obres amb la base d'asfalt acabada i una màquina al fons",
            "Pista de atletismo en obras con la base de asfalto terminada y una máquina al fondo",
        ),
    ),
]

# --------------------------------------------------------------------------------------------
# Cultura (facebook-cultura: cfb; instagram-cultura, Valencian only: cig)
# --------------------------------------------------------------------------------------------

CULTURA = [
    item(
        6,
        5,
        "11:00",
        "cfb cig",
        "Exposició «Soldeneu de sempre»: 80 fotografies antigues cedides pel veïnat, a la "
        "Casa de Cultura fins al 30 de juny. De dilluns a dissabte, de 18.00 a 21.00.",
        "Exposición «Soldeneu de sempre»: 80 fotografías antiguas cedidas por los vecinos, en "
        "la Casa de Cultura hasta el 30 de junio. De lunes a sábado, de 18:00 a 21:00.",
        img=img(
            "soldeneu-de-sempre",
            "Fotografia en blanc i negre de la plaça del Mercat "
            "cap a 1960, amb carros i un camió antic",
            "Fotografía en blanco y negro de "
            "la plaza del Mercat hacia 1960, con carros y un camión antiguo",
            w=1080,
            h=1080,
        ),
        tags=["#CulturaSoldeneu"],
    ),
    item(
        6,
        12,
        "12:00",
        "cfb cig",
        "Concert de final de curs de l'Escola de Música de la Unió Musical de Soldeneu: "
        "diumenge 14 de juny a les 19.00 a l'Auditori. Entrada lliure.",
        "Concierto de fin de curso de la Escuela de Música de la Unió Musical de Soldeneu: "
        "domingo 14 de junio a las 19:00 en el Auditorio. Entrada libre.",
        img=img(
            "concert-fi-curs",
            "Faristols i cadires buides a l'escenari de l'Auditori abans del concert",
            "Atriles y sillas vacías en el escenario del Auditorio antes del concierto",
            w=1080,
            h=1080,
        ),
    ),
    item(
        6,
        26,
        "11:00",
        "cfb cig",
        "Teatre a la fresca al pati de la Casa de Cultura: divendres 3 de juliol, «Les "
        "veïnes del quart», una comèdia de la companyia local La Sèquia Teatre.",
        "Teatro al fresco en el patio de la Casa de Cultura: viernes 3 de julio, «Les veïnes "
        "del quart», una comedia de la compañía local La Sèquia Teatre.",
        img=img(
            "teatre-fresca",
            "Actrius assajant al pati de la Casa de Cultura amb decorat d'un replà d'escala",
            "Actrices ensayando en el patio de la Casa de "
            "Cultura con decorado de un rellano de escalera",
            w=1080,
            h=1080,
        ),
    ),
    item(
        7,
        2,
        "12:00",
        "cfb",
        "Cinema a la fresca al Parc de la Sèquia: tots els divendres de juliol, a les 22.00. "
        "Pel·lícules familiars en valencià, amb subtítols en castellà.",
        "Cine al fresco en el Parque de la Sèquia: todos los viernes de julio, a las 22:00. "
        "Películas familiares en valenciano, con subtítulos en castellano.",
        campaign="cinema-estiu-2026",
    ),
    item(
        7,
        16,
        "12:00",
        "cfb cig",
        "Nit de contes a la plaça de l'Església: dijous 23 de juliol a les 21.30, la "
        "contacontes Marta Boix porta llegendes de la Serra. Per a totes les edats.",
        "Noche de cuentos en la plaza de la Iglesia: jueves 23 de julio a las 21:30, la "
        "cuentacuentos Marta Boix trae leyendas de la Serra. Para todas las edades.",
        img=img(
            "nit-contes",
            "Contacontes asseguda en un tamboret amb un fanalet, davant de la façana de l'església",
            "Cuentacuentos sentada en un taburete con un "
            "farolillo, delante de la fachada de la iglesia",
            w=1080,
            h=1080,
        ),
    ),
    item(
        8,
        6,
        "12:00",
        "cfb cig",
        "Concert d'estiu de la Unió Musical a la plaça de l'Ajuntament: dissabte 8 d'agost a "
        "les 22.30, amb música de pel·lícula i pasdobles.",
        "Concierto de verano de la Unió Musical en la plaza del Ayuntamiento: sábado 8 de "
        "agosto a las 22:30, con música de película y pasodobles.",
        img=img(
            "unio-musical",
            "Músics de la Unió Musical amb uniforme blau tocant a la plaça de nit",
            "Músicos de la Unió Musical con uniforme azul tocando en la plaza de noche",
            w=1080,
            h=1080,
        ),
    ),
    item(
        9,
        11,
        "12:00",
        "cfb cig",
        "Nova exposició a la Casa de Cultura: «Soldeneu en 100 cartells», un segle de "
        "cartells de festes, del 15 de setembre al 31 d'octubre.",
        "Nueva exposición en la Casa de Cultura: «Soldeneu en 100 cartells», un siglo de "
        "carteles de fiestas, del 15 de septiembre al 31 de octubre.",
        img=img(
            "100-cartells",
            "Paret de la sala d'exposicions coberta de cartells de festes antics, emmarcats",
            "Pared de la sala de exposiciones cubierta de carteles de fiestas antiguos, enmarcados",
            w=1080,
            h=1080,
        ),
        tags=["#CulturaSoldeneu"],
    ),
    item(
        9,
        28,
        "12:00",
        "cfb cig",
        "Gran concert de Fires dijous 1 d'octubre a les 23.00 al recinte firal, amb grups de "
        "la comarca. Entrada lliure.",
        "Gran concierto de Fiestas el jueves 1 de octubre a las 23:00 en el recinto ferial, "
        "con grupos de la comarca. Entrada libre.",
        img=img(
            "concert-fires",
            "Escenari del recinte firal il·luminat de colors abans del concert",
            "Escenario del recinto ferial iluminado de colores antes del concierto",
            w=1080,
            h=1080,
        ),
        tags=["#FiresSoldeneu2026"],
        campaign="fires-2026",
    ),
    item(
        9,
        30,
        "18:00",
        "cfb",
        "Club de lectura de la Biblioteca: dimecres 14 d'octubre parlem de «L'hort de "
        "l'àvia», de l'autora local Empar Castelló, que vindrà a la sessió.",
        "Club de lectura de la Biblioteca: el miércoles 14 de octubre hablamos de «L'hort de "
        "l'àvia», de la autora local Empar Castelló, que vendrá a la sesión.",
    ),
    item(
        10,
        10,
        "10:00",
        "cfb cig",
        "L'hora del conte torna a la Biblioteca: cada dissabte a les 11.30, contes en "
        "valencià per a xiquets i xiquetes de 3 a 8 anys. Places limitades.",
        "La hora del cuento vuelve a la Biblioteca: cada sábado a las 11:30, cuentos en "
        "valenciano para niños y niñas de 3 a 8 años. Plazas limitadas.",
        img=img(
            "hora-conte",
            "Racó infantil de la Biblioteca amb coixins de colors i un prestatge de contes",
            "Rincón infantil de la Biblioteca con cojines de colores y una estantería de cuentos",
            w=1080,
            h=1080,
        ),
    ),
    item(
        10,
        15,
        "11:00",
        "cfb cig",
        "#SetmanaCultural 2026, del 19 al 25 d'octubre: teatre, música, literatura i "
        "exposicions. Tot gratuït. Consulta el programa complet al bloc.",
        "#SetmanaCultural 2026, del 19 al 25 de octubre: teatro, música, literatura y "
        "exposiciones. Todo gratis. Consulta el programa completo en el blog.",
        link=f"{BLOG}/2026/10/setmana-cultural/",
        img=img(
            "setmana-cultural-2026",
            "Cartell de la Setmana Cultural 2026 amb un llibre obert del qual ixen notes musicals",
            "Cartel de la Semana Cultural 2026 con un libro abierto del que salen notas musicales",
            w=1080,
            h=1350,
        ),
        campaign="setmana-cultural-2026",
    ),
    item(
        10,
        19,
        "18:00",
        "cfb cig",
        "Hui comença la #SetmanaCultural: a les 19.00, inauguració de l'exposició de "
        "l'Escola de Pintura a la Casa de Cultura i, a les 20.00, recital de poesia.",
        "Hoy empieza la #SetmanaCultural: a las 19:00, inauguración de la exposición de la "
        "Escuela de Pintura en la Casa de Cultura y, a las 20:00, recital de poesía.",
        img=img(
            "escola-pintura",
            "Quadres a l'oli de paisatges de la Serra penjats a la sala de la Casa de Cultura",
            "Cuadros al óleo de paisajes de la Serra colgados en la sala de la Casa de Cultura",
            w=1080,
            h=1080,
        ),
        campaign="setmana-cultural-2026",
    ),
    item(
        10,
        21,
        "12:00",
        "cfb cig",
        "Dijous, a les 20.00, teatre a l'Auditori: «La mudança», de La Sèquia Teatre. "
        "Entrada gratuïta amb invitació, que es recull a la Casa de Cultura.",
        "El jueves, a las 20:00, teatro en el Auditorio: «La mudança», de La Sèquia Teatre. "
        "Entrada gratuita con invitación, que se recoge en la Casa de Cultura.",
        img=img(
            "la-mudanca",
            "Escena de l'obra: dues actrius envoltades de caixes de cartó",
            "Escena de la obra: dos actrices rodeadas de cajas de cartón",
            w=1080,
            h=1080,
        ),
        campaign="setmana-cultural-2026",
    ),
    item(
        10,
        24,
        "11:00",
        "cfb cig",
        "Esta nit es clou la #SetmanaCultural amb el concert de la Unió Musical i la Coral "
        "Veus de Soldeneu, a les 20.00 a l'Auditori.",
        "Esta noche se cierra la #SetmanaCultural con el concierto de la Unió Musical y la "
        "Coral Veus de Soldeneu, a las 20:00 en el Auditorio.",
        img=img(
            "coral",
            "La Coral Veus de Soldeneu assajant a l'escenari de l'Auditori",
            "La Coral Veus de Soldeneu ensayando en el escenario del Auditorio",
            w=1080,
            h=1080,
        ),
        campaign="setmana-cultural-2026",
    ),
    item(
        10,
        28,
        "18:00",
        "cfb",
        "Club de lectura de novembre: «Vent de ponent», una novel·la curta d'Hèctor Sanchis. "
        "Podeu demanar-la en préstec a la Biblioteca. Sessió el dimecres 18 de novembre.",
        "Club de lectura de noviembre: «Vent de ponent», una novela corta de Hèctor Sanchis. "
        "Podéis pedirla en préstamo en la Biblioteca. Sesión el miércoles 18 de noviembre.",
    ),
    item(
        11,
        5,
        "12:00",
        "cfb cig",
        "Teatre de tardor: dissabte 14 de novembre, a les 19.00, «El rellotge de l'avi», per "
        "a públic familiar. Entrades a 3 euros a la taquilla de l'Auditori.",
        "Teatro de otoño: sábado 14 de noviembre, a las 19:00, «El rellotge de l'avi», para "
        "público familiar. Entradas a 3 euros en la taquilla del Auditorio.",
        img=img(
            "rellotge-avi",
            "Titella d'un avi amb un rellotge de butxaca gegant",
            "Títere de un abuelo con un reloj de bolsillo gigante",
            w=1080,
            h=1080,
        ),
    ),
    item(
        11,
        17,
        "12:00",
        "cfb cig",
        "Santa Cecília: diumenge 22 de novembre, a les 12.00, concert de la Unió Musical a "
        "l'Auditori i benvinguda als nous músics de la banda.",
        "Santa Cecilia: domingo 22 de noviembre, a las 12:00, concierto de la Unió Musical en "
        "el Auditorio y bienvenida a los nuevos músicos de la banda.",
        img=img(
            "santa-cecilia",
            "Instruments de vent de la banda disposats sobre les cadires de l'escenari",
            "Instrumentos de viento de la banda colocados sobre las sillas del escenario",
            w=1080,
            h=1080,
        ),
    ),
]

# --------------------------------------------------------------------------------------------
# Biblioteca (facebook-biblioteca): lively until June, then nothing. The profile is still
# "active" in govsm.toml, but it is dormant: the health check should say so.
# --------------------------------------------------------------------------------------------

BIBLIOTECA = [
    item(
        6,
        2,
        "12:00",
        "bib",
        "Club de lectura de juny: dimecres 17 parlem de «Les cireres del tio Pep», amb "
        "berenar a la terrassa de la Biblioteca. Encara queden llibres per a préstec.",
        "Club de lectura de junio: el miércoles 17 hablamos de «Les cireres del tio Pep», con "
        "merienda en la terraza de la Biblioteca. Aún quedan libros para préstamo.",
    ),
    item(
        6,
        5,
        "11:00",
        "bib",
        "Dissabte a les 11.30, l'hora del conte: «La rabosa que no volia dormir». Per a "
        "xiquets i xiquetes de 3 a 8 anys, acompanyats d'una persona adulta.",
        "El sábado a las 11:30, la hora del cuento: «La rabosa que no volia dormir». Para "
        "niños y niñas de 3 a 8 años, acompañados de una persona adulta.",
    ),
    item(
        6,
        12,
        "12:00",
        "bib",
        "Ja podeu vore a la sala d'estudi l'exposició de treballs del taller de còmic de la "
        "primavera. Gràcies als 14 participants!",
        "Ya podéis ver en la sala de estudio la exposición de trabajos del taller de cómic de "
        "la primavera. ¡Gracias a los 14 participantes!",
        img=img(
            "comic-expo",
            "Pàgines de còmic dibuixades a mà penjades amb pinces en un fil a la sala d'estudi",
            "Páginas de cómic dibujadas a mano colgadas con "
            "pinzas en un hilo en la sala de estudio",
            w=1080,
            h=1080,
        ),
    ),
    item(
        6,
        18,
        "13:00",
        "bib",
        "A partir de l'1 de juliol, horari d'estiu: de dilluns a divendres de 8.00 a 14.30. "
        "La sala d'estudi continua oberta les vesprades fins al 30 de juny.",
        "A partir del 1 de julio, horario de verano: de lunes a viernes de 8:00 a 14:30. La "
        "sala de estudio sigue abierta por las tardes hasta el 30 de junio.",
    ),
]

# --------------------------------------------------------------------------------------------
# The corporate blog (blog-soldeneu): longer texts, with a title
# --------------------------------------------------------------------------------------------

BLOG_POSTS = [
    (
        date(2026, 6, 8),
        "11:30",
        "ca-valencia",
        "piscina-estiu-2026",
        "Tot el que cal saber de la piscina d'estiu 2026",
        "La piscina municipal d'estiu obri dissabte 20 de juny i tancarà diumenge 6 de "
        "setembre. L'horari és de 11.00 a 20.00 tots els dies, festius inclosos.\n\n"
        "## Entrades i abonaments\n\n"
        "L'entrada de dia costa 3 euros (2 euros fins a 14 anys i a partir de 65). L'abonament "
        "de temporada costa 40 euros, o 25 en la tarifa reduïda. Les persones empadronades a "
        "Soldeneu tenen un 30 % de descompte sobre estos preus. Els abonaments es compren a la "
        "seu electrònica des del 15 de juny o a la taquilla des del dia de l'obertura.\n\n"
        "## Normes bàsiques\n\n"
        "Cal dutxar-se abans d'entrar a l'aigua, els xiquets i xiquetes menors de 12 anys han "
        "d'anar acompanyats d'una persona adulta i no es pot entrar amb envasos de vidre. Els "
        "socorristes tenen l'última paraula sobre la seguretat al vas.\n\n"
        "## Accessibilitat\n\n"
        "La piscina té una grua hidràulica per a persones amb mobilitat reduïda i vestidors "
        "adaptats. Si la necessiteu, demaneu-la a la taquilla.",
        "piscina-2026",
    ),
    (
        date(2026, 6, 30),
        "12:00",
        "ca-valencia",
        "cita-previa-oac",
        "Com demanar cita prèvia a l'Oficina d'Atenció Ciutadana",
        "Des de l'1 de juliol, l'Oficina d'Atenció Ciutadana (OAC) atén de 8.00 a 14.00, i a "
        "l'agost només amb cita prèvia. Vos expliquem com demanar-la.\n\n"
        "1. Entreu a la seu electrònica i trieu «Cita prèvia».\n"
        "2. Seleccioneu el tràmit: empadronament, registre, certificats o altres.\n"
        "3. Trieu el dia i l'hora, i escriviu un telèfon o un correu per a rebre la "
        "confirmació.\n\n"
        "Si no teniu internet, podeu demanar la cita al 010 en horari d'oficina. Recordeu que "
        "molts tràmits, com el volant d'empadronament, es poden fer directament a la seu, sense "
        "eixir de casa.",
        None,
    ),
    (
        date(2026, 7, 9),
        "12:30",
        "ca-valencia",
        "refugis-climatics",
        "Refugis climàtics: on són i com funcionen",
        "Quan l'Agència Estatal de Meteorologia activa un avís per calor, l'Ajuntament obri "
        "dos refugis climàtics: la Biblioteca Municipal i la Casa de Cultura. Són espais amb "
        "aire condicionat, aigua fresca i cadires, on qualsevol persona pot entrar sense "
        "demanar res.\n\n"
        "## Horaris\n\n"
        "La Biblioteca obri de dilluns a divendres de 8.00 a 14.30, i la Casa de Cultura de "
        "17.00 a 21.00. Així cobrim el matí i la vesprada.\n\n"
        "## Qui els necessita més\n\n"
        "Les persones grans que viuen soles, les que tenen malalties cròniques i les famílies "
        "amb bebés. Si conegueu algú en esta situació, pregunteu-li com està i, si cal, "
        "acompanyeu-lo.",
        None,
    ),
    (
        date(2026, 7, 27),
        "10:00",
        "es",
        "obras-calle-mayor",
        "Las obras de la calle Mayor, día a día",
        "Las obras de renovación de la red de agua potable de la calle Mayor terminaron el 17 "
        "de julio, en el plazo previsto. Se han cambiado 420 metros de tubería de fibrocemento "
        "por tubería de fundición y se han renovado 38 acometidas.\n\n"
        "Durante las obras, el mercadillo de los jueves se trasladó a la plaza del Mercat, y "
        "queremos agradecer la paciencia de los vecinos y de los comerciantes de la calle.\n\n"
        "En septiembre empieza la segunda fase, entre la calle de Sant Vicent y la Ronda Nord. "
        "Avisaremos con antelación de los cortes de tráfico en todos nuestros perfiles.",
        None,
    ),
    (
        date(2026, 9, 10),
        "12:15",
        "ca-valencia",
        "programa-fires-2026",
        "Fires i Festes 2026: el programa complet",
        "Del 25 de setembre al 4 d'octubre, Soldeneu celebra les seues Fires i Festes en honor "
        "a Sant Miquel. Estos són els actes principals:\n\n"
        "- **Divendres 25**, 20.00: pregó des del balcó de l'Ajuntament.\n"
        "- **Dissabte 26 i diumenge 27**, 14.00: mascletada a la plaça de l'Ajuntament.\n"
        "- **Dimarts 29**, 23.59: castell de focs de Sant Miquel.\n"
        "- **Dijous 1**, 23.00: gran concert al recinte firal.\n"
        "- **Dissabte 3**: Dia de les Paelles.\n\n"
        "Durant totes les festes hi haurà Punt Violeta a la plaça de l'Ajuntament i aparcaments "
        "dissuasoris gratuïts a la Ronda Nord i al poliesportiu.",
        "fires-2026",
    ),
    (
        date(2026, 9, 17),
        "10:30",
        "ca-valencia",
        "punt-violeta",
        "Punt Violeta: festes lliures d'agressions",
        "Durant les Fires i Festes, el Punt Violeta estarà a la plaça de l'Ajuntament cada nit "
        "de 22.00 a 4.00. L'atenen professionals de l'àrea d'Igualtat, que informen, "
        "acompanyen i, si cal, activen els recursos de la Policia Local i dels serveis "
        "sanitaris.\n\n"
        "Si patixes o veus una agressió sexista, acosta't al Punt Violeta o crida al 016 "
        "(atenció a víctimes de violència masclista, gratuït i que no deixa rastre a la "
        "factura) o al 092. La festa és de totes i de tots.",
        "fires-2026",
    ),
    (
        date(2026, 10, 7),
        "11:00",
        "es",
        "balance-fiestas-2026",
        "Balance de las Fiestas 2026",
        "Las Fiestas 2026 terminaron el domingo 4 de octubre con un balance muy positivo. "
        "Según los datos de la Policía Local, más de 35.000 personas pasaron por el recinto "
        "ferial y no hubo que lamentar incidentes graves.\n\n"
        "El Punto Violeta atendió 41 consultas, la mayoría informativas, y el Día de las "
        "Paellas reunió a 84 grupos, un récord. Las brigadas municipales recogieron 18 "
        "toneladas de residuos, un 10 % menos que el año pasado gracias a los vasos "
        "reutilizables.\n\n"
        "Gracias a las comisiones, a las asociaciones, a Protección Civil y a todos los vecinos "
        "que habéis hecho posibles unas fiestas para todos.",
        "fires-2026",
    ),
    (
        date(2026, 10, 15),
        "10:15",
        "ca-valencia",
        "setmana-cultural",
        "Setmana Cultural 2026: guia d'activitats",
        "La Setmana Cultural torna del 19 al 25 d'octubre amb una proposta per a cada dia. "
        "Totes les activitats són gratuïtes; per al teatre cal recollir invitació a la Casa de "
        "Cultura.\n\n"
        "- **Dilluns 19**: inauguració de l'exposició de l'Escola de Pintura i recital de "
        "poesia.\n"
        "- **Dimecres 21**: presentació de llibres d'autors locals a la Biblioteca.\n"
        "- **Dijous 22**: teatre, «La mudança», de La Sèquia Teatre.\n"
        "- **Dissabte 24**: concert de la Unió Musical i la Coral Veus de Soldeneu.\n\n"
        "I fins al 31 d'octubre, l'exposició «Soldeneu en 100 cartells» a la Casa de Cultura.",
        "setmana-cultural-2026",
    ),
    (
        date(2026, 10, 26),
        "09:15",
        "ca-valencia",
        "pressupostos-participatius-2027",
        "Pressupostos participatius 2027: com votar",
        "Del 26 d'octubre al 15 de novembre podeu votar en què invertim 300.000 euros del "
        "pressupost de 2027. Hi ha deu propostes, totes presentades pel veïnat i revisades pels "
        "serveis tècnics municipals.\n\n"
        "Pot votar qualsevol persona empadronada a Soldeneu major de 16 anys. Es vota a la seu "
        "electrònica, amb certificat digital o Cl@ve, o presencialment a l'Oficina d'Atenció "
        "Ciutadana. Cada persona pot triar fins a tres propostes.\n\n"
        "Les propostes més votades entraran al pressupost de 2027 fins a esgotar els 300.000 "
        "euros.",
        "pressupostos-participatius-2027",
    ),
    (
        date(2026, 11, 16),
        "10:15",
        "ca-valencia",
        "resultats-pressupostos",
        "Resultats dels pressupostos participatius 2027",
        "Han votat 2.314 persones, un 7 % del veïnat que podia fer-ho i el doble que en l'edició "
        "anterior. Estes són les tres propostes que entren al pressupost de 2027:\n\n"
        "1. Ombra als patis dels col·legis (712 vots, 140.000 euros).\n"
        "2. Carril bici a la Ronda Nord (655 vots, 110.000 euros).\n"
        "3. Parc per a gossos al camí del Molí (430 vots, 50.000 euros).\n\n"
        "Gràcies a totes les persones que vau presentar propostes i que heu votat. Seguirem "
        "l'execució de cada projecte en este bloc.",
        "pressupostos-participatius-2027",
    ),
]

# YouTube videos (title, description) and Flickr albums (title, description, photos)
YOUTUBE = [
    (
        date(2026, 6, 26),
        "09:00",
        "Ple ordinari de juny de 2026",
        "Sessió ordinària del Ple de l'Ajuntament de Soldeneu del 25 de juny de 2026. Ordre del "
        "dia i actes a la seu electrònica.",
        "ple-2026-06",
    ),
    (
        date(2026, 7, 31),
        "09:00",
        "Ple ordinari de juliol de 2026",
        "Sessió ordinària del Ple de l'Ajuntament de Soldeneu del 30 de juliol de 2026. Ordre "
        "del dia i actes a la seu electrònica.",
        "ple-2026-07",
    ),
    (
        date(2026, 9, 11),
        "13:00",
        "Presentació de les Fires i Festes 2026",
        "Presentació del programa i del cartell de les Fires i Festes de Soldeneu 2026, al saló "
        "de plens.",
        "presentacio-fires",
    ),
    (
        date(2026, 9, 25),
        "09:00",
        "Ple ordinari de setembre de 2026",
        "Sessió ordinària del Ple de l'Ajuntament de Soldeneu del 24 de setembre de 2026. Ordre "
        "del dia i actes a la seu electrònica.",
        "ple-2026-09",
    ),
    (
        date(2026, 9, 26),
        "11:00",
        "Pregó de les Fires i Festes 2026",
        "Pregó de les Fires i Festes 2026 des del balcó de l'Ajuntament, a càrrec de la Colla de "
        "Dolçainers de Soldeneu en el seu 50é aniversari.",
        "prego-2026",
    ),
    (
        date(2026, 10, 30),
        "09:00",
        "Ple ordinari d'octubre de 2026",
        "Sessió ordinària del Ple de l'Ajuntament de Soldeneu del 29 d'octubre de 2026. Ordre "
        "del dia i actes a la seu electrònica.",
        "ple-2026-10",
    ),
    (
        date(2026, 11, 17),
        "12:00",
        "Pressupostos participatius 2027: els resultats",
        "Explicació en tres minuts de les propostes guanyadores dels pressupostos participatius "
        "2027 i del calendari d'execució.",
        "resultats-pressupostos",
    ),
]

FLICKR = [
    (
        date(2026, 6, 22),
        "10:00",
        "Obertura de la piscina d'estiu 2026",
        "Primer dia de la piscina municipal d'estiu, 20 de juny de 2026.",
        [
            ("piscina-01", "Vista general de la piscina municipal plena de banyistes"),
            ("piscina-02", "Socorrista vigilant des de la cadira alta, amb para-sol"),
        ],
    ),
    (
        date(2026, 9, 28),
        "09:30",
        "Fires i Festes 2026: pregó i mascletades",
        "Fotografies del pregó (25 de setembre) i de les mascletades del 26 i 27 de setembre.",
        [
            ("prego-01", "La Colla de Dolçainers tocant al balcó de l'Ajuntament durant el pregó"),
            ("mascleta-01", "Columna de fum blanc sobre la plaça durant la mascletada"),
            ("mascleta-02", "Públic amb les mans a les orelles al final de la mascletada"),
        ],
    ),
    (
        date(2026, 10, 6),
        "10:00",
        "Dia de les Paelles 2026",
        "84 colles al recinte firal el 3 d'octubre de 2026.",
        [
            ("paelles-01", "Paella gran amb conill i garrofó al foc de llenya"),
            ("paelles-02", "Colla de veïns dinant en una taula llarga sota una carpa"),
        ],
    ),
    (
        date(2026, 10, 13),
        "09:30",
        "10K de Soldeneu 2026",
        "Eixida, recorregut i arribada de la 10K del 11 d'octubre de 2026.",
        [
            ("10k-01", "Eixida de la cursa a l'avinguda de la Constitució"),
            ("10k-02", "Corredores passant pel camí del Molí entre tarongers"),
            ("10k-03", "Podi de la categoria absoluta femenina amb les tres guanyadores"),
        ],
    ),
]

# --------------------------------------------------------------------------------------------
# Older history: the 2023 municipal elections on X, and the two archived profiles
# --------------------------------------------------------------------------------------------

OLD_POSTS = [  # (profile, local time, language, author, text, mistake)
    (
        "x-ajuntament",
        (2023, 3, 15, 10, 0),
        "ca",
        "andreu-pastor",
        "Obert el termini del Pla d'Ocupació Local 2023: 12 contractes de sis mesos per a "
        "persones en atur. Sol·licituds a la seu electrònica fins al 31 de març.",
        None,
    ),
    (
        "x-ajuntament",
        (2023, 5, 10, 12, 30),
        "ca",
        "andreu-pastor",
        "L'alcaldessa, Neus Ferrando, inaugura la Casa de Cultura rehabilitada: nova sala "
        "d'exposicions i un auditori per a 300 persones. Gràcies a tot el veïnat per la "
        "paciència durant les obres!",
        "the mayor inaugurates a building inside the 2023 electoral period (2023-04-04 to "
        "2023-05-28): institutional-neutrality, error",
    ),
    (
        "x-ajuntament",
        (2023, 6, 17, 12, 0),
        "ca",
        "andreu-pastor",
        "Hui s'ha constituït la nova corporació municipal eixida de les eleccions del 28 de "
        "maig. Neus Ferrando ha sigut elegida alcaldessa per al mandat 2023-2027.",
        None,
    ),
    (
        "tuenti-esports",
        (2010, 3, 22, 17, 30),
        "es",
        "jordi-balaguer",
        "¡Ya estamos en Tuenti! Aquí os contaremos todo lo que pasa en Deportes y Juventud de "
        "Soldeneu: torneos, campus, excursiones y mucho más.",
        None,
    ),
    (
        "tuenti-esports",
        (2010, 6, 14, 18, 0),
        "es",
        "jordi-balaguer",
        "Campus de fútbol de verano: del 28 de junio al 16 de julio en el campo municipal. "
        "Inscripciones en el polideportivo, de 17:00 a 20:00.",
        None,
    ),
    (
        "tuenti-esports",
        (2011, 4, 11, 17, 0),
        "ca",
        "jordi-balaguer",
        "Torneig de futbol sala de Pasqua: apunta el teu equip al poliesportiu fins al 18 d'abril!",
        None,
    ),
    (
        "tuenti-esports",
        (2011, 10, 3, 18, 15),
        "es",
        "jordi-balaguer",
        "Esta semana empiezan las escuelas deportivas. Mirad los horarios en el tablón del "
        "polideportivo.",
        None,
    ),
    (
        "tuenti-esports",
        (2012, 7, 9, 19, 0),
        "es",
        "jordi-balaguer",
        "¡Noche joven en la piscina! Viernes 13 de julio de 22:00 a 1:00, con DJ y entrada "
        "gratis con el carné joven.",
        None,
    ),
    (
        "tuenti-esports",
        (2013, 5, 6, 17, 45),
        "ca",
        "jordi-balaguer",
        "Dissabte 18 de maig pugem a la Font del Teix! Ruta de senderisme per a joves de 14 a "
        "30 anys. Inscripcions a l'Espai Jove.",
        None,
    ),
    (
        "googleplus-ajuntament",
        (2013, 2, 18, 11, 0),
        "ca",
        "andreu-pastor",
        "L'Ajuntament de Soldeneu estrena perfil a Google+. Ací trobareu les notícies "
        "municipals i els enllaços a la web.",
        None,
    ),
    (
        "googleplus-ajuntament",
        (2013, 9, 23, 10, 30),
        "es",
        "andreu-pastor",
        "Ya está disponible en la web municipal el programa de las Fiestas 2013.",
        None,
    ),
    (
        "googleplus-ajuntament",
        (2014, 10, 8, 12, 0),
        "ca",
        "andreu-pastor",
        "Demà, 9 d'Octubre, acte institucional a les 12.00 a la plaça de l'Ajuntament. Les "
        "oficines municipals estaran tancades.",
        None,
    ),
    (
        "googleplus-ajuntament",
        (2015, 6, 13, 13, 0),
        "ca",
        "andreu-pastor",
        "Hui s'ha constituït la corporació municipal eixida de les eleccions del 24 de maig.",
        None,
    ),
    (
        "googleplus-ajuntament",
        (2016, 11, 14, 9, 30),
        "es",
        "andreu-pastor",
        "Estrenamos web municipal, con sede electrónica y agenda de actividades.",
        None,
    ),
]

# --------------------------------------------------------------------------------------------
# Mistakes real councils make, written out one by one (README.md lists them by id)
# --------------------------------------------------------------------------------------------


def fake_bold(text: str) -> str:
    """Unicode mathematical sans-serif bold: looks bold, reads as gibberish to screen readers."""
    out = []
    for char in text:
        if "A" <= char <= "Z":
            out.append(chr(0x1D5D4 + ord(char) - ord("A")))
        elif "a" <= char <= "z":
            out.append(chr(0x1D5EE + ord(char) - ord("a")))
        elif "0" <= char <= "9":
            out.append(chr(0x1D7EC + ord(char) - ord("0")))
        else:
            out.append(char)
    return "".join(out)


def dni(number: int) -> str:
    """A DNI with its check letter (made up, but it passes the check)."""
    return f"{number}{'TRWAGMYFPDXBNJZSQVHLCKE'[number % 23]}"


def bad_img(name, alt, month, *, minors=False, w=1080, h=1080):
    """An image as the mistakes carry it: ``alt`` may be None."""
    return img(name, alt, alt, minors=minors, w=w, h=h) | {"month": month}


MISTAKES = [  # (profile, (month, day, hh, mm), language, text, media, mistake)
    (
        "x-ajuntament",
        (7, 17, 9, 5),
        "ca-valencia",
        "Acabades les obres de l'aigua potable del carrer Major, en el termini previst. Gràcies "
        "per la paciència! Fotos de l'abans i el després: https://bit.ly/3Sldn26",
        [],
        "link shortener (bit.ly) instead of the council's own address",
    ),
    (
        "x-ajuntament",
        (9, 30, 10, 20),
        "ca-valencia",
        "Quina nit de Sant Miquel! Gràcies per omplir el Parc de la Sèquia. Ens veiem al "
        "concert de dijous #firessoldeneu2026 #nitdesantmiquel",
        [],
        "multi-word hashtags in lower case (#firessoldeneu2026, #nitdesantmiquel)",
    ),
    (
        "x-ajuntament",
        (10, 22, 11, 40),
        "es",
        "Os recordamos que el plazo para solicitar las ayudas municipales para el pago del IBI "
        "de familias numerosas, personas con discapacidad y pensionistas con ingresos bajos "
        "termina el próximo 30 de noviembre. La solicitud se presenta en la sede electrónica o "
        "en la Oficina de Atención Ciudadana con cita previa, y hay que adjuntar el último "
        "recibo del IBI y la documentación que acredite la situación familiar.",
        [],
        "X long post over 280 characters (X Premium): timelines show only its beginning",
    ),
    (
        "facebook-ajuntament",
        (7, 23, 10, 0),
        "ca-valencia",
        "Així de bé es va estar divendres passat al cinema a la fresca del Parc de la Sèquia. "
        "Demà, última sessió de juliol!",
        [bad_img("cinema-public", None, 7, w=1200, h=675)],
        "image without alt text",
    ),
    (
        "facebook-ajuntament",
        (8, 18, 9, 40),
        "ca-valencia",
        fake_bold("AVIS IMPORTANT") + ": dimecres 19 d'agost, tall del subministrament d'aigua "
        "de 8.00 a 12.00 als carrers dels Tarongers i de l'Hort per una reparació urgent. "
        + fake_bold("Feu reserva d'aigua")
        + ".",
        [],
        "fake bold with Unicode mathematical letters",
    ),
    (
        "instagram-ajuntament",
        (6, 27, 19, 0),
        "ca-valencia",
        "Primer cap de setmana de piscina! Moltes gràcies per vindre. #EstiuSoldeneu #Soldeneu",
        [bad_img("piscina-cap-setmana", "foto", 6)],
        'alt text that says nothing ("foto")',
    ),
    (
        "instagram-ajuntament",
        (9, 27, 20, 30),
        "ca-valencia",
        fake_bold("Fires i Festes 2026") + "\nSegon dia de mascletada i la plaça, plena. Demà "
        "més i millor! #FiresSoldeneu2026 #Soldeneu",
        [
            img(
                "mascleta-dia-2",
                "Plaça de l'Ajuntament plena de gent mirant el fum de la mascletada",
                "",
                w=1080,
                h=1080,
            )
            | {"month": 9}
        ],
        "fake bold with Unicode mathematical letters",
    ),
    (
        "x-policia",
        (7, 29, 10, 0),
        "es",
        "Recordad que las zonas de carga y descarga son solo para vehículos comerciales, de "
        "lunes a sábado de 8:00 a 13:00. Mapa de zonas: http://www.soldeneu.example/policia/carrega",
        [],
        "plain http:// link",
    ),
    (
        "x-policia",
        (8, 20, 9, 0),
        "ca-valencia",
        "ATENCIÓ: DEMÀ DIJOUS NO ES POT APARCAR A LA PLAÇA DEL MERCAT PER NETEJA A FONS. ELS "
        "VEHICLES SERAN RETIRATS PER LA GRUA.",
        [],
        "post in ALL CAPS",
    ),
    (
        "x-policia",
        (10, 16, 10, 30),
        "es",
        f"Se ha encontrado una cartera en la Ronda Nord con el DNI {dni(48291736)}. Su titular "
        "puede pasar a recogerla por la Jefatura de 9:00 a 14:00.",
        [],
        "a DNI number published in full",
    ),
    (
        "linkedin-ocupacio",
        (9, 21, 9, 45),
        "ca-valencia",
        "Una empresa de logística del polígon busca 3 mossos/es de magatzem amb carnet de "
        "carretoner. Contracte de sis mesos amb possibilitat de continuïtat. Envieu el CV a "
        "rosa.marti.aedl@hotmail.com abans del 30 de setembre.",
        [],
        "a personal e-mail address instead of the unit's",
    ),
    (
        "linkedin-ocupacio",
        (10, 5, 9, 30),
        "es",
        "Nuevo curso gratuito de atención al cliente y venta (60 horas) para personas "
        "desempleadas, con prácticas en comercios de Soldeneu. Toda la información: "
        "https://bit.ly/4sdnCurs",
        [],
        "link shortener (bit.ly)",
    ),
    (
        "facebook-esports",
        (6, 15, 19, 20),
        "ca-valencia",
        "Torneig de futbol sala nocturn: queden 3 places! Per a inscriure el vostre equip, "
        "telefoneu a Jordi al 600 11 22 33 o passeu pel poliesportiu.",
        [],
        "a private mobile number",
    ),
    (
        "facebook-esports",
        (7, 2, 14, 30),
        "es",
        "Así ha sido la primera semana de la Escuela de Verano: juegos, piscina y mucho "
        "deporte. ¡Qué bien lo están pasando!",
        [
            bad_img(
                "escola-estiu-setmana1",
                "Niños y niñas de la Escuela de Verano jugando en la "
                "pista del polideportivo, con la cara visible",
                7,
                minors=True,
            )
        ],
        "image showing minors with no consent record",
    ),
    (
        "facebook-esports",
        (9, 2, 20, 15),
        "ca-valencia",
        "ÚLTIMS DIES PER A INSCRIURE'S A LES ESCOLES ESPORTIVES!!! NO TE QUEDES SENSE PLAÇA!!!",
        [],
        "post in ALL CAPS",
    ),
    (
        "facebook-esports",
        (9, 14, 18, 0),
        "ca-valencia",
        "Horaris de les Escoles Esportives 2026-2027:\n"
        "⚽ Futbol: dilluns i dimecres, 17.30\n"
        "🏀 Bàsquet: dimarts i dijous, 17.30\n"
        "🤾 Handbol: dimarts i dijous, 18.30\n"
        "🤸 Gimnàstica rítmica: dilluns i dimecres, 18.30\n"
        "🏃 Atletisme: divendres, 17.00",
        [],
        "emoji used as bullets",
    ),
    (
        "facebook-cultura",
        (7, 9, 12, 0),
        "es",
        "El patio de la Casa de Cultura se llenó el viernes para ver «Les veïnes del quart». "
        "¡Gracias por venir!",
        [bad_img("teatre-public", "imagen", 7)],
        'alt text that says nothing ("imagen")',
    ),
    (
        "facebook-cultura",
        (10, 18, 12, 0),
        "ca-valencia",
        "Programa de la Setmana Cultural:\n"
        "📅 Dilluns 19: exposició de l'Escola de Pintura i recital de poesia\n"
        "📚 Dimecres 21: presentació de llibres d'autors locals\n"
        "🎭 Dijous 22: teatre, «La mudança»\n"
        "🎶 Dissabte 24: concert de la Unió Musical i la Coral",
        [],
        "emoji used as bullets",
    ),
    (
        "instagram-cultura",
        (9, 15, 18, 30),
        "es",
        "Hoy se inaugura la exposición «Soldeneu en 100 cartells»: un siglo de carteles de "
        "fiestas en la Casa de Cultura. ¡No os la perdáis! #CulturaSoldeneu",
        [
            img(
                "100-cartells-inauguracio",
                "",
                "Visitantes mirando los carteles de fiestas enmarcados en la sala de exposiciones",
                w=1080,
                h=1080,
            )
            | {"month": 9}
        ],
        "a Spanish post on a Valencian-only profile",
    ),
    (
        "instagram-cultura",
        (10, 20, 19, 0),
        "ca-valencia",
        "Quin recital de poesia ahir! Gràcies a totes les veus que el van fer possible. "
        "#setmanacultural #casadecultura",
        [
            img(
                "recital-poesia",
                "Tres poetes llegint en un faristol a la sala de la Casa de Cultura",
                "",
                w=1080,
                h=1080,
            )
            | {"month": 10}
        ],
        "multi-word hashtags in lower case (#setmanacultural, #casadecultura)",
    ),
    (
        "facebook-biblioteca",
        (6, 9, 10, 0),
        "ca-valencia",
        "Recordeu que podeu consultar el catàleg i renovar els préstecs des de casa: "
        "http://biblioteca.soldeneu.example/cataleg",
        [],
        "plain http:// link",
    ),
]

# Flickr album with the file name as alt text
FLICKR_MISTAKE = (
    date(2026, 10, 27),
    "10:00",
    "Setmana Cultural 2026",
    "Fotografies de la Setmana Cultural, del 19 al 25 d'octubre de 2026.",
    [("IMG_2034", "IMG_2034.jpg"), ("IMG_2041", "IMG_2041.jpg")],
)

# --------------------------------------------------------------------------------------------
# Conversations: citizens write, the council answers (or does not)
#   (profile, kind, (month, day, hh, mm), citizen, language, text, state, answer)
#   answer = ((month, day, hh, mm), person, kind, text) or None
# Comments hang from the profile's latest post before them (reply_to).
# --------------------------------------------------------------------------------------------

CONVERSATIONS = [
    (
        "x-ajuntament",
        "mention",
        (6, 16, 10, 12),
        "@rosamaria_sdn",
        "ca-valencia",
        "@AjSoldeneu Bon dia, l'abonament de temporada de la piscina ja es pot comprar per la "
        "seu electrònica?",
        "answered",
        (
            (6, 16, 10, 40),
            "pau-ribera",
            "reply",
            "@rosamaria_sdn Bon dia! Sí, des d'ahir, a https://seu.soldeneu.example/piscina. "
            "També el podreu comprar a la taquilla a partir del 20 de juny.",
        ),
    ),
    (
        "x-ajuntament",
        "mention",
        (7, 8, 9, 30),
        "@quique_sdn",
        "es",
        "@AjSoldeneu ¿Hasta cuándo está cortada la calle Mayor? No hay ningún cartel del desvío "
        "para ir al mercado",
        "answered",
        (
            (7, 8, 10, 5),
            "elena-vidal",
            "reply",
            "@quique_sdn Buenos días. Las obras acaban el viernes 17. El desvío al mercado es por "
            "la calle de Sant Vicent; ya hemos pedido a la Policía Local que revise las señales. "
            "¡Gracias por avisar!",
        ),
    ),
    (
        "x-ajuntament",
        "mention",
        (7, 21, 13, 50),
        "@pepa.llorca",
        "ca-valencia",
        "@AjSoldeneu Quins refugis climàtics estan oberts esta vesprada?",
        "answered",
        (
            (7, 21, 14, 20),
            "elena-vidal",
            "reply",
            "@pepa.llorca Bona vesprada! Esta vesprada, la Casa de Cultura, de 17.00 a 21.00. La "
            "Biblioteca obri de matí, de 8.00 a 14.30.",
        ),
    ),
    (
        "x-ajuntament",
        "mention",
        (8, 16, 19, 2),
        "@veinat_mercat",
        "es",
        "@AjSoldeneu Los contenedores de la plaza del Mercat llevan tres días sin vaciarse. "
        "Con este calor es insoportable.",
        "answered",
        (
            (8, 17, 8, 25),
            "elena-vidal",
            "reply",
            "@veinat_mercat Buenos días y disculpe. Lo hemos comunicado a la empresa de recogida y "
            "esta mañana pasa el camión por la plaza del Mercat. Si vuelve a ocurrir, avísenos.",
        ),
    ),
    (
        "x-ajuntament",
        "mention",
        (9, 26, 12, 3),
        "@marieta_xativa",
        "ca-valencia",
        "@AjSoldeneu Bon dia! A quina hora és hui la mascletada? I on es pot aparcar si venim "
        "de fora?",
        "answered",
        (
            (9, 26, 12, 41),
            "pau-ribera",
            "reply",
            "@marieta_xativa Bon dia! A les 14.00 a la plaça de l'Ajuntament. Podeu aparcar de "
            "franc a la Ronda Nord o al poliesportiu, a 10 minuts a peu. Bones festes!",
        ),
    ),
    (
        "x-ajuntament",
        "mention",
        (9, 29, 23, 30),
        "@insomne_sdn",
        "es",
        "@AjSoldeneu Vaya ruido con la discomóvil, a ver si alguien respeta el horario",
        "answered",
        (
            (9, 30, 9, 10),
            "laia-sendra",
            "reply",
            "@insomne_sdn Buenos días. El horario autorizado era hasta la 1:30. Hemos trasladado "
            "su queja a la Policía Local y a la comisión de fiestas. Disculpe las molestias.",
        ),
    ),
    (
        "x-ajuntament",
        "mention",
        (10, 5, 10, 0),
        "@tonica_sdn",
        "ca-valencia",
        "@AjSoldeneu Enhorabona per les festes, molt ben organitzades!",
        "closed",
        None,
    ),
    (
        "x-ajuntament",
        "mention",
        (10, 14, 11, 15),
        "@carles_mv",
        "ca-valencia",
        "@AjSoldeneu Quan s'obrin les inscripcions de l'Escola d'Adults?",
        "answered",
        (
            (10, 14, 12, 2),
            "laia-sendra",
            "reply",
            "@carles_mv Bon dia! Del 19 al 30 d'octubre, a la mateixa Escola d'Adults (carrer del "
            "Forn, 12), de 9.00 a 13.00.",
        ),
    ),
    (
        "x-ajuntament",
        "mention",
        (11, 2, 17, 45),
        "@joseantonio_r",
        "es",
        "@AjSoldeneu ¿Se sabe algo del nuevo centro de salud? Llevamos años esperando y nadie "
        "dice nada",
        "new",
        None,
    ),
    (
        "x-ajuntament",
        "mention",
        (11, 19, 16, 20),
        "@lauraferri",
        "ca-valencia",
        "@AjSoldeneu On estan les bases del concurs de cartells de Nadal? No les trobe a la web",
        "new",
        None,
    ),
    (
        "facebook-ajuntament",
        "comment",
        (6, 22, 11, 48),
        "Mari Carmen Bosch",
        "es",
        "¿Los empadronados tienen descuento también en la entrada de día?",
        "answered",
        (
            (6, 22, 12, 30),
            "laia-sendra",
            "reply",
            "Hola, Mari Carmen. Sí, el 30 % de descuento vale para la entrada de día y para el "
            "abono. Basta con enseñar el DNI en taquilla.",
        ),
    ),
    (
        "facebook-ajuntament",
        "comment",
        (7, 30, 16, 5),
        "Vicent Soriano",
        "ca-valencia",
        "No es podria fer el ple a una hora que poguérem vindre els que treballem?",
        "answered",
        (
            (7, 30, 16, 40),
            "elena-vidal",
            "reply",
            "Com ja s'ha dit moltes vegades, l'horari el fixa el Ple. Si haguera llegit l'acta de "
            "la sessió de constitució ho sabria.",
        ),
    ),
    (
        "facebook-ajuntament",
        "direct",
        (8, 3, 12, 10),
        "Laura Gil",
        "ca-valencia",
        "Bon dia, ahir vaig perdre una cartera blava a la piscina. Sabeu si l'ha trobada algú?",
        "answered",
        (
            (8, 3, 12, 35),
            "elena-vidal",
            "direct",
            "Bon dia, Laura. Els objectes trobats a la piscina es porten a la Prefectura de la "
            "Policia Local. Pots passar de 9.00 a 14.00 o telefonar al 092 per a preguntar.",
        ),
    ),
    (
        "facebook-ajuntament",
        "comment",
        (9, 11, 9, 20),
        "Pilar Martínez",
        "es",
        "¿Dónde se puede descargar el programa de fiestas en PDF?",
        "answered",
        (
            (9, 11, 10, 2),
            "laia-sendra",
            "reply",
            "Hola, Pilar. Aquí lo tienes: https://www.soldeneu.example/fires2026 (abajo del todo, "
            "«Descargar programa»).",
        ),
    ),
    (
        "facebook-ajuntament",
        "comment",
        (9, 19, 20, 10),
        "Ramon Esteve",
        "ca-valencia",
        "Ha quedat preciós el parc. Ara falta que el mantinguen així.",
        "closed",
        None,
    ),
    (
        "facebook-ajuntament",
        "comment",
        (11, 10, 21, 5),
        "Andrés Ferrer",
        "es",
        "Por favor, arreglad las farolas del camí del Molí, por la noche no se ve nada.",
        "assigned",
        None,
    ),
    (
        "instagram-ajuntament",
        "comment",
        (9, 27, 21, 0),
        "nuria.sdn",
        "ca-valencia",
        "Quina passada de festes! 😍",
        "closed",
        None,
    ),
    (
        "instagram-ajuntament",
        "comment",
        (10, 12, 9, 30),
        "runner_sdn",
        "es",
        "¿Habrá fotos de la 10K?",
        "answered",
        (
            (10, 12, 10, 15),
            "pau-ribera",
            "reply",
            "@runner_sdn Sí! Les publicarem demà al nostre Flickr. Enhorabona per la cursa!",
        ),
    ),
    (
        "mastodon-ajuntament",
        "mention",
        (7, 2, 18, 30),
        "@toni@mastodon.example",
        "ca-valencia",
        "@ajuntament@xarxa.soldeneu.example Gràcies per estar al fedivers! Publicareu també les "
        "actes dels plens?",
        "answered",
        (
            (7, 3, 9, 5),
            "elena-vidal",
            "reply",
            "@toni@mastodon.example Bon dia! Les actes aprovades es publiquen a "
            "https://seu.soldeneu.example/actes i avisarem ací de cada ple.",
        ),
    ),
    (
        "bluesky-ajuntament",
        "mention",
        (10, 6, 11, 20),
        "@agusti.bsky.social",
        "es",
        "@ajsoldeneu.bsky.social ¿El mercadillo de los jueves vuelve ya a la calle Mayor?",
        "answered",
        (
            (10, 6, 11, 55),
            "pau-ribera",
            "reply",
            "@agusti.bsky.social Sí, desde este jueves el mercadillo vuelve a su sitio de siempre, "
            "en la calle Mayor.",
        ),
    ),
    (
        "x-policia",
        "direct",
        (8, 15, 23, 40),
        "@xalet_insomne",
        "ca-valencia",
        "Hi ha una festa en un xalet del camí de la Sèquia amb la música molt alta des de fa hores",
        "answered",
        (
            (8, 16, 2, 55),
            "lucia-ortega",
            "direct",
            "Bona nit. Una patrulla s'hi ha desplaçat i la música ja s'ha apagat. Per a "
            "urgències, crideu sempre al 092: per ací podem tardar més.",
        ),
    ),
    (
        "x-policia",
        "direct",
        (9, 5, 11, 10),
        "@marcos_sdn",
        "es",
        "Me ha llevado la grúa el coche de la calle dels Tarongers, ¿dónde tengo que ir?",
        "answered",
        (
            (9, 5, 11, 25),
            "lucia-ortega",
            "direct",
            "Buenos días. El depósito está en el camí del Molí, 40, abierto todos los días de 8:00 "
            "a 22:00. Lleve el DNI y la documentación del vehículo.",
        ),
    ),
    (
        "x-policia",
        "mention",
        (10, 3, 9, 40),
        "@ferran_sdn",
        "ca-valencia",
        "@PLSoldeneu El carrer de Sant Vicent està tallat i ningú avisa",
        "answered",
        (
            (10, 3, 9, 52),
            "sergi-cano",
            "reply",
            "@ferran_sdn Bon dia. Està tallat fins a les 19.00 pel Dia de les Paelles. Desviament "
            "per la Ronda Nord. Ho avisàrem ahir, però tens raó: ho tornem a publicar.",
        ),
    ),
    (
        "x-policia",
        "direct",
        (10, 18, 9, 30),
        "@neus_castello",
        "ca-valencia",
        "Fa setmanes que hi ha una furgoneta abandonada al carrer de l'Hort, sense matrícula",
        "new",
        None,
    ),
    (
        "x-policia",
        "direct",
        (11, 8, 21, 15),
        "@mireia_sdn",
        "es",
        "He encontrado un perro perdido en la Ronda Nord, lleva collar pero no tiene chapa",
        "answered",
        (
            (11, 8, 21, 50),
            "lucia-ortega",
            "direct",
            "Gracias por avisar. Una patrulla pasa a recogerlo en unos minutos para leer el chip. "
            "¿Puede esperar en la Ronda Nord a la altura del polideportivo?",
        ),
    ),
    (
        "linkedin-ocupacio",
        "comment",
        (9, 15, 17, 30),
        "Marta Campos Puig",
        "es",
        "¿La oferta de auxiliar administrativo es solo para personas inscritas en Labora?",
        "answered",
        (
            (9, 16, 9, 10),
            "rosa-marti",
            "reply",
            "Hola, Marta. No: basta con estar inscrita en la bolsa municipal, que se hace en la "
            "Agencia de Desarrollo Local o en la sede electrónica.",
        ),
    ),
    (
        "linkedin-ocupacio",
        "direct",
        (11, 18, 12, 40),
        "Joan Sendra",
        "ca-valencia",
        "Bon dia, voldria informació sobre el Taller d'Ocupació Soldeneu Verd. Encara hi ha "
        "places?",
        "assigned",
        None,
    ),
    (
        "facebook-esports",
        "comment",
        (6, 3, 18, 20),
        "Sandra López",
        "es",
        "¿Cuál es la edad mínima para la escuela de verano?",
        "answered",
        (
            (6, 4, 9, 0),
            "jordi-balaguer",
            "reply",
            "Hola, Sandra. Tres años cumplidos antes del 22 de junio.",
        ),
    ),
    (
        "facebook-esports",
        "comment",
        (9, 3, 8, 50),
        "Josep Climent",
        "ca-valencia",
        "On puc inscriure el meu fill a les escoles esportives? A la seu no trobe el tràmit",
        "new",
        None,
    ),
    (
        "facebook-esports",
        "comment",
        (10, 11, 20, 30),
        "Elena Ruiz",
        "es",
        "¡Enhorabuena a la organización de la 10K, todo perfecto!",
        "closed",
        None,
    ),
    (
        "facebook-cultura",
        "comment",
        (10, 21, 18, 30),
        "Amparo Vidal",
        "ca-valencia",
        "Cal reservar entrada per al teatre de dijous?",
        "answered",
        (
            (10, 22, 9, 15),
            "carme-puig",
            "reply",
            "Hola, Amparo. Sí, cal recollir la invitació a la Casa de Cultura, de 9.00 a 14.00. "
            "Encara en queden!",
        ),
    ),
    (
        "instagram-cultura",
        "comment",
        (10, 22, 19, 45),
        "mariajose.sdn",
        "es",
        "¿Hay visitas guiadas a la exposición de carteles?",
        "new",
        None,
    ),
    (
        "youtube-ajuntament",
        "comment",
        (9, 25, 20, 10),
        "Salvador Pons",
        "ca-valencia",
        "No se sent res fins al minut 12",
        "answered",
        (
            (9, 28, 10, 0),
            "pau-ribera",
            "reply",
            "Gràcies per avisar, Salvador. Va fallar el micròfon de la presidència al principi; "
            "l'acta de la sessió recull totes les intervencions.",
        ),
    ),
    (
        "facebook-biblioteca",
        "comment",
        (6, 10, 17, 0),
        "Consol Gisbert",
        "ca-valencia",
        "Es pot renovar un préstec per telèfon?",
        "answered",
        (
            (6, 11, 9, 20),
            "ximo-bernat",
            "reply",
            "Hola, Consol. Sí, al telèfon de la Biblioteca o des del catàleg en línia, amb el "
            "número del carnet.",
        ),
    ),
    (
        "facebook-biblioteca",
        "comment",
        (10, 7, 18, 20),
        "Irene Sanchis",
        "ca-valencia",
        "Hola, obriu els dissabtes de matí? A la web no ho diu",
        "new",
        None,
    ),
    (
        "facebook-biblioteca",
        "comment",
        (11, 3, 20, 45),
        "Paco Mas",
        "es",
        "¿Sigue funcionando esta página? Nadie contesta",
        "new",
        None,
    ),
]

#: replies that are themselves a mistake, by the citizen they answer
REPLY_MISTAKES = {"Vicent Soriano": "reply in a scolding, defensive tone"}

# --------------------------------------------------------------------------------------------
# Drafts: drafts/<id>.md, TOML front matter between "+++" lines, the body is the text
# --------------------------------------------------------------------------------------------

DRAFTS = [
    {
        "id": "x-ajuntament-d01",
        "profile": "x-ajuntament",
        "created_at": (2026, 11, 19, 12, 10),
        "language": "ca-valencia",
        "author": "pau-ribera",
        "campaign": "nadal-2026",
        "text": "Dissabte 28 de novembre, a les 18.30, encesa de l'enllumenat de Nadal a la plaça "
        "de l'Ajuntament, amb xocolatada i la Coral Veus de Soldeneu. #Soldeneu",
    },
    {
        "id": "facebook-ajuntament-d02",
        "profile": "facebook-ajuntament",
        "state": "scheduled",
        "created_at": (2026, 11, 18, 13, 5),
        "scheduled_at": (2026, 11, 25, 9, 0),
        "language": "ca-valencia",
        "author": "laia-sendra",
        "text": "Hui, 25N, Soldeneu diu prou a la violència masclista. A les 12.00, "
        "concentració a la plaça de l'Ajuntament i lectura del manifest per l'alumnat de "
        "l'institut.\n\nSi necessites ajuda, el 016 és gratuït, atén les 24 hores i no deixa "
        "rastre a la factura.",
        "media": [
            {
                "kind": "image",
                "location": f"{ORG_SITE}/media/2026/11/25n-2026.jpg",
                "alt_text": "Llaç morat sobre fons blanc amb el text «Soldeneu contra la "
                "violència masclista»",
                "mime_type": "image/jpeg",
                "width": 1080,
                "height": 1080,
            }
        ],
    },
    {
        "id": "instagram-cultura-d03",
        "profile": "instagram-cultura",
        "state": "scheduled",
        "created_at": (2026, 11, 19, 10, 30),
        "scheduled_at": (2026, 11, 21, 10, 0),
        "language": "ca-valencia",
        "author": "carme-puig",
        "text": "Demà, Santa Cecília! Concert de la Unió Musical a les 12.00 a l'Auditori, amb la "
        "benvinguda als sis músics nous de la banda. Entrada lliure.\n\n#CulturaSoldeneu "
        "#Soldeneu",
        "media": [
            {
                "kind": "image",
                "location": f"{ORG_SITE}/media/2026/11/santa-cecilia.jpg",
                "alt_text": "Instruments de vent de la banda disposats sobre les cadires de "
                "l'escenari",
                "mime_type": "image/jpeg",
                "width": 1080,
                "height": 1080,
            }
        ],
    },
    {
        "id": "x-policia-d04",
        "profile": "x-policia",
        "created_at": (2026, 11, 20, 9, 40),
        "language": "ca-valencia",
        "author": "lucia-ortega",
        "text": "AVÍS: DISSABTE 28 DE NOVEMBRE ES TALLA LA PLAÇA DE L'AJUNTAMENT DES DE LES 16.00 "
        "PER L'ENCESA DELS LLUMS DE NADAL.",
        "mistake": "post in ALL CAPS",
    },
    {
        "id": "linkedin-ocupacio-d05",
        "profile": "linkedin-ocupacio",
        "state": "pending-approval",
        "created_at": (2026, 11, 19, 11, 0),
        "language": "es",
        "author": "rosa-marti",
        "text": "Quedan 4 plazas en el Taller de Empleo «Soldeneu Verd»: 12 meses de formación y "
        "contrato en jardinería. Para más información, llamad a Rosa al 600 44 55 66.",
        "mistake": "a private mobile number",
    },
    {
        "id": "facebook-esports-d06",
        "profile": "facebook-esports",
        "created_at": (2026, 11, 20, 10, 15),
        "language": "ca-valencia",
        "author": "jordi-balaguer",
        "text": "Les Escoles Esportives ja estan en marxa!\n"
        "⚽ 180 xiquets i xiquetes a futbol\n"
        "🏀 95 a bàsquet\n"
        "🤸 60 a gimnàstica rítmica",
        "media": [
            {
                "kind": "image",
                "location": f"{ORG_SITE}/media/2026/11/escoles-esportives-entrenament.jpg",
                "alt_text": "Xiquets i xiquetes de l'escola de futbol fent exercicis amb "
                "cons al camp municipal",
                "mime_type": "image/jpeg",
                "width": 1200,
                "height": 675,
                "shows_minors": True,
            }
        ],
        "mistake": "image showing minors with no consent record; emoji used as bullets",
    },
    {
        "id": "x-ajuntament-d07",
        "profile": "x-ajuntament",
        "state": "pending-approval",
        "created_at": (2026, 11, 17, 13, 20),
        "scheduled_at": (2027, 4, 16, 11, 0),
        "language": "ca-valencia",
        "author": "marta-soler",
        "text": "L'alcaldessa, Neus Ferrando, inaugura la nova pista d'atletisme del "
        "poliesportiu, amb sis carrers i un sector de salts. #Soldeneu",
        "mistake": "the mayor inaugurates, scheduled inside the 2027 electoral period "
        "(2027-03-30 to 2027-05-23): institutional-neutrality, error",
    },
    {
        "id": "blog-soldeneu-d08",
        "profile": "blog-soldeneu",
        "created_at": (2026, 11, 20, 11, 30),
        "language": "ca-valencia",
        "author": "laia-sendra",
        "title": "Nadal a Soldeneu 2026: totes les activitats",
        "campaign": "nadal-2026",
        "text": "Del 28 de novembre al 6 de gener, Soldeneu s'omple d'activitats de Nadal per a "
        "totes les edats.\n\n"
        "## Llums i mercat\n\n"
        "L'enllumenat s'encén dissabte 28 de novembre a les 18.30 a la plaça de l'Ajuntament. "
        "El Mercat de Nadal d'artesania serà el 12 i el 13 de desembre, amb una trentena de "
        "parades.\n\n"
        "## Per als més menuts\n\n"
        "El Patge Reial recollirà les cartes el 2 de gener a la Casa de Cultura, i la Cavalcada "
        "de Reis eixirà el 5 de gener a les 18.00 del poliesportiu.\n\n"
        "Anirem ampliant esta entrada amb els horaris de cada activitat.",
    },
    {
        "id": "mastodon-ajuntament-d09",
        "profile": "mastodon-ajuntament",
        "state": "approved",
        "created_at": (2026, 11, 20, 8, 50),
        "language": "ca-valencia",
        "author": "pau-ribera",
        "content_warning": "Obres i talls de trànsit",
        "text": "Del 23 al 27 de novembre, obres de la segona fase de l'aigua potable al carrer "
        "Major, entre el carrer de Sant Vicent i la Ronda Nord. Trànsit tallat de 8.00 a 15.00; "
        "accés garantit als guals. https://www.soldeneu.example/obres",
    },
    {
        "id": "bluesky-ajuntament-d10",
        "profile": "bluesky-ajuntament",
        "created_at": (2026, 11, 20, 12, 5),
        "language": "es",
        "author": "pau-ribera",
        "text": "Ya podéis consultar las fotos de la #setmanacultural en nuestra galería: "
        "http://www.soldeneu.example/galeria",
        "mistake": "multi-word hashtag in lower case; plain http:// link",
    },
    {
        "id": "instagram-ajuntament-d11",
        "profile": "instagram-ajuntament",
        "created_at": (2026, 11, 20, 10, 40),
        "language": "ca-valencia",
        "author": "pau-ribera",
        "text": fake_bold("Concurs de cartells de Nadal") + "\nEncara teniu temps: les propostes "
        "es presenten fins al 4 de desembre. #Soldeneu",
        "media": [
            {
                "kind": "image",
                "location": f"{ORG_SITE}/media/2026/11/IMG_20261118_101512.jpg",
                "alt_text": "IMG_20261118_101512.jpg",
                "mime_type": "image/jpeg",
                "width": 1080,
                "height": 1350,
            }
        ],
        "mistake": "fake bold with Unicode mathematical letters; a file name as alt text",
    },
    {
        "id": "youtube-ajuntament-d12",
        "profile": "youtube-ajuntament",
        "state": "approved",
        "created_at": (2026, 11, 20, 9, 0),
        "language": "ca-valencia",
        "author": "pau-ribera",
        "title": "Ple ordinari de novembre de 2026",
        "text": "Sessió ordinària del Ple de l'Ajuntament de Soldeneu del 26 de novembre de 2026. "
        "Ordre del dia i actes a la seu electrònica.",
        "media": [
            {
                "kind": "video",
                "location": f"{ORG_SITE}/media/video/ple-2026-11.mp4",
                "mime_type": "video/mp4",
                "width": 1920,
                "height": 1080,
                "captions": True,
            }
        ],
    },
    {
        "id": "x-ajuntament-d13",
        "profile": "x-ajuntament",
        "created_at": (2026, 11, 20, 12, 30),
        "language": "es",
        "author": "pau-ribera",
        "text": "Ya está abierta la convocatoria de ayudas municipales para la rehabilitación de "
        "fachadas y la mejora de la accesibilidad de edificios del casco antiguo. Pueden pedirlas "
        "comunidades de propietarios y particulares, con un máximo de 6.000 euros por edificio, "
        "hasta el 15 de enero. Bases y solicitud: https://bit.ly/3xSdnFach",
        "mistake": "X post over 280 characters; link shortener (bit.ly)",
    },
]

# --------------------------------------------------------------------------------------------
# Building the history
# --------------------------------------------------------------------------------------------

CODES = {
    "x": "x-ajuntament", "fb": "facebook-ajuntament", "ig": "instagram-ajuntament",
    "md": "mastodon-ajuntament", "bs": "bluesky-ajuntament", "pol": "x-policia",
    "li": "linkedin-ocupacio", "esp": "facebook-esports", "cfb": "facebook-cultura",
    "cig": "instagram-cultura", "bib": "facebook-biblioteca",
}  # fmt: skip
#: probability that a profile posts an item in Valencian rather than Spanish
VALENCIAN_SHARE = {
    "x": 1.0, "md": 1.0, "pol": 1.0, "cig": 1.0, "fb": 0.7, "ig": 0.75, "bs": 0.6,
    "li": 0.5, "esp": 0.55, "cfb": 0.7, "bib": 0.8,
}  # fmt: skip
#: minutes after the item's time at which each profile posts it
DELAY = {
    "x": (0, 0), "pol": (0, 0), "li": (0, 0), "esp": (0, 0), "cfb": (0, 0), "bib": (0, 0),
    "md": (1, 3), "bs": (2, 6), "fb": (5, 25), "ig": (20, 60), "cig": (15, 45),
}  # fmt: skip
SHORT = ("x", "md", "bs", "pol")
SUMMER = (date(2026, 7, 1), date(2026, 8, 31))


def author_for(rng: random.Random, profile: str, day: date) -> str:
    """Who wrote a post: the unit's editors, with the summer substitute in July and August."""
    if profile in ("x-policia",):
        return rng.choice(["lucia-ortega", "lucia-ortega", "sergi-cano"])
    fixed = {
        "linkedin-ocupacio": "rosa-marti", "facebook-esports": "jordi-balaguer",
        "facebook-cultura": "carme-puig", "instagram-cultura": "carme-puig",
        "facebook-biblioteca": "ximo-bernat", "youtube-ajuntament": "pau-ribera",
        "flickr-ajuntament": "pau-ribera",
    }  # fmt: skip
    if profile in fixed:
        return fixed[profile]
    if SUMMER[0] <= day <= SUMMER[1]:
        return rng.choice(["elena-vidal", "pau-ribera"])
    return rng.choice(["pau-ribera", "pau-ribera", "laia-sendra", "laia-sendra", "marta-soler"])


def make_media(rng: random.Random, spec: dict, lang: str, month: int) -> dict:
    """An image attachment from an ``img`` spec, with the alt text in ``lang``."""
    alt = spec["alt_es"] if lang == "es" else spec["alt_ca"]
    return {
        "kind": "image",
        "location": f"{ORG_SITE}/media/2026/{spec.get('month', month):02d}/{spec['name']}.jpg",
        "alt_text": alt or None,
        "mime_type": "image/jpeg",
        "width": spec["w"],
        "height": spec["h"],
        "size": rng.randrange(120_000, 680_000),
        "shows_minors": spec["minors"],
        "consent": spec["consent"],
    }


def compose(entry: dict, code: str, lang: str) -> tuple[str, list[str]]:
    """The text of ``entry`` as profile ``code`` writes it, and the links outside the text."""
    ca = lang != "es"
    base = entry["ca"] if ca else entry["es"]
    more = entry.get("more_ca" if ca else "more_es")
    link = entry.get("link")
    tags = [t for t in entry.get("tags", []) if t not in base]
    if code in SHORT:
        text = base
        if link:
            text += " " + link
        if tags and code != "bs":
            text += " " + " ".join(tags)
        return text, []
    if code in ("ig", "cig"):
        text = base + (f"\n\n{more}" if more else "")
        if link:
            text += "\n\n" + ("Tens l'enllaç a la bio." if ca else "Tienes el enlace en la bio.")
        if "#Soldeneu" not in base and "#Soldeneu" not in tags:
            tags.append("#Soldeneu")
        return text + "\n\n" + " ".join(tags), [link] if link else []
    text = base + (f"\n\n{more}" if more else "")
    if link:
        text += "\n\n" + ("Més informació: " if ca else "Más información: ") + link
    if tags and code == "li":
        text += "\n\n" + " ".join(tags)
    return text, []


class History:
    """Collects messages, then gives them ids."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.messages: list[Msg] = []

    def post(
        self,
        profile,
        when,
        lang,
        text,
        *,
        media=(),
        links=(),
        title=None,
        cw=None,
        author=None,
        campaign=None,
        mistake=None,
        remote=None,
        url=None,
    ):
        """A published outbound post at ``when`` (``url``: its address, when the archive has it)."""
        channel = CHANNEL[profile]
        if mistake is None or "over 280" not in mistake:
            check_length(channel, (cw or "") + text, f"{profile} {when.isoformat()}")
        created = local(when, -self.rng.randint(3, 40))
        message = Msg(
            profile, "outbound", "post", "published", text, created,
            language=lang, title=title, content_warning=cw, media=list(media),
            links=list(links), author=author or author_for(self.rng, profile, when.date()),
            campaign=campaign, published_at=when, mistake=mistake,
            remote_id=remote or remote_id(self.rng, profile, channel, when), url=url,
        )  # fmt: skip
        self.messages.append(message)
        return message

    def item(self, entry: dict) -> None:
        """Post ``entry`` on every profile it names."""
        day = entry["day"]
        hour, minute = map(int, entry["hm"].split(":"))
        jitter = self.rng.randint(0, 9)
        for code in entry["on"]:
            profile = CODES[code]
            low, high = DELAY[code]
            when = local(
                at(day.year, day.month, day.day, hour, minute), jitter + self.rng.randint(low, high)
            )
            author = author_for(self.rng, profile, day)
            ca_share = VALENCIAN_SHARE[code]
            langs = ["ca-valencia" if self.rng.random() < ca_share else "es"]
            if code in ("x", "pol") and entry.get("both"):
                langs = ["ca-valencia", "es"]
            for index, lang in enumerate(langs):
                text, links = compose(entry, code, lang)
                media = []
                if entry.get("img") or code in ("ig", "cig"):
                    if not entry.get("img"):
                        raise SystemExit(f"{entry['ca'][:40]}: {code} needs an image")
                    media = [make_media(self.rng, entry["img"], lang, day.month)]
                cw = entry.get("cw_ca") if code == "md" else None
                self.post(
                    profile,
                    local(when, 4 * index),
                    lang,
                    text,
                    media=media,
                    links=links,
                    cw=cw,
                    campaign=entry.get("campaign"),
                    author=author,
                    mistake=self.mayor_mistake(entry),
                )

    @staticmethod
    def mayor_mistake(entry: dict) -> str | None:
        kind = entry.get("mistake")
        if kind is None:
            return None
        verb = "visits" if kind == "mayor-visit" else "inaugurates"
        return f"the mayor {verb} (outside an electoral period): institutional-neutrality, warning"

    def inbound(self, profile, kind, when, author, lang, text, state):
        """A citizen's mention, comment or direct message."""
        target = None
        if kind == "comment":
            earlier = [
                m for m in self.messages
                if m.profile == profile and m.kind == "post" and m.direction == "outbound"
                and m.published_at <= when
            ]  # fmt: skip
            target = max(earlier, key=lambda m: m.published_at)
        message = Msg(
            profile, "inbound", kind, state, text, when, language=lang, reply_to=target,
            author=author, remote_id=remote_id(self.rng, profile, CHANNEL[profile], when),
        )  # fmt: skip
        self.messages.append(message)
        return message

    def answer(self, question, when, author, kind, text, mistake=None):
        """The council's answer to ``question``."""
        created = local(when, -self.rng.randint(1, 4))
        message = Msg(
            question.profile, "outbound", kind, "published", text, created,
            language=question.language, reply_to=question, author=author, published_at=when,
            remote_id=remote_id(self.rng, question.profile, CHANNEL[question.profile], when),
            mistake=mistake,
        )  # fmt: skip
        self.messages.append(message)
        return message

    def assign_ids(self) -> None:
        """``<profile>-NNNN`` in time order (published, or received), per profile."""
        order = sorted(
            enumerate(self.messages),
            key=lambda pair: (
                pair[1].profile,
                (pair[1].published_at or pair[1].created_at).timestamp(),
                pair[0],
            ),
        )
        counters: dict[str, int] = {}
        for _, message in order:
            counters[message.profile] = counters.get(message.profile, 0) + 1
            message.id = f"{message.profile}-{counters[message.profile]:04d}"


def build(rng: random.Random) -> History:
    """Everything every profile said and heard, in a fixed order of random draws."""
    history = History(rng)
    for profile, (y, mo, d, h, mi), lang, author, text, mistake in OLD_POSTS:
        history.post(profile, at(y, mo, d, h, mi), lang, text, author=author, mistake=mistake)
    for entry in CORE + MAYOR + POLICE + OCUPACIO + ESPORTS + CULTURA + BIBLIOTECA:
        history.item(entry)
    for month, day in CUT_DAYS:
        history.item(traffic_cut(rng, date(2026, month, day), rng.choice(["09:00", "12:30"])))
    monday = date(2026, 6, 1)
    while monday <= TODAY:
        history.item(weekly_jobs(rng, monday))
        monday += timedelta(days=7)
    for day, hm, lang, slug, title, body, campaign in BLOG_POSTS:
        when = at(day.year, day.month, day.day, *map(int, hm.split(":")))
        author = rng.choice(["laia-sendra", "laia-sendra", "marta-soler"])
        if SUMMER[0] <= day <= SUMMER[1]:
            author = "elena-vidal"
        history.post(
            "blog-soldeneu",
            when,
            lang,
            body,
            title=title,
            author=author,
            campaign=campaign,
            # the blog's export gives each post's address, which is also its id there
            remote=f"{BLOG}/{day.year}/{day.month:02d}/{slug}/",
            url=f"{BLOG}/{day.year}/{day.month:02d}/{slug}/",
        )
    for day, hm, title, description, slug in YOUTUBE:
        when = at(day.year, day.month, day.day, *map(int, hm.split(":")))
        video = {
            "kind": "video",
            "location": f"{ORG_SITE}/media/video/{slug}.mp4",
            "mime_type": "video/mp4",
            "width": 1920,
            "height": 1080,
            "size": rng.randrange(200_000_000, 1_800_000_000),
            "captions": True,
        }
        history.post(
            "youtube-ajuntament", when, "ca-valencia", description, title=title, media=[video]
        )
    albums = [(*album, None) for album in FLICKR]
    albums.append((*FLICKR_MISTAKE, 'file names as alt text ("IMG_2034.jpg")'))
    for day, hm, title, description, photos, mistake in albums:
        when = at(day.year, day.month, day.day, *map(int, hm.split(":")))
        media = [
            {"kind": "image", "location": f"{ORG_SITE}/media/flickr/{name}.jpg",
             "alt_text": alt, "mime_type": "image/jpeg", "width": 2048, "height": 1365,
             "size": rng.randrange(900_000, 3_500_000)}
            for name, alt in photos
        ]  # fmt: skip
        history.post(
            "flickr-ajuntament",
            when,
            "ca-valencia",
            description,
            title=title,
            media=media,
            mistake=mistake,
        )
    for profile, (mo, d, h, mi), lang, text, media, mistake in MISTAKES:
        when = at(2026, mo, d, h, mi)
        attachments = [make_media(rng, spec, lang, mo) for spec in media]
        history.post(profile, when, lang, text, media=attachments, mistake=mistake)
    for profile, kind, (mo, d, h, mi), who, lang, text, state, answer in CONVERSATIONS:
        question = history.inbound(profile, kind, at(2026, mo, d, h, mi), who, lang, text, state)
        if answer is not None:
            (amo, ad, ah, ami), person, akind, atext = answer
            history.answer(
                question,
                at(2026, amo, ad, ah, ami),
                person,
                akind,
                atext,
                mistake=REPLY_MISTAKES.get(who),
            )
    history.assign_ids()
    return history


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def toml_value(value) -> str:
    """A TOML literal for the few kinds of values drafts hold."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


DRAFT_KEYS = ("id", "profile", "kind", "state", "created_at", "language", "title",
              "content_warning", "links", "author", "campaign", "scheduled_at")  # fmt: skip


def draft_file(draft: dict) -> str:
    """A draft as Markdown with TOML front matter."""
    values = dict(draft)
    for key in ("created_at", "scheduled_at"):
        if key in values:
            values[key] = at(*values[key])
    lines = ["+++"]
    for key in DRAFT_KEYS:
        if key in values:
            lines.append(f"{key} = {toml_value(values[key])}")
    for media in values.get("media", []):
        lines.append("")
        lines.append("[[media]]")
        for key, value in media_dict(media).items():
            lines.append(f"{key} = {toml_value(value)}")
    lines.append("+++")
    return "\n".join(lines) + "\n" + values["text"] + "\n"


def render(rng: random.Random) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """File contents by relative path, and the planted mistakes as (message id, what)."""
    history = build(rng)
    files: dict[str, str] = {}
    by_profile: dict[str, list[Msg]] = {}
    for message in history.messages:
        by_profile.setdefault(message.profile, []).append(message)
    for profile in sorted(by_profile):
        messages = sorted(by_profile[profile], key=lambda m: m.id)
        files[f"history/{profile}.jsonl"] = "".join(
            json.dumps(m.as_dict(), ensure_ascii=False) + "\n" for m in messages
        )
    mistakes = sorted((m.id, m.mistake) for m in history.messages if m.mistake)
    for draft in DRAFTS:
        if draft["profile"] in ("x-ajuntament",) and "over 280" not in draft.get("mistake", ""):
            check_length("x", draft["text"], draft["id"])
        files[f"drafts/{draft['id']}.md"] = draft_file(draft)
        if draft.get("mistake"):
            mistakes.append((draft["id"], draft["mistake"]))
    return files, mistakes


def main(argv: list[str] | None = None) -> int:
    """Write the files (or list the mistakes)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write into")
    parser.add_argument(
        "--list-mistakes",
        action="store_true",
        help="print the planted mistakes by message id and write nothing",
    )
    args = parser.parse_args(argv)
    files, mistakes = render(random.Random(2026))
    if args.list_mistakes:
        for message_id, what in mistakes:
            print(f"{message_id}\t{what}")
        return 0
    for folder, pattern in (("history", "*.jsonl"), ("drafts", "*.md")):
        (args.out / folder).mkdir(parents=True, exist_ok=True)
        for stale in sorted((args.out / folder).glob(pattern)):
            if f"{folder}/{stale.name}" not in files:
                stale.unlink()
    for relative, content in files.items():
        (args.out / relative).write_bytes(content.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
