"""What footage tells the apps that build on it (docs/architecture.md, "Signals and their
contracts"). Both are sent once the change is committed (transaction.on_commit), from the
worker that made the file, so a receiver may send mail or queue work at once."""

from django.dispatch import Signal

# A delivery format of a clip was made and stored (footage.format_runs): sender=PreparedFormat,
# asset= (the VideoAsset), format= (its code, catalog.formats).
format_ready = Signal()

# A delivery format could not be made, after FORMAT_MAX_ATTEMPTS runs or a lost worker's last
# allowed run: sender=PreparedFormat, asset=, format=, error= (a sentence a buyer can read).
format_failed = Signal()
