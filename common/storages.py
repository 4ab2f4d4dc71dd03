from django.core.files.storage import FileSystemStorage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """Local storage for files that must never have a public address (master files)."""

    def url(self, name):
        raise ValueError(
            "Master files have no URL; a buyer reaches one through a licence's signed download "
            "link, which streams it."
        )


def masters_storage():
    """The private storage for master files (STORAGES["masters"]); it has no public URL."""
    return storages["masters"]
