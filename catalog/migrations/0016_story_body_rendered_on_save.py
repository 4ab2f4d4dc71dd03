"""Stories keep their body rendered (body_html), filled here for the stories already saved, so
no request renders Markdown; and a body is at most 20,000 characters from now on."""

import catalog.markdown
from django.db import migrations, models


def render_existing_bodies(apps, schema_editor):
    Story = apps.get_model("catalog", "Story")
    for story in Story.objects.only("pk", "body").iterator(chunk_size=500):
        html = catalog.markdown.render_markdown(story.body)
        Story.objects.filter(pk=story.pk).update(body_html=html)


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0015_recorded_key'),
    ]

    operations = [
        migrations.AddField(
            model_name='story',
            name='body_html',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AlterField(
            model_name='story',
            name='body',
            field=models.TextField(blank=True, help_text='Markdown, at most 20,000 characters. Raw HTML is shown as text.', max_length=20000, validators=[catalog.markdown.validate_story_body]),
        ),
        migrations.RunPython(render_existing_bodies, migrations.RunPython.noop),
    ]
