"""Story bodies: bounded, rendered once when saved, and hostile Markdown neither slows a page
nor crashes one."""

import importlib
import time

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

import catalog.markdown
from catalog.markdown import DEEPEST_LIST, LONGEST_BODY, render_markdown
from catalog.models import Story
from tests.factories import StoryFactory

pytestmark = pytest.mark.django_db

UNCLOSED_LINKS = "[a](http://x "  # Python-Markdown took time quadratic in their number


def nested_list(depth: int) -> str:
    return "".join("  " * level + "- item\n" for level in range(depth))


def fastest_render(text: str) -> float:
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        render_markdown(text)
        timings.append(time.perf_counter() - started)
    return min(timings)


@pytest.mark.parametrize("unit", [UNCLOSED_LINKS, "![", "[a", "*a _", "[a]["])
def test_hostile_markdown_renders_in_time_linear_in_its_length(unit):
    # Four times the text may take about four times as long; quadratic would be sixteen.
    short, long = unit * (LONGEST_BODY // 4 // len(unit)), unit * (LONGEST_BODY // len(unit))
    ratio = fastest_render(long) / max(fastest_render(short), 1e-4)
    assert ratio < 9, f"{ratio:.1f}x for 4x the text"


def test_a_body_over_the_limit_is_refused_with_a_sentence():
    story = StoryFactory.build(body=UNCLOSED_LINKS * 4000)  # 52 KB, as the review sent
    with pytest.raises(ValidationError) as caught:
        story.full_clean()
    assert f"at most {LONGEST_BODY:,} characters; this one has 52,000" in str(caught.value)
    StoryFactory.build(body="x" * LONGEST_BODY).full_clean()


@pytest.mark.parametrize(
    "body",
    [nested_list(DEEPEST_LIST + 1), "- " * 500 + "x", "> " * 500 + "x", "1. " * 500 + "x"],
    ids=["one too deep", "500 bullets", "500 quotes", "500 numbers"],
)
def test_lists_nested_too_deep_to_show_are_refused_not_cut_short(body):
    story = StoryFactory.build(body=body)
    with pytest.raises(ValidationError, match=f"lists at most {DEEPEST_LIST} levels"):
        story.full_clean()
    assert render_markdown(body)  # and rendering one anyway does not crash


def test_lists_as_deep_as_allowed_are_shown_whole():
    body = nested_list(DEEPEST_LIST)
    StoryFactory.build(body=body).full_clean()
    assert render_markdown(body).count("<li>") == DEEPEST_LIST


def test_the_body_is_rendered_when_saved_and_never_on_a_request(client, monkeypatch):
    story = StoryFactory(body="## Why\n\n**Real** footage.")
    assert "<strong>Real</strong>" in story.body_html
    story.body = "Now *edited*."
    story.save(update_fields=["body"])
    story.refresh_from_db()
    assert story.body_html.strip() == "<p>Now <em>edited</em>.</p>"

    def no_rendering(*args, **kwargs):
        raise AssertionError("Markdown rendered during a request")

    monkeypatch.setattr(catalog.markdown, "_parser", no_rendering)
    page = client.get(story.get_absolute_url())
    assert page.status_code == 200 and "<em>edited</em>" in page.content.decode()
    api = client.get(f"/api/v1/stories/{story.slug}/").json()
    assert api["body_html"].strip() == "<p>Now <em>edited</em>.</p>"


def test_stored_html_is_cleaned_again_on_the_way_out(client):
    story = StoryFactory()
    Story.objects.filter(pk=story.pk).update(body_html="<p>ok</p><script>alert(1)</script>")
    html = client.get(story.get_absolute_url()).content.decode()
    assert "<p>ok</p>" in html and "alert(1)" not in html


def test_the_migration_renders_the_stories_already_saved():
    story = StoryFactory(body="Some **bold** words.")
    Story.objects.filter(pk=story.pk).update(body_html="")
    migration = importlib.import_module("catalog.migrations.0016_story_body_rendered_on_save")
    migration.render_existing_bodies(apps, None)
    story.refresh_from_db()
    assert story.body_html.strip() == "<p>Some <strong>bold</strong> words.</p>"


def test_the_admin_shows_the_limit_as_an_error_and_saves_nothing(staff_client):
    response = staff_client.post(
        "/admin/catalog/story/add/",
        {"title": "Long", "slug": "long", "summary": "", "body": "x" * (LONGEST_BODY + 1)},
    )
    assert response.status_code == 200
    assert "at most 20,000 characters" in response.content.decode()
    assert not Story.objects.filter(slug="long").exists()
