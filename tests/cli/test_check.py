"""`govsm check`: inputs, the four output formats, --explain, exit codes, bad input."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from tests.cli.running import Done, invoke
from tests.paths import EXAMPLE

LONG = "Bon dia! " + "a" * 290


def run(*args: str, stdin: str | bytes | None = None) -> Done:
    return invoke("check", *args, stdin=stdin, env={"GOVSM_DISABLE_PLUGINS": "test-plugin,example"})


@pytest.fixture
def records(tmp_path: Path) -> Path:
    path = tmp_path / "posts.jsonl"
    lines = [
        {"id": "ok-1", "text": "Bon dia, Soldeneu", "network": "x"},
        {"id": "long-1", "text": LONG, "network": "x", "lang": "ca"},
        {"id": "masto", "text": "Hola " * 40, "network": "mastodon"},
    ]
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8"
    )
    return path


class TestFormats:
    def test_json_gives_length_limit_valid_and_findings(self, records: Path) -> None:
        """JSON: per message id, network, length, limit, valid and findings with code-point offsets."""
        done = run(str(records), "--format", "json")
        assert done.returncode == 1, done.stderr
        data = json.loads(done.stdout)
        by_id = {d["id"]: d for d in data}
        assert set(by_id) == {"ok-1", "long-1", "masto"}
        long = by_id["long-1"]
        assert (long["network"], long["length"], long["limit"], long["valid"]) == (
            "x",
            299,
            280,
            False,
        )
        length = next(f for f in long["findings"] if f["rule"] == "length")
        assert (length["start"], length["end"], length["severity"]) == (280, 299, "error")
        assert by_id["masto"]["limit"] == 500
        assert by_id["ok-1"]["valid"] is True

    def test_sarif_is_2_1_0_with_rules_and_locations(self, records: Path) -> None:
        """SARIF: version 2.1.0, the rules that fired in tool.driver, a location per result."""
        data = json.loads(run(str(records), "--format", "sarif").stdout)
        assert data["version"] == "2.1.0"
        (the_run,) = data["runs"]
        rule_ids = [r["id"] for r in the_run["tool"]["driver"]["rules"]]
        assert "length" in rule_ids
        result = next(r for r in the_run["results"] if r["ruleId"] == "length")
        assert result["level"] == "error"
        assert rule_ids[result["ruleIndex"]] == "length"
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].endswith("posts.jsonl")
        assert location["region"]["startLine"] == 2

    def test_junit_is_xml_with_one_suite_per_message(self, records: Path) -> None:
        """JUnit: parses as XML; failures are the blocking findings."""
        root = ET.fromstring(run(str(records), "--format", "junit").stdout)
        suites = {s.get("name"): s for s in root.iter("testsuite")}
        assert set(suites) == {"ok-1", "long-1", "masto"}
        assert int(suites["long-1"].get("failures", "0")) >= 1
        assert suites["ok-1"].get("failures") == "0"

    def test_text_points_at_line_and_column(self, tmp_path: Path) -> None:
        """Plain text: the finding is located by line and column and quoted."""
        post = tmp_path / "avis.txt"
        post.write_text("Primera línia\n" + "b" * 300, encoding="utf-8")
        done = run(str(post), "--network", "x")
        assert done.returncode == 1
        assert "2:267" in done.stdout  # 280 - 14 (first line) + 1
        assert "length" in done.stdout
        assert "1 messages: 1 errors" in done.stdout


class TestInputs:
    def test_stdin_plain_text(self) -> None:
        """`-` reads standard input as one text."""
        done = run("-", "--network", "bluesky", "--format", "json", stdin="Bon dia " * 50)
        (item,) = json.loads(done.stdout)
        assert (item["network"], item["length"], item["limit"]) == ("bluesky", 400, 300)

    def test_stdin_json_lines(self) -> None:
        """Standard input starting with `{` is JSON Lines."""
        stdin = '{"id": "a", "text": "Hola", "network": "x"}\n{"id": "b", "text": "Adéu", "network": "x"}\n'
        done = run("--format", "json", stdin=stdin)
        assert [d["id"] for d in json.loads(done.stdout)] == ["a", "b"]
        assert done.returncode == 0

    def test_stdin_that_is_not_utf8(self) -> None:
        """A byte that is not UTF-8 on standard input is refused with words, whatever the
        locale: a record's error (the other records checked), or the text's; it was a
        UnicodeDecodeError and a traceback under a UTF-8 locale (found by tests/fuzz)."""
        stdin = b'{"id": "a", "text": "caf\xe9"}\n{"id": "b", "text": "Bon dia"}\n'
        done = run("--format", "json", "-n", "x", "-", stdin=stdin)
        assert done.returncode == 2
        bad, good = json.loads(done.stdout)
        assert bad["findings"][0]["rule"] == "input-error"
        assert "<stdin>:1" in bad["findings"][0]["message"]["en"]
        assert good["findings"] == []
        done = run("--format", "json", "-n", "x", "-", stdin=b"caf\xe9 i croissants")
        assert done.returncode == 2
        assert "<stdin>" in done.stderr and "Traceback" not in done.stderr

    def test_a_record_quoting_nul_is_its_own_error(self) -> None:
        """A record refused with a message that quotes NUL is that record's error, the NUL
        escaped; the run went on no further, the refusal being no valid finding (found by
        tests/fuzz)."""
        stdin = '{"text": "Hola", "lang": "x\\u0000"}\n{"text": "Bon dia"}\n'
        done = run("--format", "json", "-n", "x", "-", stdin=stdin)
        assert done.returncode == 2
        bad, good = json.loads(done.stdout)
        assert "'x\\u0000'" in bad["findings"][0]["message"]["en"]
        assert good["findings"] == []

    def test_markdown_draft_uses_front_matter(self) -> None:
        """A draft of the example is checked for its profile's channel, located after the front matter."""
        draft = EXAMPLE / "drafts" / "x-ajuntament-d13.md"
        done = run("-w", str(EXAMPLE), str(draft), "--format", "json")
        (item,) = json.loads(done.stdout)
        assert item["network"] == "x"
        assert item["length"] > 280

    def test_profile_gives_network_and_policy(self, tmp_path: Path) -> None:
        """--profile takes the channel from the workspace."""
        post = tmp_path / "p.txt"
        post.write_text("Hola", encoding="utf-8")
        done = run("-w", str(EXAMPLE), "-p", "mastodon-ajuntament", str(post), "--format", "json")
        assert json.loads(done.stdout)[0]["network"] == "mastodon"

    def test_bad_items_are_reported_and_the_run_goes_on(self, tmp_path: Path) -> None:
        """Invalid UTF-8, broken JSON, an unknown key and an unknown network are each one item's
        error, with file and line, and every good line is still checked (exit 2, no traceback)."""
        mixed = tmp_path / "mixed.jsonl"
        mixed.write_bytes(
            b'{"id": "good-1", "text": "Bon dia", "network": "x"}\n'
            b'{"id": "bad-utf8", "text": "caf\xe9", "network": "x"}\n'
            b'{"id": "bad-json", "text": \n'
            b'{"id": "typo", "text": "ok", "netwrok": "x"}\n'
            b'{"id": "myspace", "text": "ok", "network": "myspace"}\n'
            b'{"id": "good-2", "text": "Bona nit", "network": "mastodon"}\n'
        )
        done = run(str(mixed), "--format", "json")
        assert done.returncode == 2
        assert "Traceback" not in done.stderr
        items = json.loads(done.stdout)
        assert [i["findings"] == [] for i in items] == [True, False, False, False, False, True]
        errors = [i["findings"][0] for i in items[1:5]]
        assert {e["rule"] for e in errors} == {"input-error"}
        messages = [e["message"]["en"] for e in errors]
        assert f"{mixed}:2" in messages[0]
        assert "not valid UTF-8" in messages[0]
        assert f"{mixed}:3" in messages[1]
        assert "invalid JSON" in messages[1]
        assert "netwrok" in messages[2]
        assert "unknown network 'myspace'" in messages[3]

    def test_broken_front_matter_and_missing_file(self, tmp_path: Path) -> None:
        """A draft whose front matter is not TOML and a missing file are items in error."""
        draft = tmp_path / "esborrany.md"
        draft.write_text('+++\nid = "d1\nprofile = 3\n+++\nHola\n', encoding="utf-8")
        good = tmp_path / "ok.txt"
        good.write_text("Bon dia", encoding="utf-8")
        done = run(
            str(draft),
            str(tmp_path / "no-such.txt"),
            str(good),
            "--network",
            "x",
            "--format",
            "json",
        )
        items = json.loads(done.stdout)
        assert [i["findings"][0]["rule"] if i["findings"] else None for i in items] == [
            "input-error",
            "input-error",
            None,
        ]
        assert "front matter" in items[0]["findings"][0]["message"]["en"]
        assert "cannot read" in items[1]["findings"][0]["message"]["en"]

    def test_an_image_that_is_not_an_image(self, tmp_path: Path) -> None:
        """With a workspace, a media file that is not an image is a finding of that message."""
        from tests.workspace.test_loader import MINIMAL

        (tmp_path / "govsm.toml").write_text(MINIMAL, encoding="utf-8")
        (tmp_path / "cartell.jpg").write_text("this is not a JPEG", encoding="utf-8")
        record = {
            "id": "amb-imatge",
            "text": "Cartell de les festes",
            "profile": "x-ajuntament",
            "media": [
                {
                    "kind": "image",
                    "location": "cartell.jpg",
                    "alt_text": "Cartell de les festes majors",
                }
            ],
        }
        posts = tmp_path / "posts.jsonl"
        posts.write_text(json.dumps(record) + "\n", encoding="utf-8")
        done = run("-w", str(tmp_path), str(posts), "--format", "json")
        (item,) = json.loads(done.stdout)
        rules = [f["rule"] for f in item["findings"]]
        assert "media-file" in rules, rules

    def test_a_missing_file_exits_2_and_the_others_are_checked(self, tmp_path: Path) -> None:
        """As the help says: 2 on an input that cannot be read; the good one is still checked."""
        good = tmp_path / "good.txt"
        good.write_text("Bon dia", encoding="utf-8")
        done = run(str(tmp_path / "missing.txt"), str(good), "--network", "x", "--format", "json")
        assert done.returncode == 2
        missing, checked = json.loads(done.stdout)
        assert "cannot read" in missing["findings"][0]["message"]["en"]
        assert checked["findings"] == [] and checked["network"] == "x"

    def test_a_profile_without_a_workspace_is_not_ignored(self) -> None:
        """A 474-character post for an X profile once passed because the profile was ignored."""
        record = json.dumps({"id": "p", "text": "a" * 474, "profile": "x-ajuntament"})
        done = run("-", "--format", "json", stdin=record + "\n")
        assert done.returncode == 2
        (item,) = json.loads(done.stdout)
        (finding,) = item["findings"]
        assert finding["rule"] == "input-error"
        assert (
            "names profile 'x-ajuntament', but no workspace was given" in (finding["message"]["en"])
        )
        assert "nombra el perfil «x-ajuntament»" in finding["message"]["es"]

    def test_a_profile_the_workspace_does_not_have(self) -> None:
        record = json.dumps({"id": "p", "text": "hola", "profile": "x-nobody"})
        done = run("-", "--workspace", str(EXAMPLE), "--format", "json", stdin=record + "\n")
        assert done.returncode == 2
        (item,) = json.loads(done.stdout)
        assert (
            "'x-nobody' is not a profile of the workspace" in (item["findings"][0]["message"]["en"])
        )

    def test_unknown_network(self) -> None:
        """An unknown network is that item's error, naming the known ones."""
        done = run("-", "--network", "myspace", "--format", "json", stdin="hola")
        assert done.returncode == 2
        (item,) = json.loads(done.stdout)
        assert "unknown network 'myspace'" in item["findings"][0]["message"]["en"]

    def test_ten_megabyte_post_is_reported_not_checked(self, tmp_path: Path) -> None:
        """A 10 MB text gets a clear finding instead of hours of checking."""
        huge = tmp_path / "huge.txt"
        huge.write_text("a" * 10_000_000, encoding="utf-8")
        done = run(str(huge), "--network", "x", "--format", "json")
        assert done.returncode == 1
        (item,) = json.loads(done.stdout)
        assert item["findings"][0]["rule"] == "input-too-large"
        assert "10000000 bytes" in item["findings"][0]["message"]["en"]

    def test_output_file_is_written_atomically(self, records: Path, tmp_path: Path) -> None:
        """-o writes the whole document to the file and nothing half-written on failure."""
        out = tmp_path / "out.sarif"
        run(str(records), "--format", "sarif", "-o", str(out))
        assert json.loads(out.read_text(encoding="utf-8"))["version"] == "2.1.0"
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []

    def test_output_to_a_device_writes_through_it(self, records: Path) -> None:
        """-o /dev/null writes into the device and leaves it a device (never renames over it)."""
        import stat

        done = run(str(records), "--format", "json", "-o", os.devnull)
        assert done.returncode == 1
        assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


