"""A self-contained HTML report: the index, every dossier and the reader in one file.

The file can be mailed and opened offline: CSS and a little JavaScript are inline and nothing is
loaded from anywhere. Every section has an ``#anchor``; with JavaScript on, one section shows at
a time, with it off everything is visible and the anchors still work. Book text is escaped
everywhere: the page is a Jinja2 template with autoescape, and the reader's markup
(:mod:`.reader`) is built with ``html.escape``.

Size matters for a novel: each chapter's text appears once (in the reader), a dossier lists a
capped number of mention contexts and quotations with an “and N more” note, and a mention in the
reader is a bare link whose entity name the script looks up on hover.
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2

from ..errors import ExportError
from ..records import Analysis
from .book import SPEAKER_COLOURS, Book
from .dossiers import entity_views, listed_mentions
from .reader import chapter_views

__all__ = ["render_report", "write_report"]

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("People", ("PER",)),
    ("Places", ("GPE", "LOC", "FAC")),
    ("Organisations", ("ORG",)),
    ("Vehicles", ("VEH",)),
)
MAIN_PEOPLE = 12  # people listed on the overview


@cache
def _template() -> jinja2.Template:
    source = resources.files(__package__).joinpath("template.html.j2").read_text("utf-8")
    environment = jinja2.Environment(
        autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined
    )
    return environment.from_string(source)


def render_report(analysis: Analysis, title: str | None = None) -> str:
    """The whole report as one HTML page (``title`` defaults to the chapters' shared title)."""
    book = Book(analysis)
    listed = listed_mentions(book)
    # the reader first: it decides which mentions get an id for the dossiers to link to
    chapters = chapter_views(book, {(m.doc, m.start, m.end) for ms in listed.values() for m in ms})
    entities = entity_views(book, listed)
    groups = []
    for heading, types in GROUPS:
        members = sorted((v for v in entities if v.entity.type in types), key=lambda v: -v.mentions)
        if members:
            groups.append((heading, members))
    people = sorted((v for v in entities if v.entity.type == "PER"), key=lambda v: -v.mentions)
    speech = [q for q in analysis.quotes if q.kind == "speech"]
    return _template().render(
        title=title or book.title,
        chapters=chapters,
        entities=entities,
        groups=groups,
        main_people=people[:MAIN_PEOPLE],
        speech=len(speech),
        attributed=sum(1 for q in speech if q.speaker),
        speaker_colours=SPEAKER_COLOURS,
    )


def write_report(
    analysis: Analysis, path: str | os.PathLike[str], title: str | None = None
) -> None:
    """Write the report to ``path`` atomically: a temporary file beside it, then a rename."""
    target = Path(path)
    page = render_report(analysis, title)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(page, encoding="utf-8")
        os.replace(tmp, target)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"{target}: cannot write ({error.strerror})") from None
