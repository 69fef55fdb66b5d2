"""Reading an uploaded workbook safely: the one door every spreadsheet import goes through
(reports.imports.tables reads its first sheet as a table).

Before any XML is parsed the file is checked:

1. its size (settings.IMPORT_MAX_UPLOAD_BYTES);
2. what it really is, from its first bytes, whatever its name says: a CSV or text file, a PDF,
   a web page, an old Excel 97-2003 workbook and a password-protected workbook (the last two are
   OLE2 containers) are refused with a message that says what to do instead;
3. its zip directory: the declared uncompressed sizes of all parts together must stay under
   settings.IMPORT_MAX_UNCOMPRESSED_BYTES (a zip bomb is refused before anything is inflated;
   Python's zipfile never inflates a part beyond its declared size), no part may be encrypted.

Then the first sheet is streamed (reports.imports.sheet_xml: expat with defusedxml's guards; the
other parts go through defusedxml itself, no entity or DTD tricks): formula cells are
reported as formulas (never their cached values), reading stops after a long run of empty rows
(a sheet with a million formatted blank rows is not read to its end), and the data rows are
capped at settings.IMPORT_MAX_ROWS.

The reader is our own rather than openpyxl's read-only mode: it is about three times as fast on a
20,000-row file, sees formulas and cached values apart, and stops at trailing blanks.
openpyxl still supplies the date-format and column-letter helpers.
"""

import io
import os
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

import openpyxl
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring, iterparse
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

from reports.imports.sheet_xml import SheetRow, parse_sheet_rows

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
MAX_PARTS = 5000
BLANK_RUN_LIMIT = 1000
_DIGITS = "0123456789"


class SpreadsheetError(ValidationError):
    """The file as a whole cannot be read; the message says why and what to do."""

    def __init__(self, message: str):
        super().__init__(message, code="file")


def _limit_text(size: int) -> str:
    return filesizeformat(size)


def _local(tag: str) -> str:
    return tag[tag.rfind("}") + 1 :]


def _file_size(fileobj) -> int:
    fileobj.seek(0, os.SEEK_END)
    size = fileobj.tell()
    fileobj.seek(0)
    return size


def _as_file(source):
    """Accept bytes, a path or a seekable binary file (an upload); return (file, whether we opened it)."""
    if isinstance(source, bytes | bytearray):
        return io.BytesIO(source), True
    if isinstance(source, str | os.PathLike):
        return open(source, "rb"), True  # closed by XlsxFile.close
    if hasattr(source, "open") and not hasattr(source, "seek"):
        source = source.open("rb")
    return source, False


def _refuse_by_content(fileobj, head: bytes) -> None:
    """Name what a non-zip file really is, whatever its extension."""
    if head.startswith(OLE_MAGIC):
        data = fileobj.read()
        if ENCRYPTED_PACKAGE in data:
            raise SpreadsheetError(
                _(
                    "This workbook is protected by a password, so it cannot be read. Open it in Excel, remove the "
                    "password (File › Info › Protect Workbook › Encrypt with Password), save it and upload it again."
                )
            )
        raise SpreadsheetError(
            _(
                "This is an old Excel 97–2003 workbook (.xls). Open it in Excel and save it as "
                "“Excel Workbook (*.xlsx)”, then upload the new file."
            )
        )
    if head.startswith(b"%PDF"):
        raise SpreadsheetError(_("This is a PDF document, not an Excel workbook (.xlsx)."))
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<"):
        if b"urn:schemas-microsoft-com:office:spreadsheet" in head:
            raise SpreadsheetError(
                _(
                    "This is an Excel 2003 XML spreadsheet, not an Excel workbook (.xlsx). Open it in Excel and "
                    "save it as “Excel Workbook (*.xlsx)”."
                )
            )
        raise SpreadsheetError(
            _(
                "This is a web page (HTML or XML), not an Excel workbook, even if its name ends in .xls or .xlsx. "
                "Open it in Excel and save it as “Excel Workbook (*.xlsx)”."
            )
        )
    try:
        head.decode("utf-8")
        looks_like_text = b"\x00" not in head
    except UnicodeDecodeError:
        looks_like_text = False
    if looks_like_text:
        raise SpreadsheetError(
            _(
                "This is a CSV or text file, not an Excel workbook. Open it in Excel and save it as "
                "“Excel Workbook (*.xlsx)”, then upload the new file."
            )
        )
    raise SpreadsheetError(_("This file is not an Excel workbook (.xlsx)."))


