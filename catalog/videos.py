"""Small synthetic videos: demo masters (and, later, test clips), made with PyAV."""

import io
from fractions import Fraction

import av


def synthetic_video(seconds: int, *, width: int = 64, height: int = 36, fps: int = 1) -> bytes:
    """An H.264 MP4 of exactly `seconds` seconds: a slowly changing colour field, 1 frame per
    second by default, so even an hour-long demo master is a few hundred kilobytes."""
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.time_base = Fraction(1, fps)
        for index in range(seconds * fps):
            shade = (index * 7) % 200 + 28
            frame = av.VideoFrame(width, height, "rgb24")
            plane = frame.planes[0]
            row = bytes((shade, 90, 255 - shade)) * width
            plane.update((row + bytes(plane.line_size - len(row))) * height)
            frame.pts = index
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return buffer.getvalue()
