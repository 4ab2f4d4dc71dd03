"""Throttles a view adds to DRF's DEFAULT_THROTTLE_CLASSES for some of its actions."""

from rest_framework.throttling import ScopedRateThrottle


class ScopedActions:
    """A tighter throttle on the actions named in `throttle_scopes` (a viewset's mixin)."""

    throttle_scopes: dict[str, str] = {}

    def get_throttles(self):
        scope = self.throttle_scopes.get(getattr(self, "action", None))
        if scope is None:
            return super().get_throttles()
        self.throttle_scope = scope
        return [*super().get_throttles(), ScopedRateThrottle()]
