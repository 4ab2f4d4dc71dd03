"""The tasks' old address. They live beside the services they wrap (newsroom/webhooks/tasks.py,
newsroom/saved_searches/tasks.py); tasks queued before the move name this module, so it keeps
their names for the workers that run them after an upgrade."""

from newsroom.saved_searches.tasks import saved_searches_match_asset
from newsroom.webhooks.tasks import deliver_webhooks

__all__ = ["deliver_webhooks", "saved_searches_match_asset"]
