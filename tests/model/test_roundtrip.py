"""Every model class survives the converter, hostile Unicode included."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govsm.errors import ModelError
from govsm.model import (
    Bilingual,
    Channel,
    Direction,
    Finding,
    Message,
    MessageKind,
    MessageState,
    Organisation,
    OrganisationSnapshot,
    Person,
    Policy,
    Profile,
    RoleAssignment,
    Unit,
)
from govsm.serialization import describe_errors, structure, unstructure
from govsm.testing import strategies as s

CASES: list[tuple[type[Any], Callable[[], st.SearchStrategy[Any]]]] = [
    (Organisation, s.organisations),
    (Unit, s.units),
    (Person, s.people),
    (RoleAssignment, s.role_assignments),
    (Channel, s.channels),
    (Profile, s.profiles),
    (Message, s.messages),
    (Policy, s.policies),
    (Finding, s.findings),
    (Bilingual, s.bilinguals),
    (OrganisationSnapshot, s.snapshots),
]


class TestRoundTrip:
    @pytest.mark.parametrize(("cls", "strategy"), CASES, ids=[c.__name__ for c, _ in CASES])
    def test_structure_unstructure(self, cls: type[Any], strategy: Callable[[], Any]) -> None:
        """structure(unstructure(x)) == x for every class, through real JSON text."""

        @given(strategy())
        def check(value: Any) -> None:
            data = json.loads(json.dumps(unstructure(value), ensure_ascii=False))
            assert structure(data, cls) == value

        check()

    @given(s.messages())
    def test_datetimes_stay_aware_and_equal(self, message: Message) -> None:
        """Datetimes come back with their offset and the same instant."""
        again = structure(unstructure(message), Message)
        assert again.created_at.utcoffset() is not None
        assert again.created_at == message.created_at

    @pytest.mark.parametrize("piece", s.HOSTILE)
    def test_hostile_text_is_kept_exactly(self, piece: str) -> None:
        """RTL marks, ZWJ emoji, tag flags and combining accents survive byte for byte."""
        message = _message(text=f"Avís {piece} important")
        again = structure(json.loads(json.dumps(unstructure(message))), Message)
        assert again.text.encode("utf-8") == message.text.encode("utf-8")


def _message(**changes: Any) -> Message:
    data: dict[str, Any] = {
        "organisation": "org",
        "id": "m1",
        "profile": "p1",
        "direction": Direction.OUTBOUND,
        "kind": MessageKind.POST,
        "state": MessageState.DRAFT,
        "text": "Hola",
        "created_at": datetime.fromisoformat("2026-05-04T10:00:00+02:00"),
    }
    data.update(changes)
    return Message(**data)


class TestRejection:
    def test_lone_surrogate_is_rejected_with_position(self) -> None:
        """A lone surrogate is refused, naming the field and its position."""
        with pytest.raises(ModelError) as caught:
            _message(text="abc\udc80")
        assert caught.value.field == "text"
        assert "position 3" in caught.value.en and "posición 3" in caught.value.es

    def test_nul_is_rejected(self) -> None:
        """NUL cannot be stored in PostgreSQL text: it is refused up front."""
        with pytest.raises(ModelError, match="NUL"):
            _message(text="a\x00b")

    def test_naive_datetime_is_rejected(self) -> None:
        """A datetime without offset is an error that shows how to write one."""
        with pytest.raises(ModelError, match="no time zone"):
            _message(created_at=datetime(2026, 5, 4, 10))

    def test_surrogate_in_data_reports_key_path(self) -> None:
        """Through the converter, the error carries the key path."""
        data = unstructure(_message())
        data["media"] = [{"kind": "image", "location": "a\ud800.jpg"}]
        with pytest.raises(Exception) as caught:
            structure(data, Message)
        paths = [d.path for d in describe_errors(caught.value, "history")]
        assert paths == ["history.media[0].location"]

    def test_strings_are_not_coerced(self) -> None:
        """A number where text is expected is an error, not the text '3'."""
        data = unstructure(_message())
        data["profile"] = 3
        with pytest.raises(Exception) as caught:
            structure(data, Message)
        (detail,) = describe_errors(caught.value)
        assert detail.path == "profile"
        assert "expected text, not an integer" in detail.en

    def test_text_is_not_split_into_a_list(self) -> None:
        """A string where a list is expected is an error, not a tuple of characters."""
        with pytest.raises(Exception) as caught:
            structure(
                {
                    "id": "o",
                    "name": "O",
                    "kind": "ayuntamiento",
                    "languages": "es",
                    "timezone": "Europe/Madrid",
                },
                Organisation,
            )
        (detail,) = describe_errors(caught.value)
        assert detail.path == "languages"

    def test_state_must_match_direction(self) -> None:
        """An outbound message cannot be 'answered' (an inbound state)."""
        with pytest.raises(ModelError, match="not possible"):
            _message(state=MessageState.ANSWERED)

    def test_unknown_enum_value_suggests(self) -> None:
        """A misspelt state gets a did-you-mean."""
        data = unstructure(_message())
        data["state"] = "drafft"
        with pytest.raises(Exception) as caught:
            structure(data, Message)
        (detail,) = describe_errors(caught.value)
        assert "Did you mean 'draft'?" in detail.en

    def test_snapshot_refuses_foreign_rows(self) -> None:
        """Every part of a snapshot must belong to its organisation."""
        org = Organisation(
            id="a",
            name="A",
            kind="ayuntamiento",
            languages=("es",),  # type: ignore[arg-type]
            timezone="Europe/Madrid",
        )
        with pytest.raises(ModelError, match="belongs to 'b'"):
            OrganisationSnapshot(
                organisation=org, units=(Unit(organisation="b", id="u", name="U"),)
            )


class TestTimeEdgeCases:
    def test_repeated_autumn_hour_round_trips(self) -> None:
        """02:30 on the night clocks go back (Europe/Madrid, fold=1) equals its own round trip."""
        import zoneinfo

        madrid = zoneinfo.ZoneInfo("Europe/Madrid")
        for fold in (0, 1):
            moment = datetime(2026, 10, 25, 2, 30, fold=fold, tzinfo=madrid)
            message = _message(created_at=moment)
            assert message.created_at.timestamp() == moment.timestamp()
            assert message.created_at.utcoffset() == moment.utcoffset()
            assert structure(unstructure(message), Message) == message

    def test_out_of_utc_range_is_rejected(self) -> None:
        """A moment that cannot be expressed in UTC is refused up front, not by the store."""
        from datetime import timedelta, timezone

        with pytest.raises(ModelError, match="too close to the ends of the calendar"):
            _message(created_at=datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=2))))

    @given(
        st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59)),
        st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1),
        st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1),
    )
    def test_an_accepted_instant_shows_in_every_zone(
        self, naive: datetime, written: int, shown: int
    ) -> None:
        """Once 9999-12-31T23:30:00+00:00 was stored and every later step overflowed in Madrid."""
        from datetime import timedelta, timezone

        from govsm.model.instant import showable

        moment = naive.replace(tzinfo=timezone(timedelta(minutes=written)))
        if not showable(moment):
            with pytest.raises(ModelError, match="too close to the ends of the calendar"):
                _message(created_at=moment)
            return
        message = _message(created_at=moment)
        message.created_at.astimezone(timezone(timedelta(minutes=shown)))


class TestNumbers:
    def test_non_finite_response_target_is_rejected(self) -> None:
        """NaN and infinity cannot be stored or exported: refused."""
        from govsm.model import ResponseTarget

        with pytest.raises(ModelError, match="finite"):
            ResponseTarget(hours=float("inf"))

    def test_non_finite_rule_parameter_is_rejected(self) -> None:
        """A NaN rule parameter names the rule and the parameter."""
        from govsm.model import RuleConfig

        with pytest.raises(ModelError, match="parameter 'max' must be a finite number"):
            RuleConfig(id="length", params={"max": float("nan")})

    def test_policy_version_is_short(self) -> None:
        """A policy version is an identifier people read: at most 64 characters."""
        with pytest.raises(ModelError, match="at most 64"):
            Policy(organisation="o", version="v" * 65, coordinating_unit="c")
