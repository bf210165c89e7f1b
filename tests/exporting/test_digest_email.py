"""The digest as plain text (``digest-text``) and as an e-mail to send (``digest-email``)."""

from __future__ import annotations

import email
import io
from datetime import timedelta
from email import policy
from email.message import EmailMessage

from govsm.builtin.exporters import digest_email
from govsm.spec.export_source import ExportSource
from tests.exporting.council import memory_source, post
from tests.exporting.html_reading import Page
from tests.exporting.test_digest import HISTORY, NOW, spanish_only


def written(writer: object, source: ExportSource) -> bytes:
    out = io.BytesIO()
    writer(source, out)  # type: ignore[operator]
    return out.getvalue()


def parsed(source: ExportSource) -> EmailMessage:
    message = email.message_from_bytes(
        written(digest_email.write_email, source), policy=policy.default
    )
    assert isinstance(message, EmailMessage)
    return message


class TestEmail:
    def test_text_then_html_without_recipients(self) -> None:
        """multipart/alternative, plain text first; a subject, no sender, no recipients."""
        message = parsed(memory_source(HISTORY, now=NOW))
        assert message.get_content_type() == "multipart/alternative"
        assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
        assert message["Subject"] == "Ajuntament de Soldeneu — Resum setmanal"
        assert message["From"] is None and message["To"] is None and message["Cc"] is None
        assert message["X-Unsent"] == "1" and message["Content-Language"] == "ca-valencia"
        html = message.get_body(("html",))
        assert html is not None
        page = Page(html.get_content())
        assert page.problems() == []
        assert "Obrim la piscina" in page.text
        text = message.get_body(("plain",))
        assert text is not None and "Obrim la piscina" in text.get_content()

    def test_lines_end_in_crlf_and_stay_short(self) -> None:
        """What mail servers take: CRLF line ends, no line over 998 octets, even for long posts."""
        long_post = post("x-long", "é" * 3_000, NOW - timedelta(hours=1))
        data = written(digest_email.write_email, memory_source([*HISTORY, long_post], now=NOW))
        lines = data.split(b"\r\n")
        assert b"\n" not in b"".join(lines)
        assert max(len(line) for line in lines) <= 998

    def test_a_spanish_only_body_gets_a_spanish_e_mail(self) -> None:
        message = parsed(spanish_only(memory_source(HISTORY, now=NOW)))
        assert message["Subject"] == "Ajuntament de Soldeneu — Resumen semanal"
        text = message.get_body(("plain",))
        assert text is not None
        body = text.get_content()
        assert "Qué hemos publicado" in body and "Què hem publicat" not in body
        assert message["Content-Language"] == "es"


class TestText:
    def test_sections_and_links(self) -> None:
        text = written(digest_email.write_text, memory_source(HISTORY, now=NOW)).decode("utf-8")
        lines = text.splitlines()
        assert lines[0] == "Ajuntament de Soldeneu — Resum setmanal"
        assert set(lines[1]) == {"="}
        assert "Què hem publicat" in lines and "Converses obertes" in lines
        assert "  https://x.com/AjSoldeneu/status/1" in lines
        assert "El meu DNI" not in text  # the citizens' words stay in govsm
