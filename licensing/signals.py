"""What licensing tells the apps that build on it (newsroom's webhooks), which it must not import.

Each is sent inside the service's transaction; receivers that act outside the database (tasks,
HTTP) do so in transaction.on_commit.
"""

from django.dispatch import Signal

# purchase() made a new order (not an idempotent replay): order=.
order_created = Signal()
# order_refund() refunded an order and reversed its earnings: order=.
order_refunded = Signal()
# A licence stopped being usable: license_revoke() (license=, reason=) and order_refund() (once
# per licence it revoked).
license_revoked = Signal()
