"""Money: a Decimal with two places plus an ISO 4217 code, the same on every model."""

from decimal import Decimal

from django.core.validators import RegexValidator
from django.db import models

currency_code = RegexValidator(r"^[A-Z]{3}$", "An ISO 4217 code of three capital letters.")
DEFAULT_CURRENCY = "USD"
CENT = Decimal("0.01")


def money_field(**kwargs):
    return models.DecimalField(max_digits=12, decimal_places=2, **kwargs)
