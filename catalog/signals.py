"""What the catalog tells the apps that build on it, which it must not import (DESIGN §2)."""

from django.dispatch import Signal

# Sent by catalog.services.asset_change_status inside its transaction, after the move, with
# asset=, previous= and status= (AssetStatus values). Receivers that act outside the database
# (files, tasks) do so in transaction.on_commit.
asset_status_changed = Signal()
