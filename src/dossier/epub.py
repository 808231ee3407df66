"""The EPUB reader (EPUB 2 and 3): one :class:`~dossier.formats.Source` per spine item with text.

Chapters come in spine order; the cover, the navigation document and items without text are
skipped. Titles come from the table of contents (``nav.xhtml`` or ``toc.ncx``).
"""

from __future__ import annotations

import logging
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from .errors import DecodeError, EmptyInputError, InputError
from .formats import Source, decode_markup, html_to_text, normalize_text

__all__ = ["read_epub"]

log = logging.getLogger(__name__)

HTML_TYPES = frozenset({"application/xhtml+xml", "text/html", "application/x-dtbook+xml"})
_SPACE = re.compile(r"\s+")
# What zipfile raises on a damaged archive, besides BadZipFile.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    RuntimeError,
    ValueError,
    NotImplementedError,
)


@dataclass(frozen=True, slots=True)
class _Item:
    id: str
    path: str  # full name inside the zip
    media_type: str
    properties: frozenset[str]


def _local(tag: str) -> str:
    """``{namespace}name`` -> ``name``."""
    return tag.rsplit("}", 1)[-1]


def _children(root: ET.Element, name: str) -> list[ET.Element]:
    return [element for element in root.iter() if _local(element.tag) == name]


def _resolve(base: str, href: str) -> str:
    """A zip member name for ``href`` relative to the member ``base``."""
    target = unquote(href.split("#", 1)[0])
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target)).lstrip("/")


class _Book:
    """An open EPUB; every failure is an :class:`InputError` naming the file."""

    def __init__(self, archive: zipfile.ZipFile, shown: str) -> None:
        self.archive = archive
        self.shown = shown

    def read(self, name: str) -> bytes:
        try:
            return self.archive.read(name)
        except KeyError:
            raise DecodeError(f"{self.shown}: broken EPUB, '{name}' is missing") from None
        except _ZIP_ERRORS as error:
            raise DecodeError(
                f"{self.shown}: broken EPUB, cannot read '{name}' ({error})"
            ) from None

    def xml(self, name: str) -> ET.Element:
        try:
            return ET.fromstring(self.read(name))
        except ET.ParseError as error:
            raise DecodeError(
                f"{self.shown}: broken EPUB, '{name}' is not valid XML ({error})"
            ) from None

    def package_path(self) -> str:
        if "META-INF/container.xml" in self.archive.namelist():
            for rootfile in _children(self.xml("META-INF/container.xml"), "rootfile"):
                if rootfile.get("full-path"):
                    return str(rootfile.get("full-path"))
        found = [name for name in self.archive.namelist() if name.endswith(".opf")]
        if not found:
            raise DecodeError(f"{self.shown}: not an EPUB (no package document)")
        return found[0]

    def encrypted(self) -> set[str]:
        """Members listed in META-INF/encryption.xml (font obfuscation or DRM)."""
        if "META-INF/encryption.xml" not in self.archive.namelist():
            return set()
        refs = _children(self.xml("META-INF/encryption.xml"), "CipherReference")
        return {unquote(str(ref.get("URI", ""))).lstrip("/") for ref in refs}


def _manifest(package: ET.Element, opf: str) -> dict[str, _Item]:
    items: dict[str, _Item] = {}
    for element in _children(package, "item"):
        item_id, href = element.get("id"), element.get("href")
        if item_id and href:
            properties = frozenset(element.get("properties", "").split())
            media = element.get("media-type", "")
            items[item_id] = _Item(item_id, _resolve(opf, href), media, properties)
    return items


def _cover_paths(package: ET.Element, opf: str) -> set[str]:
    return {
        _resolve(opf, str(reference.get("href")))
        for reference in _children(package, "reference")
        if reference.get("type", "").lower() == "cover" and reference.get("href")
    }


def _clean(label: str) -> str:
    return _SPACE.sub(" ", label).strip()


