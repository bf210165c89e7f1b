"""The official-account registry: normalisation, verification and the four exports."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from govsm.cli.main import cli
from govsm.ledger.handles import normalise, profile_keys, render
from govsm.model import LifecycleState, Profile
from govsm.registry import Registry
from govsm.workspace import Workspace
from tests.paths import EXAMPLE

ATOM = "{http://www.w3.org/2005/Atom}"
DID = "did:plc:abcdefghijklmnopqrstuvwx"
CHANNEL_ID = "UCabcdefghijklmnopqrstuv"


@pytest.fixture(scope="module")
def soldeneu() -> Registry:
    """The example council's registry."""
    return Registry.from_workspace(Workspace.open(EXAMPLE))


def _profile(pid: str, channel: str, handle: str, url: str | None = None, **kw: Any) -> Profile:
    return Profile(
        organisation="org", id=pid, channel=channel, handle=handle, unit="u", url=url, **kw
    )


@pytest.fixture(scope="module")
def synthetic() -> Registry:
    """Profiles for the spellings the example lacks: DIDs, channel ids, numeric Facebook ids."""
    return Registry.build(
        "org",
        'Org <&> "Quotes"',
        [
            _profile("bsky-did", "bluesky", "org.example", f"https://bsky.app/profile/{DID}"),
            _profile("yt-id", "youtube", CHANNEL_ID),
            _profile(
                "fb-num",
                "facebook",
                "1234567890",
                "https://www.facebook.com/profile.php?id=1234567890",
            ),
            _profile("req", "x", "@Requested", state=LifecycleState.REQUESTED),
            _profile(
                "old-x",
                "x",
                "@OldOrg",
                "https://twitter.com/OldOrg",
                state=LifecycleState.ARCHIVED,
                state_since=date(2020, 1, 2),
            ),
            _profile("new-ig", "instagram", "@oldorg", state=LifecycleState.DORMANT),
            _profile("blog", "blog", "blog.org.example"),
        ],
    )


OFFICIAL = [
    ("https://x.com/AjSoldeneu", "x-ajuntament"),
    ("http://twitter.com/ajsoldeneu", "x-ajuntament"),
    ("https://mobile.twitter.com/AjSoldeneu?lang=ca", "x-ajuntament"),
    ("HTTPS://WWW.X.COM/AJSOLDENEU/", "x-ajuntament"),
    ("x.com/AjSoldeneu#top", "x-ajuntament"),
    ("https://twitter.com/#!/AjSoldeneu", "x-ajuntament"),
    ("  https://x.com/AjSoldeneu  ", "x-ajuntament"),
    ("https://m.facebook.com/AjuntamentSoldeneu/?ref=page", "facebook-ajuntament"),
    ("fb.com/ajuntamentsoldeneu", "facebook-ajuntament"),
    ("https://instagram.com/ajsoldeneu", "instagram-ajuntament"),
    ("@ajuntament@xarxa.soldeneu.example", "mastodon-ajuntament"),
    ("ajuntament@XARXA.soldeneu.example", "mastodon-ajuntament"),
    ("https://xarxa.soldeneu.example/@ajuntament", "mastodon-ajuntament"),
    ("https://xarxa.soldeneu.example/users/Ajuntament/", "mastodon-ajuntament"),
    ("https://mastodon.social/@ajuntament@xarxa.soldeneu.example", "mastodon-ajuntament"),
    ("ajsoldeneu.bsky.social", "bluesky-ajuntament"),
    ("@AjSoldeneu.bsky.social", "bluesky-ajuntament"),
    ("https://bsky.app/profile/ajsoldeneu.bsky.social/", "bluesky-ajuntament"),
    ("https://www.youtube.com/@AjuntamentSoldeneu", "youtube-ajuntament"),
    ("https://m.youtube.com/@ajuntamentsoldeneu/videos", "youtube-ajuntament"),
    ("https://flickr.com/photos/ajsoldeneu", "flickr-ajuntament"),
    ("https://www.flickr.com/people/AjSoldeneu/", "flickr-ajuntament"),
    ("https://bloc.soldeneu.example/", "blog-soldeneu"),
    ("bloc.soldeneu.example", "blog-soldeneu"),
    ("https://www.linkedin.com/company/soldeneu-ocupacio", "linkedin-ocupacio"),
    ("@PLSoldeneu", "x-policia"),
    ("@BibliotecaSoldeneu", "facebook-biblioteca"),
    ("https://www.facebook.com/BibliotecaSoldeneu", "facebook-biblioteca"),
    ("x:@AjSoldeneu", "x-ajuntament"),
    ("Twitter:AjSoldeneu", "x-ajuntament"),
    ("instagram:ajsoldeneu", "instagram-ajuntament"),
    ("flickr:ajsoldeneu", "flickr-ajuntament"),
    ("mastodon:@ajuntament@xarxa.soldeneu.example", "mastodon-ajuntament"),
    ("bluesky:ajsoldeneu.bsky.social", "bluesky-ajuntament"),
    ("youtube:@AjuntamentSoldeneu", "youtube-ajuntament"),
]

