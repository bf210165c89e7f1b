#!/usr/bin/env python3
"""Write the network archives of the Ajuntament de Soldeneu example: X's and Mastodon's.

The council downloaded both on 31 May 2026, before it kept its record in govsm (``history/``
starts in June 2026, with a few 2023 posts typed in by hand). They hold what ``@AjSoldeneu``
posted on X and ``@ajuntament@xarxa.soldeneu.example`` on Mastodon from January 2024, in each
platform's real layout, so ``govsm audit`` imports them through the ``x-archive`` and
``mastodon-archive`` plugins and checks the imported history.

The archives are built with the builders the two plugins' tests use (``x_archive_tests`` and
``mastodon_archive_tests``: the layouts the importers are tested against), seeded, without
reading the clock; the zips' member dates are fixed. Every text is fictional and ours::

    python examples/soldeneu/build_archives.py                  # into archives/ here
    python examples/soldeneu/build_archives.py --out /tmp/sdn   # somewhere else

``tests/test_example_archives.py`` checks that the committed archives hold what this script
writes, member by member.
"""

from __future__ import annotations

import argparse
import json
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path[:0] = [
    str(REPO / "plugins" / "govsm-x-archive"),
    str(REPO / "plugins" / "govsm-mastodon-archive"),
]

from mastodon_archive_tests import builder as mastodon  # noqa: E402
from x_archive_tests import builder as x  # noqa: E402

#: the day both archives were requested; their members carry it
REQUESTED = (2026, 5, 31, 8, 30, 0)
X_ARCHIVE = "twitter-2026-05-31-AjSoldeneu.zip"
MASTODON_ARCHIVE = "archive-20260531083000-ajuntament.zip"
SEU = "https://seu.soldeneu.example"
WEB = "https://www.soldeneu.example"


