"""One drafted email as an .eml file that mail programs open as an unsent draft.

`X-Unsent: 1` makes Outlook and Thunderbird open the file as a draft ready to edit and send.

To, From and Subject are written by this module itself, not folded by `email`'s policies:
their folding of long quoted display names could split a name such as
``Ruiz, Ana; Head of Analytics <eve@evil.test>`` into words that a mail program then reads as
several recipients. Here a display name is either plain words (letters, digits, spaces,
apostrophes and hyphens) or, for anything else, RFC 2047 encoded-words (UTF-8, base64), which
carry no commas, quotes or angle brackets a parser could misread; a header is folded only at
the spaces between whole words, so unfolding gives back exactly the one-line value. Every value
is reduced to one line first: the core already refuses line breaks in names, but a header is
the one place a stray CR/LF could add headers of its own, so this module does not rely on it.
Bodies lose NUL and other control characters (a draft edited in the UI can carry them).
"""

from __future__ import annotations

import base64
import re
from email.message import EmailMessage
from email.policy import default

from followup_kit.core.messages import Contact, Draft
from followup_kit.core.vocabulary import Channel
from followup_kit.errors import InvalidInputError, Problem

__all__ = ["one_line", "to_eml"]

# Mail files use CRLF line ends (RFC 5322); mail programs read them on every platform.
_POLICY = default.clone(linesep="\r\n")
_CRLF = "\r\n"
_BREAKS = re.compile(r"[\r\n\x00-\x1f\x7f-\x9f\u0085\u2028\u2029]+")
_BODY_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_PLAIN_WORDS = re.compile(r"[A-Za-z0-9' -]+")
_DOT_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_HOST = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9-]{1,63}")
_WIDTH = 78
_WORD_BYTES = 45  # 45 bytes -> 60 base64 characters -> a 72-character encoded-word
# The most one encoded-word may carry and still fit a 998-character line (RFC 5322 2.1.1)
# with "From: " before it: 735 bytes -> 980 base64 characters + 12 for "=?utf-8?b?" "?=".
_LONGEST_WORD_BYTES = 735


def one_line(text: str) -> str:
    """`text` with every line break and control character turned into a single space."""
    return " ".join(_BREAKS.sub(" ", text).split())


def _encoded_words(text: str, size: int = _WORD_BYTES) -> list[str]:
    """`text` as UTF-8 base64 encoded-words of at most `size` bytes each; never splits a
    character. Adjacent encoded-words decode without the space between them."""
    words, chunk = [], b""
    for char in text:
        raw = char.encode("utf-8")
        if chunk and len(chunk) + len(raw) > size:
            words.append(chunk)
            chunk = b""
        chunk += raw
    if chunk:
        words.append(chunk)
    return [f"=?utf-8?b?{base64.b64encode(w).decode('ascii')}?=" for w in words]


def _needs_encoding(word: str) -> bool:
    return not word.isascii() or "=?" in word or len(word) > _WIDTH - 12 or not word.isprintable()


def _text_words(text: str) -> list[str]:
    """An unstructured value (a Subject) as header words: plain ASCII words as they are,
    each run of words that need it as encoded-words (the run's own spaces go inside)."""
    out: list[str] = []
    run: list[str] = []
    for word in one_line(text).split(" "):
        if word and _needs_encoding(word):
            run.append(word)
            continue
        if run:
            out += _encoded_words(" ".join(run))
            run = []
        if word:
            out.append(word)
    if run:
        out += _encoded_words(" ".join(run))
    return out


def _phrase_words(name: str) -> list[str]:
    """A display name as header words: plain words, or else ONE encoded-word for the whole
    name. One, because Python's `email` (policy.default) joins adjacent encoded-words of a
    display name with a space while RFC 2047 readers join them without one: a name split in
    two would read differently in the two. Only a name too long for one header line (about
    730 bytes of UTF-8; the model allows 200 characters) is split, at its own spaces where it
    has them."""
    name = _BREAKS.sub(" ", name).strip()  # spaces inside the name are kept exactly
    if not name:
        return []
    plain = _PLAIN_WORDS.fullmatch(name) and "  " not in name
    if plain and not any(len(w) > _WIDTH - 12 for w in name.split(" ")):
        return name.split(" ")
    if len(name.encode("utf-8")) <= _LONGEST_WORD_BYTES:
        return _encoded_words(name, _LONGEST_WORD_BYTES)
    return _encoded_words(name)


def _header(field: str, words: list[str]) -> str:
    """'Field: words' folded at the spaces between words (CRLF + space) to ~78 columns."""
    lines = [f"{field}:"]
    for word in words:
        if len(lines[-1]) + 1 + len(word) > _WIDTH and lines[-1] != f"{field}:":
            lines.append("")
        lines[-1] += " " + word
    return _CRLF.join(lines)


def _ascii_host(host: str) -> str | None:
    """The host in its ASCII ('xn--') form, or None when it has none."""
    if host.isascii():
        return host
    import idna  # installed with email-validator, which the models use

    try:
        return str(idna.encode(host, uts46=True).decode("ascii"))
    except (UnicodeError, ValueError, idna.IDNAError):
        return None


def _address(contact: Contact, field: str) -> str | None:
    """'Name <local@host>' as header text, or None when there is no address."""
    if not contact.address:
        return None
    local, _, host = one_line(contact.address).rpartition("@")
    ascii_host = _ascii_host(host) if local else None
    if ascii_host is None or not _DOT_ATOM.fullmatch(local) or not _HOST.fullmatch(ascii_host):
        raise InvalidInputError(
            [
                Problem(
                    f"draft.{field}.address",
                    f"{contact.address!r} is not an email address a mail program can send to; "
                    "expected e.g. 'ana.ruiz@example.com'",
                    contact.address,
                )
            ]
        )
    return " ".join([*_phrase_words(contact.name or ""), f"<{local}@{ascii_host}>"])


_NEWLINES = {0x2028: "\n", 0x2029: "\n", 0x85: "\n"}


def _body(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_NEWLINES)
    return _BODY_CONTROLS.sub("", text)


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
    headers = []
    recipient = _address(draft.recipient, "recipient")
    if recipient is not None:
        headers.append(_header("To", recipient.split(" ")))
    sender = _address(draft.sender, "sender")
    if sender is not None:
        headers.append(_header("From", sender.split(" ")))
    headers.append(_header("Subject", _text_words(draft.subject or "")))
    headers.append("X-Unsent: 1")
    # The body and its MIME headers come from `email` (quoted-printable UTF-8).
    body = EmailMessage(policy=default)
    body.set_content(_body(draft.body) + "\n")
    mime = body.as_bytes(policy=_POLICY)
    return (_CRLF.join(headers) + _CRLF).encode("ascii") + mime