NOT_OFFICIAL = [
    ("https://x.com/AjSoldeneu_", "unknown"),
    ("https://x.com/AjSoldeneu/status/1234", "invalid"),
    ("https://x.com.evil.example/AjSoldeneu", "unknown"),
    ("https://x.com@evil.example/AjSoldeneu", "unknown"),
    ("https://evilx.com/AjSoldeneu", "unknown"),
    ("ftp://x.com/AjSoldeneu", "invalid"),
    ("javascript:alert(1)", "invalid"),
    ("https://x.com/", "invalid"),
    ("https://x.com/home", "invalid"),
    ("@ajuntament@mastodon.social", "unknown"),
    ("https://mastodon.social/@ajuntament", "unknown"),
    ("ajsoldeneu.bsky.social.evil.example", "unknown"),
    ("https://bsky.app/profile/ajsoldeneu", "invalid"),
    ("https://www.youtube.com/@AjuntamentSoldeneu/watch", "invalid"),
    ("@AjSoldeneu", "ambiguous"),
    ("@AjuntamentSoldeneu", "ambiguous"),
    ("@CulturaSoldeneu", "ambiguous"),
    ("https://www.tuenti.com/soldeneujove", "archived"),
    ("https://plus.google.com/+AjuntamentSoldeneu", "archived"),
    ("@soldeneujove", "archived"),
    ("", "invalid"),
    ("   ", "invalid"),
    ("Ajuntament de Soldeneu", "invalid"),
    ("x.com", "invalid"),
    ("did:plc:zzzzzzzzzzzzzzzzzzzzzzzz", "unknown"),
    ("https://www.facebook.com/profile.php?id=42", "unknown"),
    ("x:@AjSoldeneu/status/1", "invalid"),
    ("mastodon:@ajuntament", "invalid"),
    ("tuenti:soldeneujove", "archived"),
]


class TestVerifyExample:
    """Verification on the example council: 50+ spellings, official and not."""

    @pytest.mark.parametrize(("spelling", "profile_id"), OFFICIAL)
    def test_official_spellings_verify(
        self, soldeneu: Registry, spelling: str, profile_id: str
    ) -> None:
        """Every spelling of an official account verifies and names the right profile."""
        answer = soldeneu.verify(spelling)
        assert answer.verified, answer
        assert answer.reason == "official"
        assert answer.entry is not None and answer.entry.id == profile_id

    @pytest.mark.parametrize(("spelling", "reason"), NOT_OFFICIAL)
    def test_other_spellings_do_not_verify(
        self, soldeneu: Registry, spelling: str, reason: str
    ) -> None:
        """Unknown, ambiguous, archived and malformed inputs never verify, with the reason."""
        answer = soldeneu.verify(spelling)
        assert not answer.verified
        assert answer.reason == reason

    def test_ambiguous_lists_candidates(self, soldeneu: Registry) -> None:
        """A bare handle shared by several networks lists every candidate and no profile."""
        answer = soldeneu.verify("@AjSoldeneu")
        assert answer.entry is None
        assert {c.id for c in answer.candidates} == {
            "x-ajuntament",
            "instagram-ajuntament",
            "flickr-ajuntament",
        }

    def test_archived_answer_names_the_profile(self, soldeneu: Registry) -> None:
        """An archived account is named, with status archived, but not verified."""
        answer = soldeneu.verify("https://www.tuenti.com/soldeneujove").to_dict()
        assert answer["verified"] is False
        assert answer["profile"]["status"] == "archived"
        assert answer["message"]["es"] and answer["message"]["en"]

    def test_every_profile_answers_by_its_url(self, soldeneu: Registry) -> None:
        """Each live profile verifies by its own URL; each archived one answers archived."""
        entries = soldeneu.live(include_archived=True)
        assert len(entries) == 16
        for entry in entries:
            answer = soldeneu.verify(entry.service_url)
            assert answer.entry == entry
            assert answer.verified == (entry.status != "archived")
            assert answer.reason == ("archived" if entry.status == "archived" else "official")


