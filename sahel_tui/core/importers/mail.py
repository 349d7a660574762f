"""E-mail: ``.eml`` (one message) and ``.mbox`` (many), read with the standard library.

The subject is the title, the sender the author, the ``Date:`` header the date;
the text part is the article (or the HTML part, through the same extraction as
saved pages when there is no text part).  Attachments are not imported.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import mailbox
from collections.abc import Iterator
from email.message import EmailMessage, Message
from pathlib import Path

from sahel_tui.core.errors import SahelError
from sahel_tui.core.importers.base import (
    MAX_CONTAINER_BYTES,
    ImportRecord,
    Item,
    Refusal,
    clean_field,
    display_name,
    fragment_text,
    iso_date,
    paragraphs_text,
    read_capped,
)
from sahel_tui.core.text import normalize

EML_SUFFIXES = (".eml",)
MBOX_SUFFIXES = (".mbox",)


def _body(message: EmailMessage) -> tuple[str, bool]:
    """(text, is_html) of the message's best body part."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return "", False
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, ValueError):
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return "", False
    return content, part.get_content_type() == "text/html"


def _paragraphs(text: str) -> str:
    """Blank-line separated paragraphs of a plain-text mail; lines within one are joined."""
    blocks = normalize(text).split("\n\n")
    return paragraphs_text(" ".join(block.split("\n")) for block in blocks)


def message_record(message: Message, original_name: str, where: str) -> ImportRecord:
    if not isinstance(message, EmailMessage):
        raise SahelError("not an e-mail message")
    text, is_html = _body(message)
    if is_html:
        from sahel_tui.core.importers.html import page_record

        try:
            record = page_record(text, original_name, where)
            body = record.text
        except SahelError:
            body = fragment_text(text)
    else:
        body = _paragraphs(text)
    if not body.strip():
        raise SahelError("the message has no text part")
    date = None
    if message["date"]:
        try:
            date = iso_date(email.utils.parsedate_to_datetime(str(message["date"])))
        except (TypeError, ValueError):
            date = None
    sender = message["from"]
    author = None
    if sender:
        name, address = email.utils.parseaddr(str(sender))
        author = clean_field(name) or clean_field(address)
    return ImportRecord(
        text=body,
        original_name=original_name,
        title=clean_field(str(message["subject"] or "")),
        date=date,
        author=author,
        where=where,
    )


def read_eml(path: Path) -> Iterator[Item]:
    message = email.message_from_bytes(read_capped(path), policy=email.policy.default)
    if not message.keys():
        raise SahelError("not an e-mail message (no headers)")
    yield message_record(message, path.name, display_name(path))


def read_mbox(path: Path) -> Iterator[Item]:
    read_capped(path, MAX_CONTAINER_BYTES)  # size check
    where = display_name(path)
    box = mailbox.mbox(path, create=False)
    try:
        count = 0
        for number, key in enumerate(box.iterkeys(), start=1):
            count += 1
            message = email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
            try:
                yield message_record(message, f"{path.name}#{number}", f"{where}#{number}")
            except SahelError as exc:
                yield Refusal(where, f"message {number}: {exc.message}")
        if count == 0:
            raise SahelError("no messages in the mailbox")
    finally:
        box.close()
