"""How the website's pages show what went wrong: a form that did not validate, as one line of
sentences (a 400 page or a message), and a service's refusal (common.errors.ServiceError) as a
message or on the form fields it names. The API answers the same refusals in JSON
(common.api_errors)."""

from django import forms
from django.contrib import messages
from django.shortcuts import render

from common.errors import ServiceError


def form_errors(form: forms.Form) -> str:
    """Every error of a bound, invalid form as one line of sentences."""
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def bad_form(request, form: forms.Form):
    """The 400 page, saying what was wrong with a request the page's form read."""
    return render(request, "400.html", {"sentence": form_errors(form)}, status=400)


def show_error(request, error: ServiceError) -> None:
    """A refusal as an error message on the next page drawn."""
    messages.error(request, error.detail)


def form_add_error(form: forms.Form, error: ServiceError) -> None:
    """A refusal on the form: under each field it names that the form has, else above the
    form."""
    named = [path for path in error.fields if path in form.fields]
    for path in named or [None]:
        form.add_error(path, error.detail)
