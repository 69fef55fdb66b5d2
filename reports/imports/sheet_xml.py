"""Streaming a worksheet's XML with expat: the lean parser behind reports.imports.xlsx.

ElementTree (and so defusedxml.ElementTree) builds a Python object for every element; a sheet of
20,000 rows has over half a million of them, so the sheet gets handlers of its own. The parser is
guarded as defusedxml guards its own: no document type declaration, no entity, no external
reference (and it raises defusedxml's exceptions, which the reader turns into a refusal).
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from xml.parsers import expat

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel

_DIGITS = "0123456789"


@dataclass(slots=True)
class SheetRow:
    """One non-empty row: its number as Excel shows it, its values and its formulas by column (1 = A)."""

    number: int
    cells: dict[int, object]
    formulas: dict[int, str] = field(default_factory=dict)

    @property
    def is_blank(self) -> bool:
        return not self.formulas and all(is_blank_cell(value) for value in self.cells.values())


def is_blank_cell(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _forbid_dtd(name, sysid, pubid, has_internal_subset):
    raise DTDForbidden(name, sysid, pubid)


def _forbid_entity(name, is_parameter, value, base, sysid, pubid, notation_name):
    raise EntitiesForbidden(name, value, base, sysid, pubid, notation_name)


def _forbid_unparsed_entity(name, base, sysid, pubid, notation_name):
    raise EntitiesForbidden(name, None, base, sysid, pubid, notation_name)


def _forbid_external(context, base, sysid, pubid):
    raise ExternalReferenceForbidden(context, base, sysid, pubid)


#: Element names without their namespace ("…/spreadsheetml/2006/main}c" -> "c"), worked out once per name:
#: a sheet of 20,000 rows opens and closes half a million elements of a dozen names. Kept to a few hundred
#: names, whatever a hostile file holds.
_LOCAL: dict[str, str] = {}
_LOCAL_LIMIT = 256


def _local_name(name: str) -> str:
    local = name[name.rfind("}") + 1 :]
    if len(_LOCAL) < _LOCAL_LIMIT:
        _LOCAL[name] = local
    return local


class SheetParser:
    """What the expat callbacks need while a sheet streams by: the current row, cell and text."""

    def __init__(self, *, shared: list[str], date_styles: set[int], epoch):
        self.shared = shared
        self.date_styles = date_styles
        self.epoch = epoch
        self.done: list[SheetRow] = []
        self.row: SheetRow | None = None
        self.number = 0
        self.column = 0
        self.kind = "n"
        self.style = None
        self.raw = None
        self.formula = None
        self.inline: list[str] | None = None
        self.buffer: list[str] | None = None
        self.in_phonetic = False
        self.strings: dict[str, str] = {}

    def start(self, name, attrs):
        local = _LOCAL.get(name) or _local_name(name)
        if local == "c":
            ref = attrs.get("r")
            self.column = column_index_from_string(ref.rstrip(_DIGITS)) if ref else self.column + 1
            self.kind = attrs.get("t", "n")
            self.style = attrs.get("s")
            self.raw = None
            self.formula = None
            self.inline = None
        elif local == "v" or local == "f":
            self.buffer = []
        elif local == "row":
            explicit = attrs.get("r")
            self.number = int(explicit) if explicit and explicit.isdigit() else self.number + 1
            self.row = SheetRow(number=self.number, cells={})
            self.column = 0
        elif local == "is":
            self.inline = []
        elif local == "t" and self.inline is not None and not self.in_phonetic:
            self.buffer = []
        elif local == "rPh":
            self.in_phonetic = True

    def text(self, data):
        if self.buffer is not None:
            self.buffer.append(data)

    def end(self, name):
        local = _LOCAL.get(name) or _local_name(name)
        if local == "v":
            self.raw = "".join(self.buffer)
            self.buffer = None
        elif local == "f":
            self.formula = "=" + "".join(self.buffer)
            self.buffer = None
        elif local == "t" and self.buffer is not None and self.inline is not None:
            self.inline.append("".join(self.buffer))
            self.buffer = None
        elif local == "rPh":
            self.in_phonetic = False
        elif local == "c" and self.row is not None:
            value = self.value()
            if self.formula is not None:
                self.row.formulas[self.column] = self.formula
            if value is not None:
                self.row.cells[self.column] = value
        elif local == "row" and self.row is not None:
            self.done.append(self.row)
            self.row = None

    def value(self):
        kind, raw = self.kind, self.raw
        if kind == "inlineStr":
            return self.one_of("".join(self.inline)) if self.inline is not None else None
        if raw is None:
            return None
        if kind == "s":
            try:
                return self.shared[int(raw)]
            except (ValueError, IndexError):
                raise ValueError("a shared string that does not exist") from None
        if kind in ("str", "e"):
            return self.one_of(raw)
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "d":
            try:
                return datetime.datetime.fromisoformat(raw.strip())
            except ValueError:
                return raw
        number = _number(raw)
        if number is None:
            return raw
        if self.style is not None and self.style.isdigit() and int(self.style) in self.date_styles:
            try:
                return from_excel(float(number), self.epoch)
            except (ValueError, OverflowError):
                return number
        return number

    def one_of(self, text: str) -> str:
        """One string object for equal texts, as shared strings are: a sheet written with inline strings
        repeats its period and choice cells in every row."""
        known = self.strings.get(text)
        if known is None:
            known = text
            if len(self.strings) < _STRINGS_LIMIT:
                self.strings[text] = text
        return known


#: How many distinct inline texts SheetParser.one_of remembers (a hostile or unusual file: not all of them).
_STRINGS_LIMIT = 10_000


def _number(text: str):
    text = text.strip()
    if text.isdigit():
        return int(text)
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def parse_sheet_rows(part, *, shared: list[str], date_styles: set[int], epoch) -> Iterator[SheetRow]:
    """Every row element of a worksheet part, in order (raises expat.ExpatError or ValueError when damaged,
    defusedxml's exceptions when the XML declares a DTD or entities)."""
    state = SheetParser(shared=shared, date_styles=date_styles, epoch=epoch)
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _forbid_dtd
    parser.EntityDeclHandler = _forbid_entity
    parser.UnparsedEntityDeclHandler = _forbid_unparsed_entity
    parser.ExternalEntityRefHandler = _forbid_external
    parser.StartElementHandler = state.start
    parser.EndElementHandler = state.end
    parser.CharacterDataHandler = state.text
    while True:
        chunk = part.read(65536)
        parser.Parse(chunk, not chunk)
        if state.done:
            yield from state.done
            state.done.clear()
        if not chunk:
            break
