"""The licensing services, one module per job. Import each name from the module that defines it:

- errors: LicensingError and the refusals (each with its HTTP status)
- purchase: the purchase (validation, pricing, exclusivity, payment, issuing licences); its
  docstring sets out the lock order every service follows
- orders: refunding an order, revoking a licence
- buyers: creating a buyer, credits, invoice payments, staff's edits
- keys: API keys
- downloads: whether a licence may be used, download links, opening the master

Nothing is re-exported here: the package and its `purchase` module would otherwise share a name
with the purchase() function.
"""
