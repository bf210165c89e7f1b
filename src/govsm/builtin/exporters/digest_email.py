"""Built-in plugin: the weekly digest as plain text (``digest-text``) and as an e-mail to send.

``digest-text`` is the digest (:mod:`~govsm.builtin.exporters.digest_content`) as plain text,
in the organisation's first language: a title line, then each section, each entry on one line
and its link on the next (:func:`~govsm.builtin.exporters.digest_paste.render_text`).

``digest-email`` is an e-mail ready to be sent to the staff, as a ``.eml`` file (RFC 5322, MIME):
its subject is the digest's title, and its body is ``multipart/alternative`` — the plain text
first, then the HTML page of :mod:`~govsm.builtin.exporters.digest_html` — so a mail program
shows the page and one that shows no HTML shows the text. It has no sender and no recipients:
whoever sends it chooses them. It is marked ``X-Unsent: 1``, which makes Outlook open it as a
message to send; other mail programs open it as a received message that can be edited as a new
one. govsm sends nothing.
"""

from __future__ import annotations

import email.utils
from email.message import EmailMessage
from email.policy import SMTP
from typing import BinaryIO

from govsm.builtin.exporters.digest_content import collect_digest
from govsm.builtin.exporters.digest_html import render
from govsm.builtin.exporters.digest_labels import digest_language
from govsm.builtin.exporters.digest_paste import render_text, title_line
from govsm.spec.export_source import ExportSource
from govsm.spec.exporter import Exporter
from govsm.spec.hookspecs import hookimpl


def email_message(source: ExportSource) -> EmailMessage:
    """The digest of ``source`` as an e-mail without sender or recipients."""
    digest = collect_digest(source)
    message = EmailMessage(policy=SMTP)  # headers RFC 2047-encoded, CRLF line ends
    message["Subject"] = " ".join(title_line(source).split())  # one line, whatever the names
    message["Date"] = email.utils.format_datetime(source.generated_at)
    message["X-Unsent"] = "1"
    message.set_content(render_text(source, digest), subtype="plain", charset="utf-8")
    message.add_alternative(render(source, digest), subtype="html", charset="utf-8")
    # after the body: setting the content replaces every Content-* header
    message["Content-Language"] = digest_language(source.organisation.languages)
    return message


def write_text(source: ExportSource, out: BinaryIO) -> None:
    """Write the digest of ``source`` as plain text (UTF-8)."""
    out.write(render_text(source, collect_digest(source)).encode("utf-8"))


def write_email(source: ExportSource, out: BinaryIO) -> None:
    """Write the digest of ``source`` as an e-mail (``.eml``, CRLF line ends)."""
    out.write(email_message(source).as_bytes())


@hookimpl
def govsm_exporters() -> list[Exporter]:
    """Declare the plain-text and e-mail digests."""
    return [
        Exporter(
            name="digest-text",
            description="Weekly digest for the staff as plain text",
            media_type="text/plain",
            export=write_text,
            extension=".txt",
        ),
        Exporter(
            name="digest-email",
            description="Weekly digest as an e-mail to send (.eml: text and HTML, no recipients)",
            media_type="message/rfc822",
            export=write_email,
            extension=".eml",
        ),
    ]