class TestWhatAPostIs:
    def test_published_records_leave_the_networks_parts_out(self, tmp_path: Path) -> None:
        """A published photo post, reply and repost: their kind and own words in the JSON."""
        own = "Abrimos la biblioteca de San Roque. " * 9
        own = own[:279] + "."
        lines = [
            {
                "id": "photo",
                "network": "x",
                "published": True,
                "text": own + " https://t.co/Ab12Cd34",
                "media": [{"kind": "image", "location": "f.jpg", "alt_text": "La biblioteca"}],
            },
            {
                "id": "reply",
                "network": "x",
                "kind": "reply",
                "published": True,
                "text": "@vecina " + own,
            },
            {"id": "rt", "network": "x", "published": True, "text": "RT @biblio: " + own},
            {"id": "draft", "network": "x", "kind": "reply", "text": "@vecina " + own},
        ]
        path = tmp_path / "published.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
        done = run(str(path), "--format", "json")
        by_id = {d["id"]: d for d in json.loads(done.stdout)}
        assert by_id["photo"]["length"] == 280 and by_id["photo"]["stage"] == "published"
        assert by_id["reply"]["own"] == [8, 8 + len(own)] and by_id["reply"]["length"] == 280
        assert by_id["rt"]["kind"] == "repost" and by_id["rt"]["findings"] == []
        for name in ("photo", "reply", "rt"):
            rules = {f["rule"] for f in by_id[name]["findings"]}
            assert not rules & {"length", "link-shortener", "link-https"}, name
        assert by_id["draft"]["stage"] == "draft"
        assert "length" in {f["rule"] for f in by_id["draft"]["findings"]}

    @pytest.mark.parametrize(
        ("key", "value", "said"),
        [
            ("kind", "mention", "'kind' is 'mention'"),
            ("published", "yes", "'published' must be true or false"),
            ("counted_range", [0, 99], "'counted_range' ends at 99"),
        ],
    )
    def test_a_bad_record_names_the_key_and_line(
        self, tmp_path: Path, key: str, value: object, said: str
    ) -> None:
        path = tmp_path / "bad.jsonl"
        path.write_text(json.dumps({"text": "Hola", key: value}) + "\n", encoding="utf-8")
        done = run(str(path))
        assert done.returncode == 2
        assert f"{path}:1" in done.stderr + done.stdout and said in done.stderr + done.stdout


