"""Buyers, licence types and prices, orders, licences, downloads, payments and partner earnings,
one module per kind of thing:

- money: the money field, the currency code and the cent every amount is rounded to
- buyers: Buyer, BuyerMember, ApiKey
- products: LicenseType, AssetPrice
- orders: Order, OrderLine, Payment and the order's status moves
- licenses: License, Download
- earnings: Earning
- payouts: PartnerBalance, Payout

Money is Decimal plus an ISO 4217 code. Nothing here is ever deleted: rows that record money or
rights are PROTECTed.
"""

from licensing.models.buyers import ApiKey, Buyer, BuyerMember
from licensing.models.earnings import Earning
from licensing.models.licenses import (
    Download,
    DownloadLink,
    License,
    LicenseQuerySet,
    new_verification_code,
)
from licensing.models.money import CENT, DEFAULT_CURRENCY, currency_code, money_field
from licensing.models.orders import (
    ORDER_TRANSITIONS,
    IllegalOrderTransition,
    Order,
    OrderLine,
    OrderStatus,
    Payment,
)
from licensing.models.payouts import (
    PAYOUT_TRANSITIONS,
    IllegalPayoutTransition,
    PartnerBalance,
    Payout,
    PayoutStatus,
)
from licensing.models.products import AssetPrice, LicenseType

__all__ = [
    "CENT",
    "DEFAULT_CURRENCY",
    "ORDER_TRANSITIONS",
    "PAYOUT_TRANSITIONS",
    "ApiKey",
    "AssetPrice",
    "Buyer",
    "BuyerMember",
    "Download",
    "DownloadLink",
    "Earning",
    "IllegalOrderTransition",
    "IllegalPayoutTransition",
    "License",
    "LicenseQuerySet",
    "LicenseType",
    "Order",
    "OrderLine",
    "OrderStatus",
    "PartnerBalance",
    "Payment",
    "Payout",
    "PayoutStatus",
    "currency_code",
    "money_field",
    "new_verification_code",
]
