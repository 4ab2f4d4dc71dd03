"""Story bodies are Markdown, rendered once when a story is saved (Story.body_html) and cleaned
so no raw HTML or script survives.

markdown-it-py rather than Python-Markdown: Python-Markdown's inline patterns backtrack, so a
body of unclosed links ("[a](http://x " repeated) took seconds per render and grew with the
square of its length. markdown-it-py follows CommonMark's reference parser, which is built to
stay linear on such input; raw HTML is off (shown as text) and nh3 cleans what it yields.
"""

import nh3
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# A long feature is 3,000 words, about 18,000 characters; rendering the worst 20,000 characters
# of hostile Markdown takes about a second on a busy machine, and happens once, on save.
LONGEST_BODY = 20_000
# markdown-it stops reading blocks nested deeper than this and silently drops the rest, so a
# body that reaches it is refused rather than shown cut short. Lists nest 2 levels per list.
MAX_NESTING = 20
DEEPEST_LIST = (MAX_NESTING - 3) // 2

ALLOWED_TAGS = {
    "a",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "maxNesting": MAX_NESTING})


def clean_html(html: str) -> SafeString:
    """Only the tags and attributes above, links to http, https and mailto only."""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 has removed every tag and attribute not listed


def render_markdown(text: str) -> SafeString:
    return clean_html(_parser().render(text or ""))


def validate_story_body(text: str) -> None:
    """A body that is too long to render quickly, or nested deeper than it can be shown."""
    if len(text) > LONGEST_BODY:
        raise ValidationError(
            f"A story may be at most {LONGEST_BODY:,} characters; this one has {len(text):,}. "
            "Split it into two stories.",
            code="too_long",
        )
    tokens = _parser().parse(text)
    if tokens and max(token.level for token in tokens) >= MAX_NESTING - 1:
        raise ValidationError(
            f"The story nests lists or quotes too deeply to be shown (lists at most "
            f"{DEEPEST_LIST} levels); flatten them.",
            code="too_deep",
        )
