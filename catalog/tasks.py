"""Background tasks: thin wrappers over catalog.ingest, safe to run twice."""

from django_tasks import task


@task()
def render_rendition(rendition_id: int) -> str:
    from catalog.ingest import rendition_run

    return rendition_run(rendition_id=rendition_id)
