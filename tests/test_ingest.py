"""Tests for dossier.ingest (and the readers behind it): formats, encodings, order, headings,
errors. Every fixture is written into tmp_path; the only real book is the seeds folder."""

from __future__ import annotations

import logging
import unicodedata
import zipfile
from pathlib import Path

import pytest

from dossier.errors import (
    BinaryInputError,
    DecodeError,
    EmptyInputError,
    InputError,
    MissingPathError,
    UnsupportedFormatError,
)
from dossier.ingest import natural_key, read_book

STORY = (
    "Marta Velikova opened the shutters of the inn at dawn.\n\n"
    "Her brother Osip was already in the yard, arguing with the carter.\n"
)


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


# --- plain text, order and ids -------------------------------------------------------------


def test_ingest_plain_text_file_is_one_document(tmp_path: Path) -> None:
    path = write(tmp_path, "014_a1b2c3.txt", STORY)
    [document] = read_book([path])
    assert document.id == "014_a1b2c3"
    assert document.path == str(path)
    assert document.text == STORY
    assert document.title == "014_a1b2c3"  # no heading: the file stem
    assert (document.chapter, document.order, document.body_start) == (None, 0, 0)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["ch10", "ch2", "ch1"], ["ch1", "ch2", "ch10"]),
        (["Ch10", "ch9", "CH11"], ["ch9", "Ch10", "CH11"]),
        (["10", "9", "100", "1"], ["1", "9", "10", "100"]),
        (["part2_ch10", "part2_ch3", "part1_ch20"], ["part1_ch20", "part2_ch3", "part2_ch10"]),
    ],
)
def test_ingest_natural_key_orders_numbers_by_value(names: list[str], expected: list[str]) -> None:
    assert sorted(names, key=natural_key) == expected


def test_ingest_folder_chapters_in_natural_order(tmp_path: Path) -> None:
    for name in ("ch10.txt", "ch2.txt", "Ch1.md", "ch3.html"):
        write(
            tmp_path / "book",
            name,
            f"<p>Text of {name}.</p>" if name.endswith("html") else f"Text of {name}.\n",
        )
    documents = read_book([tmp_path / "book"])
    assert [d.id for d in documents] == ["Ch1", "ch2", "ch3", "ch10"]
    assert [d.order for d in documents] == [0, 1, 2, 3]


def test_ingest_several_paths_keep_given_order(tmp_path: Path) -> None:
    write(tmp_path / "later", "b2.txt", "Second of later.\n")
    write(tmp_path / "later", "b1.txt", "First of later.\n")
    first = write(tmp_path, "z_first.txt", "The opening.\n")
    documents = read_book([first, tmp_path / "later"])
    assert [d.id for d in documents] == ["z_first", "b1", "b2"]
    assert [d.order for d in documents] == [0, 1, 2]


