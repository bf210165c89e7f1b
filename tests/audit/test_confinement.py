"""What a workspace names is read inside it, and hostile input is refused with words (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.running import invoke
from tests.councils import example_copy
from tests.paths import EXAMPLE

ALONE = {"GOVSM_DISABLE_PLUGINS": "example,test-plugin"}


@pytest.fixture
def council(tmp_path: Path) -> Path:
    """A copy of the example council, with no report and no store yet."""
    return example_copy(tmp_path)


def _manual(folder: Path, old: str, new: str) -> None:
    path = folder / "govsm.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class TestArchivesStayInside:
    @pytest.mark.parametrize(
        ("key", "pattern"),
        [
            ("messages", "../../outside/*.jsonl"),
            ("messages", "/etc/*.conf"),
            ("governance", "../../../../etc/shadow"),
            ("drafts", "drafts/../../x.md"),
        ],
    )
    def test_a_pattern_leaving_the_workspace_is_refused(
        self, council: Path, key: str, pattern: str
    ) -> None:
        """Exit 2 at load, naming the pattern, in both languages: nothing outside is read."""
        _manual(council, f"{key} = [", f'{key} = ["{pattern}", ')
        done = invoke("status", str(council), env=ALONE)
        assert done.returncode == 2
        assert f"'{pattern}' leaves the workspace" in done.stderr
        assert f"«{pattern}» sale del espacio de trabajo" in done.stderr

    def test_a_link_leading_out_is_not_followed(self, council: Path, tmp_path: Path) -> None:
        """A history file that is a symlink to a file outside is named and not read."""
        outside = tmp_path / "outside.jsonl"
        outside.write_text('{"id": "stolen", "profile": "x-ajuntament"}\n', encoding="utf-8")
        (council / "history" / "zz-link.jsonl").symlink_to(outside)
        done = invoke(
            "--lang", "en", "audit", str(council), "--as-of", "2026-11-20", "--exit-zero", env=ALONE
        )
        assert done.returncode == 0
        assert "history/zz-link.jsonl" in done.stdout
        assert "leading out of the workspace: not read" in done.stdout
        findings = (council / "report" / "findings.jsonl").read_text(encoding="utf-8")
        assert "stolen" not in findings


class TestAllowedFolders:
    """``[paths] allow`` lets archives live on a shared drive, and nowhere else."""

    def _exports(self, tmp_path: Path) -> Path:
        exports = tmp_path / "shared-drive" / "exports"
        exports.mkdir(parents=True)
        source = EXAMPLE / "history" / "blog-soldeneu.jsonl"
        lines = source.read_text(encoding="utf-8").splitlines()
        (exports / "blog-2019.jsonl").write_text(
            "\n".join(line.replace('"id": "', '"id": "old-', 1) for line in lines) + "\n",
            encoding="utf-8",
        )
        return exports

    @pytest.mark.parametrize("absolute", [True, False])
    def test_a_pattern_into_an_allowed_folder_is_read(
        self, council: Path, tmp_path: Path, absolute: bool
    ) -> None:
        exports = self._exports(tmp_path)
        allowed = str(exports) if absolute else "../shared-drive/exports"
        pattern = f"{exports}/*.jsonl" if absolute else "../shared-drive/exports/*.jsonl"
        _manual(council, "messages = [", f'messages = ["{pattern}", ')
        with (council / "govsm.toml").open("a", encoding="utf-8") as manual:
            manual.write(f'\n[paths]\nallow = ["{allowed}"]\n')
        done = invoke("--lang", "en", "audit", str(council), "--as-of", "2026-11-20", env=ALONE)
        assert done.returncode in (0, 1), done.stderr
        assert "32 files read, 518 messages" in done.stdout

    def test_a_neighbour_of_the_allowed_folder_is_refused(
        self, council: Path, tmp_path: Path
    ) -> None:
        exports = self._exports(tmp_path)
        _manual(council, "messages = [", 'messages = ["../shared-drive/*.jsonl", ')
        with (council / "govsm.toml").open("a", encoding="utf-8") as manual:
            manual.write(f'\n[paths]\nallow = ["{exports}"]\n')
        done = invoke("status", str(council), env=ALONE)
        assert done.returncode == 2
        assert "'../shared-drive/*.jsonl' leaves the workspace" in done.stderr
        assert "allow the folder in [paths] allow" in done.stderr

    def test_a_link_in_the_allowed_folder_leading_out_is_not_read(
        self, council: Path, tmp_path: Path
    ) -> None:
        exports = self._exports(tmp_path)
        secret = tmp_path / "elsewhere.jsonl"
        secret.write_text('{"id": "stolen"}\n', encoding="utf-8")
        (exports / "zz.jsonl").symlink_to(secret)
        _manual(council, "messages = [", f'messages = ["{exports}/*.jsonl", ')
        with (council / "govsm.toml").open("a", encoding="utf-8") as manual:
            manual.write(f'\n[paths]\nallow = ["{exports}"]\n')
        done = invoke("--lang", "en", "audit", str(council), "--as-of", "2026-11-20", env=ALONE)
        assert f"{exports}/zz.jsonl" in done.stdout
        assert "leading out of the workspace: not read" in done.stdout
        assert "stolen" not in (council / "report" / "findings.jsonl").read_text(encoding="utf-8")


class TestNesting:
    def test_a_toml_nested_too_deep(self, tmp_path: Path) -> None:
        """A govsm.toml nested 100,000 deep: exit 2 and a message, no RecursionError."""
        (tmp_path / "govsm.toml").write_text(
            "a = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8"
        )
        done = invoke("status", str(tmp_path))
        assert done.returncode == 2
        assert "TOML nested too deep" in done.stderr and "Traceback" not in done.stderr

    def test_a_json_line_nested_too_deep(self, tmp_path: Path) -> None:
        """govsm check on such a line reports it and goes on."""
        posts = tmp_path / "posts.jsonl"
        posts.write_text(
            '{"id": ' + "[" * 100_000 + "]" * 100_000 + "}\n" + '{"id": "ok", "text": "Hola"}\n',
            encoding="utf-8",
        )
        done = invoke("check", "-n", "x", str(posts), env=ALONE)
        assert "JSON nested too deep" in done.stdout
        assert "Traceback" not in done.stdout + done.stderr
