"""Name normalisation shared by the build (aliases are stored normalised) and the resolver."""

from __future__ import annotations

import re
import unicodedata

_SPLIT_ALNUM = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def normalise(text: str) -> str:
    """Case-, accent- and punctuation-blind: ``'Türkiye'`` -> ``'turkiye'``, ``'ETS126'`` -> ``'ets 126'``.

    Letters and digits are split apart so ``ets126``, ``ETS 126`` and ``ets-126`` meet;
    ``&`` reads as ``and``; apostrophes vanish (``Côte d'Ivoire`` -> ``cote divoire``).
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = stripped.casefold().replace("&", " and ").replace("'", "").replace("\u2019", "")
    spaced = _SPLIT_ALNUM.sub(" ", folded)
    return _NON_ALNUM.sub(" ", spaced).strip()


# Characters a terminal may act on: C0 controls (ESC, BEL, CR, tab...), DEL and C1 controls
# (CSI, OSC...), the bidirectional overrides that reorder what is shown, and the lone surrogates
# that stand for undecodable bytes (a file name read with surrogateescape).
_UNSAFE = "\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE_LINE = re.compile(f"[\n{_UNSAFE}]")
_UNSAFE_TEXT = re.compile(f"[{_UNSAFE}]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, as surrogateescape carries it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, multiline: bool = False) -> str:
    r"""``text`` made safe for a terminal: every control character shown, never acted on.

    ESC becomes the four characters ``\x1b``, a tab ``\t``, DEL ``\x7f``, a bidirectional
    override ``\u202e``, an undecodable byte of a file name ``\xff`` (as ``ls`` quotes names);
    ``\n`` is kept only when ``multiline``. Everything else is returned unchanged. This is not
    about markup: show the result in a rich ``Text`` (which never reads markup), not in a markup
    string.
    """
    pattern = _UNSAFE_TEXT if multiline else _UNSAFE_LINE
    return text if pattern.search(text) is None else pattern.sub(_escape, text)
