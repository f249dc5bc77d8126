#!/usr/bin/env python3
"""Writes the .xlsx test fixtures under Tests/CobroCoreTests/Fixtures/xlsx/.

The workbooks are written part by part with zipfile, so that each holds exactly the cell kinds
the reader must handle, as Excel writes them: shared strings (with rich-text runs and a phonetic
guide), inline strings, numbers (with exponents and values a binary float would round the wrong
way), booleans, errors, dates as serials with built-in and custom date formats in the 1900 and
1904 systems, formulas with their cached values, empty cells, a title row above the header and
a totals row. The encrypted workbook is made with msoffcrypto-tool (`pip install
msoffcrypto-tool`), which writes the OLE compound file Excel writes for a password. The
generated files are committed: the tests do not need Python.

    python3 Scripts/make_xlsx_fixtures.py
"""
import datetime
import os
import zipfile
from xml.sax.saxutils import escape

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "CobroCoreTests",
                   "Fixtures", "xlsx")
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# Cell styles (cellXfs): 0 general, 1 built-in date (14), 2 custom dd/mm/yyyy, 3 money #,##0.00,
# 4 custom "[$-409]d-mmm-yy;@" (a date), 5 custom '0.00" días"' (not a date: quoted d).
STYLES = HEAD + f'''<styleSheet xmlns="{MAIN}"><numFmts count="3">\
<numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>\
<numFmt numFmtId="165" formatCode="[$-409]d\\-mmm\\-yy;@"/>\
<numFmt numFmtId="166" formatCode="0.00&quot; días&quot;"/></numFmts>\
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border/></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
</cellXfs></styleSheet>'''


def serial(day, date1904=False):
    base = datetime.date(1904, 1, 1) if date1904 else datetime.date(1899, 12, 30)
    return (day - base).days


class Sheet:
    """Rows of cells written as SpreadsheetML; strings go to the workbook's shared table."""

    def __init__(self, book, name):
        self.book, self.name, self.rows = book, name, []
        self.spans = "1:12"

    def row(self, number, *cells):
        self.rows.append((number, cells))

    def xml(self):
        out = [HEAD, f'<worksheet xmlns="{MAIN}"><sheetData>']
        for number, cells in self.rows:
            if not cells:
                out.append(f'<row r="{number}"/>')
                continue
            out.append(f'<row r="{number}" spans="{self.spans}">')
            for ref, kind, value, *style in cells:
                s = f' s="{style[0]}"' if style else ""
                r = f"{ref}{number}"
                if kind == "s":  # shared string (value: text, or a list of rich runs)
                    out.append(f'<c r="{r}"{s} t="s"><v>{self.book.share(value)}</v></c>')
                elif kind == "inline":
                    out.append(f'<c r="{r}"{s} t="inlineStr"><is><t>{escape(value)}</t></is></c>')
                elif kind == "n":
                    out.append(f'<c r="{r}"{s}><v>{value}</v></c>')
                elif kind == "b":
                    out.append(f'<c r="{r}"{s} t="b"><v>{value}</v></c>')
                elif kind == "e":
                    out.append(f'<c r="{r}"{s} t="e"><v>{escape(value)}</v></c>')
                elif kind == "f":  # formula with its cached number
                    formula, cached = value
                    v = "" if cached is None else f"<v>{cached}</v>"
                    out.append(f'<c r="{r}"{s}><f>{escape(formula)}</f>{v}</c>')
                elif kind == "fs":  # formula with a cached string
                    formula, cached = value
                    out.append(f'<c r="{r}"{s} t="str"><f>{escape(formula)}</f><v>{escape(cached)}</v></c>')
                elif kind == "empty":
                    out.append(f'<c r="{r}"{s}/>')
            out.append("</row>")
        out.append("</sheetData></worksheet>")
        return "".join(out)


