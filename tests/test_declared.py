"""``govsm.spec.Declared``: a plugin module's records, built once, on first use."""

from __future__ import annotations

import importlib
import threading

import pytest

from govsm.spec import Declared


def test_built_on_first_use_and_only_once() -> None:
    calls = []

    def build() -> dict[str, int]:
        calls.append(1)
        return {"FIRST": 1, "SECOND": 2}

    declared = Declared("some_plugin", build)
    assert calls == [] and "not built yet" in repr(declared)
    assert declared.attribute("SECOND") == 2
    assert declared.values() == [1, 2]
    assert calls == [1] and "built" in repr(declared)


def test_a_missing_name_is_a_missing_module_attribute() -> None:
    declared = Declared("some_plugin", lambda: {"IMPORTER": object()})
    with pytest.raises(AttributeError, match="module 'some_plugin' has no attribute 'OTHER'"):
        declared.attribute("OTHER")
    # a module attribute that is not there still reads as absent
    assert getattr(importlib.import_module("govsm_x_archive"), "OTHER", None) is None


def test_threads_asking_at_once_build_once() -> None:
    calls = []
    barrier = threading.Barrier(8)

    def build() -> dict[str, int]:
        calls.append(1)
        return {"A": 1}

    declared = Declared("some_plugin", build)

    def ask() -> None:
        barrier.wait()
        declared.values()

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == [1]


def test_the_importer_plugins_serve_their_module_attributes() -> None:
    import govsm_meta_archive
    import govsm_x_archive

    assert govsm_x_archive.IMPORTER.name == "x-archive"
    assert govsm_x_archive.govsm_importers() == [govsm_x_archive.IMPORTER]
    assert [i.name for i in govsm_meta_archive.govsm_importers()] == [
        "facebook-archive",
        "instagram-archive",
    ]
