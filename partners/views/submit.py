"""Sending a clip from the site: the browser upload page (tus-js-client against /api/v1/uploads/),
then the submission form for the finished upload, and the edit page of a returned clip. Every
action calls the same services as the partner API."""

import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from catalog.durations import format_duration
from catalog.models import AssetStatus, VideoAsset
from common.site_errors import form_add_error
from footage.encoding import MediaError
from footage.models import Upload
from footage.uploads.files import upload_file_delete
from footage.uploads.services import UploadError, upload_from_path
from partners.forms import ClipDetailsForm, ClipSubmitForm
from partners.models import ReviewDecision
from partners.restriction_controls import controls_from_restrictions
from partners.services.submissions import (
    CLIP_FIELDS,
    SubmissionError,
    asset_resubmit,
    asset_submit,
    asset_update,
)
from partners.site import require_member

# Each PATCH carries at most this much: under the server's request-body limits, large enough
# that a 1 GB file is a few hundred requests.
UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024
UPLOADS_ENDPOINT = "/api/v1/uploads/"  # the tus endpoint (docs/partners.md)


@login_required
def upload(request):
    require_member(request)
    context = {
        "endpoint": UPLOADS_ENDPOINT,
        "next_url": reverse("partners:clip-new"),
        "chunk_size": UPLOAD_CHUNK_BYTES,
    }
    return render(request, "partners/upload.html", context)


@login_required
def clip_new(request):
    member = require_member(request)
    partner = member.partner
    found = get_object_or_404(
        Upload.objects.filter(partner=partner, purpose=Upload.Purpose.MASTER),
        public_id=request.GET.get("upload", "")[:40],
    )
    context = {"upload": found, "facts": upload_facts(found)}
    if found.status != Upload.Status.READY:
        context["unusable"] = _unusable_sentence(found)
        return render(request, "partners/clip_form.html", context, status=409)
    form = ClipSubmitForm(request.POST or None, request.FILES or None)
    context["form"] = form
    if request.method != "POST" or not form.is_valid():
        return render(
            request, "partners/clip_form.html", context, status=400 if form.is_bound else 200
        )
    try:
        clip = _submit(request, partner=partner, upload=found, data=form.cleaned_data)
    except (UploadError, MediaError) as error:
        form.add_error("release_form", f"The release form was refused: {error}")
        return render(request, "partners/clip_form.html", context, status=400)
    except SubmissionError as error:
        form_add_error(form, error)
        return render(request, "partners/clip_form.html", context, status=400)
    messages.success(request, f"Sent for review: “{clip.title}”. We will tell you when it is live.")
    return redirect("partners:dashboard")


def _submit(request, *, partner, upload, data):
    release = None
    if data.get("release_form"):
        with _on_disk(data["release_form"]) as path:
            release = upload_from_path(
                partner=partner,
                path=path,
                purpose=Upload.Purpose.RELEASE_FORM,
                created_by=request.user,
                filename=Path(data["release_form"].name).name[:255],
            )
    try:
        return asset_submit(
            partner=partner,
            person=request.user,
            upload=upload,
            title=data["title"],
            description=data["description"],
            shotlist=data["shotlist"],
            location_name=data["location_name"],
            location_country=data["location_country"],
            recorded_at=data["recorded_at"],
            categories=list(data["categories"]),
            tags=data["tags"],
            restrictions=data["restrictions"],
            filmed_by_submitter=data["filmed_by_submitter"],
            people_consented=data["people_consented"],
            release_form=release,
        )
    except SubmissionError:
        if release is not None:  # a refused submission leaves no release form behind
            upload_file_delete(release)
            release.delete()
        raise


@contextmanager
def _on_disk(uploaded):
    """The path of an uploaded file: Django's own temporary file when it spilled to disk, else
    a temporary copy (small files stay in memory)."""
    if hasattr(uploaded, "temporary_file_path"):
        yield uploaded.temporary_file_path()
        return
    with tempfile.NamedTemporaryFile(suffix=Path(uploaded.name).suffix[:10]) as copy:
        for chunk in uploaded.chunks():
            copy.write(chunk)
        copy.flush()
        yield copy.name


