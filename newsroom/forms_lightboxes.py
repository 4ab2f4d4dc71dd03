"""What the board pages read from a request, parsed and bounded: anything else is a form
error (a 400 with a sentence), never a query or a crash."""

from django import forms

from common.models import PUBLIC_ID_PATTERN
from newsroom.models.lightboxes import NAME_MAX_LENGTH, NOTE_MAX_LENGTH

PUBLIC_ID = rf"^{PUBLIC_ID_PATTERN}$"


class BoardNameForm(forms.Form):
    name = forms.CharField(
        max_length=NAME_MAX_LENGTH,
        error_messages={
            "required": "A board needs a name.",
            "max_length": f"A board's name has at most {NAME_MAX_LENGTH} characters.",
        },
    )


class AddToBoardForm(forms.Form):
    asset = forms.RegexField(
        regex=PUBLIC_ID,
        error_messages={"invalid": "“asset” must be a clip's public id (12 letters and digits)."},
    )
    # A board of the organisation, or empty for a new board named new_name.
    board = forms.RegexField(
        regex=PUBLIC_ID, required=False, error_messages={"invalid": "Choose one of your boards."}
    )
    new_name = forms.CharField(
        max_length=NAME_MAX_LENGTH,
        required=False,
        error_messages={"max_length": f"A board's name has at most {NAME_MAX_LENGTH} characters."},
    )
    note = forms.CharField(
        max_length=NOTE_MAX_LENGTH,
        required=False,
        error_messages={"max_length": f"A note has at most {NOTE_MAX_LENGTH} characters."},
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("board") and not (cleaned.get("new_name") or "").strip():
            raise forms.ValidationError("Choose a board, or name a new one.")
        return cleaned


class NoteForm(forms.Form):
    note = forms.CharField(
        max_length=NOTE_MAX_LENGTH,
        required=False,
        error_messages={"max_length": f"A note has at most {NOTE_MAX_LENGTH} characters."},
    )


class BuyBoardForm(forms.Form):
    license = forms.SlugField(max_length=30, error_messages={"invalid": "Unknown licence."})
    idempotency_key = forms.RegexField(
        regex=r"^[A-Za-z0-9_-]{1,64}$",
        error_messages={
            "required": "The order key is missing; reload the board and try again.",
            "invalid": "The order key is damaged; reload the board and try again.",
        },
    )
    allow_duplicate = forms.BooleanField(required=False)
