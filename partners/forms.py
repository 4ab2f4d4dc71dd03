"""The site's submission form: a clip's details, the rights attestation, an optional signed
release form and the restriction controls a filmer understands."""

from django import forms
from django.conf import settings
from django_countries import countries

from catalog.models import Category
from catalog.models.assets import LONGEST_CLIP_TEXT
from partners.restriction_controls import (
    TERRITORY_MODE_LABELS,
    ControlsError,
    RestrictionControls,
)

TAGS_MAX = 30
TAG_LONGEST = 50


class ClipDetailsForm(forms.Form):
    """What the partner tells about the clip; the file itself came through the upload."""

    title = forms.CharField(max_length=300)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), max_length=LONGEST_CLIP_TEXT, required=False
    )
    shotlist = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), max_length=LONGEST_CLIP_TEXT, required=False
    )
    location_name = forms.CharField(max_length=200, required=False, label="Location")
    location_country = forms.ChoiceField(
        choices=[("", "—"), *countries], required=False, label="Country"
    )
    recorded_at = forms.DateField(
        required=False, label="Recorded on", widget=forms.DateInput(attrs={"type": "date"})
    )
    categories = forms.ModelMultipleChoiceField(
        queryset=Category.objects.only("name", "slug"),
        required=False,
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
    )
    tags = forms.CharField(
        max_length=1000, required=False, help_text="Comma-separated, e.g. protest, night, drone."
    )
    # The restriction controls; controls_text() writes the restriction text from them.
    restriction_mode = forms.ChoiceField(
        choices=list(TERRITORY_MODE_LABELS.items()),
        initial="none",
        widget=forms.RadioSelect,
        label="Where buyers may use it",
    )
    territories = forms.CharField(
        max_length=300,
        required=False,
        label="Which territories",
        help_text="For “everywhere except” and “only in”: countries or regions, comma-separated, "
        "e.g. Chinese mainland, Japan, EU.",
    )
    embargo_until = forms.DateTimeField(
        required=False,
        label="Embargo until (UTC)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )
    use_until = forms.DateTimeField(
        required=False,
        label="No use from (UTC)",
        help_text="When buyers must stop using it, if ever.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )
    editorial_only = forms.BooleanField(required=False, label="Editorial use only")
    no_social_media = forms.BooleanField(required=False, label="No social media")
    max_seconds = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=3600,
        label="Most footage a buyer may use (seconds)",
    )

    def clean_tags(self):
        names = [" ".join(name.split()) for name in self.cleaned_data["tags"].split(",")]
        names = list(dict.fromkeys(name for name in names if name))
        if len(names) > TAGS_MAX:
            raise forms.ValidationError(f"Give at most {TAGS_MAX} tags.")
        if any(len(name) > TAG_LONGEST for name in names):
            raise forms.ValidationError(f"A tag may be at most {TAG_LONGEST} characters.")
        return names

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            controls = RestrictionControls(
                territory_mode=cleaned["restriction_mode"],
                territories=tuple(cleaned["territories"].split(",")),
                embargo_until=cleaned["embargo_until"],
                editorial_only=cleaned["editorial_only"],
                no_social_media=cleaned["no_social_media"],
                use_until=cleaned["use_until"],
                max_seconds=cleaned["max_seconds"],
            )
            cleaned["restrictions"] = controls.text()
        except ControlsError as error:
            field = {"territory_mode": "restriction_mode"}.get(error.field, error.field)
            self.add_error(field if field in self.fields else None, error.message)
        return cleaned


class ClipSubmitForm(ClipDetailsForm):
    """A new clip: the details, what the partner swears, and an optional signed release."""

    filmed_by_submitter = forms.BooleanField(
        label="I filmed this footage, or I hold the rights to license it.",
        error_messages={"required": "Confirm that you filmed the footage or hold its rights."},
    )
    people_consented = forms.BooleanField(
        label="The people who can be recognised agreed to be filmed, or the law allows it.",
        error_messages={"required": "Confirm that the people filmed consented."},
    )
    release_form = forms.FileField(
        required=False,
        label="Signed release form (PDF or image)",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}),
    )

    def clean_release_form(self):
        release = self.cleaned_data.get("release_form")
        if release and release.size > settings.RELEASE_FORM_MAX_BYTES:
            limit = settings.RELEASE_FORM_MAX_BYTES // (1024 * 1024)
            raise forms.ValidationError(f"A release form may be at most {limit} MB.")
        return release
