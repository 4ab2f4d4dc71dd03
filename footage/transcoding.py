"""Writing a master in a delivery format: the profiles of catalog.formats, encoded with PyAV
(FFmpeg). Pure functions over files, like footage.encoding; no models here.

Every output is upright (the master's display rotation applied), at the offer's size (never
larger than the master), at a constant frame rate (frames dropped or repeated by their
timestamps, FFmpeg's fps filter), with 48 kHz audio trimmed or padded to the picture's length
(silence when the master has none). FFmpeg does the work: threaded decoding, its scaler and
filters, the encoders' own threads; Python only passes frames along (docs/delivery.md).
"""

import time
from dataclasses import dataclass
from fractions import Fraction

import av

from catalog.formats import Offer
from footage.containers import open_footage
from footage.encoding import HEARTBEAT_SECONDS, Probe, probe
from footage.errors import MediaError
from footage.recipes import AUDIO_RATE, Recipe, recipe_for

# The filters that turn a picture upright, by the clockwise turn its display matrix asks for.
TURNS = {
    90: [("transpose", "clock")],
    180: [("hflip", None), ("vflip", None)],
    270: [("transpose", "cclock")],
}


@dataclass(frozen=True)
class Transcoded:
    """What was written."""

    width: int
    height: int
    frame_rate: Fraction
    frames: int
    duration: float  # seconds: frames / frame_rate


def transcode(source_path, target_path, offer: Offer, *, progress=None) -> Transcoded:
    """Write the master at `source_path` to `target_path` in the offer's profile.

    `progress(fraction)` is called every 5% and at least every HEARTBEAT_SECONDS (the
    heartbeat a worker's row shows). Raises MediaError when the master cannot be read."""
    recipe = recipe_for(offer)
    rate = Fraction(offer.frame_rate or 25)
    found = probe(str(source_path))  # a clear MediaError for a master no longer readable
    try:
        with open_footage(str(source_path)) as source:
            return _Job(source, found, recipe, offer, rate, progress).run(str(target_path))
    except av.error.FFmpegError as error:
        raise MediaError(f"The master could not be converted ({type(error).__name__}).") from error


