from tests.partners.selling import (  # noqa: F401 (fixtures of the money tests)
    money_buyer,
    seller,
    seller_api,
    seller_clip,
    seller_member,
)
