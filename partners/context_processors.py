from django.utils.functional import SimpleLazyObject

from partners.site import request_member


def partner_area(request) -> dict:
    # The header's "Partner area" link: the membership is looked up once per request
    # (partners.site), and only on pages whose template asks.
    return {"is_partner_member": SimpleLazyObject(lambda: request_member(request) is not None)}
