"""What the buyer's pages read from a request, parsed and bounded by forms: a value that is not
what the field expects is a form error (a 400 with a sentence), never a query or a crash."""

from django import forms

from common.models import PUBLIC_ID_PATTERN

# The largest id a BigAutoField holds; a longer number is not an id of ours.
LARGEST_ID = 2**63 - 1


class CheckoutForm(forms.Form):
    asset = forms.RegexField(
        regex=rf"^{PUBLIC_ID_PATTERN}$",
        error_messages={"invalid": "“asset” must be a clip's public id (12 letters and digits)."},
    )
    license = forms.SlugField(max_length=30, error_messages={"invalid": "Unknown licence."})
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
