"""A partner's clip on its way in: submitted from a finished upload, edited and sent back when
staff return it.

Everything a submission can be refused for is checked before anything is written; then one
transaction makes the draft, files it, stores the master and the release form, takes the
uploads and puts the clip in review. Files are stored before the rows that name them (storage
is not transactional), so a failure after storing deletes what was stored: a refused or failed
submission leaves no clip and no file behind.
"""

import contextlib
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction

from audit.services import audit_record
from catalog.models import AssetStatus, Category, ContentPartner, VideoAsset
from catalog.services import (
    AssetRuleError,
    asset_change_status,
    asset_relations_change,
    asset_save,
    tags_get_or_create,
)
from common.errors import ServiceError
from footage.encoding import MediaError
from footage.models import Upload
from footage.services import asset_attach_master
from footage.uploads.checks import release_form_check
from footage.uploads.files import upload_open
from footage.uploads.services import UploadError, upload_consume
from partners.models import ReviewDecision, RightsAttestation
from partners.restriction_controls import restrictions_check
from rights import RestrictionError

MOST_TAGS = 30
MOST_CATEGORIES = 10
# What asset fields a partner writes; the rest (status, master, featured…) are staff's or
# the file's.
CLIP_FIELDS = (
    "title",
    "description",
    "shotlist",
    "location_name",
    "location_country",
    "recorded_at",
    "restrictions",
)


class SubmissionError(ServiceError):
    """A submission or an edit refused (400, invalid); `field` names the input at fault (its
    path, as the API's `fields` says it), the message says why in a sentence for the partner."""

    status, code = 400, "invalid"

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(message, fields=(field,))


def asset_submit(
    *,
    partner: ContentPartner,
    person,
    upload: Upload,
    title: str,
    description: str = "",
    shotlist: str = "",
    location_name: str = "",
    location_country: str = "",
    recorded_at: date | None = None,
    categories: Iterable[Category] = (),
    tags: Iterable[str] = (),
    restrictions: str = "",
    filmed_by_submitter: bool,
    people_consented: bool,
    release_form: Upload | None = None,
) -> VideoAsset:
    """A new clip of `partner` in review, from a ready master upload, with the partner's
    rights attestation; its renditions start at once. Raises SubmissionError, changing
    nothing, when anything is wrong."""
    restrictions, categories, tags = _check_submission(
        partner, upload, release_form, filmed_by_submitter, people_consented,
        restrictions, categories, tags,
    )  # fmt: skip
    actor = person if getattr(person, "is_authenticated", False) else None
    asset = _new_clip(
        partner, upload, title=title, description=description, shotlist=shotlist,
        location_name=location_name, location_country=location_country,
        recorded_at=recorded_at, restrictions=restrictions,
    )  # fmt: skip
    with _deleted_on_failure() as stored, transaction.atomic():
        _take_uploads(upload, release_form, partner)
        _save_new(asset, actor)
        _file(asset, categories, tags)
        with _opened(upload) as master:
            _attach(asset, master, actor, stored)
        attestation = _attest(
            asset, person, filmed_by_submitter, people_consented, release_form, stored
        )
        asset_change_status(asset=asset, status=AssetStatus.REVIEW, actor=actor)
        _record_submitted(asset, actor, partner, upload, restrictions, attestation)
    return asset


# --- checks, before anything is written ------------------------------------------------


def _check_submission(
    partner, upload, release_form, filmed, consented, restrictions, categories, tags
) -> tuple[str, list, list]:
    """Everything a submission can be refused for: the attestation, the restrictions, both
    uploads, the filing. Returns the restrictions as read, the categories and tags once each."""
    _check_attestation(filmed, consented)
    restrictions = _check_restrictions(restrictions)
    _check_upload(upload, partner, Upload.Purpose.MASTER, "upload")
    if release_form is not None:
        _check_upload(release_form, partner, Upload.Purpose.RELEASE_FORM, "release_form")
    categories, tags = _check_filing(categories, tags)
    return restrictions, categories, tags


def _check_attestation(filmed_by_submitter, people_consented) -> None:
    if filmed_by_submitter is not True:
        raise SubmissionError(
            "rights.filmed_by_submitter",
            "Confirm that you filmed this footage yourself (or hold the rights to it); "
            "we cannot offer it otherwise.",
        )
    if people_consented is not True:
        raise SubmissionError(
            "rights.people_consented",
            "Confirm that the people who can be recognised in it agreed to be filmed; "
            "we cannot offer it otherwise.",
        )


