"""A partner's monthly statement: every sale and refund line of the month with totals per
currency, and the uses buyers reported of the partner's clips that month (lines), as CSV
(csv_file) and as PDF (pdf_file)."""

from partners.statements.lines import (
    FutureMonth,
    MalformedMonth,
    Statement,
    StatementLine,
    parse_month,
    statement_for,
)

__all__ = [
    "FutureMonth",
    "MalformedMonth",
    "Statement",
    "StatementLine",
    "parse_month",
    "statement_for",
]
