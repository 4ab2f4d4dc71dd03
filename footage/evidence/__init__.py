"""Evidence read from masters: Content Credentials, capture metadata, fingerprints."""
