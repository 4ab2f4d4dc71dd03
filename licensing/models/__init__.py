"""Buyers, licence types and prices, orders, licences, downloads and payments, one module per
kind of thing (partners' earnings, balances and payouts are the ledger app's):

- money: the money field, the currency code and the cent every amount is rounded to
- buyers: Buyer, BuyerMember, ApiKey
- products: LicenseType, AssetPrice
- tiers: ResolutionTier, AssetTierFactor (what each resolution tier costs)
- orders: Order, OrderLine, Payment and the order's status moves
- licenses: License, Download, DownloadLink
- usages: Usage, the uses a buyer reports of a licensed clip

Money is Decimal plus an ISO 4217 code. Nothing here is ever deleted: rows that record money or
rights are PROTECTed.
"""

from licensing.models.buyers import ApiKey, Buyer, BuyerMember
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
from licensing.models.products import AssetPrice, LicenseType
from licensing.models.tiers import AssetTierFactor, ResolutionTier
from licensing.models.usages import Usage

__all__ = [
    "CENT",
    "DEFAULT_CURRENCY",
    "ORDER_TRANSITIONS",
    "ApiKey",
    "AssetPrice",
    "AssetTierFactor",
    "Buyer",
    "BuyerMember",
    "Download",
    "DownloadLink",
    "IllegalOrderTransition",
    "License",
    "LicenseQuerySet",
    "LicenseType",
    "Order",
    "OrderLine",
    "OrderStatus",
    "Payment",
    "ResolutionTier",
    "Usage",
    "currency_code",
    "money_field",
    "new_verification_code",
]