def _ncx_labels(book: _Book, name: str) -> dict[str, str]:
    labels: dict[str, str] = {}
    for point in _children(book.xml(name), "navPoint"):
        texts = [e for e in point if _local(e.tag) == "navLabel"]
        content = [e for e in point if _local(e.tag) == "content"]
        if texts and content and content[0].get("src"):
            label = _clean("".join(texts[0].itertext()))
            if label:
                labels.setdefault(_resolve(name, str(content[0].get("src"))), label)
    return labels


def _nav_labels(book: _Book, name: str) -> dict[str, str]:
    from bs4 import BeautifulSoup, Tag

    soup = BeautifulSoup(book.read(name), "html.parser")
    navs = soup.find_all("nav")
    tocs = [nav for nav in navs if "toc" in str(nav.get("epub:type", "")).split()]
    labels: dict[str, str] = {}
    for nav in tocs or navs[:1]:
        for link in nav.find_all("a"):
            href = link.get("href") if isinstance(link, Tag) else None
            label = _clean(link.get_text(" "))
            if isinstance(href, str) and label:
                labels.setdefault(_resolve(name, href), label)
    return labels


def _toc(book: _Book, package: ET.Element, items: dict[str, _Item]) -> dict[str, str]:
    """Chapter file -> toc label; the EPUB 3 nav first, else the EPUB 2 NCX."""
    for item in items.values():
        if "nav" in item.properties:
            labels = _nav_labels(book, item.path)
            if labels:
                return labels
    spine = _children(package, "spine")
    ncx_id = spine[0].get("toc") if spine else None
    ncx = items.get(ncx_id or "") or next(
        (i for i in items.values() if i.media_type == "application/x-dtbncx+xml"), None
    )
    return _ncx_labels(book, ncx.path) if ncx else {}


def _is_cover(item: _Item, covers: set[str]) -> bool:
    name = posixpath.basename(item.path).lower()
    return item.path in covers or item.id.lower() == "cover" or name.startswith("cover.")


def _sources(book: _Book, stem: str) -> list[Source]:
    opf = book.package_path()
    package = book.xml(opf)
    items = _manifest(package, opf)
    toc = _toc(book, package, items)
    covers = _cover_paths(package, opf)
    encrypted = book.encrypted()
    sources: list[Source] = []
    for index, ref in enumerate(_children(package, "itemref")):
        item = items.get(ref.get("idref", ""))
        if item is None:
            log.warning(
                "%s: spine item %r is not in the manifest; skipped", book.shown, ref.get("idref")
            )
            continue
        if "nav" in item.properties or item.media_type not in HTML_TYPES or _is_cover(item, covers):
            continue
        if item.path in encrypted:
            raise DecodeError(f"{book.shown}: the EPUB is encrypted (DRM) and cannot be read")
        shown = f"{book.shown}:{item.path}"
        data = book.read(item.path)
        if not data.strip():
            continue
        text, marked, hint = html_to_text(decode_markup(data, shown))
        if not text.strip():
            continue
        key = f"{stem}-{index:03d}"
        title = toc.get(item.path)
        sources.append(Source(key, book.shown, normalize_text(text), title, hint, marked))
    return sources


def read_epub(path: Path, shown: str) -> list[Source]:
    """One source per spine item with text; ``shown`` names the file in errors."""
    try:
        archive = zipfile.ZipFile(path)
    except (FileNotFoundError, PermissionError, IsADirectoryError) as error:
        raise InputError(f"{shown}: cannot be read ({error.strerror})") from None
    except _ZIP_ERRORS as error:
        reason = "not a zip archive" if isinstance(error, zipfile.BadZipFile) else error
        raise DecodeError(f"{shown}: not a valid EPUB ({reason})") from None
    with archive:
        try:
            sources = _sources(_Book(archive, shown), path.stem)
        except _ZIP_ERRORS as error:
            raise DecodeError(f"{shown}: broken EPUB ({error})") from None
    if not sources:
        raise EmptyInputError(f"{shown}: the EPUB holds no chapter with text")
    return sources
