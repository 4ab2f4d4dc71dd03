"""The partner area's pages on the site, one module per part: the dashboard and sign-in, sending
a clip, the money panel's action."""
