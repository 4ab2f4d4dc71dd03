"""Admin pieces every app uses: read-only bases for records of money and rights (readonly),
the per-row action (actions)."""