def x_archive() -> dict[str, bytes]:
    """The members of the X archive: 18 posts, replies, a repost, a quote and a long post."""
    built = x.ArchiveBuilder(
        seed=38_000, username="AjSoldeneu", clock=datetime(2024, 1, 8, 8, tzinfo=UTC)
    )
    Tag, Link, Photo = x.Tag, x.Link, x.Photo
    on(built, 2024, 1, 8)
    built.tweet(
        [
            "Obert el termini de la borsa de treball de socorristes per a les piscines d'estiu. ",
            Link(f"{SEU}/ocupacio/socorristes-2024"),
            " ",
            Tag("OcupacióSoldeneu"),
        ],
        lang="ca",
    )
    on(built, 2024, 1, 8)
    built.tweet(
        [
            "Abierto el plazo de la bolsa de trabajo de socorristas para las piscinas de verano. ",
            Link(f"{SEU}/ocupacio/socorristes-2024"),
        ],
        lang="es",
    )
    on(built, 2024, 2, 12)
    built.tweet(
        [
            "Gràcies per l'avís: la brigada ja ha retirat la branca caiguda "
            "al carrer de Sant Vicent."
        ],
        reply_to=("veina_santvicent", "1744000000000000100"),
        leading=("veina_santvicent",),
        lang="ca",
    )
    on(built, 2024, 3, 4)
    built.tweet(
        ["La nova biblioteca del Raval obri dilluns. Horari: de 9.00 a 20.30."],
        photos=(
            Photo("biblioteca-raval", alt="Façana de la biblioteca del Raval amb el rètol nou"),
        ),
        lang="ca",
    )
    on(built, 2024, 4, 22)
    built.tweet(
        ["Així ha quedat el parc de la Sèquia després de la replantació."],
        photos=(Photo("parc-sequia"),),  # no alt text: the audit says so
        lang="ca",
    )
    on(built, 2024, 5, 10)
    built.repost(
        "BibliotecaSoldeneu", "Contacontes en valencià dissabte a les 11.00 a la sala infantil."
    )
    on(built, 2024, 9, 16)
    built.tweet(
        ["Mireu el programa de la Setmana de la Mobilitat 👇"],
        quote=("MobilitatSoldeneu", "1790000000000000200"),
        lang="ca",
    )
    on(built, 2025, 3, 3)
    built.tweet(
        [],
        long_text=(
            "Pressupostos participatius 2025: veïnes i veïns de Soldeneu, podeu presentar "
            "propostes per a cada barri fins al 30 d'abril a la seu electrònica. Cada proposta "
            "ha de dir el barri, què es vol fer i per a qui. Les propostes viables es votaran al "
            "maig, i el resultat es publicarà al juny. Si necessiteu ajuda per a presentar-la, "
            "l'Oficina d'Atenció Ciutadana vos atendrà de dilluns a divendres de 9.00 a 14.00."
        ),
        lang="ca",
    )
    on(built, 2025, 4, 7)
    built.tweet(
        [
            "Tall de trànsit al carrer Major dimarts de 8.00 a 11.00 "
            "per obres de la xarxa d'aigua. "
            "Desviament pel carrer de la Sèquia."
        ],
        lang="ca",
    )
    on(built, 2025, 4, 7)
    built.tweet(
        [
            "Corte de tráfico en la calle Mayor el martes de 8.00 a 11.00 "
            "por obras en la red de agua."
        ],
        lang="es",
    )
    on(built, 2025, 1, 13)
    built.tweet(
        [
            "Temperatures <5 °C esta nit: obrim l'alberg municipal "
            "& el centre de dia fins a les 23.00."
        ],
        lang="ca",
    )
    on(built, 2025, 6, 20)
    built.tweet(
        [
            "Bon dia! Recordeu que l'horari d'estiu de les oficines municipals "
            "comença l'1 de juliol."
        ],
        lang="ca",
    )
    on(built, 2025, 5, 12)
    built.tweet(
        ["Inscripcions obertes a l'Escola d'Estiu 2025 🎉 ", Link(f"{SEU}/escola-estiu-2025")],
        lang="ca",
    )
    on(built, 2025, 10, 2)
    built.tweet(
        [
            "Gracias por escribirnos. Le respondemos por mensaje privado "
            "con los datos de la oficina."
        ],
        reply_to=("vecino_raval", "1880000000000000300"),
        leading=("vecino_raval", "AMPA_Raval"),
        lang="es",
    )
    on(built, 2026, 1, 15)
    built.tweet(
        [
            "Consulta el calendari fiscal 2026 i domicilia els rebuts: ",
            Link(f"{WEB}/hisenda/calendari-fiscal-2026"),
        ],
        lang="ca",
    )
    on(built, 2026, 2, 26)
    built.tweet(
        ["Ple ordinari dijous a les 19.00, en directe al canal municipal. ", Tag("PleSoldeneu")],
        lang="ca",
    )
    on(built, 2026, 3, 9)
    built.tweet(
        ["Nova parada de l'autobús urbà a la plaça de l'Església des de dilluns."],
        photos=(Photo("parada-bus", alt="Marquesina nova de l'autobús a la plaça de l'Església"),),
        lang="ca",
    )
    on(built, 2026, 4, 24)
    built.tweet(
        [
            "Mercat de primavera diumenge al passeig: artesania, producte local i tallers per a "
            "xiquets. ",
            Tag("PrimaveraSoldeneu"),
        ],
        lang="ca",
    )
    account = built.account()
    account["account"].update(
        email="comunicacio@soldeneu.example", accountDisplayName="Ajuntament de Soldeneu"
    )
    return _written(
        lambda path: built.write(path, replace={"data/account.js": x.ytd("account", [account])})
    )


