"""A statement as CSV: one row per line, a row per use reported (type "use": the money
columns empty, the use's own columns filled), then a total row per currency."""

import csv
import datetime
import io

from partners.statements.lines import Statement, lines_count

HEADER = [
    "date", "type", "order", "clip", "clip_id", "licence_type", "price", "share", "amount",
    "currency", "platform", "territory", "use_title", "use_url",
]  # fmt: skip
NO_USE = ["", "", "", ""]  # a sale's or a total's use columns


def _cell(text: str) -> str:
    # A cell a spreadsheet would run as a formula (=, +, -, @ first) is quoted with a
    # leading apostrophe; amounts are numbers and written as they are.
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def statement_csv(statement: Statement) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for line in statement.lines:
        writer.writerow(
            [
                line.date.strftime("%Y-%m-%d %H:%M:%S"),
                line.kind.lower(),
                line.order,
                _cell(line.clip),
                line.clip_id,
                _cell(line.license_type),
                line.price,
                line.share,
                line.amount,
                line.currency,
                *NO_USE,
            ]
        )
    for use in statement.uses:
        writer.writerow(
            [
                use.used_at.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S"),
                "use",
                "",
                _cell(use.clip),
                use.clip_id,
                *["", "", "", "", ""],
                use.platform,
                use.territory,
                _cell(use.title),
                _cell(use.url),
            ]
        )
    for total in statement.totals:
        writer.writerow(
            [
                "total",
                "",
                "",
                lines_count(total["lines"]),
                "",
                "",
                "",
                "",
                total["net"],
                total["currency"],
                *NO_USE,
            ]
        )
    return out.getvalue()
