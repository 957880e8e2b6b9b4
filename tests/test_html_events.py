"""Depositary pages are read through lxml (``treatycli.sources.html_events``): linear on hostile input,
and giving the source parsers exactly the events they were written against. How fast each parser is
on crafted pages is measured in ``bench/hostile_html.py``, not asserted here."""

from __future__ import annotations

import html.parser

import pytest

from treatycli.sources import untc_page
from treatycli.sources.html_events import HtmlEvents
from treatycli.sources.untc_page import (
    UntcDeclarationsError,
    UntcParseError,
    parse_declarations,
    parse_status_page,
)


class _Recorder(HtmlEvents):
    def __init__(self) -> None:
        super().__init__()
        self.events: list[tuple[object, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, tuple(attrs), self.getpos()[0]))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        self.events.append(("data", data))


def _events(text: str) -> list[tuple[object, ...]]:
    r = _Recorder()
    r.feed(text)
    r.close()
    return r.events


def test_events_decode_references_lower_case_names_and_skip_comments() -> None:
    assert _events("<P>a&amp;b<BR/>c<!-- x -->d\n<DIV ID=X>&#x41;&nbsp;</div>") == [
        ("start", "html", (), 1),
        ("start", "body", (), 1),
        ("start", "p", (), 1),
        ("data", "a&b"),
        ("start", "br", (), 1),
        ("end", "br"),
        ("data", "c"),
        ("data", "d\n"),
        ("end", "p"),
        ("start", "div", (("id", "X"),), 2),
        ("data", "A\xa0"),
        ("end", "div"),
        ("end", "body"),
        ("end", "html"),
    ]


def test_an_empty_page_gives_no_event() -> None:
    assert _events("") == [] and _events(" \r\n") == []


def test_control_characters_and_lone_surrogates_pass_as_text() -> None:
    events = _events("<a href='\x1b[2J'>z</a>\ud800")
    assert ("start", "a", (("href", "\x1b[2J"),), 1) in events
    assert ("data", "?") in events  # an unencodable lone surrogate is replaced, not a crash


def test_the_parsers_no_longer_use_the_quadratic_standard_parser() -> None:
    for cls in (untc_page._Collector, untc_page._DeclCollector):
        assert issubclass(cls, HtmlEvents) and not issubclass(cls, html.parser.HTMLParser)


def test_a_crafted_320_kb_page_is_refused_as_having_no_table() -> None:
    # "<a" * 160_000 made html.parser spend minutes of CPU (a known quadratic case in 3.11 and 3.13)
    page = "<html><body>" + "<a" * 160_000  # never closed
    with pytest.raises(UntcParseError, match="no participant table"):
        parse_status_page(page)
    assert parse_declarations(page, "IV-9") == ()


def test_a_page_nested_too_deep_is_refused_not_read_in_part() -> None:
    page = "<div>" * 300 + "<table id='x_tblgrid'><tr><td>Participant</td></tr></table>"
    with pytest.raises(UntcParseError, match="cannot be read whole .*Excessive depth"):
        parse_status_page(page)
    with pytest.raises(UntcDeclarationsError, match="MTDSG IV-9: the page cannot be read whole"):
        parse_declarations(page, "IV-9")


def test_getpos_gives_the_line_of_the_element_being_read_and_no_column() -> None:
    r = _Recorder()
    assert r.getpos() == (1, 0)  # before anything is read
    r.feed("<html>\n<body>\n\n<p>x</p></body></html>")
    r.close()
    assert [e[3] for e in r.events if e[0] == "start"] == [1, 2, 4] and r.getpos() == (4, 0)
