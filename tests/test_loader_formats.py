"""Every input format and encoding gives the same record.

One small readout is written into a temporary corpus as .txt, .html and .md, and as
UTF-8, UTF-8 with a byte-order mark, UTF-16 (LE and BE, with BOM), Windows-1252 and
with CRLF line endings; odd spaces (no-break, zero-width) are normalised for the rules
while ``Record.text`` keeps the text as read.
"""

from __future__ import annotations

import codecs

import pytest

TITLE = "Wang Yi Holds Talks with Kyrgyz Foreign Minister Jeenbek Kulubaev"
LEAD = ("On May 28, 2024, Foreign Minister Wang Yi held talks with Kyrgyz Foreign Minister "
        "Jeenbek Kulubaev in Beijing.")
BODY = "The two sides agreed to speed up the China-Kyrgyzstan-Uzbekistan railway and to expand trade."

TEXT = f"Home > News\n{TITLE}\n\n{LEAD}\n\n{BODY}\n\nSuggest To A Friend\n"
HTML = (
    f"<!doctype html><html><head><meta charset='utf-8'><title>{TITLE} | MFA</title></head><body>"
    "<nav class='breadcrumb'><a href='/'>Home</a> &gt; News</nav>"
    f"<main><article><h1>{TITLE}</h1><p>{LEAD}</p><p>{BODY}</p></article>"
    "<aside class='related'><h2>Related news</h2><ul><li>Xi Jinping meets Sadyr Zhaparov in Astana</li></ul></aside>"
    "</main><footer>Address: Beijing</footer></body></html>"
)
MARKDOWN = f"---\nsource_url: https://example.org/r/1\n---\n\nHome > News\n\n# {TITLE}\n\n{LEAD}\n\n{BODY}\n"


def _assert_the_readout(record):
    """What every rendering of the readout above must give."""
    assert record.title == TITLE
    assert record.date == "2024-05-28" and record.date_precision == "day"
    assert record.kind == "talks"
    assert (record.venue.city, record.venue.country) == ("Beijing", "China")
    assert {(p.name, p.country) for p in record.participants} == {
        ("Wang Yi", "China"), ("Jeenbek Kulubaev", "Kyrgyzstan")}
    assert record.mentioned == ()
    assert {"railway", "trade"} <= set(record.topics)
    assert list(record.body) == [LEAD, BODY]


@pytest.mark.parametrize(("name", "content", "fmt"), [
    ("readout.txt", TEXT, "txt"),
    ("readout.html", HTML, "html"),
    ("readout.md", MARKDOWN, "md"),
])
def test_each_format(load_one, name, content, fmt):
    record = load_one(name, content)
    _assert_the_readout(record)
    assert record.format == fmt
    assert record.encoding == "utf-8"
    assert not any("UTF-8" in w for w in record.warnings)


def test_markdown_front_matter_and_body_html(load_one):
    record = load_one("readout.md", MARKDOWN)
    assert record.source.url == "https://example.org/r/1"
    assert "<h1>" not in record.body_html  # the page prints the title itself
    assert f"<p>{LEAD}</p>" in record.body_html


@pytest.mark.parametrize(("label", "data", "encoding"), [
    ("utf-8", TEXT.encode("utf-8"), "utf-8"),
    ("utf-8 with BOM", codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    ("utf-16 LE with BOM", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
    ("utf-16 BE with BOM", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    ("utf-8 CRLF", TEXT.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    ("utf-16 LE CRLF", codecs.BOM_UTF16_LE + TEXT.replace("\n", "\r\n").encode("utf-16-le"), "utf-16"),
])
def test_each_encoding(load_one, label, data, encoding):
    record = load_one("readout.txt", data)
    _assert_the_readout(record)
    assert record.encoding == encoding
    assert "\r" not in record.text and "\ufeff" not in record.text
    assert record.text.startswith("Home > News\n")
    assert record.warnings == ()


def test_windows_1252_is_decoded_with_a_warning(load_one):
    text = TEXT.replace(BODY, "Kulubaev said: \u201cKyrgyzstan values its friendship with China\u201d \u2013 and "
                              "Niinist\u00f6\u2019s view was noted.")
    record = load_one("legacy.txt", text.encode("cp1252"))
    assert record.encoding == "cp1252"
    assert any("Windows-1252" in w for w in record.warnings)
    assert "\u201cKyrgyzstan values its friendship with China\u201d" in record.body[1]
    assert "Niinist\u00f6\u2019s" in record.text
    assert record.date == "2024-05-28"


def test_a_stray_byte_in_utf8_text_is_replaced_and_the_rest_kept(load_one):
    text = TEXT.replace(BODY, BODY + " Niinist\u00f6\u2019s view was noted in the CAF\u00c9 talks.")
    record = load_one("stray.txt", text.encode("utf-8").replace("CAF\u00c9".encode(), b"CAF\xc9"))
    assert record.encoding == "utf-8"
    assert "Niinist\u00f6\u2019s" in record.text and "CAF\ufffd" in record.text  # not mojibake everywhere
    assert any("1 byte(s) that are not (first on line" in w for w in record.warnings), record.warnings
    assert (record.date, [p.name for p in record.participants]) == ("2024-05-28", ["Wang Yi", "Jeenbek Kulubaev"])


def test_a_page_in_the_charset_it_declares_and_nul_bytes_dropped(load_one):
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>Wang Yi Meets '
            'Lavrov</title></head><body><h1>\u738b\u6bc5\u4f1a\u89c1\u62c9\u592b\u7f57\u592b</h1><p>On May 5, 2021, '
            'Wang Yi met with Russian Foreign Minister Sergey Lavrov in Moscow.</p></body></html>')
    record = load_one("gbk.html", page.encode("gb2312"))
    assert record.encoding == "gb18030" and record.title == "\u738b\u6bc5\u4f1a\u89c1\u62c9\u592b\u7f57\u592b"
    padded = load_one("nul.txt", TEXT.encode("utf-8").replace(b"Home", b"Ho\x00me"))
    _assert_the_readout(padded)
    assert any("1 NUL byte(s)" in w for w in padded.warnings)


def test_odd_spaces_are_normalised_for_the_rules_and_kept_in_the_text(load_one):
    odd = (TEXT.replace("Home > News", "Home\u00a0>\u00a0News")
               .replace("Foreign Minister Wang Yi", "Foreign\u00a0Minister Wang\u200bYi".replace("\u200b", " \u200b"))
               .replace("Jeenbek Kulubaev in", "Jeenbek\u00a0Kulubaev in"))
    record = load_one("odd.txt", odd.encode("utf-8"))
    _assert_the_readout(record)
    assert "\u00a0" in record.text and "\u200b" in record.text  # the text as read
    assert all("\u00a0" not in p and "\u200b" not in p for p in record.body)  # the rules' view


def test_mac_line_endings(load_one):
    record = load_one("cr.txt", TEXT.replace("\n", "\r").encode("utf-8"))
    _assert_the_readout(record)
    assert "\r" not in record.text


@pytest.mark.parametrize(("text", "fmt"), [
    ("---\ntitle: Talks\n---\nThey discussed **trade**, *energy* and [the railway](https://example.org/).\n", "md"),
    ("<html><body><h1>Talks</h1><p>They discussed <b>trade</b>, <i>energy</i> and <a href='x'>the railway</a>."
     "</p></body></html>", "html"),
])
def test_inline_markup_leaves_no_space_before_punctuation_in_the_plain_text(parse_text, text, fmt):
    assert parse_text(text, fmt=fmt).body == ("They discussed trade, energy and the railway.",)
