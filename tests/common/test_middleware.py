import pytest
from django.db import OperationalError, connection
from django.test import RequestFactory

from common.middleware import StatementTimeoutMiddleware


class Canceled(Exception):
    sqlstate = "57014"


def cut_off() -> OperationalError:
    error = OperationalError("canceling statement due to statement timeout")
    error.__cause__ = Canceled()
    return error


@pytest.mark.parametrize(("path", "kind"), [("/api/v1/assets/", "json"), ("/clips/", "html")])
def test_a_query_cut_off_answers_503_with_a_sentence(db, path, kind):
    middleware = StatementTimeoutMiddleware(lambda request: None)
    response = middleware.process_exception(RequestFactory().get(path), cut_off())
    assert response.status_code == 503 and response["Retry-After"]
    body = response.content.decode()
    assert "took too long" in body
    assert response["Content-Type"].startswith(
        "application/json" if kind == "json" else "text/html"
    )


def test_other_database_errors_are_left_alone(db):
    middleware = StatementTimeoutMiddleware(lambda request: None)
    request = RequestFactory().get("/clips/")
    assert middleware.process_exception(request, OperationalError("disk full")) is None


@pytest.mark.urls("tests.common.slow_urls")
@pytest.mark.django_db(transaction=True)  # requests in autocommit, as in production
def test_postgres_stops_a_slow_request_at_the_statement_timeout(client, on_postgres):
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 100")
    try:
        api = client.get("/api/v1/slow/")
        page = client.get("/slow/")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
    assert api.status_code == 503 and api.json()["code"] == "timeout"
    assert page.status_code == 503 and "took too long" in page.content.decode()
