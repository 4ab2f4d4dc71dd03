"""Settings that must agree are checked at start-up (Django's system checks), not when a buyer
first meets them."""

import pytest
from django.core.checks import run_checks


def ids():
    return {message.id for message in run_checks()}


def test_the_default_settings_pass_the_start_up_checks():
    assert not {i for i in ids() if i.startswith(("catalog.", "newsroom."))}


@pytest.mark.parametrize("size", [0, 51, 500])
def test_a_board_bigger_than_an_order_is_refused_at_start_up(settings, size):
    settings.LIGHTBOX_MAX_ITEMS = size
    [error] = [m for m in run_checks() if m.id == "newsroom.E001"]
    assert f"LIGHTBOX_MAX_ITEMS is {size}" in error.msg and "1 to 50" in error.msg


def test_a_panel_that_names_nothing_is_refused_at_start_up(settings):
    settings.CLIP_PAGE_PANELS = [*settings.CLIP_PAGE_PANELS, "licensing.panels.nothing_here"]
    settings.BROWSE_PAGE_PANELS = ["django.conf.settings"]  # imports, but is not a panel
    messages = {m.id: m.msg for m in run_checks()}
    assert "'licensing.panels.nothing_here'" in messages["catalog.E001"]
    assert "BROWSE_PAGE_PANELS" in messages["catalog.E002"]
