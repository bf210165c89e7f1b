"""Whose export it is: the workspace's profile by user name, address, name, file name, or alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from govsm_meta_archive.layout import Platform

from govsm.spec import ImportProblem
from meta_archive_tests.builder import council_facebook, council_instagram
from meta_archive_tests.conftest import (
    FACEBOOK_PAGE,
    INSTAGRAM_ACCOUNT,
    OTHERS,
    PROFILES,
    messages_of,
    profile,
    read_all,
)


def _profiles_of(items: list) -> set[str]:  # type: ignore[type-arg]
    return {m.profile for m in messages_of(items)}


class TestFacebook:
    def test_by_user_name_in_any_case(self, tmp_path: Path) -> None:
        """The profile whose handle is the export's user name, whatever its case."""
        export = council_facebook()
        export.username = "ajuntamentsoldeneu"
        assert _profiles_of(read_all(Platform.FACEBOOK, export.write(tmp_path / "fb.zip"))) == {
            "facebook-ajuntament"
        }

    def test_by_address(self, tmp_path: Path) -> None:
        """A profile whose handle differs is found by its address ending in the user name."""
        page = profile(
            "facebook-ajuntament",
            "facebook",
            "Ajuntament",
            url="https://www.facebook.com/AjuntamentSoldeneu/",
        )
        path = council_facebook().write(tmp_path / "fb.zip")
        assert _profiles_of(read_all(Platform.FACEBOOK, path, profiles=(page, *OTHERS))) == {
            "facebook-ajuntament"
        }

    def test_a_pages_export_by_the_pages_name(self, tmp_path: Path) -> None:
        """A Page's export names the Page alone: the profile whose name it is."""
        path = council_facebook("page").write(tmp_path / "fb.zip")
        assert _profiles_of(read_all(Platform.FACEBOOK, path)) == {"facebook-ajuntament"}

    def test_an_account_no_profile_is(self, tmp_path: Path) -> None:
        """An export of an account the workspace does not have is not loaded, and says why."""
        export = council_facebook()
        export.username = "BibliotecaSoldeneu"
        export.page_name = "Biblioteca Municipal"
        items = read_all(Platform.FACEBOOK, export.write(tmp_path / "fb.zip"))
        (problem,) = items
        assert isinstance(problem, ImportProblem)
        assert "BibliotecaSoldeneu" in problem.message.en and "not loaded" in problem.message.en
        assert "facebook-ajuntament (AjuntamentSoldeneu)" in problem.message.en
        assert "ningún perfil del canal «facebook»" in problem.message.es

    def test_two_profiles_that_are_the_account(self, tmp_path: Path) -> None:
        """Two profiles with the export's user name: it is not loaded."""
        twin = profile("facebook-bis", "facebook", "@ajuntamentsoldeneu")
        items = read_all(
            Platform.FACEBOOK,
            council_facebook().write(tmp_path / "fb.zip"),
            profiles=(*PROFILES, twin),
        )
        (problem,) = items
        assert isinstance(problem, ImportProblem) and "several profiles" in problem.message.en

    def test_without_the_account_file_the_download_name_tells(self, tmp_path: Path) -> None:
        """Without the account's file, the user name in Meta's name for the download tells."""
        export = council_facebook()
        export.account = False
        path = export.write(tmp_path / "facebook-ajuntamentsoldeneu-2024-05-02-Xa3bC9dE.zip")
        assert _profiles_of(read_all(Platform.FACEBOOK, path)) == {"facebook-ajuntament"}

    def test_without_anything_the_only_profile(self, tmp_path: Path) -> None:
        """Nothing naming the account, and one Facebook profile (``--profile``): it is that one."""
        export = council_facebook()
        export.account = False
        path = export.write(tmp_path / "posts.zip")
        assert _profiles_of(read_all(Platform.FACEBOOK, path, profiles=(FACEBOOK_PAGE,))) == {
            "facebook-ajuntament"
        }

    def test_without_anything_and_several_profiles(self, tmp_path: Path) -> None:
        """Nothing naming the account and several Facebook profiles: ``--profile`` is needed."""
        export = council_facebook()
        export.account = False
        items = read_all(Platform.FACEBOOK, export.write(tmp_path / "posts.zip"))
        (problem,) = items
        assert isinstance(problem, ImportProblem)
        assert "govsm import --profile" in problem.message.en
        assert "govsm import --profile PERFIL" in problem.message.es

    def test_no_facebook_profile(self, tmp_path: Path) -> None:
        """A workspace without Facebook profiles is told to declare one."""
        items = read_all(
            Platform.FACEBOOK,
            council_facebook().write(tmp_path / "fb.zip"),
            profiles=(INSTAGRAM_ACCOUNT,),
        )
        (problem,) = items
        assert (
            isinstance(problem, ImportProblem) and "no profile of govsm.toml" in problem.message.en
        )


class TestInstagram:
    def test_by_handle_with_the_at_sign(self, tmp_path: Path) -> None:
        """``@ajsoldeneu`` is the account ``ajsoldeneu``."""
        path = council_instagram().write(tmp_path / "ig.zip")
        assert _profiles_of(read_all(Platform.INSTAGRAM, path)) == {"instagram-ajuntament"}

    @pytest.mark.parametrize(
        "labels",
        [("Nombre de usuario", "Nombre"), ("Nom d'usuari", "Nom"), ("Nome utente", "Nome")],
    )
    def test_labels_in_another_language(self, tmp_path: Path, labels: tuple[str, str]) -> None:
        """An export whose labels are in Spanish, Catalan or Italian is still told by its values."""
        export = council_instagram()
        export.labels = labels
        path = export.write(tmp_path / "ig.zip")
        assert _profiles_of(read_all(Platform.INSTAGRAM, path)) == {"instagram-ajuntament"}

    def test_the_first_exports_profile_file(self, tmp_path: Path) -> None:
        """2018's ``profile.json`` names the account."""
        path = council_instagram("2018").write(tmp_path / "ig.zip")
        assert _profiles_of(read_all(Platform.INSTAGRAM, path)) == {"instagram-ajuntament"}

    def test_another_account(self, tmp_path: Path) -> None:
        """An export of an account the workspace lacks is refused, naming the account."""
        export = council_instagram()
        export.username = "turisme.soldeneu"
        (problem,) = read_all(Platform.INSTAGRAM, export.write(tmp_path / "ig.zip"))
        assert isinstance(problem, ImportProblem) and "turisme.soldeneu" in problem.message.en