def upload_facts(found: Upload) -> dict:
    """What the form shows of the file: read from the upload row, as the checks found it."""
    picture = ""
    if found.width and found.height:
        picture = f"{found.width}×{found.height}"
        if found.frame_rate:
            picture += f", {found.frame_rate.normalize():f} fps"
    return {
        "duration": format_duration(found.duration_seconds),
        "size": found.length,
        "picture": picture,
        "filename": found.filename,
    }


def _unusable_sentence(found: Upload) -> str:
    if found.status == Upload.Status.RECEIVING:
        return (
            "This upload is not finished yet: open the upload page and pick the same file "
            "to resume it."
        )
    if found.status == Upload.Status.USED:
        return "This upload has already been sent as a clip; see your dashboard."
    return f"This upload was refused: {found.error or 'the file is not a video we accept.'}"


@login_required
def clip_edit(request, public_id):
    """A clip staff returned: the partner corrects its details and sends it for review again."""
    member = require_member(request)
    clip = get_object_or_404(
        VideoAsset.objects.filter(partner=member.partner).prefetch_related("categories", "tags"),
        public_id=public_id,
    )
    decision = clip.review_decisions.order_by("-created_at", "-id").first()
    returned = (
        clip.status == AssetStatus.DRAFT
        and decision is not None
        and decision.verdict == ReviewDecision.Verdict.RETURNED
    )
    if not returned:
        messages.error(
            request,
            f"“{clip.title}” is {clip.get_status_display().lower()}: "
            "only a returned clip can be edited.",
        )
        return redirect("partners:dashboard")
    form = ClipDetailsForm(request.POST or None, initial=_initial(clip))
    # Text typed over the API may say more than the controls can; it stays unless the partner
    # unticks "keep" (the controls then write the new text).
    beyond_controls = (
        bool(clip.restrictions) and controls_from_restrictions(clip.restrictions) is None
    )
    context = {"clip": clip, "decision": decision, "form": form, "beyond_controls": beyond_controls}
    if request.method != "POST" or not form.is_valid():
        return render(
            request, "partners/clip_edit.html", context, status=400 if form.is_bound else 200
        )
    data = dict(form.cleaned_data)
    if beyond_controls and request.POST.get("keep_restrictions"):
        data["restrictions"] = clip.restrictions
    try:
        _resubmit(request, clip=clip, data=data)
    except SubmissionError as error:
        form_add_error(form, error)
        return render(request, "partners/clip_edit.html", context, status=400)
    messages.success(request, f"Sent for review again: “{form.cleaned_data['title']}”.")
    return redirect("partners:dashboard")


def _initial(clip) -> dict:
    initial = {
        "title": clip.title,
        "description": clip.description,
        "shotlist": clip.shotlist,
        "location_name": clip.location_name,
        "location_country": clip.location_country.code or "",
        "recorded_at": clip.recorded_at,
        "categories": [category.slug for category in clip.categories.all()],
        "tags": ", ".join(tag.name for tag in clip.tags.all()),
    }
    controls = controls_from_restrictions(clip.restrictions)
    if controls is not None:
        initial.update(
            restriction_mode=controls.territory_mode,
            territories=", ".join(controls.territories),
            embargo_until=controls.embargo_until,
            editorial_only=controls.editorial_only,
            no_social_media=controls.no_social_media,
            use_until=controls.use_until,
            max_seconds=controls.max_seconds,
        )
    return initial


@transaction.atomic
def _resubmit(request, *, clip, data):
    """The corrections and the return to review together, or neither."""
    fields = {name: data[name] for name in CLIP_FIELDS if name in data}
    asset_update(
        asset=clip,
        partner=clip.partner,
        person=request.user,
        categories=list(data["categories"]),
        tags=data["tags"],
        **fields,
    )
    return asset_resubmit(asset=clip, partner=clip.partner, person=request.user)
