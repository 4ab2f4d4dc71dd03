"""What the catalog tells the apps that build on it, which it must not import
(docs/architecture.md)."""

from django.dispatch import Signal

# Sent by catalog.services.asset_change_status inside its transaction, after the move, with
# asset=, previous= and status= (AssetStatus values). Receivers that act outside the database
# (files, tasks) do so in transaction.on_commit.
asset_status_changed = Signal()

# Sent inside the transaction when what an asset's restrictions allow may have changed: its text
# was edited (asset_save), a hold was released (asset_release_hold) or its stored rules changed
# after territories.toml did (assets_recompile_restrictions); with asset=, previous= (the text
# before, or None when the text itself did not change) and restrictions= (the text now).
asset_restrictions_changed = Signal()

# Sent by catalog.services.asset_change_status before a move to published, before its
# transaction and row lock (inside the caller's, if the caller holds one), with asset=: slow
# work a receiver needs done first goes here (footage reads a master never read).
asset_publish_preparing = Signal()

# Sent by catalog.services.asset_change_status before an asset moves to published, inside the
# transaction and under its row lock, with asset=. A receiver refuses the move by raising
# catalog.services.AssetRuleError with a sentence (footage holds back a clip whose duplicates
# staff have not resolved); nothing has changed yet when it does.
asset_publishing = Signal()