def _damaged() -> SpreadsheetError:
    return SpreadsheetError(
        _("The workbook is damaged and cannot be read. Open it in Excel, save it again and upload the new file.")
    )


class XlsxFile:
    """An xlsx file that passed the checks; `rows()` streams its first sheet."""

    def __init__(self, source):
        if not openpyxl.DEFUSEDXML:
            raise ImproperlyConfigured("defusedxml must be installed (and OPENPYXL_DEFUSEDXML not False).")
        self._file, self._owned = _as_file(source)
        self.notices: list[str] = []
        try:
            self._check_and_open()
        except BaseException:
            self.close()
            raise

    # --- checks before parsing -------------------------------------------------------------

    def _check_and_open(self) -> None:
        size = _file_size(self._file)
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if size > limit:
            raise SpreadsheetError(
                _("The file is %(size)s, more than the limit of %(limit)s. Split it into smaller files.")
                % {"size": _limit_text(size), "limit": _limit_text(limit)}
            )
        if size == 0:
            raise SpreadsheetError(_("The file is empty."))
        head = self._file.read(4096)
        self._file.seek(0)
        if not head.startswith(ZIP_MAGIC):
            _refuse_by_content(self._file, head)
        try:
            self._zip = zipfile.ZipFile(self._file)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
            raise _damaged() from None
        if len(infos) > MAX_PARTS:
            raise _damaged()
        declared = sum(info.file_size for info in infos)
        if declared > settings.IMPORT_MAX_UNCOMPRESSED_BYTES:
            raise SpreadsheetError(
                _(
                    "This workbook would expand to %(size)s when opened, more than the limit of %(limit)s. "
                    "It is refused as a possible zip bomb."
                )
                % {"size": _limit_text(declared), "limit": _limit_text(settings.IMPORT_MAX_UNCOMPRESSED_BYTES)}
            )
        if any(info.flag_bits & 0x1 for info in infos):
            raise SpreadsheetError(
                _(
                    "This workbook is protected by a password, so it cannot be read. Remove the password and "
                    "upload it again."
                )
            )
        self._names = {info.filename for info in infos}
        if "mimetype" in self._names and "content.xml" in self._names:
            raise SpreadsheetError(
                _("This is an OpenDocument spreadsheet (.ods). Save it as “Excel Workbook (*.xlsx)” and upload that.")
            )
        self._workbook_path = self._office_document()
        if self._workbook_path is None or self._workbook_path not in self._names:
            raise SpreadsheetError(_("This file is not an Excel workbook (.xlsx)."))
        if not self._workbook_path.endswith(".xml") or "word/" in self._workbook_path:
            raise SpreadsheetError(_("This file is not an Excel workbook (.xlsx)."))
        self._read_workbook()

    def _xml(self, name: str):
        try:
            with self._zip.open(name) as part:
                return fromstring(part.read())
        except DefusedXmlException:
            raise self._unsafe_xml() from None
        except (ParseError, KeyError, zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError):
            raise _damaged() from None

    @staticmethod
    def _unsafe_xml() -> SpreadsheetError:
        return SpreadsheetError(
            _(
                "The workbook contains XML features that are not allowed (entity or document type declarations), "
                "so it is refused."
            )
        )

    def _relationships(self, rels_path: str, base_dir: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type, part path)."""
        if rels_path not in self._names:
            return {}
        result = {}
        for rel in self._xml(rels_path):
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                continue
            if target.startswith("/"):
                path = target.lstrip("/")
            else:
                path = posixpath.normpath(posixpath.join(base_dir, target))
            result[rel.get("Id", "")] = (rel.get("Type", ""), path)
        return result

    def _office_document(self) -> str | None:
        for rel_type, path in self._relationships("_rels/.rels", "").values():
            if rel_type.endswith("/officeDocument"):
                return path
        return "xl/workbook.xml" if "xl/workbook.xml" in self._names else None

    def _read_workbook(self) -> None:
        workbook = self._xml(self._workbook_path)
        base = posixpath.dirname(self._workbook_path)
        rels_path = posixpath.join(base, "_rels", posixpath.basename(self._workbook_path) + ".rels")
        rels = self._relationships(rels_path, base)
        self._epoch = CALENDAR_WINDOWS_1900
        first_sheet_rid = None
        self.sheet_name = ""
        for element in workbook.iter():
            name = _local(element.tag)
            if name == "workbookPr" and element.get("date1904") in ("1", "true"):
                self._epoch = CALENDAR_MAC_1904
            elif name == "sheet" and first_sheet_rid is None:
                self.sheet_name = element.get("name", "")
                first_sheet_rid = next((value for key, value in element.attrib.items() if key.endswith("}id")), None)
        if first_sheet_rid is None or first_sheet_rid not in rels:
            raise SpreadsheetError(_("The workbook has no sheet."))
        self._sheet_path = rels[first_sheet_rid][1]
        if self._sheet_path not in self._names:
            raise _damaged()
        self._shared_path = next((p for t, p in rels.values() if t.endswith("/sharedStrings")), None)
        self._styles_path = next((p for t, p in rels.values() if t.endswith("/styles")), None)

    # --- parts -----------------------------------------------------------------------------

    def _shared_strings(self) -> list[str]:
        if not self._shared_path or self._shared_path not in self._names:
            return []
        strings = []
        try:
            with self._zip.open(self._shared_path) as part:
                for _event, element in iterparse(part, events=("end",)):
                    if _local(element.tag) != "si":
                        continue
                    strings.append(_text_of(element))
                    element.clear()
        except DefusedXmlException:
            raise self._unsafe_xml() from None
        except (ParseError, zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError):
            raise _damaged() from None
        return strings

    def _date_styles(self) -> set[int]:
        """Indexes of the cell styles whose number format shows a date."""
        if not self._styles_path or self._styles_path not in self._names:
            return set()
        styles = self._xml(self._styles_path)
        formats = dict(BUILTIN_FORMATS)
        cell_xfs = None
        for element in styles:
            name = _local(element.tag)
            if name == "numFmts":
                for fmt in element:
                    try:
                        formats[int(fmt.get("numFmtId", "-1"))] = fmt.get("formatCode", "")
                    except ValueError:
                        continue
            elif name == "cellXfs":
                cell_xfs = element
        result = set()
        for index, xf in enumerate(cell_xfs if cell_xfs is not None else []):
            try:
                fmt_id = int(xf.get("numFmtId", "0"))
            except ValueError:
                continue
            code = formats.get(fmt_id)
            if (code and is_date_format(code)) or 14 <= fmt_id <= 22 or 27 <= fmt_id <= 36 or 45 <= fmt_id <= 47:
                result.add(index)
        return result

    # --- the first sheet ----------------------------------------------------------------------

    def rows(self) -> Iterator[SheetRow]:
        """The first sheet's non-empty rows, in order. Stops after BLANK_RUN_LIMIT empty rows in a row."""
        shared = self._shared_strings()
        date_styles = self._date_styles()
        blank_run = 0
        try:
            with self._zip.open(self._sheet_path) as part:
                for row in self._parse_rows(part, shared, date_styles):
                    if row.is_blank:
                        blank_run += 1
                        if blank_run >= BLANK_RUN_LIMIT:
                            self.notices.append(
                                _(
                                    "Reading stopped at row %(row)s after %(count)s empty rows in a row; "
                                    "anything further down the sheet was not read."
                                )
                                % {"row": row.number, "count": BLANK_RUN_LIMIT}
                            )
                            return
                        continue
                    blank_run = 0
                    yield row
        except DefusedXmlException:
            raise self._unsafe_xml() from None
        except (ParseError, zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError):
            raise _damaged() from None

    def _parse_rows(self, part, shared: list[str], date_styles: set[int]) -> Iterator[SheetRow]:
        try:
            yield from parse_sheet_rows(part, shared=shared, date_styles=date_styles, epoch=self._epoch)
        except DefusedXmlException:
            raise  # a ValueError too, but it means "unsafe", not "damaged"
        except (expat.ExpatError, ValueError):
            raise _damaged() from None

    def close(self) -> None:
        zip_file = getattr(self, "_zip", None)
        if zip_file is not None:
            zip_file.close()
        if self._owned:
            self._file.close()

    def __enter__(self) -> "XlsxFile":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _text_of(element) -> str:
    """The text of a shared or inline string: plain or rich-text runs, without phonetic hints."""
    parts = []
    for child in element:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(grand.text or "" for grand in child if _local(grand.tag) == "t")
    return "".join(parts)


def open_workbook(source) -> XlsxFile:
    """Check the file and open it; raise SpreadsheetError with a clear message if it is not a readable xlsx."""
    return XlsxFile(source)
