"""The OpenAPI schema (/api/schema/) says what the server does: its errors, bounds and nulls.
.ci/schemathesis fuzzes the whole API against it; these pin the facts it found wrong."""

import pytest

from tests.factories import AssetFactory, CategoryFactory

OPERATIONS = ("get", "post", "put", "patch", "delete")
CLIP_PATHS = {
    "/api/v1/assets/{public_id}/",
    "/api/v1/assets/{public_id}/ninjs/",
    "/api/v1/assets/{public_id}/rights/",
    "/api/v1/assets/{public_id}/verification/",
}


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def operation(schema, path, method="get"):
    return schema["paths"][f"/api/v1/{path}"][method]


def parameter(schema, path, name):
    (found,) = [p for p in operation(schema, path)["parameters"] if p["name"] == name]
    return found["schema"]


def refers_to(response, component):
    return response["content"]["application/json"]["schema"] == {
        "$ref": f"#/components/schemas/{component}"
    }


def test_the_error_shape_is_one_component_with_a_sentence_and_a_code(schema):
    error = schema["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"detail", "code"}
    assert {"fields", "items"} <= error["properties"].keys()


def test_every_operation_documents_its_errors_in_the_one_shape(schema):
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            if method not in OPERATIONS:
                continue
            codes = set(op["responses"])
            assert {"400", "429"} <= codes, (method, path)
            for code, response in op["responses"].items():
                # The clip's own 451 carries the territory and reasons (Unavailable), and so
                # do its ninjs item's and its rights' (newsroom), which answer the same 451.
                if code >= "400" and not (code == "451" and path in CLIP_PATHS):
                    assert refers_to(response, "Error"), (method, path, code)


@pytest.mark.parametrize(
    ("path", "method", "codes"),
    [
        ("assets/", "get", {"200", "400", "401", "404", "429"}),
        ("assets/{public_id}/", "get", {"200", "400", "401", "404", "429", "451"}),
        ("orders/", "get", {"200", "400", "401", "403", "404", "429"}),
        (
            "orders/",
            "post",
            {"200", "201", "400", "401", "402", "403", "409", "415", "422", "429", "451"},
        ),
        (
            "licenses/{public_id}/download-link/",
            "post",
            # 415: it reads a JSON body (a format, a project code and a note), which may be
            # left out; 202 while the format is prepared, 503 when it could not be made.
            {"200", "202", "400", "401", "403", "404", "410", "415", "429", "451", "503"},
        ),
        ("licenses/{public_id}/usages/", "get", {"200", "400", "401", "403", "404", "429"}),
        (
            "licenses/{public_id}/usages/",
            "post",
            {"201", "400", "401", "403", "404", "415", "422", "429"},
        ),
        (
            "downloads/{token}/",
            "get",
            {"200", "400", "403", "404", "409", "410", "429", "451", "503"},
        ),
    ],
)
def test_operations_document_the_statuses_they_answer(schema, path, method, codes):
    assert set(operation(schema, path, method)["responses"]) == codes


def test_a_category_without_a_parent_is_documented_as_null(schema, api_client, db):
    AssetFactory(categories=[CategoryFactory(parent=None)])  # empty ones are not listed
    assert schema["components"]["schemas"]["Category"]["properties"]["parent"]["nullable"]
    assert api_client.get("/api/v1/categories/").json()["results"][0]["parent"] is None


def test_parameters_carry_the_bounds_the_server_enforces(schema):
    assert parameter(schema, "assets/", "duration_max")["minimum"] == 0
    assert parameter(schema, "assets/", "duration_min") == {"type": "integer", "minimum": 0}
    assert parameter(schema, "assets/", "search")["maxLength"] == 200
    assert parameter(schema, "assets/", "page_size") == {
        "type": "integer",
        "minimum": 1,
        "maximum": 100,
    }
    assert parameter(schema, "assets/", "cursor")["minLength"] == 1
    assert parameter(schema, "partners/", "verified") == {"type": "boolean"}
    # Text never holds a NUL: the server refuses one with a 400.
    assert parameter(schema, "tags/", "search")["pattern"] == "^[^\\u0000]*$"


def test_an_order_documents_its_bounds_and_json_only(schema):
    post = operation(schema, "orders/", "post")
    assert list(post["requestBody"]["content"]) == ["application/json"]
    order = schema["components"]["schemas"]["OrderCreateRequest"]["properties"]["items"]
    assert (order["minItems"], order["maxItems"]) == (1, 50)
    (key,) = [p for p in post["parameters"] if p["name"] == "Idempotency-Key"]
    assert key["required"] and key["schema"]["pattern"].startswith("^[!-~]")


def test_every_text_parameter_says_it_holds_no_nul(schema):
    # The server answers 400 to a NUL anywhere in the address, query or headers
    # (common.request_text); a parameter that did not say so would be a promise broken.
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            for parameter in operation.get("parameters", []):
                shape = parameter["schema"]
                if shape.get("type") == "string":
                    assert {"pattern", "enum", "format"} & set(shape), (path, method, parameter)
