import re

from common.models import PUBLIC_ID_PATTERN, new_public_id, unique_upload_name


def test_public_ids_do_not_repeat():
    ids = {new_public_id() for _ in range(5000)}
    assert len(ids) == 5000


def test_public_ids_match_the_pattern_urls_accept():
    for _ in range(200):
        assert re.fullmatch(PUBLIC_ID_PATTERN, new_public_id())


def test_upload_names_keep_only_the_folder_and_a_short_lower_case_suffix():
    first = unique_upload_name("clips", "../../etc/My Tornado.MP4")
    second = unique_upload_name("clips", "../../etc/My Tornado.MP4")
    assert first != second
    assert re.fullmatch(r"clips/[0-9a-f]{32}\.mp4", first)
    assert unique_upload_name("x", "no-suffix").startswith("x/")
