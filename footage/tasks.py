"""Background tasks: thin wrappers over footage.rendering, footage.rekeying,
footage.evidence and footage.format_runs, safe to run twice."""

from django.db import transaction
from django_tasks import task

from footage.evidence.services import evidence_read
from footage.format_runs import RETRY, format_run
from footage.rekeying import asset_rekey_public_files
from footage.rendering import rendition_run


@task()
def render_rendition(rendition_id: int) -> str:
    return rendition_run(rendition_id=rendition_id)


@task()
def rekey_public_files(asset_id: int) -> int:
    return asset_rekey_public_files(asset_id=asset_id)


@task()
def read_evidence(asset_id: int) -> str:
    evidence = evidence_read(asset_id=asset_id)
    return "read" if evidence is not None else "gone or overtaken"


@task()
def prepare_format(prepared_id: int) -> str:
    """Make one delivery format; a run that failed with runs left is queued again."""
    outcome = format_run(prepared_id=prepared_id)
    if outcome == RETRY:
        transaction.on_commit(lambda: prepare_format_enqueue(prepared_id))
    return outcome


# A buyer waits for a delivery format: it goes before previews and evidence (priority 0) where
# the backend orders by priority (the database queue does; a backend that cannot takes it as is).
FORMAT_PRIORITY = 50


def prepare_format_enqueue(prepared_id: int):
    queued = prepare_format
    if queued.get_backend().supports_priority:
        queued = queued.using(priority=FORMAT_PRIORITY)
    return queued.enqueue(prepared_id)
