"""API keys, whoever they act for (a buyer's, a content partner's): what a key is (models:
HashedKey, hash_key), how one is found from the raw key (lookup: key_find), how a request
sends one (authentication: the `Api-Key` scheme, KeyUser, the failure throttle) and how staff
make and revoke them (admin: ShownOnceKeyAdmin). The apps that own keys subclass these."""
