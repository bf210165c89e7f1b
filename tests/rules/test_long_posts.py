"""Long posts (X Premium): a profile's ``long_posts`` setting, read, refused where it cannot be,
and how the length rule then judges that profile's drafts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import attrs
import pytest

from govsm.model import (
    Direction,
    Message,
    MessageKind,
    MessageState,
    OrganisationSnapshot,
    Profile,
    Severity,
    Span,
)
from govsm.plugins import PluginHost
from govsm.rules.engine import Checker
from govsm.workspace import WorkspaceError, load_config
from tests.workspace.test_loader import MINIMAL, write


def _with_long_posts(snapshot: OrganisationSnapshot, profile_id: str) -> OrganisationSnapshot:
    profiles = tuple(
        attrs.evolve(p, long_posts=True) if p.id == profile_id else p for p in snapshot.profiles
    )
    return attrs.evolve(snapshot, profiles=profiles)


def _draft(text: str, profile: str = "x-ajuntament") -> Message:
    return Message(
        organisation="ajuntament-soldeneu",
        id="m1",
        profile=profile,
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.DRAFT,
        text=text,
        created_at=datetime(2026, 11, 20, 10, tzinfo=UTC),
    )


def _length(
    host: PluginHost, snapshot: OrganisationSnapshot, message: Message
) -> list[tuple[Severity, Span | None, str]]:
    checker = Checker({"length": host.rules()["length"]}, host.channels(), snapshot)
    result = checker.check(message, host.channels()["x"])
    return [(f.severity, f.span, f.message.en) for f in result.findings if f.rule == "length"]


# --- the length rule ----------------------------------------------------------------------------


def test_a_draft_over_280_is_an_error_without_the_setting(
    govsm_host: PluginHost, snapshot: OrganisationSnapshot
) -> None:
    ((severity, span, _),) = _length(govsm_host, snapshot, _draft("a" * 400))
    assert (severity, span) == (Severity.ERROR, Span(280, 400))


def test_a_draft_of_a_long_posts_profile_is_a_long_post(
    govsm_host: PluginHost, snapshot: OrganisationSnapshot
) -> None:
    """Information, marking what timelines cut, as for a published long post."""
    premium = _with_long_posts(snapshot, "x-ajuntament")
    ((severity, span, message),) = _length(govsm_host, premium, _draft("a" * 400))
    assert (severity, span) == (Severity.INFO, Span(280, 400))
    assert message.startswith("long post: it measures 400")


def test_the_setting_is_the_profile_s_not_the_channel_s(
    govsm_host: PluginHost, snapshot: OrganisationSnapshot
) -> None:
    """Another X profile of the same organisation, without the setting, keeps the error."""
    premium = _with_long_posts(snapshot, "x-ajuntament")
    other = next(p.id for p in snapshot.profiles if p.channel == "x" and p.id != "x-ajuntament")
    ((severity, _, _),) = _length(govsm_host, premium, _draft("a" * 400, other))
    assert severity is Severity.ERROR


def test_within_280_nothing_either_way(
    govsm_host: PluginHost, snapshot: OrganisationSnapshot
) -> None:
    premium = _with_long_posts(snapshot, "x-ajuntament")
    assert _length(govsm_host, premium, _draft("a" * 280)) == []


def test_over_the_long_post_limit_is_an_error_from_where_it_ends(
    govsm_host: PluginHost, snapshot: OrganisationSnapshot
) -> None:
    premium = _with_long_posts(snapshot, "x-ajuntament")
    ((severity, span, message),) = _length(govsm_host, premium, _draft("a" * 25_010))
    assert (severity, span) == (Severity.ERROR, Span(25_000, 25_010))
    assert "allows 25000" in message and "in a long post" in message and "10 too many" in message


# --- the setting in govsm.toml ------------------------------------------------------------------


def _with_setting(profile_id: str, value: str) -> str:
    marker = f'id = "{profile_id}"\n'
    assert marker in MINIMAL
    return MINIMAL.replace(marker, f"{marker}long_posts = {value}\n")


def test_the_setting_is_read(tmp_path: Path) -> None:
    config = load_config(
        write(tmp_path, _with_setting("x-ajuntament", "true")),
        PluginHost(entry_points=False).channels(),
    )
    flags = {p.id: p.long_posts for p in config.snapshot.profiles}
    assert flags["x-ajuntament"] is True and flags["x-esports"] is False


def test_refused_on_a_channel_without_long_posts(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError) as caught:
        load_config(
            write(tmp_path, _with_setting("mastodon-ajuntament", "true")),
            PluginHost(entry_points=False).channels(),
        )
    ((path, es, en),) = [(d.path, d.es, d.en) for d in caught.value.details]
    assert path == "profiles[1].long_posts"
    assert "only for channels with long posts" in en and "Mastodon has none" in en
    assert "solo vale para canales con publicaciones largas" in es


def test_false_is_allowed_anywhere(tmp_path: Path) -> None:
    config = load_config(
        write(tmp_path, _with_setting("mastodon-ajuntament", "false")),
        PluginHost(entry_points=False).channels(),
    )
    assert not any(p.long_posts for p in config.snapshot.profiles)


@pytest.mark.parametrize("value", ['"yes"', "1"])
def test_only_true_or_false(tmp_path: Path, value: str) -> None:
    with pytest.raises(WorkspaceError) as caught:
        load_config(
            write(tmp_path, _with_setting("x-ajuntament", value)),
            PluginHost(entry_points=False).channels(),
        )
    assert [d.path for d in caught.value.details] == ["profiles[0].long_posts"]


def test_the_model_refuses_anything_but_a_bool() -> None:
    with pytest.raises(ValueError, match="must be true or false"):
        Profile("o", "x-o", "x", "@O", "u", long_posts="yes")  # type: ignore[arg-type]