def _check_restrictions(text: str) -> str:
    try:
        return restrictions_check(text).text
    except RestrictionError as error:
        raise SubmissionError("restrictions", str(error)) from None


def _check_upload(upload: Upload | None, partner, purpose: str, field: str) -> None:
    if upload is None or upload.partner_id != partner.pk:
        raise SubmissionError(field, "No such upload.")
    if upload.purpose != purpose:
        wanted = Upload.Purpose(purpose).label.lower()
        raise SubmissionError(field, f"Upload {upload.public_id} is not a {wanted}.")
    if upload.status != Upload.Status.READY:
        state = {
            Upload.Status.RECEIVING: f"still receiving ({upload.offset:,} of {upload.length:,} "
            "bytes); finish it first",
            Upload.Status.USED: "already used by another clip",
            Upload.Status.FAILED: f"refused: {upload.error}",
        }.get(upload.status, upload.get_status_display().lower())
        raise SubmissionError(field, f"Upload {upload.public_id} is {state}.")
    if purpose == Upload.Purpose.MASTER and not upload.duration_seconds:
        raise SubmissionError(field, f"Upload {upload.public_id} holds no video we could time.")


def _check_filing(categories, tags) -> tuple[list, list]:
    categories = list(dict.fromkeys(categories))
    tags = list(dict.fromkeys(name.strip() for name in tags if name and name.strip()))
    if len(categories) > MOST_CATEGORIES:
        raise SubmissionError("categories", f"Choose at most {MOST_CATEGORIES} categories.")
    if len(tags) > MOST_TAGS:
        raise SubmissionError("tags", f"Give at most {MOST_TAGS} tags.")
    if any(len(name) > 50 for name in tags):
        raise SubmissionError("tags", "A tag may be at most 50 characters.")
    return categories, tags


# --- the writes: the clip, then one transaction that takes back its files if it fails --


def _new_clip(partner, upload: Upload, *, title: str, location_country, **fields) -> VideoAsset:
    """The clip, not yet saved: the partner's words, the master's measurements."""
    return VideoAsset(
        partner=partner,
        title=title.strip(),
        location_country=location_country or "",
        duration_seconds=upload.duration_seconds,
        width=upload.width,
        height=upload.height,
        frame_rate=upload.frame_rate,
        **fields,
    )


@contextlib.contextmanager
def _deleted_on_failure():
    """A list for the (storage, name) of each file stored in the block: storage is not
    transactional, so if the block fails (the transaction inside it rolled back) they go."""
    stored: list = []
    try:
        yield stored
    except BaseException:
        for storage, name in stored:
            with contextlib.suppress(Exception):
                storage.delete(name)
        raise


def _take_uploads(upload: Upload, release_form: Upload | None, partner) -> None:
    """Taken first: the row lock makes a second submission of the same upload wait, then
    find it used."""
    _consume(upload, partner, "upload")
    if release_form is not None:
        _consume(release_form, partner, "release_form")


def _consume(upload: Upload, partner, field: str) -> None:
    try:
        upload_consume(upload=upload, partner=partner, purpose=upload.purpose)
    except UploadError as error:
        raise SubmissionError(field, str(error)) from None


def _save_new(asset: VideoAsset, actor) -> None:
    try:
        asset_save(asset=asset, actor=actor)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise SubmissionError(field, " ".join(messages)) from None
    except AssetRuleError as error:
        raise SubmissionError("non_field_errors", str(error)) from None


def _file(asset: VideoAsset, categories, tags) -> None:
    if not categories and not tags:
        return
    with asset_relations_change(asset=asset):
        asset.categories.set(categories)
        asset.tags.set(tags_get_or_create(tags))


@contextlib.contextmanager
def _opened(upload: Upload):
    with contextlib.ExitStack() as stack:
        try:
            opened = stack.enter_context(upload_open(upload))
        except FileNotFoundError:  # only the opening: what the caller does is its own
            raise SubmissionError("upload", f"Upload {upload.public_id} has no file.") from None
        yield opened


def _attach(asset: VideoAsset, master: File, actor, stored: list) -> None:
    try:
        asset_attach_master(asset=asset, file=master, actor=actor)
    except MediaError as error:
        raise SubmissionError("upload", str(error)) from None
    stored.append((asset.master.storage, asset.master.name))


