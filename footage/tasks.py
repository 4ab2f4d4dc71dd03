"""Background tasks: thin wrappers over footage.rendering and footage.rekeying, safe to run
twice."""

from django_tasks import task

from footage.rekeying import asset_rekey_public_files
from footage.rendering import rendition_run


@task()
def render_rendition(rendition_id: int) -> str:
    return rendition_run(rendition_id=rendition_id)


@task()
def rekey_public_files(asset_id: int) -> int:
    return asset_rekey_public_files(asset_id=asset_id)
