"""What licensing tells the apps that build on it (the ledger, newsroom's webhooks), which it
must not import.

Each is sent as the last step inside the service's transaction: a receiver that raises rolls the
sale or refund back (the ledger credits earnings this way, so it must not fail for a reason the
buyer could not fix); receivers that act outside the database (tasks, HTTP, mail) do so in
transaction.on_commit (docs/architecture.md, "Signals").
"""

from django.dispatch import Signal

# purchase() made a new paid order (not an idempotent replay), its lines and licences: order=.
order_created = Signal()
# order_refund() refunded an order and revoked its licences: order=.
order_refunded = Signal()
# A licence stopped being usable: license_revoke() (license=, reason=) and order_refund() (once
# per licence it revoked).
license_revoked = Signal()
# A licensee asked for a delivery format of a clip that is still being prepared: license=,
# format= (the code, catalog.formats); newsroom tells them when it is ready.
format_requested = Signal()
