from django.core.files.storage import storages


def masters_storage():
    """The private storage for master files (STORAGES["masters"]); it has no public URL."""
    return storages["masters"]
