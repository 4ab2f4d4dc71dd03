from django import template

from catalog.markdown import clean_html

register = template.Library()


@register.filter(name="stored_html")
def stored_html_filter(html):
    """HTML rendered when it was saved (Story.body_html), cleaned again on the way out: nh3 is
    linear and quick, and a row written around save() still shows nothing unsafe."""
    return clean_html(html or "")
