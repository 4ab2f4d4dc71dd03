"""Masters with capture metadata written as phones write it, made with PyAV."""

from datetime import UTC, datetime

import av
import numpy as np


def phone_clip(path, *, recorded_at=None, location=None, make="", model="", seconds=3, fps=2):
    """A small MOV with QuickTime `mdta` keys as an iPhone writes them: creation date,
    ISO 6709 location, make and model (any left out is not written)."""
    tags = {}
    if recorded_at is not None:
        tags["com.apple.quicktime.creationdate"] = recorded_at.isoformat()
    if location is not None:
        tags["com.apple.quicktime.location.ISO6709"] = location
    if make:
        tags["com.apple.quicktime.make"] = make
    if model:
        tags["com.apple.quicktime.model"] = model
    with av.open(str(path), "w", format="mov", options={"movflags": "use_metadata_tags"}) as out:
        out.metadata.update(tags)
        stream = out.add_stream("mpeg4", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 64, 36, "yuv420p"
        noise = np.random.default_rng(7)
        for _ in range(seconds * fps):
            picture = noise.integers(0, 255, (36, 64, 3), dtype=np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(picture, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


def match_between(asset, other, **fields):
    """A recorded match of `asset` with `other`, as the search would record it."""
    from footage.models import Duplicate

    values = {"similarity": 0.97, "asset_covered": 1.0, "other_covered": 0.2, **fields}
    return Duplicate.objects.create(asset=asset, other=other, found_at=datetime.now(UTC), **values)


def read_evidence_of(asset, master="masters/clip.mov", read_from=None, **fields):
    """Evidence as the worker would have stored it from `read_from` (default: the clip's
    master, which is set to `master`), with `fields` for what the file said."""
    from footage.models import Evidence

    asset.master.name = master
    asset.save(update_fields=["master"])
    return Evidence.objects.create(
        asset=asset, master_name=read_from or master, read_at=datetime.now(UTC), **fields
    )
