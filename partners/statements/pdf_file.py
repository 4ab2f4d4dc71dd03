"""A statement as a PDF (fpdf2, as licensing.certificates draws licence certificates)."""

import datetime

from django.conf import settings
from fpdf import FPDF

from common.pdf_text import latin1
from partners.statements.lines import Statement, lines_count

# Column widths in millimetres on A4 landscape (277 mm between the margins).
COLUMNS = [
    ("Date", 22), ("Type", 16), ("Order", 30), ("Clip", 79), ("Licence", 40),
    ("Price", 24), ("Share", 16), ("Amount", 28), ("Cur.", 14),
]  # fmt: skip


NUMERIC = {"Price", "Share", "Amount"}
USE_COLUMNS = [
    ("Used", 30), ("Clip", 70), ("Platform", 35), ("Territory", 20), ("Used in", 62),
    ("Address", 60),
]  # fmt: skip


def _fit(pdf: FPDF, text: str, width: float) -> str:
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "...") > width:
        text = text[:-1]
    return text + "..."


def _row(pdf: FPDF, values: list[str], *, bold: bool = False, columns=COLUMNS) -> None:
    pdf.set_font("Helvetica", "B" if bold else "", 9)
    for (name, width), value in zip(columns, values, strict=True):
        text = _fit(pdf, latin1(value), width - 2)
        pdf.cell(width, 6, text, border="B", align="R" if name in NUMERIC else "L")
    pdf.ln()


def statement_pdf(statement: Statement) -> bytes:
    pdf = FPDF(orientation="landscape", format="A4")
    title = f"{settings.SITE_NAME} statement for {statement.partner.name}, {statement.month:%B %Y}"
    pdf.set_title(latin1(title))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(
        0,
        6,
        latin1(
            f"Every sale and refund of the month (UTC) at the partner's share; "
            f"revenue share now {statement.partner.revenue_share * 100:.1f}%."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    _row(pdf, [name for name, _ in COLUMNS], bold=True)
    for line in statement.lines:
        _row(
            pdf,
            [
                f"{line.date:%Y-%m-%d}", line.kind, line.order, line.clip, line.license_type,
                f"{line.price}", f"{line.share}", f"{line.amount}", line.currency,
            ],
        )  # fmt: skip
    if not statement.lines:
        pdf.set_font("Helvetica", "I", 10)
        pdf.cell(0, 8, "No sales or refunds this month.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for total in statement.totals:
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(
            0,
            6,
            latin1(
                f"Total {total['currency']}: sales {total['sales']}, refunds {total['refunds']}, "
                f"net {total['net']} ({lines_count(total['lines'])})"
            ),
            new_x="LMARGIN",
            new_y="NEXT",
        )
    _uses(pdf, statement)
    return bytes(pdf.output())


def _uses(pdf: FPDF, statement: Statement) -> None:
    """The uses buyers reported of the partner's clips this month, in the order they happened."""
    pdf.ln(6)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, "Uses reported this month", new_x="LMARGIN", new_y="NEXT")
    if not statement.uses:
        pdf.set_font("Helvetica", "I", 10)
        pdf.cell(0, 8, "No uses reported this month.", new_x="LMARGIN", new_y="NEXT")
        return
    _row(pdf, [name for name, _ in USE_COLUMNS], bold=True, columns=USE_COLUMNS)
    for use in statement.uses:
        _row(
            pdf,
            [
                f"{use.used_at.astimezone(datetime.UTC):%Y-%m-%d %H:%M}", use.clip,
                use.platform_label, use.territory, use.title, use.url,
            ],
            columns=USE_COLUMNS,
        )  # fmt: skip