class TestExplain:
    def test_explain_prints_the_rule(self) -> None:
        """--explain RULE prints title, severity and explanation."""
        done = run("--explain", "length")
        assert done.returncode == 0
        assert "length — Length per network" in done.stdout
        assert "severity: error" in done.stdout

    def test_explain_says_what_the_rule_judges_in_one_language(self) -> None:
        """The scope line, and every label, in the reader's language."""
        english = run("--explain", "length")
        assert "judges: everything but reposts; drafts and published posts" in english.stdout
        spanish = invoke("check", "--explain", "length", env={"GOVSM_LANG": "es"})
        assert "juzga: todo salvo las republicaciones" in spanish.stdout
        assert "gravedad: error · familia: length" in spanish.stdout
        assert "severity" not in spanish.stdout and "judges" not in spanish.stdout

    def test_explain_unknown_rule_suggests(self) -> None:
        """An unknown rule is a usage error with a suggestion."""
        done = run("--explain", "lenght")
        assert done.returncode == 2
        assert "length" in done.stderr


class TestPythonApi:
    def test_check_yields_the_same_results(self) -> None:
        """govsm.check gives CheckResult objects with measurement and findings."""
        import govsm

        (result,) = govsm.check([LONG], network="x")
        assert result.measurement.length == 299
        assert any(f.rule == "length" for f in result.findings)
        assert result.blocking


