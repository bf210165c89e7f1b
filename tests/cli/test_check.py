"""`govsm check`: inputs, the four output formats, --explain, exit codes, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "soldeneu"
LONG = "Bon dia! " + "a" * 290


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "govsm.cli.main", "--lang", "en", "check", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "GOVSM_DISABLE_PLUGINS": "test-plugin,example"},
    )


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

    def test_malformed_line_says_file_and_line(self, tmp_path: Path) -> None:
        """A broken JSON line is exit 2 with file:line, no traceback."""
        bad = tmp_path / "bad.jsonl"
        bad.write_text('{"id": "a", "text": "ok"}\n{"id": "b", "text": \n', encoding="utf-8")
        done = run(str(bad))
        assert done.returncode == 2
        assert f"{bad}:2" in done.stderr
        assert "Traceback" not in done.stderr

    def test_unknown_key_in_record(self, tmp_path: Path) -> None:
        """Record keys are checked (a typo like 'netwrok' is not silently ignored)."""
        bad = tmp_path / "bad.jsonl"
        bad.write_text('{"id": "a", "text": "ok", "netwrok": "x"}\n', encoding="utf-8")
        done = run(str(bad))
        assert done.returncode == 2
        assert "netwrok" in done.stderr

    def test_unknown_network(self) -> None:
        """An unknown network is exit 2 naming the known ones."""
        done = run("-", "--network", "myspace", stdin="hola")
        assert done.returncode == 2
        assert "unknown network 'myspace'" in done.stderr

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


class TestExplain:
    def test_explain_prints_the_rule(self) -> None:
        """--explain RULE prints title, severity and explanation."""
        done = run("--explain", "length")
        assert done.returncode == 0
        assert "length — Length per network" in done.stdout
        assert "severity: error" in done.stdout

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
