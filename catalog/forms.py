from django import forms

from catalog.durations import format_duration, parse_duration


class DurationField(forms.Field):
    """Edits whole seconds as `MM:SS` / `H:MM:SS` (a plain number of seconds also works)."""

    default_error_messages = {"too_short": "A clip lasts at least one second."}

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "MM:SS, H:MM:SS or a number of seconds, e.g. 01:51.")
        kwargs.pop("max_value", None)
        kwargs.pop("min_value", None)
        kwargs.pop("step_size", None)
        kwargs.setdefault("widget", forms.TextInput(attrs={"size": 10, "maxlength": 12}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return format_duration(value)
        return value

    def to_python(self, value):
        if value in self.empty_values or not str(value).strip():
            return None
        value = str(value)
        try:
            seconds = parse_duration(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None
        if seconds < 1:
            raise forms.ValidationError(self.error_messages["too_short"], code="too_short")
        return seconds
