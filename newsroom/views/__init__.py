"""The newsroom's pages on the site, one module per part: boards, saved searches, webhooks."""