class TestVerifySynthetic:
    """DIDs, YouTube channel ids, Facebook numeric ids and lifecycle states."""

    @pytest.mark.parametrize(
        ("spelling", "profile_id"),
        [
            (DID, "bsky-did"),
            (DID.upper(), "bsky-did"),
            (f"https://bsky.app/profile/{DID}", "bsky-did"),
            ("org.example", "bsky-did"),
            (f"https://www.youtube.com/channel/{CHANNEL_ID}", "yt-id"),
            (f"https://youtube.com/channel/{CHANNEL_ID}/videos?view=0", "yt-id"),
            ("https://facebook.com/profile.php?id=1234567890", "fb-num"),
            ("https://www.instagram.com/oldorg/", "new-ig"),
            (f"youtube:{CHANNEL_ID}", "yt-id"),
            (f"bluesky:{DID}", "bsky-did"),
            ("https://blog.org.example/", "blog"),
        ],
    )
    def test_verifies(self, synthetic: Registry, spelling: str, profile_id: str) -> None:
        """Identifiers recorded on a profile verify, dormant profiles included."""
        answer = synthetic.verify(spelling)
        assert answer.verified and answer.entry is not None and answer.entry.id == profile_id

    def test_channel_ids_are_case_sensitive(self, synthetic: Registry) -> None:
        """A YouTube channel id with its case changed is another channel."""
        url = f"https://www.youtube.com/channel/{CHANNEL_ID.swapcase()}"
        assert not synthetic.verify(url).verified

    def test_requested_profiles_are_not_accounts(self, synthetic: Registry) -> None:
        """A profile only requested is not in the registry and does not verify."""
        assert synthetic.verify("https://x.com/Requested").reason == "unknown"
        assert "req" not in {e.id for e in synthetic.live(include_archived=True)}

    def test_archived_and_live_sharing_a_name_is_ambiguous(self, synthetic: Registry) -> None:
        """A bare name held by an archived X account and a live Instagram one never verifies."""
        answer = synthetic.verify("@oldorg")
        assert answer.reason == "ambiguous" and len(answer.candidates) == 2


_NAMES = st.from_regex(r"[A-Za-z0-9_]{1,15}", fullmatch=True)
_SPELLINGS = st.one_of(
    st.builds(lambda n: f"https://x.com/{n}", _NAMES),
    st.builds(lambda n: f"mobile.twitter.com/{n}/?s=1#x", _NAMES),
    st.builds(lambda n: f"@{n}", _NAMES),
    st.builds(lambda n, h: f"@{n}@{h}.example", _NAMES, _NAMES),
    st.builds(lambda n, h: f"https://{h}.example/users/{n}", _NAMES, _NAMES),
    st.builds(lambda n: f"https://bsky.app/profile/{n}.bsky.social", _NAMES),
    st.builds(lambda n: f"https://www.youtube.com/@{n}", _NAMES),
    st.builds(lambda n, p: f"https://www.m.{n}.example/{p}/", _NAMES, _NAMES),
    st.builds(lambda k, n: f"{k}:@{n}", st.sampled_from(["x", "instagram", "youtube"]), _NAMES),
    st.text(max_size=40),
)


