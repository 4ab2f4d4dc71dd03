"""The default licence types' terms said "12 months" while the term is `duration_days` (365):
across a 29 February the licence would end a day before the terms promised. The terms now
say 365 days. Only the three default types whose terms still hold the default's sentence about
the term (and a term of 365 days) change, and only in that sentence."""

from django.db import migrations

OLD_PHRASES = {
    "editorial": "for 12 months from purchase. Non-exclusive. No advertising",
    "commercial": "in the licensee's territory, for 12 months from purchase. Non-exclusive.",
    "exclusive": "as the commercial licence, for 12 months from purchase, exclusively",
}


def terms_in_days(apps, schema_editor):
    LicenseType = apps.get_model("licensing", "LicenseType")
    rows = LicenseType.objects.using(schema_editor.connection.alias)
    for code, phrase in OLD_PHRASES.items():
        for license_type in rows.filter(
            code=code, duration_days=365, terms__contains=phrase
        ):
            license_type.terms = license_type.terms.replace("12 months", "365 days", 1)
            license_type.save(update_fields=["terms"])


class Migration(migrations.Migration):
    dependencies = [("licensing", "0007_partner_balances_from_earnings")]

    operations = [migrations.RunPython(terms_in_days, migrations.RunPython.noop)]
