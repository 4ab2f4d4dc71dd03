"""Staff's view of the newsroom, one module per part."""

from newsroom.admin import webhooks  # noqa: F401
