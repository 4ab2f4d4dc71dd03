"""Generic pieces every app may use: timestamps, public ids, slugs, absolute URLs, the 451
response, private storage, checked image fields and the admin's per-row action loop.

Nothing here knows what a clip, a buyer or a restriction is; it imports no app of ours.
"""
