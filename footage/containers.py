"""Which container formats footage may come in, and opening a file so that FFmpeg reads that
file and nothing else.

FFmpeg picks a demuxer by the file's content, and some demuxers open further files or URLs
named inside the file: an HLS or DASH playlist, a concat list, a MOV data reference. A
"master" that is such a file would make the worker read another clip's private master (or a
URL) and publish it as a preview. So every open here allows only the demuxers of real media
containers (FFmpeg's format_whitelist), only the local file protocol (protocol_whitelist), and
keeps MOV data references off; anything else is refused before its header is read.
"""

import av

from footage.errors import MediaError

# FFmpeg demuxer names as format_whitelist matches them (each is one of the comma-separated
# names a demuxer has: "mov" is "mov,mp4,m4a,3gp,3g2,mj2"), and what staff call them.
MASTER_FORMATS = {
    "mov": "MP4/MOV",
    "mxf": "MXF",
    "matroska": "Matroska/WebM",
    "mpegts": "MPEG-TS",
    "avi": "AVI",
}
ALLOWED_NAMES = ", ".join(MASTER_FORMATS.values())

OPEN_OPTIONS = {
    "format_whitelist": ",".join(MASTER_FORMATS),
    "protocol_whitelist": "file",  # the local file itself, whatever a demuxer asks for
    "enable_drefs": "0",  # MOV references to other files stay off (FFmpeg's default, pinned)
}

# The first bytes of text files FFmpeg would follow, so the refusal can say what the file is.
PLAYLIST_SIGNS = {
    b"#EXTM3U": "an HLS playlist (m3u8)",
    b"#EXTINF": "an HLS playlist (m3u8)",
    b"ffconcat": "an FFmpeg concat list",
    b"<MPD": "a DASH manifest (mpd)",
    b"<?xml": "an XML document (a DASH manifest or a playlist)",
    b"[playlist]": "a PLS playlist",
    b"<smil": "a SMIL playlist",
    b"#EXT-X-": "an HLS playlist (m3u8)",
}


def open_footage(path: str):
    """An input container for the local file at `path`, in an allowed container format only.

    Raises MediaError saying why when the file is not one (a playlist, an image, text…)."""
    try:
        return av.open(f"file:{path}", container_options=OPEN_OPTIONS, metadata_errors="ignore")
    except av.error.InvalidDataError:
        raise MediaError(
            _named_refusal(path)
            or "This file is not a video we can read (unknown or corrupt format)."
        ) from None
    except av.error.ValueError:  # FFmpeg found a demuxer, and the whitelist refused it
        raise MediaError(
            _named_refusal(path)
            or f"This file is not a video in a container format masters may use ({ALLOWED_NAMES})."
        ) from None
    except (av.error.FFmpegError, OSError) as error:
        raise MediaError(f"This file cannot be opened as video: {error}.") from None


def _named_refusal(path: str) -> str | None:
    """A sentence naming the kind of file when it is a playlist or manifest, else None."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(512)
    except OSError:
        return None
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")  # a byte-order mark or blank lines first
    for sign, kind in PLAYLIST_SIGNS.items():
        if start.startswith(sign) or (sign.startswith(b"<") and sign in start[:200]):
            return (
                f"This file is {kind}, not a video: playlists and files that point to other "
                f"files are not accepted as masters. Upload the video itself ({ALLOWED_NAMES})."
            )
    return None