def test_ingest_folder_skips_hidden_and_unsupported_files(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(tmp_path, "ch1.txt", "A chapter.\n")
    write(tmp_path, ".ch0.txt", "Hidden.\n")
    write(tmp_path, "cover.pdf", b"%PDF-1.4")
    with caplog.at_level(logging.WARNING, logger="dossier"):
        documents = read_book([tmp_path])
    assert [d.id for d in documents] == ["ch1"]
    assert "cover.pdf" in caplog.text
    assert ".ch0" not in caplog.text


def test_ingest_folder_recurses_one_level(tmp_path: Path) -> None:
    write(tmp_path, "part2/ch1.txt", "Part two begins.\n")
    write(tmp_path, "part1/ch2.txt", "Part one continues.\n")
    write(tmp_path, "part1/ch1.txt", "Part one begins.\n")
    write(tmp_path, "part1/deeper/ch9.txt", "Too deep.\n")
    documents = read_book([tmp_path])
    assert [d.text for d in documents] == [
        "Part one begins.\n",
        "Part one continues.\n",
        "Part two begins.\n",
    ]
    assert [d.id for d in documents] == ["ch1", "ch2", "ch1-2"]


def test_ingest_ids_unique_across_formats(tmp_path: Path) -> None:
    write(tmp_path, "intro.md", "Some words.\n")
    write(tmp_path, "intro.txt", "Other words.\n")
    write(tmp_path, "INTRO.html", "<p>More words.</p>")
    ids = [d.id for d in read_book([tmp_path])]
    assert len({i.casefold() for i in ids}) == 3
    assert sorted(ids, key=str.casefold) == ["INTRO", "intro-2", "intro-3"]


def test_ingest_same_file_twice_is_read_once(tmp_path: Path) -> None:
    path = write(tmp_path, "ch1.txt", "Once only.\n")
    assert len(read_book([tmp_path, path])) == 1


def test_ingest_empty_file_in_folder_is_skipped(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(tmp_path, "ch1.txt", "   \n\n")
    write(tmp_path, "ch2.txt", "Real text.\n")
    with caplog.at_level(logging.WARNING, logger="dossier"):
        documents = read_book([tmp_path])
    assert [d.id for d in documents] == ["ch2"]
    assert "ch1.txt" in caplog.text


# --- encodings -----------------------------------------------------------------------------

CYRILLIC = (
    "Глава вторая.\n\nСтепан Кожемякин вернулся в деревню поздней осенью. "
    "Жена встретила его у ворот и долго молчала. "
    "Потом она сказала, что мельница сгорела ещё в августе.\n"
)
ACCENTED = (
    "Amélie Rousseau quitta Besançon à l'aube. Le garçon de l'hôtel, Loïc, "
    "portait sa valise jusqu'à la gare. Il faisait déjà chaud; elle n'avait pas "
    "déjeuné, et la crème brûlée de la veille lui pesait encore.\n"
)


@pytest.mark.parametrize(
    ("text", "data"),
    [
        (ACCENTED, ACCENTED.encode("utf-8")),
        (ACCENTED, b"\xef\xbb\xbf" + ACCENTED.encode("utf-8")),
        (CYRILLIC, CYRILLIC.encode("utf-16")),  # with BOM
        (CYRILLIC, b"\xfe\xff" + CYRILLIC.encode("utf-16-be")),
        (ACCENTED, b"\xff\xfe" + ACCENTED.encode("utf-16-le")),
        (CYRILLIC, CYRILLIC.encode("cp1251")),
        (ACCENTED, ACCENTED.encode("latin-1")),
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16be-bom", "utf16le-bom", "cp1251", "latin1"],
)
def test_ingest_decodes_encodings(tmp_path: Path, text: str, data: bytes) -> None:
    [document] = read_book([write(tmp_path, "ch.txt", data)])
    assert document.text == text


def test_ingest_normalises_newlines_and_nfc_only(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "  Renée said no.\r\nLine two.\rLine three.\r\n\r\n")
    [document] = read_book([write(tmp_path, "ch.txt", "\ufeff" + decomposed)])
    assert document.text == "  Renée said no.\nLine two.\nLine three.\n\n"
    assert unicodedata.is_normalized("NFC", document.text)


def test_ingest_html_meta_charset_is_honoured(tmp_path: Path) -> None:
    page = '<html><head><meta charset="windows-1251"></head><body><p>Пётр спал.</p></body></html>'
    [document] = read_book([write(tmp_path, "ch.html", page.encode("cp1251"))])
    assert document.text == "Пётр спал."


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "error", "fragment"),
    [
        ("ch1.pdf", b"%PDF-1.4 ...", UnsupportedFormatError, "unsupported format '.pdf'"),
        ("notes", b"plain words", UnsupportedFormatError, "unsupported format"),
        ("empty.txt", b"", EmptyInputError, "empty"),
        ("blank.md", b" \n\t\r\n ", EmptyInputError, "whitespace"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, BinaryInputError, "binary"),
        ("noise.txt", bytes(range(1, 9)) * 200, BinaryInputError, "binary"),
        ("bad16.txt", b"\xff\xfe" + b"a\x00" + b"\x00\xd8" + b"b\x00", DecodeError, "utf-16"),
        ("bad.epub", b"this is no zip archive", DecodeError, "not a valid EPUB"),
        ("scripts.html", b"<script>var a = 1;</script>", EmptyInputError, "no text"),
    ],
)
def test_ingest_error_names_the_path(
    tmp_path: Path, name: str, content: bytes, error: type[InputError], fragment: str
) -> None:
    path = write(tmp_path, name, content)
    with pytest.raises(error) as caught:
        read_book([path])
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert fragment in message
    assert "\n" not in message


def test_ingest_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "ch1.txt"
    with pytest.raises(MissingPathError, match="no such file or folder") as caught:
        read_book([missing])
    assert str(missing) in str(caught.value)


def test_ingest_unsupported_format_message(tmp_path: Path) -> None:
    path = write(tmp_path, "ch1.PDF", b"%PDF")
    with pytest.raises(UnsupportedFormatError) as caught:
        read_book([path])
    assert str(caught.value) == (
        f"{path}: unsupported format '.pdf' (use txt, md, html, xhtml or epub)"
    )


def test_ingest_folder_without_supported_files(tmp_path: Path) -> None:
    write(tmp_path, "scan.pdf", b"%PDF")
    with pytest.raises(EmptyInputError, match="holds no txt, md, html or epub") as caught:
        read_book([tmp_path])
    assert str(tmp_path) in str(caught.value)


def test_ingest_no_paths_is_an_input_error() -> None:
    with pytest.raises(EmptyInputError):
        read_book([])


# --- headings ------------------------------------------------------------------------------

BODY = "Nadia Orlova lit the stove before anyone woke."


@pytest.mark.parametrize(
    ("heading", "title", "chapter"),
    [
        ("Secret History of the Salt Road (52)", "Secret History of the Salt Road", 52),
        ("The Quiet Harbour (109)", "The Quiet Harbour", 109),
        ("Chapter 12", "Chapter 12", 12),
        ("CHAPTER XII. The Storm", "The Storm", 12),
        ("Chapter xiv: Ashes", "Ashes", 14),
        ("Chapter Twelve", "Chapter Twelve", 12),
        ("Chapter Twenty-One - Night Trains", "Night Trains", 21),
        ("12. The Storm", "The Storm", 12),
        ("Part 3", "Part 3", 3),
        ("# The Long Winter", "The Long Winter", None),
        ("## Chapter 4: Thaw", "Thaw", 4),
        ("Prologue", "Prologue", None),
        ("IX", "IX", 9),
    ],
)
def test_ingest_recognises_heading(
    tmp_path: Path, heading: str, title: str, chapter: int | None
) -> None:
    text = f"{heading}\n\n{BODY}\n"
    [document] = read_book([write(tmp_path, "ch.txt", text)])
    assert (document.title, document.chapter) == (title, chapter)
    assert document.body_start == len(heading) + 1
    assert document.text == text  # the heading stays in the text


@pytest.mark.parametrize(
    "first_line",
    [
        "1. Nadia went to the market early.",
        "Chapter 3 was where the trouble began.",
        "She opened the door (2) times.",
        "“Who goes there?” asked the watchman",
        "It rained all week in the valley.",
        "1937 was a cold year in the valley",
        "Run!",
    ],
)
def test_ingest_ordinary_first_line_is_no_heading(tmp_path: Path, first_line: str) -> None:
    [document] = read_book([write(tmp_path, "ch7.txt", f"{first_line}\n\n{BODY}\n")])
    assert (document.title, document.chapter, document.body_start) == ("ch7", None, 0)


def test_ingest_heading_takes_title_from_next_line(tmp_path: Path) -> None:
    text = f"CHAPTER IV.\n\nThe Frozen River\n\n{BODY}\n"
    [document] = read_book([write(tmp_path, "ch.txt", text)])
    assert (document.title, document.chapter) == ("The Frozen River", 4)
    assert text[document.body_start :].strip().startswith("Nadia")


def test_ingest_heading_after_leading_blank_lines(tmp_path: Path) -> None:
    text = f"\n\n  Chapter 8\n{BODY}\n"
    [document] = read_book([write(tmp_path, "ch.txt", text)])
    assert document.chapter == 8
    assert text[document.body_start :] == f"{BODY}\n"


# --- markdown ------------------------------------------------------------------------------


def test_ingest_markdown_strips_markup(tmp_path: Path) -> None:
    source = (
        "---\ntitle: Ignored Front Matter\n---\n"
        "# Chapter 5: The *Glass* Tower\n\n"
        "Ilya met **Vera** at [the bridge](https://example.org/bridge) "
        "![a drawing](img/bridge.png)and said _nothing_ about snake_case_names.\n\n"
        "> She kept the letter.\n\n"
        "---\n\n"
        "Then \\*nothing\\* happened.\n"
    )
    [document] = read_book([write(tmp_path, "ch5.md", source)])
    assert document.text == (
        "Chapter 5: The Glass Tower\n\n"
        "Ilya met Vera at the bridge and said nothing about snake_case_names.\n\n"
        "She kept the letter.\n\n\n\n"
        "Then *nothing* happened.\n"
    )
    assert (document.title, document.chapter) == ("The Glass Tower", 5)
    assert document.text[: document.body_start] == "Chapter 5: The Glass Tower\n"


def test_ingest_markdown_setext_heading_is_marked(tmp_path: Path) -> None:
    [document] = read_book([write(tmp_path, "c.markdown", "A quiet morning\n===\n\nBody.\n")])
    assert document.title == "A quiet morning"
    assert document.text == "A quiet morning\n\n\nBody.\n"


# --- HTML ----------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><title>The Book of Lamps</title><style>p { color: red }</style>
<script>alert("x")</script></head>
<body>
  <h1>Chapter 3: Lamps &amp; Ladders</h1>
  <p>Bogdan  carried
     the <em>brass</em> lamp&nbsp;home.</p>
  <div><p>“Careful,” said Lidia.</p><p>One line<br/>and another.</p></div>
  <!-- a comment -->
  <h2>Later</h2>
  <ul><li>first item</li><li>second item</li></ul>
</body></html>
"""


def test_ingest_html_blocks_become_paragraphs(tmp_path: Path) -> None:
    [document] = read_book([write(tmp_path, "ch3.xhtml", PAGE)])
    assert document.text == (
        "Chapter 3: Lamps & Ladders\n\n"
        "Bogdan carried the brass lamp\u00a0home.\n\n"
        "“Careful,” said Lidia.\n\n"
        "One line\nand another.\n\n"
        "Later\n\n"
        "first item\n\nsecond item"
    )
    assert (document.title, document.chapter) == ("Lamps & Ladders", 3)
    assert document.body_start == len("Chapter 3: Lamps & Ladders\n")


def test_ingest_html_title_falls_back_to_title_element(tmp_path: Path) -> None:
    page = "<html><head><title>Lamps</title></head><body><p>He lit a lamp.</p></body></html>"
    [document] = read_book([write(tmp_path, "p.htm", page)])
    assert (document.title, document.body_start, document.text) == ("Lamps", 0, "He lit a lamp.")


# --- EPUB ----------------------------------------------------------------------------------

CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf"
   media-type="application/oebps-package+xml"/></rootfiles>
</container>"""

NAV = """<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<body><nav epub:type="toc"><ol>
  <li><a href="text/c.xhtml">Chapter 1: Arrival</a></li>
  <li><a href="text/a.xhtml#start">Chapter 2: The Mill</a></li>
  <li><a href="text/b%20x.xhtml">Departure</a></li>
</ol></nav></body></html>"""

NCX = """<?xml version="1.0" encoding="utf-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><navMap>
  <navPoint id="n1" playOrder="1"><navLabel><text>Chapter 1: Arrival</text></navLabel>
    <content src="text/c.xhtml"/></navPoint>
  <navPoint id="n2" playOrder="2"><navLabel><text>Chapter 2: The Mill</text></navLabel>
    <content src="text/a.xhtml"/></navPoint>
  <navPoint id="n3" playOrder="3"><navLabel><text>Departure</text></navLabel>
    <content src="text/b%20x.xhtml"/></navPoint>
</navMap></ncx>"""


def chapter_page(heading: str, body: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Book</title></head>'
        f"<body><h2>{heading}</h2><p>{body}</p></body></html>"
    )


def opf(nav: bool) -> str:
    nav_item = (
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="{3 if nav else 2}.0">
  <metadata/>
  <manifest>
    {nav_item if nav else ""}
    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
    <item id="cover" href="text/cover.xhtml" media-type="application/xhtml+xml"/>
    <item id="ca" href="text/a.xhtml" media-type="application/xhtml+xml"/>
    <item id="cb" href="text/b%20x.xhtml" media-type="application/xhtml+xml"/>
    <item id="cc" href="text/c.xhtml" media-type="application/xhtml+xml"/>
    <item id="blank" href="text/blank.xhtml" media-type="application/xhtml+xml"/>
    <item id="img" href="images/cover.jpg" media-type="image/jpeg"/>
  </manifest>
  <spine toc="ncx">
    <itemref idref="cover"/>{'<itemref idref="nav"/>' if nav else ""}
    <itemref idref="cc"/><itemref idref="ca"/><itemref idref="blank"/><itemref idref="cb"/>
  </spine>
</package>"""


def make_epub(folder: Path, name: str = "the-mill.epub", nav: bool = True) -> Path:
    path = folder / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/container.xml", CONTAINER)
        archive.writestr("OEBPS/content.opf", opf(nav))
        archive.writestr("OEBPS/toc.ncx", NCX)
        if nav:
            archive.writestr("OEBPS/nav.xhtml", NAV)
        archive.writestr(
            "OEBPS/text/cover.xhtml",
            '<html><body><p>Cover</p><img src="../images/cover.jpg"/></body></html>',
        )
        archive.writestr("OEBPS/text/blank.xhtml", "<html><body><p> </p></body></html>")
        archive.writestr(
            "OEBPS/text/c.xhtml", chapter_page("Arrival", "Yakov came by the night train.")
        )
        archive.writestr(
            "OEBPS/text/a.xhtml", chapter_page("The Mill", "The mill wheel had stopped.")
        )
        archive.writestr(
            "OEBPS/text/b x.xhtml", chapter_page("Departure", "Yakov left &amp; did not return.")
        )
        archive.writestr("OEBPS/images/cover.jpg", b"\xff\xd8\xff\x00binary")
    return path


@pytest.mark.parametrize("nav", [True, False], ids=["epub3-nav", "epub2-ncx"])
def test_ingest_epub_chapters_in_spine_order(tmp_path: Path, nav: bool) -> None:
    path = make_epub(tmp_path, nav=nav)
    documents = read_book([path])
    offset = 1 if nav else 0  # the nav document takes a spine slot
    assert [d.id for d in documents] == [
        f"the-mill-{1 + offset:03d}",
        f"the-mill-{2 + offset:03d}",
        f"the-mill-{4 + offset:03d}",
    ]
    assert [d.title for d in documents] == ["Arrival", "The Mill", "Departure"]
    assert [d.chapter for d in documents] == [1, 2, None]
    assert [d.order for d in documents] == [0, 1, 2]
    assert documents[0].text == "Arrival\n\nYakov came by the night train."
    assert documents[2].text == "Departure\n\nYakov left & did not return."
    assert documents[0].body_start == len("Arrival\n")
    assert all(d.path == str(path) for d in documents)


def test_ingest_epub_without_toc_uses_first_heading(tmp_path: Path) -> None:
    path = tmp_path / "plain.epub"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
        archive.writestr("META-INF/container.xml", CONTAINER)
        archive.writestr(
            "OEBPS/content.opf",
            '<package xmlns="http://www.idpf.org/2007/opf"><manifest>'
            '<item id="x" href="x.xhtml" media-type="application/xhtml+xml"/></manifest>'
            '<spine><itemref idref="x"/></spine></package>',
        )
        archive.writestr("OEBPS/x.xhtml", chapter_page("Chapter 7 — Smoke", "Smoke rose."))
    [document] = read_book([path])
    assert (document.id, document.title, document.chapter) == ("plain-000", "Smoke", 7)


def test_ingest_epub_with_drm_is_refused(tmp_path: Path) -> None:
    path = make_epub(tmp_path)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(
            "META-INF/encryption.xml",
            '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
            'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
            '<enc:CipherData><enc:CipherReference URI="OEBPS/text/a.xhtml"/></enc:CipherData>'
            "</enc:EncryptedData></encryption>",
        )
    with pytest.raises(DecodeError, match="encrypted") as caught:
        read_book([path])
    assert str(path) in str(caught.value)


def test_ingest_epub_with_broken_package_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.epub"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("META-INF/container.xml", CONTAINER)
        archive.writestr("OEBPS/content.opf", "<package><manifest>")
    with pytest.raises(DecodeError, match="not valid XML") as caught:
        read_book([path])
    assert str(caught.value).startswith(f"{path}: ")


def test_ingest_epub_and_text_files_form_one_book(tmp_path: Path) -> None:
    epub = make_epub(tmp_path)
    note = write(tmp_path, "afterword.txt", "Afterword\n\nThe mill still stands.\n")
    documents = read_book([epub, note])
    assert [d.order for d in documents] == [0, 1, 2, 3]
    assert documents[-1].title == "Afterword"


# --- the real seeds ------------------------------------------------------------------------


def test_ingest_reads_the_seed_chapters(seeds_dir: Path) -> None:
    documents = read_book([seeds_dir])
    assert [d.chapter for d in documents] == [52, 109]
    assert [d.title for d in documents] == [
        "Secret History of Stalin’s Purge",
        "The Secret History of Stalin’s Purge",
    ]
    for document in documents:
        assert document.text[: document.body_start].strip().endswith(f"({document.chapter})")
        assert document.text[document.body_start :].strip()