class _Job:
    """One transcode: the source's streams in, the profile's streams out."""

    def __init__(self, source, found: Probe, recipe: Recipe, offer: Offer, rate, progress):
        self.source, self.recipe, self.offer, self.rate = source, recipe, offer, rate
        self.turn = found.rotation
        self.size, self.picture = _sizes(offer, (found.width, found.height))
        self.report = _Reporter(progress)
        video = next(iter(source.streams.video), None)
        if video is None:
            raise MediaError("The master holds no video stream.")
        video.thread_type = "AUTO"
        self.video_in = video
        self.audio_in = next(iter(source.streams.audio), None)
        self.duration = _duration(source, video)
        self.frames = max(1, round(self.duration * rate))  # the output's length, in frames
        self.samples = round(self.frames * AUDIO_RATE / rate)  # the audio's, in samples
        start = video.start_time if video.start_time is not None else 0
        self.start = float(start * video.time_base) if video.time_base else 0.0
        self.written = 0  # frames
        self.sound = 0  # samples
        self.last = None

    def run(self, target: str) -> Transcoded:
        recipe = self.recipe
        with av.open(target, mode="w", format=recipe.muxer, options=recipe.muxer_options) as out:
            self.out = out
            self.video_out = self._video_stream(out)
            self.video_graph = self._video_graph()
            self.audio_out = self._audio_stream(out)
            self.audio_graph = self._audio_graph() if self.audio_in is not None else None
            streams = [self.video_in] + ([self.audio_in] if self.audio_in is not None else [])
            for packet in self.source.demux(*streams):
                try:
                    frames = packet.decode()
                except av.error.InvalidDataError:
                    continue  # one damaged packet: its picture is repeated, its sound left out
                for frame in frames:
                    if packet.stream is self.video_in:
                        self._video(frame)
                    else:
                        self._audio(frame)
                if self.written >= self.frames and self.audio_in is None:
                    break
            self._finish()
            out.mux(self.video_out.encode(None))
            out.mux(self.audio_out.encode(None))
        self.report.done()
        width, height = self.size
        return Transcoded(width, height, self.rate, self.written, float(self.written / self.rate))

    # Video: rotate, scale, pad, format in one FFmpeg filter graph; the fps filter makes the
    # rate constant by dropping or repeating frames by their timestamps.

    def _video_stream(self, out):
        recipe = self.recipe
        stream = out.add_stream(recipe.encoder, rate=self.rate)
        stream.width, stream.height = self.size
        stream.pix_fmt = recipe.pix_fmt
        stream.time_base = 1 / self.rate
        if recipe.bit_rate:
            stream.bit_rate = recipe.bit_rate
        stream.options = dict(recipe.options)
        context = stream.codec_context
        if recipe.threads:
            context.thread_type, context.thread_count = recipe.threads, 0
        return stream

    def _video(self, frame):
        if frame.pts is None:
            return  # no timestamp: the fps filter cannot place it; its neighbours cover it
        self.video_graph.push(frame)
        self._pull_video()
        self.report(min(0.99, max(0.0, float(frame.time or 0) - self.start) / self.duration))

    def _video_graph(self):
        graph = av.filter.Graph()
        chain = [
            graph.add_buffer(template=self.video_in),
            graph.add("fps", fps=str(self.rate), round="near", start_time=str(self.start)),
        ]
        width, height = self.picture
        coded = (height, width) if self.turn in (90, 270) else (width, height)
        chain.append(graph.add("scale", w=str(coded[0]), h=str(coded[1]), flags="bicubic"))
        chain += [graph.add(name, args) for name, args in TURNS.get(self.turn, ())]
        if self.size != self.picture:
            canvas_w, canvas_h = self.size
            chain.append(
                graph.add("pad", w=str(canvas_w), h=str(canvas_h), x="(ow-iw)/2", y="(oh-ih)/2")
            )
        chain += [
            graph.add("setsar", "1"),
            graph.add("format", pix_fmts=self.recipe.pix_fmt),
            graph.add("buffersink"),
        ]
        graph.link_nodes(*chain).configure()
        return graph

    def _pull_video(self):
        while self.written < self.frames:
            try:
                frame = self.video_graph.pull()
            except (av.error.BlockingIOError, av.error.EOFError):
                return
            self._write_video(frame)

    def _write_video(self, frame):
        frame.pts, frame.time_base = self.written, 1 / self.rate
        self.out.mux(self.video_out.encode(frame))
        self.written += 1
        self.last = frame

    # Audio: resampled to 48 kHz stereo, its start lined up with the picture's, padded or
    # trimmed to the picture's length.

    def _audio_stream(self, out):
        recipe = self.recipe
        stream = out.add_stream(recipe.audio_encoder, rate=AUDIO_RATE)
        stream.layout = "stereo"
        stream.format = recipe.sample_format
        if recipe.audio_bit_rate:
            stream.bit_rate = recipe.audio_bit_rate
        return stream

    def _audio_graph(self):
        graph = av.filter.Graph()
        source = graph.add_abuffer(template=self.audio_in)
        chain = [
            source,
            graph.add("aresample", f"{AUDIO_RATE}:async=1:first_pts=0"),
            graph.add(
                "aformat",
                sample_fmts=self.recipe.sample_format,
                channel_layouts="stereo",
                sample_rates=str(AUDIO_RATE),
            ),
            graph.add("apad", whole_len=str(self.samples)),
            graph.add("atrim", end_sample=str(self.samples)),
            graph.add("abuffersink"),
        ]
        graph.link_nodes(*chain).configure()
        return graph

    def _audio(self, frame):
        if frame.pts is None:
            return
        base = self.audio_in.time_base
        frame.pts -= round(self.start / base)  # time 0 is the picture's first frame
        self.audio_graph.push(frame)
        self._pull_audio()

    def _pull_audio(self):
        while True:
            try:
                frame = self.audio_graph.pull()
            except (av.error.BlockingIOError, av.error.EOFError):
                return
            # Stamped by the samples written, so the encoder's priming (AAC's first 1024
            # samples) is recorded in the file's edit list and players skip it in step.
            frame.pts, frame.time_base = self.sound, Fraction(1, AUDIO_RATE)
            self.sound += frame.samples
            self.out.mux(self.audio_out.encode(frame))

    def _finish(self):
        if self.last is None:
            raise MediaError("The master holds no pictures.")
        self.video_graph.push(None)
        self._pull_video()
        while self.written < self.frames:  # the master's last frame held to its end
            self._write_video(self.last)
        if self.audio_graph is not None:
            self.audio_graph.push(None)
            self._pull_audio()
        else:
            self._silence()

    def _silence(self):
        """A silent track the picture's length, for a master without sound."""
        graph = av.filter.Graph()
        chain = [
            graph.add("anullsrc", channel_layout="stereo", sample_rate=str(AUDIO_RATE)),
            graph.add("atrim", end_sample=str(self.samples)),
            graph.add("aformat", sample_fmts=self.recipe.sample_format),
            graph.add("abuffersink"),
        ]
        graph.link_nodes(*chain).configure()
        self.audio_graph = graph
        self._pull_audio()


def _sizes(offer: Offer, shown: tuple[int, int]):
    """The output's size and the picture's inside it: the offer's, or for a fixed size the
    picture fitted in it (the rest black). A clip whose size was read before rotation was
    (landscape for a portrait picture) still comes out upright, its sides swapped."""
    fixed = offer.profile.fixed
    if fixed is not None:
        return fixed, _fit(shown, fixed)
    size = (offer.width, offer.height)
    if (size[0] >= size[1]) != (shown[0] >= shown[1]):
        size = (offer.height, offer.width)
    return size, size


def _fit(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """`size` scaled down (never up) to fit inside `box`, both sides even."""
    scale = min(1.0, box[0] / size[0], box[1] / size[1])
    return tuple(max(2, round(side * scale) // 2 * 2) for side in size)


def _duration(container, video) -> float:
    if video.duration is not None and video.time_base:
        return float(video.duration * video.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    raise MediaError("The master's length cannot be read.")


class _Reporter:
    """Calls `progress` every 5% and at least every HEARTBEAT_SECONDS."""

    def __init__(self, progress):
        self.progress = progress
        self.next_report = 0.0
        self.next_beat = time.monotonic() + HEARTBEAT_SECONDS

    def __call__(self, fraction: float):
        if self.progress is None:
            return
        if fraction >= self.next_report or time.monotonic() >= self.next_beat:
            self.progress(fraction)
            self.next_report = max(self.next_report, fraction) + 0.05
            self.next_beat = time.monotonic() + HEARTBEAT_SECONDS

    def done(self):
        if self.progress is not None:
            self.progress(1.0)