def _attest(asset, person, filmed, consented, release_form, stored) -> RightsAttestation:
    attestation = RightsAttestation(
        asset=asset,
        filmed_by_submitter=filmed,
        people_consented=consented,
        submitted_by=person if getattr(person, "is_authenticated", False) else None,
    )
    if release_form is not None:
        with _opened(release_form) as form:
            # Checked again as it is kept, and named by what it holds, never by the client's
            # file name (the admin serves it with the type its suffix says).
            try:
                suffix = release_form_check(form.path)
            except MediaError as error:
                raise SubmissionError("release_form", str(error)) from None
            attestation.release_form.save(f"release-form{suffix}", form, save=False)
        stored.append((attestation.release_form.storage, attestation.release_form.name))
    attestation.save()
    return attestation


def _record_submitted(asset, actor, partner, upload, restrictions, attestation) -> None:
    audit_record(
        actor=actor,
        action="partner.asset_submitted",
        target=asset,
        after={
            "partner": partner.slug,
            "upload": upload.public_id,
            "restrictions": restrictions,
            "filmed_by_submitter": attestation.filmed_by_submitter,
            "people_consented": attestation.people_consented,
            "release_form": bool(attestation.release_form),
        },
    )


# --- a returned clip: edited and sent back -------------------------------------------


def _returned_clip(asset: VideoAsset, partner) -> VideoAsset:
    locked = VideoAsset.objects.select_for_update().filter(pk=asset.pk, partner=partner).first()
    if locked is None:
        raise SubmissionError("non_field_errors", "No such clip.")
    last = ReviewDecision.objects.filter(asset=locked).order_by("-created_at", "-id").first()
    returned = last is not None and last.verdict == ReviewDecision.Verdict.RETURNED
    # A draft staff made (ingest_video) or moved back from withdrawn is staff's, not the
    # partner's: only a clip whose last review returned it may be changed and sent again.
    if locked.status != AssetStatus.DRAFT or not returned:
        raise SubmissionError(
            "non_field_errors",
            f"“{locked.title}” is {locked.get_status_display().lower()}; only a clip returned "
            "to you can be changed and sent again.",
        )
    return locked


@transaction.atomic
def asset_update(
    *, asset: VideoAsset, partner: ContentPartner, person, categories=None, tags=None, **fields
) -> VideoAsset:
    """Change a returned clip's text, filing or restrictions (any of CLIP_FIELDS); it stays a
    draft until asset_resubmit. Raises SubmissionError, changing nothing."""
    unknown = set(fields) - set(CLIP_FIELDS)
    if unknown:
        raise TypeError(f"asset_update() cannot change {', '.join(sorted(unknown))}")
    if "restrictions" in fields:
        fields["restrictions"] = _check_restrictions(fields["restrictions"])
    if "title" in fields:
        fields["title"] = fields["title"].strip()
    filing = _check_filing(categories or (), tags or ())
    locked = _returned_clip(asset, partner)
    for name, value in fields.items():
        setattr(locked, name, value if value is not None or name == "recorded_at" else "")
    actor = person if getattr(person, "is_authenticated", False) else None
    _save_existing(locked, actor)
    if categories is not None or tags is not None:
        with asset_relations_change(asset=locked):
            if categories is not None:
                locked.categories.set(filing[0])
            if tags is not None:
                locked.tags.set(tags_get_or_create(filing[1]))
    audit_record(
        actor=actor, action="partner.asset_updated", target=locked, after={"fields": sorted(fields)}
    )
    return locked


def _save_existing(asset: VideoAsset, actor) -> None:
    try:
        asset_save(asset=asset, actor=actor)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise SubmissionError(field, " ".join(messages)) from None


@transaction.atomic
def asset_resubmit(*, asset: VideoAsset, partner: ContentPartner, person) -> VideoAsset:
    """Send a returned clip back to review, its restrictions checked again."""
    locked = _returned_clip(asset, partner)
    _check_restrictions(locked.restrictions)
    actor = person if getattr(person, "is_authenticated", False) else None
    asset_change_status(asset=locked, status=AssetStatus.REVIEW, actor=actor)
    audit_record(actor=actor, action="partner.asset_resubmitted", target=locked)
    return locked
