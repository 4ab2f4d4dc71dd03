"""What the buyer's pages read from a request, parsed and bounded by forms: a value that is not
what the field expects is a form error (a 400 with a sentence), never a query or a crash."""

from django import forms
from django_countries import countries

from catalog.formats import PROFILES, TIERS
from common.models import PUBLIC_ID_PATTERN
from licensing.models.licenses import DOWNLOAD_NOTE_MAX, DOWNLOAD_PROJECT_CODE_MAX
from licensing.models.usages import (
    PLATFORM_CHOICES,
    USAGE_NOTE_MAX,
    USAGE_TITLE_MAX,
    USAGE_URL_MAX,
)

# The largest id a BigAutoField holds; a longer number is not an id of ours.
LARGEST_ID = 2**63 - 1


class CheckoutForm(forms.Form):
    asset = forms.RegexField(
        regex=rf"^{PUBLIC_ID_PATTERN}$",
        error_messages={"invalid": "“asset” must be a clip's public id (12 letters and digits)."},
    )
    license = forms.SlugField(max_length=30, error_messages={"invalid": "Unknown licence."})
    resolution = forms.ChoiceField(
        choices=[(tier, tier) for tier in TIERS],
        required=False,
        error_messages={"invalid_choice": "Resolutions are web, hd and 4k."},
    )
    idempotency_key = forms.RegexField(
        regex=r"^[A-Za-z0-9_-]{1,64}$",
        required=False,
        error_messages={"invalid": "The checkout key is damaged; start the checkout again."},
    )
    # "1" when the buyer confirmed buying a licence they already hold ("Buy again").
    allow_duplicate = forms.ChoiceField(choices=[("", "no"), ("1", "yes")], required=False)


class ApiKeyCreateForm(forms.Form):
    name = forms.CharField(max_length=100, required=False)

    def clean_name(self) -> str:
        return self.cleaned_data["name"] or "API key"


class ApiKeyRevokeForm(forms.Form):
    revoke = forms.IntegerField(
        min_value=1,
        max_value=LARGEST_ID,
        error_messages={
            "required": "Choose the key to revoke.",
            "invalid": "That is not one of your keys.",
        },
    )


class DownloadRequestForm(forms.Form):
    """What a download is for. Optional here whatever the organisation requires: the service
    refuses a missing one with its own sentence, under the field (download_requirements); the
    page marks the required ones for the browser."""

    project_code = forms.CharField(max_length=DOWNLOAD_PROJECT_CODE_MAX, required=False)
    note = forms.CharField(max_length=DOWNLOAD_NOTE_MAX, required=False, label="Note")
    # Set by the button pressed, one per format (the page's formats table); not a field shown.
    format = forms.ChoiceField(
        choices=[(code, code) for code in PROFILES],
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "Unknown delivery format."},
    )

    def __init__(self, *args, buyer=None, **kwargs):
        # Its own ids: the licence's page shows it beside the usage form, which has a note too.
        super().__init__(*args, auto_id="download_%s", **kwargs)
        for name, required in (
            ("project_code", buyer is not None and buyer.require_project_code),
            ("note", buyer is not None and buyer.require_download_note),
        ):
            if required:
                self.fields[name].widget.attrs["required"] = True
                self.fields[name].help_text = "Your organisation requires it."


class UsageForm(forms.Form):
    """A use of a licensed clip; the service decides whether the licence covers it."""

    used_at = forms.DateTimeField(
        label="When (UTC)",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    platform = forms.ChoiceField(choices=PLATFORM_CHOICES)
    territory = forms.ChoiceField(choices=[], help_text="Where it was used.")
    title = forms.CharField(
        max_length=USAGE_TITLE_MAX, help_text="The programme, article or post it was used in."
    )
    url = forms.CharField(
        max_length=USAGE_URL_MAX, required=False, label="Address", help_text="http or https."
    )
    note = forms.CharField(
        max_length=USAGE_NOTE_MAX,
        required=False,
        help_text="For your organisation only: the clip's partner never sees it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="use_%s", **kwargs)
        self.fields["territory"].choices = list(countries)