class TestProperties:
    """Hypothesis: normalisation is idempotent and junk never verifies."""

    @settings(max_examples=300, deadline=None)
    @given(_SPELLINGS)
    def test_normalisation_is_idempotent(self, text: str) -> None:
        """Rendering a key and normalising it again gives back exactly that key."""
        for key in normalise(text):
            assert normalise(render(key)) == (key,)

    @settings(max_examples=200, deadline=None)
    @given(_SPELLINGS)
    def test_keys_are_their_own_spelling(self, text: str) -> None:
        """A network key (``x:name``) written as input normalises to itself."""
        for key in normalise(text):
            if key.split(":", 1)[0] in ("x", "instagram", "facebook", "fedi", "bluesky", "did"):
                assert normalise(key) == (key,)

    @settings(max_examples=300, deadline=None)
    @given(st.text(max_size=60))
    def test_junk_never_verifies(self, soldeneu: Registry, text: str) -> None:
        """Random text verifies only when it spells the account it verifies as.

        Hypothesis also draws string literals of the code under test, some of which are the
        example council's real handles and addresses (``@AjSoldeneu``): those must verify, so the
        property is that nothing verifies without naming its account (or its DID).
        """
        result = soldeneu.verify(text)
        if result.verified:
            assert result.entry is not None
            name = result.entry.account.lstrip("@").split("@")[0].split(".")[0].casefold()
            assert name in text.casefold() or "did:" in text.casefold(), (text, result.entry.id)

    @settings(max_examples=100, deadline=None)
    @given(_NAMES)
    def test_profile_keys_are_normal_forms(self, name: str) -> None:
        """The keys a profile is indexed under are all fixed points of normalisation."""
        for key in profile_keys("x", f"@{name}", f"https://x.com/{name}"):
            if not key.startswith("handle:"):
                assert normalise(render(key)) == (key,)


class TestExports:
    """JSON, CSV, HTML and Atom exports."""

    def test_json_lists_live_accounts(self, soldeneu: Registry) -> None:
        """JSON holds active and dormant accounts with the U.S. registry's field names."""
        data = json.loads(soldeneu.to_json())
        ids = {a["id"] for a in data["accounts"]}
        assert "facebook-biblioteca" in ids  # dormant is still official
        assert not ids & {"tuenti-esports", "googleplus-ajuntament"}
        x = next(a for a in data["accounts"] if a["id"] == "x-ajuntament")
        for key in (
            "service",
            "service_url",
            "account",
            "organization",
            "language",
            "short_description",
            "tags",
            "status",
            "updated_at",
        ):
            assert key in x
        assert x["wikidata"] == {"property": "P2002", "value": "AjSoldeneu"}

    def test_json_can_include_archived(self, soldeneu: Registry) -> None:
        """With include_archived the archived accounts appear with status archived."""
        data = json.loads(soldeneu.to_json(include_archived=True))
        tuenti = next(a for a in data["accounts"] if a["id"] == "tuenti-esports")
        assert tuenti["status"] == "archived"

    def test_csv_round_trips_awkward_text(self) -> None:
        """CSV quotes commas, quotes and newlines (RFC 4180) and ends rows with CRLF."""
        theme = 'News, "events"\nand more'
        registry = Registry.build("o", "Org", [_profile("p", "x", "@p", theme=theme)])
        text = registry.to_csv()
        assert text.endswith("\r\n")
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        assert rows[0]["short_description"] == theme

    def test_html_escapes_everything(self) -> None:
        """Names, URLs and descriptions are escaped; the page has a lang and a caption."""
        evil = '<script>alert("x")</script>'
        registry = Registry.build(
            "o", evil, [_profile("p", "x", "@p", "https://x.com/p?a=1&b=<2>", name=evil)]
        )
        page = registry.to_html(language="en")
        assert "<script>" not in page
        assert '<html lang="en">' in page and "<caption>" in page and 'scope="col"' in page

    def test_atom_has_rfc4287_required_elements(self, soldeneu: Registry) -> None:
        """The feed and each entry carry id, title and updated; the feed an author and links."""
        root = ET.fromstring(soldeneu.to_atom(base_url="https://soldeneu.example/registry.atom"))
        assert root.tag == f"{ATOM}feed"
        for tag in ("id", "title", "updated", "author"):
            assert len(root.findall(f"{ATOM}{tag}")) == 1
        assert root.find(f"{ATOM}author/{ATOM}name") is not None
        rels = {link.get("rel") for link in root.findall(f"{ATOM}link")}
        assert rels == {"self", "alternate"}
        entries = root.findall(f"{ATOM}entry")
        assert len(entries) == 16  # live and archived: archiving is news
        ids: set[str] = set()
        for entry in entries:
            for tag in ("id", "title", "updated"):
                assert len(entry.findall(f"{ATOM}{tag}")) == 1
            assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
            ids.add(entry.findtext(f"{ATOM}id") or "")
        assert len(ids) == len(entries) and all(i.startswith("urn:uuid:") for i in ids)
        tuenti = [e for e in entries if "soldeneujove" in (e.findtext(f"{ATOM}title") or "")]
        assert tuenti[0].findtext(f"{ATOM}updated") == "2016-02-01T00:00:00Z"


