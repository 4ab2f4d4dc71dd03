"""Partner balances start from the earnings ledger: what partners earned before balances
existed is theirs to be paid (sales less refunds, per currency), so a refund of an older sale
takes back money the balance holds rather than running into `owed` against nothing."""

from decimal import Decimal

from django.db import migrations
from django.db.models import Sum


def balances_from_earnings(apps, schema_editor):
    Earning = apps.get_model("licensing", "Earning")
    PartnerBalance = apps.get_model("licensing", "PartnerBalance")
    totals = (
        Earning.objects.values("partner_id", "currency")
        .annotate(total=Sum("amount"))
        .order_by("partner_id", "currency")
    )
    for row in totals:
        total = row["total"] or Decimal("0")
        PartnerBalance.objects.get_or_create(
            partner_id=row["partner_id"],
            currency=row["currency"],
            defaults={"available": max(total, Decimal("0")), "owed": max(-total, Decimal("0"))},
        )


class Migration(migrations.Migration):
    dependencies = [("licensing", "0006_partnerbalance_payout")]

    operations = [migrations.RunPython(balances_from_earnings, migrations.RunPython.noop)]
