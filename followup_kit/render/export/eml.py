"""One drafted email as an .eml file that mail programs open as an unsent draft.

`X-Unsent: 1` makes Outlook and Thunderbird open the file as a draft ready to edit and send.
Headers are built from `email.headerregistry.Address` objects, never by pasting strings, and
every header value is reduced to one line first: the core already refuses line breaks in names,
but a header is the one place a stray CR/LF could add headers of its own, so this module does
not rely on that.
"""

from __future__ import annotations

import re
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import default

from followup_kit.core.messages import Contact, Draft
from followup_kit.core.vocabulary import Channel
from followup_kit.errors import InvalidInputError, Problem

__all__ = ["one_line", "to_eml"]

# Mail files use CRLF line ends (RFC 5322); mail programs read them on every platform.
_POLICY = default.clone(linesep="\r\n")
_BREAKS = re.compile(r"[\r\n\x00-\x1f\x7f\u0085\u2028\u2029]+")


def one_line(text: str) -> str:
    """`text` with every line break and control character turned into a single space."""
    return " ".join(_BREAKS.sub(" ", text).split())


def _address(contact: Contact, field: str) -> Address | None:
    if not contact.address:
        return None
    try:
        return Address(
            display_name=one_line(contact.name or ""), addr_spec=one_line(contact.address)
        )
    except (ValueError, IndexError, HeaderParseError):
        raise InvalidInputError(
            [
                Problem(
                    f"draft.{field}.address",
                    f"{contact.address!r} is not an email address; expected e.g. "
                    "'ana.ruiz@example.com'",
                    contact.address,
                )
            ]
        ) from None


def to_eml(draft: Draft) -> bytes:
    """`draft` as an unsent email (.eml bytes): To, From, Subject and the text body.

    Raises InvalidInputError for a draft that is not an email (a card, call or LinkedIn
    message has nothing to open in a mail program)."""
    if draft.channel is not Channel.EMAIL:
        raise InvalidInputError(
            [
                Problem(
                    "draft.channel",
                    f"a {draft.channel.value} draft cannot be saved as an email; expected an "
                    "email draft",
                    draft.channel.value,
                )
            ]
        )
    message = EmailMessage(policy=default)
    recipient = _address(draft.recipient, "recipient")
    if recipient is not None:
        message["To"] = recipient
    sender = _address(draft.sender, "sender")
    if sender is not None:
        message["From"] = sender
    message["Subject"] = one_line(draft.subject or "")
    message["X-Unsent"] = "1"
    message.set_content(draft.body.replace("\r\n", "\n") + "\n")
    return message.as_bytes(policy=_POLICY)