def mastodon_archive() -> dict[str, bytes]:
    """The members of the Mastodon archive: posts with content warnings, a reply, a boost."""
    mastodon.HOST = "xarxa.soldeneu.example"  # the builder's server: the council's own
    built = mastodon.ArchiveBuilder(
        seed=38_001, username="ajuntament", clock=datetime(2024, 2, 5, 9, tzinfo=UTC)
    )
    Tag, Link, Photo, Mention = mastodon.Tag, mastodon.Link, mastodon.Photo, mastodon.Mention
    on(built, 2024, 2, 5)
    built.status(
        [
            "Benvingudes i benvinguts al perfil de l'Ajuntament de Soldeneu al fedivers. Ací "
            "publiquem el mateix que a la web municipal: ",
            Link(f"{WEB}/"),
            " ",
            Tag("Soldeneu"),
        ],
        language="ca",
    )
    on(built, 2024, 6, 10)
    built.status(
        ["Talls de trànsit al carrer Major per obres de la xarxa d'aigua, de dilluns a dimecres."],
        warning="Obres i trànsit",
        language="ca",
    )
    on(built, 2024, 9, 23)
    built.status(
        [
            "Obertes les inscripcions als tallers de la Casa de la Cultura: ",
            Link(f"{SEU}/cultura/tallers-2024"),
        ],
        photos=(Photo("tallers", alt="Cartell dels tallers de tardor de la Casa de la Cultura"),),
        language="ca",
    )
    first = built.items[0]["object"]["id"]
    on(built, 2024, 10, 1)
    built.status(
        [Mention("veina", "mastodont.example"), " Gràcies! Ja ho hem passat a la brigada."],
        reply_to="https://mastodont.example/users/veina/statuses/111900000000000001",
        language="ca",
    )
    on(built, 2024, 11, 15)
    built.boost(
        "https://xarxa.soldeneu.example/users/biblioteca/statuses/112000000000000001",
        "https://xarxa.soldeneu.example/users/biblioteca",
    )
    on(built, 2025, 7, 8)
    built.status(
        [
            "Avís de calor: obrim refugis climàtics a la biblioteca i al centre de dia fins a les "
            "21.00. ",
            Tag("OnadaDeCalor"),
        ],
        warning="Alerta per calor",
        language="ca",
    )
    on(built, 2025, 7, 8)
    built.status(
        [
            "Aviso de calor: abrimos refugios climáticos en la biblioteca y el centro de día hasta "
            "las 21.00."
        ],
        warning="Alerta por calor",
        language="es",
    )
    on(built, 2025, 9, 1)
    built.status(
        [
            "Ja podeu consultar les bases de les ajudes al lloguer jove 2025: ",
            Link(f"{SEU}/habitatge/lloguer-jove-2025"),
        ],
        language="ca",
    )
    on(built, 2026, 3, 20)
    built.status(
        ["Així ha quedat la plaça de l'Església després de les obres."],
        photos=(Photo("placa-esglesia"),),  # no description: the audit says so
        language="ca",
    )
    on(built, 2026, 5, 25)
    built.status(
        ["Recordeu: el Ple de maig serà dijous a les 19.00, en directe al canal municipal."],
        language="ca",
    )
    assert first == built.items[0]["object"]["id"]
    actor = built.actor_record()
    actor.update(
        name="Ajuntament de Soldeneu",
        summary="<p>Perfil oficial de l'Ajuntament de Soldeneu.</p>",
        attachment=[{"type": "PropertyValue", "name": "Web", "value": "soldeneu.example"}],
    )
    return _written(
        lambda path: built.write_zip(
            path, replace={"actor.json": json.dumps(actor, ensure_ascii=False).encode("utf-8")}
        )
    )


def on(built: object, year: int, month: int, day: int) -> None:
    """Make the builder's next item fall on that day (in the morning, Madrid time)."""
    built._clock = datetime(year, month, day, 7, 10, tzinfo=UTC)  # type: ignore[attr-defined]


def _written(write: object) -> dict[str, bytes]:
    """The members a builder's ``write`` puts in a zip, read back in order."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "archive.zip"
        write(path)  # type: ignore[operator]
        with zipfile.ZipFile(path) as zipped:
            return {name: zipped.read(name) for name in zipped.namelist()}


def archives() -> dict[str, dict[str, bytes]]:
    """Each archive's file name and its members, as this script writes them."""
    return {X_ARCHIVE: x_archive(), MASTODON_ARCHIVE: mastodon_archive()}


def write_zip(path: Path, members: dict[str, bytes]) -> None:
    """Write ``members`` as a zip whose member dates are the day the archive was requested."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, content in members.items():
            info = zipfile.ZipInfo(name, date_time=REQUESTED)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zipped.writestr(info, content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="the workspace folder to write into")
    args = parser.parse_args()
    folder = args.out / "archives"
    folder.mkdir(parents=True, exist_ok=True)
    for name, members in archives().items():
        write_zip(folder / name, members)
        print(folder / name)


if __name__ == "__main__":
    main()
