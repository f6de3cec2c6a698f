"""A Word table's rows written out of the document as each is made, and put back into the
file as it is saved.

python-docx holds a document whole as a tree, and a province's tables are large: the
report of 10,000 tasks (17,900 rows) took 500 MB, its 督查通报 350–380 MB, the 验收
dossier 675 MB. Here each row, once python-docx has made it, is written as the very text the
whole document would have given it into a temporary file, and leaves the tree; the table
keeps a mark in its place. Saving writes the small document python-docx holds, then the
file's document.xml again with each mark replaced by its rows, copied from the temporary
file a piece at a time. What the file holds is the same as before, byte for byte in
document.xml (tests/test_docx.py), at the memory of a few dozen rows (the collector
frees them: output/write.freed_as_they_go).
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docx.document import Document as Docx

_DOCUMENT = "word/document.xml"
# A mark can only be one of these: text in a document is escaped (`<` is `&lt;`).
_MARK = re.compile(rb"<!--ipcity-rows-(\d+)-->")
# A row written alone declares on its first tag every namespace the document's root does
# (the whole document declares them there once); those declarations are left out.
_DECLARED = re.compile(rb' xmlns:[A-Za-z0-9]+="[^"]*"')
_PIECE = 1 << 20  # bytes copied at a time


class Rows:
    """The rows of a document's tables, kept out of it until it is saved (save()); and the
    numbers of the pictures in them, counted across its tables as Word wants them."""

    def __init__(self, spill: IO[bytes]) -> None:
        self._file = spill  # a temporary file, the caller's
        self._spans: list[tuple[int, int]] = []
        self._start = 0
        self._numbers: Any = None

    def picture_number(self, word: Docx) -> int:
        """The next picture's number. python-docx finds one by searching the document
        for the highest so far, once here: the rows written out are not in it."""
        if self._numbers is None:
            self._numbers = itertools.count(word.part.next_id)
        return int(next(self._numbers))

    def begin(self, tbl: Any) -> None:
        """The rows added to this table (python-docx's w:tbl) from now on go in here."""
        from lxml import etree

        tbl.append(etree.Comment(f"ipcity-rows-{len(self._spans)}"))
        self._start = self._file.tell()

    def add(self, tr: Any) -> None:
        """A row made whole (w:tr): written out, and taken from the table."""
        from lxml import etree

        text = etree.tostring(tr, encoding="UTF-8")
        head = text.index(b">")
        self._file.write(_DECLARED.sub(b"", text[:head]) + text[head:])
        tr.getparent().remove(tr)

    def end(self) -> None:
        self._spans.append((self._start, self._file.tell()))

    def save(self, word: Docx, path: Path) -> None:
        """Write the Word file, each table's rows in their place; OSError when it cannot
        be written."""
        held = io.BytesIO()
        word.save(held)
        with (
            zipfile.ZipFile(held) as source,
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out,
        ):
            for info in source.infolist():
                content = source.read(info)  # (writing takes info over)
                if info.filename == _DOCUMENT and self._spans:
                    with out.open(info, "w") as document:
                        self._splice(content, document)
                else:
                    out.writestr(info, content)

    def _splice(self, document: bytes, out: IO[bytes]) -> None:
        at = 0
        for mark in _MARK.finditer(document):
            out.write(document[at : mark.start()])
            start, end = self._spans[int(mark.group(1))]
            self._file.seek(start)
            left = end - start
            while left > 0:
                piece = self._file.read(min(_PIECE, left))
                out.write(piece)
                left -= len(piece)
            at = mark.end()
        out.write(document[at:])
