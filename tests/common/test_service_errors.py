"""One error path (common.errors): every refusal a service raises is a ServiceError, and the
API's exception handler answers each with its status and code in the one error shape; the
site shows it as a message or on the form fields it names (common.site_errors)."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms

from common.api_errors import api_exception_handler
from common.errors import ServiceError
from common.site_errors import form_add_error
from tests.test_layout import MAY_IMPORT

APPS = tuple(app for app in MAY_IMPORT if app != "devdata")  # every app of ours
SENTENCE = "Not like this."


def every_module():
    for app in APPS:
        package = importlib.import_module(app)
        yield package
        for found in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" not in found.name:
                yield importlib.import_module(found.name)


def service_errors() -> list[type[ServiceError]]:
    for _ in every_module():  # a class exists once its module is imported
        pass
    found, todo = set(), [ServiceError]
    while todo:
        for subclass in todo.pop().__subclasses__():
            if subclass.__module__.split(".")[0] in APPS and subclass not in found:
                found.add(subclass)
                todo.append(subclass)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def example(cls: type[ServiceError]) -> ServiceError:
    if "field" in inspect.signature(cls).parameters:  # SubmissionError(field, message)
        return cls("title", SENTENCE)
    return cls(SENTENCE)


ERRORS = service_errors()


def test_the_refusals_of_every_app_are_service_errors():
    names = {cls.__name__ for cls in ERRORS}
    assert {
        "LicensingError",
        "PurchaseUnavailable",
        "PayoutRefused",
        "LightboxError",
        "LightboxConflict",
        "UploadError",
        "UploadChecksumMismatch",
        "SubmissionError",
    } <= names


@pytest.mark.parametrize("cls", ERRORS, ids=lambda cls: cls.__name__)
def test_the_handler_answers_every_service_error_with_its_status_and_code(cls):
    response = api_exception_handler(example(cls), {})

    assert response.status_code == cls.status
    body = response.data
    assert body["code"] == cls.code and body["detail"] == SENTENCE
    assert set(body) <= {"detail", "code", "fields", "items"}


def test_an_instance_may_name_a_finer_code_and_per_item_details():
    from licensing.services.errors import PurchaseConflict

    error = PurchaseConflict(SENTENCE, [{"index": 0}], code="already_licensed")
    response = api_exception_handler(error, {})

    assert response.status_code == 409
    assert response.data == {
        "detail": SENTENCE,
        "code": "already_licensed",
        "items": [{"index": 0}],
    }


def test_each_family_keeps_the_body_its_clients_know():
    from ledger.errors import PayoutRefused
    from licensing.services.errors import PaymentRequired
    from newsroom.services.lightboxes import LightboxConflict
    from partners.services.submissions import SubmissionError

    def body(error):
        return api_exception_handler(error, {}).data

    # Licensing's refusals say `items` always; a payout's and a board's never did.
    assert body(PaymentRequired(SENTENCE)) == {
        "detail": SENTENCE,
        "code": "payment_required",
        "items": [],
    }
    assert body(PayoutRefused(SENTENCE)) == {"detail": SENTENCE, "code": "payout_refused"}
    assert body(LightboxConflict(SENTENCE)) == {"detail": SENTENCE, "code": "conflict"}
    # Bad input names its field by path, the sentence itself as `detail`.
    assert body(SubmissionError("rights.release_form", SENTENCE)) == {
        "detail": SENTENCE,
        "code": "invalid",
        "fields": {"rights.release_form": [SENTENCE]},
    }


class TitleForm(forms.Form):
    title = forms.CharField()


def test_the_site_shows_a_refusal_on_the_field_it_names_else_above_the_form():
    form = TitleForm({"title": "A"})
    assert form.is_valid()
    form_add_error(form, ServiceError(SENTENCE, fields=["title"]))
    assert form.errors == {"title": [SENTENCE]}

    other = TitleForm({"title": "A"})
    assert other.is_valid()
    form_add_error(other, ServiceError(SENTENCE, fields=["non_field_errors"]))
    assert other.non_field_errors() == [SENTENCE]