class TestPersonalDataIsNotQuoted:
    def test_dni_is_never_printed_in_full(self) -> None:
        """A valid DNI in a post is found, but no output format prints it whole."""
        text = "Per a la cita, el DNI 12345678Z de la persona interessada."
        for fmt in ("text", "json", "sarif", "junit"):
            done = run("-", "--network", "facebook", "--format", fmt, stdin=text)
            assert done.returncode == 1, (fmt, done.stdout)
            assert "personal-data" in done.stdout
            assert "12345678Z" not in done.stdout, fmt


SARIF_SCHEMA = (
    Path(__file__).parent
    / "sarif"
    / "node_modules"
    / "@microsoft"
    / "jest-sarif"
    / "lib"
    / "schemas"
    / "sarif-2.1.0-rtm.5.json"
)


def test_sarif_validates_against_the_official_schema(records: Path, tmp_path: Path) -> None:
    """`--format sarif` validates against the SARIF 2.1.0 schema (from the npm registry), waivers and
    input errors included."""
    import jsonschema

    if not SARIF_SCHEMA.exists():
        reason = f"run 'npm ci --prefix {SARIF_SCHEMA.parents[4]}' (nox -s tests does it)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    with records.open("a", encoding="utf-8") as more:
        more.write('{"id": "broken", "text": \n')
    draft = EXAMPLE / "drafts" / "x-ajuntament-d13.md"
    done = run("-w", str(EXAMPLE), str(records), str(draft), "--format", "sarif")
    log = json.loads(done.stdout)
    jsonschema.Draft4Validator(schema).validate(log)
    rule_ids = {r["ruleId"] for r in log["runs"][0]["results"]}
    assert {"length", "input-error"} <= rule_ids


