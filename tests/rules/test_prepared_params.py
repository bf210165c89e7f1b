"""A rule's parameters read once per configuration, and again whenever they change."""

from __future__ import annotations

from collections.abc import Mapping

from govsm.model.policy import ParamValue
from govsm.rules.params import Prepared, text_list


def test_parameters_are_read_once_per_mapping_and_objects() -> None:
    reads: list[tuple[str, ...]] = []

    def read(params: Mapping[str, ParamValue], other: object) -> tuple[str, ...]:
        reads.append(tuple(text_list(params, "words")))
        return reads[-1]

    prepared = Prepared(read)
    params: dict[str, ParamValue] = {"words": ["a"]}
    first, second = object(), object()
    assert prepared(params, first) == ("a",)
    assert prepared(params, first) == ("a",)
    assert len(reads) == 1
    assert prepared(params, second) == ("a",)  # another profile: read again
    assert prepared({"words": ["a"]}, first) == ("a",)  # another mapping, equal: read again
    assert len(reads) == 3


def test_a_mapping_changed_in_place_is_read_again() -> None:
    prepared = Prepared(lambda params: tuple(text_list(params, "words")))
    params: dict[str, ParamValue] = {"words": ["a"]}
    assert prepared(params) == ("a",)
    words = params["words"]
    assert isinstance(words, list)
    words.append("b")
    assert prepared(params) == ("a", "b")
    params["words"] = "c"
    assert prepared(params) == ("c",)


def test_old_configurations_are_forgotten() -> None:
    prepared = Prepared(lambda params: dict(params), size=2)
    mappings: list[dict[str, ParamValue]] = [{"n": n} for n in range(5)]
    for mapping in mappings:
        assert prepared(mapping) == mapping
    assert prepared(mappings[0]) == {"n": 0}
