"""Which demo masters the loader stores (devdata.demo, settings.DEMO_MASTERS).

"full": each clip's master at its own picture size, frame rate and duration (devdata.masters),
taken from the cache folder and made there first when it is not; a stored master that already
is what its clip says is kept, any other is replaced. "small": no files here; the loader stores
a tiny stand-in of the clip's duration where none is stored (the tests).
"""

import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from catalog.durations import parse_duration
from catalog.formats import master_rate
from catalog.models import VideoAsset
from devdata.masters import MasterSpec, cached_master
from footage.encoding import MediaError
from footage.services import master_check, picture_fields

MASTER_KINDS = ("full", "small")


def master_spec(row: dict) -> MasterSpec | None:
    """What a clip's master must be, from its row; None when the row gives no picture."""
    if not (row.get("width") and row.get("height") and row.get("frame_rate")):
        return None
    return MasterSpec(
        public_id=row["public_id"],
        width=row["width"],
        height=row["height"],
        frame_rate=master_rate(Decimal(row["frame_rate"])),
        seconds=parse_duration(row["duration"]),
    )


def _holds(master, spec: MasterSpec) -> bool:
    """Whether the stored master is what the clip says (as an upload's probe reads it)."""
    try:
        fields = picture_fields(master_check(master))
    except (MediaError, OSError):
        return False
    return (fields["width"], fields["height"], fields["duration_seconds"]) == (
        spec.width,
        spec.height,
        spec.seconds,
    ) and master_rate(fields["frame_rate"]) == spec.frame_rate


def masters_to_store(rows: list[dict], kind: str, log: Callable[[str], None]) -> dict[str, Path]:
    """For "full": the master file of each clip whose stored master is missing or is not what
    the clip says, by public id, made into the cache first where it is not there yet."""
    if kind not in MASTER_KINDS:
        raise ValueError(f"Demo masters are {' or '.join(MASTER_KINDS)}, not {kind!r}.")
    if kind == "small":
        return {}
    cache, files, made, started = Path(settings.DEMO_MASTERS_CACHE), {}, 0, time.monotonic()
    stored = {
        asset.public_id: asset.master
        for asset in VideoAsset.objects.filter(public_id__in=[r["public_id"] for r in rows])
        if asset.master and asset.master.storage.exists(asset.master.name)
    }
    for row in rows:
        spec = master_spec(row)
        if spec is None or (row["public_id"] in stored and _holds(stored[row["public_id"]], spec)):
            continue
        began = time.monotonic()
        files[spec.public_id], new = cached_master(spec, cache)
        if new:
            made += 1
            log(f"  made {spec.file_name} in {time.monotonic() - began:.1f} s")
    if files:
        log(
            f"Demo masters: {len(files)} to store ({made} made, {len(files) - made} from "
            f"{cache}) in {time.monotonic() - started:.0f} s."
        )
    return files
