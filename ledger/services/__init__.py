"""The ledger's services, one module per job; import each name from the module that defines it:

- credits: a sale's earnings and a refund's reversals (called inside the purchase's and the
  refund's own transaction, through licensing's signals; ledger.receivers)
- balances: the partner balance rows, locked in one order, moved by earnings
- payouts: requesting, paying and cancelling a payout
"""
