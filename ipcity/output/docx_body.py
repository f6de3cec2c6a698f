"""A Word document's body written out as it is made, and put back into the file as it is
saved.

python-docx holds a document whole as a tree, and a province's documents are large: the
report of 10,000 tasks (17,900 table rows) took 500 MB, its 督查通报 350–380 MB, the 验收
dossier (a heading and bullets for each of 4,777 items besides its tables) 675 MB. Here
what the body holds is written, in order, as the very text the whole document gives it
into a temporary file, and leaves the tree: each paragraph once the next is begun (the
last may still change: the signature keeps it with what follows), each table row once
made. The body keeps a mark where that text goes. Saving writes the small document
python-docx holds, then its document.xml again with the text in place of the mark, copied
a piece at a time. What the file holds is the same, byte for byte in document.xml
(tests/test_docx.py), with a few dozen rows or paragraphs in memory at a time (the
collector frees them: output/write.freed_as_they_go).
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from lxml import etree

if TYPE_CHECKING:
    from docx.document import Document as Docx

_DOCUMENT = "word/document.xml"
_MARK = "ipcity-body"
# A mark can only be this comment: text in a document is escaped (`<` is `&lt;`).
_MARK_XML = f"<!--{_MARK}-->".encode()
# An element written alone declares on its first tag every namespace the document's root
# does (the whole document declares them there once); those declarations are left out.
_DECLARED = re.compile(rb' xmlns:[A-Za-z0-9]+="[^"]*"')
_END_OF_TABLE = b"</w:tbl>"
_PIECE = 1 << 20  # bytes copied at a time


class Body:
    """What a document's body has written out (into spill, a temporary file, the
    caller's), and the numbers of the pictures in its tables, counted across them as
    Word wants them."""

    def __init__(self, word: Docx, spill: IO[bytes]) -> None:
        self._word = word
        self._body = word.element.body
        self._file = spill
        self._mark: Any = None
        self._numbers: Any = None
        self._table: Any = None

    def picture_number(self) -> int:
        """The next picture's number. python-docx finds one by searching the document
        for the highest so far, once here: what was written out is not in it."""
        if self._numbers is None:
            self._numbers = itertools.count(self._word.part.next_id)
        return int(next(self._numbers))

    def flush(self, keep: int = 1) -> None:
        """Write out what the body holds but the last `keep` elements (and its sectPr)."""
        if self._mark is None:
            self._mark = etree.Comment(_MARK)
            self._body.insert(0, self._mark)
        made = [e for e in self._body if e is not self._mark and e.tag != _SECTION]
        for element in made[: len(made) - keep] if keep else made:
            self._write(element)

    def begin_table(self, tbl: Any) -> None:
        """The table (w:tbl, with its header row) written out, but for its end: each row
        added to it from now on follows (row()), then its end (end_table()). It stays in
        the tree meanwhile, so that what its rows declare is declared as in the whole
        document (a picture's namespace on the root, not on the picture)."""
        self.flush(keep=1)
        text = self._text(tbl)
        self._file.write(text[: text.rindex(_END_OF_TABLE)])
        self._table = tbl

    def row(self, tr: Any) -> None:
        self._write(tr)

    def end_table(self) -> None:
        self._file.write(_END_OF_TABLE)
        self._table.getparent().remove(self._table)
        self._table = None

    def save(self, path: Path) -> None:
        """Write the Word file, the body written out in place of its mark; OSError when it
        cannot be written."""
        held = io.BytesIO()
        self._word.save(held)
        with (
            zipfile.ZipFile(held) as source,
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out,
        ):
            for info in source.infolist():
                content = source.read(info)  # (writing takes info over)
                if info.filename == _DOCUMENT and self._mark is not None:
                    with out.open(info, "w") as document:
                        self._splice(content, document)
                else:
                    out.writestr(info, content)

    def _write(self, element: Any) -> None:
        """The element's text written out, and the element taken from the tree."""
        self._file.write(self._text(element))
        element.getparent().remove(element)

    @staticmethod
    def _text(element: Any) -> bytes:
        """The element's text as the whole document gives it."""
        text = etree.tostring(element, encoding="UTF-8")
        head = text.index(b">")
        return _DECLARED.sub(b"", text[:head]) + text[head:]

    def _splice(self, document: bytes, out: IO[bytes]) -> None:
        before, found, after = document.partition(_MARK_XML)
        if not found:  # (python-docx wrote a tree other than the one it was given)
            raise OSError("Word 文档的正文没有写进去（python-docx 的版本与 ipcity 不合）")
        out.write(before)
        self._file.seek(0)
        while piece := self._file.read(_PIECE):
            out.write(piece)
        out.write(after)


_SECTION = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sectPr"
