"""A licence certificate as a one-page PDF (fpdf2)."""

from django.conf import settings
from django.http import HttpResponse
from fpdf import FPDF

from common.pdf_text import latin1


def certificate_pdf(license, verify_url: str) -> bytes:
    line = license.line
    pdf = FPDF(format="A4")
    pdf.set_title(latin1(f"Licence certificate {license.public_id}"))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 20)
    pdf.cell(
        0, 12, latin1(f"{settings.SITE_NAME} licence certificate"), new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("Helvetica", "", 11)
    state = "REVOKED" if license.revoked_at else ("in force" if license.is_active() else "expired")
    rows = [
        ("Licence", license.public_id),
        ("Verification code", license.verification_code),
        ("Status", state),
        ("Licensee", license.buyer.name),
        ("Territory", line.territory),
        ("Clip", f"{line.title} ({line.asset_public_id})"),
        (
            "Licence type",
            f"{line.license_name} ({line.use} use{', exclusive' if line.exclusive else ''})",
        ),
        ("Resolution", license.get_resolution_display()),
        ("Valid", f"{license.starts_at:%d %B %Y %H:%M} to {license.ends_at:%d %B %Y %H:%M} UTC"),
        ("Order", f"{line.order.public_id}, {line.price} {line.currency}"),
        ("Restrictions", line.restrictions or "None"),
        ("Duties", "; ".join(line.duties) or "None"),
    ]
    if license.revoked_at:
        rows.append(("Revoked", f"{license.revoked_at:%d %B %Y} - {license.revoke_reason}"))
    for label, value in rows:
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(45, 7, latin1(label))
        pdf.set_font("Helvetica", "", 11)
        pdf.multi_cell(0, 7, latin1(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 7, "Terms", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 6, latin1(line.terms), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "I", 9)
    pdf.multi_cell(
        0, 5, latin1(f"Check this licence at {verify_url}"), new_x="LMARGIN", new_y="NEXT"
    )
    return bytes(pdf.output())


def certificate_response(request, license) -> HttpResponse:
    """The certificate as a PDF attachment, pointing at the licence's public check."""
    verify_url = request.build_absolute_uri(license.get_absolute_url())
    response = HttpResponse(certificate_pdf(license, verify_url), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="licence-{license.public_id}.pdf"'
    return response