class Book:
    def __init__(self, date1904=False):
        self.date1904, self.sheets, self.strings, self.index = date1904, [], [], {}

    def sheet(self, name):
        s = Sheet(self, name)
        self.sheets.append(s)
        return s

    def share(self, value):
        key = repr(value)
        if key not in self.index:
            self.index[key] = len(self.strings)
            self.strings.append(value)
        return self.index[key]

    def write(self, path):
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            def put(name, text):
                info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, text)
            n = len(self.sheets)
            put("[Content_Types].xml", HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                + "".join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(n))
                + "</Types>")
            put("_rels/.rels", HEAD + f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
            pr = '<workbookPr date1904="1"/>' if self.date1904 else "<workbookPr/>"
            put("xl/workbook.xml", HEAD + f'<workbook xmlns="{MAIN}" xmlns:r="{REL}">{pr}<sheets>'
                + "".join(f'<sheet name="{escape(s.name)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, s in enumerate(self.sheets))
                + "</sheets></workbook>")
            put("xl/_rels/workbook.xml.rels", HEAD + f'<Relationships xmlns="{PKG}">'
                + "".join(f'<Relationship Id="rId{i + 1}" Type="{REL}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>' for i in range(n))
                + f'<Relationship Id="rId{n + 1}" Type="{REL}/styles" Target="styles.xml"/>'
                + f'<Relationship Id="rId{n + 2}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
            put("xl/styles.xml", STYLES)
            for i, s in enumerate(self.sheets):
                put(f"xl/worksheets/sheet{i + 1}.xml", s.xml())
            items = []
            for v in self.strings:
                if isinstance(v, list):  # rich text runs, and a phonetic guide that is not text
                    runs = "".join(f'<r><rPr><b/></rPr><t xml:space="preserve">{escape(t)}</t></r>' for t in v)
                    items.append(f'<si>{runs}<rPh sb="0" eb="1"><t>フリガナ</t></rPh></si>')
                else:
                    items.append(f'<si><t xml:space="preserve">{escape(v)}</t></si>')
            put("xl/sharedStrings.xml", HEAD + f'<sst xmlns="{MAIN}" count="{len(items)}" uniqueCount="{len(items)}">'
                + "".join(items) + "</sst>")


HEADER = ["Obligación", "Cliente ID", "Nombre", "Segmento", "Saldo", "Fecha de Vencimiento",
          "Estado", "Teléfono", "Pagos a tiempo", "Al día", "Observación", "Fecha Desembolso"]
COLS = "ABCDEFGHIJKL"


def cartera(date1904):
    """The portfolio: a title row, a blank row, the header in row 3, six accounts, totals."""
    book = Book(date1904)
    sh = book.sheet("Cartera")
    d = lambda y, m, dd: serial(datetime.date(y, m, dd), date1904)
    sh.row(1, ("A", "s", "Cartera Banco Ejemplo - corte 30/11/2026"))
    sh.row(2)
    sh.row(3, *[(COLS[k], "inline" if k == 7 else "s", h) for k, h in enumerate(HEADER)])
    # Money as Excel stores it: 2.675 and 1234567.885 are ties a binary double rounds down.
    sh.row(4, ("A", "s", "CO-001"), ("B", "s", "0001020052966"), ("C", "s", ["José ", "Peña"]),
           ("D", "s", "A"), ("E", "n", "1234567.885", 3), ("F", "n", d(2026, 9, 30), 1),
           ("G", "inline", "active"), ("H", "s", "3001234567"), ("I", "n", "3"),
           ("J", "b", "1"), ("K", "s", 'dice "no", llamar\nen la tarde'),
           ("L", "n", d(2024, 1, 17), 2))
    sh.row(5, ("A", "s", "CO-002"), ("B", "n", "900123456"), ("C", "inline", "María & Cía <S.A.S.>"),
           ("D", "s", "B"), ("E", "n", "2.675", 3), ("F", "n", f"{d(2026, 10, 3)}.75", 1),
           ("G", "s", "active"), ("H", "n", "3109876543"), ("I", "n", "0"), ("J", "b", "0"),
           ("K", "e", "#N/A"), ("L", "n", d(2023, 6, 5), 4))
    sh.row(6, ("A", "s", "CO-003"), ("B", "s", "52123456"), ("C", "s", "Luis Gómez"),
           ("D", "s", "B"), ("E", "n", "1.5E3", 3), ("F", "n", d(2026, 11, 30), 2),
           ("G", "s", "active"), ("I", "n", "12"), ("K", "n", "7.5", 5))
    # A formula: its cached value is used.
    sh.row(7, ("A", "s", "CO-004"), ("B", "s", "52123456"), ("C", "s", "Luis Gómez"),
           ("D", "s", "C"), ("E", "f", ("E5*100", "267.5"), 3), ("F", "n", d(2025, 12, 31), 1),
           ("G", "fs", ('IF(E7>0,"active","paid")', "active")), ("H", "empty", None))
    sh.row(8, ("A", "s", "CO-005"), ("B", "s", "79000111"), ("C", "s", "Ana Ruiz"),
           ("D", "s", "A"), ("E", "n", "0.125", 3), ("F", "n", d(2026, 2, 28), 1),
           ("G", "s", "paid"), ("I", "n", "4"))
    sh.row(9, ("A", "s", "CO-006"), ("B", "s", "0001020052966"), ("C", "s", ["José ", "Peña"]),
           ("D", "s", "A"), ("E", "n", "-0.005", 3), ("F", "n", d(2027, 1, 15), 1),
           ("G", "s", "active"))
    # The totals row: no due date, so the load rejects it (located at F10).
    sh.row(10, ("A", "s", "TOTALES"),
           ("E", "f", ("SUM(E4:E9)", "1236339.185"), 3))
    other = book.sheet("Resumen")
    other.row(1, ("A", "s", "Segmento"), ("B", "s", "Cuentas"))
    other.row(2, ("A", "s", "A"), ("B", "n", "3"))
    return book


def rechazos():
    """Bad cells: each row is rejected at one cell."""
    book = Book()
    sh = book.sheet("Hoja 1")
    sh.row(1, *[(COLS[k], "s", h) for k, h in enumerate(HEADER[:7])])
    sh.row(2, ("A", "s", "R-1"), ("B", "s", "1"), ("E", "n", "100"), ("F", "n", "46000", 1))
    sh.row(3, ("A", "s", "R-2"), ("B", "s", "2"), ("E", "s", "12.5x"), ("F", "n", "46000", 1))
    sh.row(4, ("A", "s", "R-3"), ("B", "s", "3"), ("E", "n", "5"), ("F", "n", "60", 1))
    sh.row(5, ("A", "s", "R-1"), ("B", "s", "4"), ("E", "n", "5"), ("F", "n", "46001", 1))
    sh.row(6, ("A", "s", "R-5"), ("B", "s", "5"), ("E", "n", "5"), ("F", "n", "46001", 1),
           ("I", "s", "fuera del encabezado"))
    sh.row(7, ("A", "s", "R-6"), ("B", "s", "6"), ("E", "n", "5"), ("F", "n", "46002", 1),
           ("G", "s", "archivada"))
    return book


def main():
    os.makedirs(OUT, exist_ok=True)
    cartera(False).write(os.path.join(OUT, "cartera.xlsx"))
    cartera(True).write(os.path.join(OUT, "cartera1904.xlsx"))
    rechazos().write(os.path.join(OUT, "rechazos.xlsx"))
    with open(os.path.join(OUT, "cartera.xlsx"), "rb") as f:
        whole = f.read()
    # A download cut short: the zip's central directory is missing.
    with open(os.path.join(OUT, "truncated.xlsx"), "wb") as f:
        f.write(whole[: len(whole) // 2])
    # A zip that is no workbook.
    with zipfile.ZipFile(os.path.join(OUT, "not_a_workbook.xlsx"), "w") as z:
        info = zipfile.ZipInfo("notes.txt", date_time=(2026, 1, 1, 0, 0, 0))
        z.writestr(info, "hello")
    import io
    import msoffcrypto.format.ooxml as ooxml
    out = io.BytesIO()
    ooxml.OOXMLFile(io.BytesIO(whole)).encrypt("secreto", out)
    with open(os.path.join(OUT, "encrypted.xlsx"), "wb") as f:
        f.write(out.getvalue())


if __name__ == "__main__":
    main()
