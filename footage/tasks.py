"""Background tasks: thin wrappers over footage.rendering, safe to run twice."""

from django_tasks import task

from footage.rendering import rendition_run


@task()
def render_rendition(rendition_id: int) -> str:
    return rendition_run(rendition_id=rendition_id)