_IMPORTS = """\
import sys
from govsm.cli.main import main
sys.argv = ["govsm", "check", "-w", sys.argv[1], "--jobs", "1", sys.argv[2], "-o", sys.argv[3]]
try:
    main()
except SystemExit:
    pass
print(" ".join(sorted(sys.modules)))
"""


def test_checking_a_workspace_without_a_store_loads_no_store(tmp_path: Path) -> None:
    """The store (and SQLAlchemy, a third of the start-up) is read only when it exists."""
    import shutil
    import subprocess
    import sys

    workspace = tmp_path / "ws"
    shutil.copytree(EXAMPLE, workspace, ignore=shutil.ignore_patterns(".govsm", "*.db"))
    post = tmp_path / "post.txt"
    post.write_text("Bon dia, Soldeneu! Avui obrim la biblioteca a les 10 h.\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTS, str(workspace), str(post), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    modules = set(done.stdout.split())
    assert out.read_text(encoding="utf-8")  # it did check the post
    assert "govsm.checking.api" in modules
    assert sorted(m for m in modules if m.split(".")[0] == "sqlalchemy")[:1] == []
    assert sorted(m for m in modules if m.startswith(("govsm.store", "govsm.syncing.pull"))) == []


def test_a_store_that_does_not_hold_the_organisation_has_no_limits_to_apply(
    tmp_path: Path,
) -> None:
    """A store created but never loaded (no organisation in it) is no reason to refuse."""
    import shutil

    from govsm.workspace import Workspace

    workspace = tmp_path / "ws"
    shutil.copytree(EXAMPLE, workspace, ignore=shutil.ignore_patterns(".govsm", "*.db"))
    with Workspace.open(workspace) as opened:
        assert opened.store.organisations() == []  # the store now exists, empty
    post = tmp_path / "post.txt"
    post.write_text("Bon dia, Soldeneu! Avui obrim la biblioteca a les 10 h.\n", encoding="utf-8")
    done = run("-w", str(workspace), "--jobs", "1", "-p", "x-ajuntament", str(post))
    assert done.returncode == 0, done.stderr
