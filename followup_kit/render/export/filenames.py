"""Safe file names for exports, derived from text a person typed (client, company, …).

Names are written into a folder the candidate chose, so they must never climb out of it
(``..``, slashes), hide themselves (a leading dot), collide with a device name Windows
reserves (CON, NUL, COM1 …) or exceed what file systems allow.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["MAX_STEM_BYTES", "safe_filename", "safe_stem"]

# Well under the 255-byte limit of common file systems, leaving room for a suffix and for
# the temporary name used while writing.
MAX_STEM_BYTES = 96
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", "clock$", "conin$", "conout$"}
    | {f"com{n}" for n in "123456789\u00b9\u00b2\u00b3"}
    | {f"lpt{n}" for n in "123456789\u00b9\u00b2\u00b3"}
)
_SEPARATORS = re.compile(r"[^\w]+|_+")
_SUFFIX = re.compile(r"^\.[a-z0-9]{1,8}$")


def _slug(text: str) -> str:
    """Letters and digits of any script, lower-cased, with single dashes between words."""
    text = unicodedata.normalize("NFKC", text)
    # Drop accents where the base letter carries the meaning ("Tomás" → "tomas"), keep
    # letters of other scripts as they are.
    text = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if unicodedata.category(ch) != "Mn"
    )
    text = unicodedata.normalize("NFC", text).lower()
    return _SEPARATORS.sub("-", text).strip("-")


def _cut(stem: str, limit: int) -> str:
    encoded = stem.encode("utf-8")
    if len(encoded) <= limit:
        return stem
    return encoded[:limit].decode("utf-8", errors="ignore").rstrip("-")


def safe_stem(*parts: str, fallback: str = "plan", limit: int = MAX_STEM_BYTES) -> str:
    """The parts as one file-name stem: 'Sam Okafor', 'Acme & Co.' → 'sam-okafor_acme-co'."""
    slugs = [s for s in (_slug(part) for part in parts) if s]
    stem = _cut("_".join(slugs), limit) or fallback
    if stem.split(".")[0] in _RESERVED:
        stem = f"{stem}-file"
    return stem


def safe_filename(*parts: str, suffix: str, fallback: str = "plan") -> str:
    """A file name made of `parts` and `suffix` ('.html') that is safe in any folder."""
    if not _SUFFIX.match(suffix):
        raise ValueError(f"suffix {suffix!r} is not a file suffix; expected e.g. '.html'")
    return safe_stem(*parts, fallback=fallback) + suffix
