"""HTML as a stream of start-tag, text and end-tag events, in time linear in the page's size.

The standard library's ``html.parser`` takes quadratic time on some inputs (``"<a" * 20_000``, 40 KB,
costs 1.4 s of CPU in Python 3.11 and 3.13; a crafted 320 KB page costs minutes), and a status page
comes from the network. The page is therefore parsed by lxml (libxml2's HTML parser, in C, linear on
any input and recovering from broken markup the way browsers of its generation did), and its tree is
walked back into the events the source parsers were written against: ``handle_starttag``,
``handle_data`` and ``handle_endtag``, with ``getpos()`` giving the line of the element being read.

Why lxml: it is maintained, has wheels for every Python this project supports, is already the
reference HTML parser of the Python ecosystem, and its tree keeps each element's source line, which
the declaration parser puts in its messages. (selectolax is faster still but keeps no line numbers.)

The walk is iterative, so no page can exhaust Python's stack; a page nested deeper than libxml2's limit
(256) is refused with the parser's ``error`` rather than read in part.
"""

from __future__ import annotations

from typing import Any

__all__ = ["HtmlEvents"]


class HtmlEvents:
    """Base class: override ``handle_starttag``, ``handle_endtag`` and ``handle_data``; call
    ``feed(text)`` then ``close()``. Tag and attribute names arrive lower-cased, character references
    decoded; a void element (``<br>``) gives a start and an end; comments give nothing."""

    error: type[Exception] = ValueError  # raised for a page libxml2 gives up on

    def __init__(self) -> None:
        self._chunks: list[str] = []
        self._line = 1

    # -- the hooks a subclass overrides -----------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """An element opens."""

    def handle_endtag(self, tag: str) -> None:
        """An element closes (written or implied)."""

    def handle_data(self, data: str) -> None:
        """Text between tags."""

    # -- driving ----------------------------------------------------------------------------------
    def getpos(self) -> tuple[int, int]:
        """The line of the element being read (column not known)."""
        return self._line, 0

    def feed(self, data: str) -> None:
        self._chunks.append(data)

    def close(self) -> None:
        text = "".join(self._chunks)
        self._chunks = []
        if not text.strip():
            return
        from lxml import etree

        parser = etree.HTMLParser(recover=True, encoding="utf-8", no_network=True, remove_pis=True)
        # lone surrogates (from a page decoded with errors="surrogateescape") cannot be encoded
        root = etree.fromstring(text.encode("utf-8", "replace"), parser)
        fatal = [e for e in parser.error_log if e.level_name == "FATAL"]
        if fatal:
            raise self.error(f"the page cannot be read whole (line {fatal[0].line}: {fatal[0].message})")
        if root is not None:
            self._walk(root)

    def _walk(self, root: Any) -> None:
        stack: list[tuple[Any, bool]] = [(root, False)]
        while stack:
            node, closing = stack.pop()
            if closing:
                self.handle_endtag(node.tag.lower())
                if node.tail:
                    self.handle_data(node.tail)
                continue
            if not isinstance(node.tag, str):  # a comment or processing instruction: only its tail
                if node.tail:
                    self.handle_data(node.tail)
                continue
            self._line = node.sourceline or self._line
            attrs: list[tuple[str, str | None]] = [(str(k).lower(), str(v)) for k, v in node.attrib.items()]
            self.handle_starttag(node.tag.lower(), attrs)
            if node.text:
                self.handle_data(node.text)
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node))