class TestCli:
    """``govsm registry export`` and ``govsm registry verify``."""

    def test_verify_json_and_exit_status(self) -> None:
        """--json prints the U.S.-style answer; exit 0 when official, 1 when not."""
        runner = CliRunner()
        ok = runner.invoke(cli, ["registry", "verify", str(EXAMPLE), "--json", "x.com/AjSoldeneu"])
        assert ok.exit_code == 0 and json.loads(ok.output)["verified"] is True
        no = runner.invoke(cli, ["registry", "verify", str(EXAMPLE), "--json", "@AjSoldeneu"])
        assert no.exit_code == 1 and json.loads(no.output)["reason"] == "ambiguous"

    def test_verify_human_output_in_spanish(self) -> None:
        """Without --json the answer is one sentence in the chosen language."""
        result = CliRunner().invoke(
            cli, ["--lang", "es", "registry", "verify", str(EXAMPLE), "tuenti.com/soldeneujove"]
        )
        assert result.exit_code == 1 and "archivada" in result.output

    def test_verify_defaults_to_current_folder(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """With one argument the workspace is the current folder; three are refused."""
        monkeypatch.chdir(EXAMPLE)
        runner = CliRunner()
        assert runner.invoke(cli, ["registry", "verify", "x:@PLSoldeneu"]).exit_code == 0
        assert runner.invoke(cli, ["registry", "verify", ".", "a", "b"]).exit_code == 2

    @pytest.mark.parametrize("fmt", ["json", "csv", "html", "atom"])
    def test_export_to_file(self, tmp_path: Path, fmt: str) -> None:
        """Each format can be written to a file."""
        out = tmp_path / f"registry.{fmt}"
        result = CliRunner().invoke(
            cli, ["registry", "export", str(EXAMPLE), "--format", fmt, "-o", str(out)]
        )
        assert result.exit_code == 0, result.output
        assert "x.com/AjSoldeneu" in out.read_text(encoding="utf-8")


class TestAddressesWithQueries:
    def test_a_scheme_less_address_with_a_query_is_an_address(self) -> None:
        """bloc.example?utm_source=x is the web address bloc.example, as a browser reads it."""
        from govsm.ledger.handles import normalise

        assert normalise("bloc.soldeneu.example?utm_source=x") == ("url:bloc.soldeneu.example",)
        assert normalise("bloc.soldeneu.example#avisos") == ("url:bloc.soldeneu.example",)

    def test_verify_accepts_it(self, example: Path) -> None:
        """`govsm registry verify` finds the official blog behind a tracking parameter."""
        result = CliRunner().invoke(
            cli,
            [
                "--lang",
                "en",
                "registry",
                "verify",
                str(example),
                "bloc.soldeneu.example?utm_source=x",
            ],
        )
        assert result.exit_code == 0, result.output
        assert "OFFICIAL" in result.output
