"""The inline context means what the W3C ODRL context means, and nothing is fetched.

rights/odrl-context.jsonld is a copy of https://www.w3.org/ns/odrl.jsonld: each inline term
must be defined the same way there, and a policy expanded with the inline context must give
the same RDF as the same policy pointing at the W3C URL (served from the copy)."""

from datetime import UTC, datetime

import pytest
from pyld import jsonld

from rights import compile_restrictions
from rights.odrl import ODRL_CONTEXT, W3C_CONTEXT_URL, odrl_policy, w3c_context
from tests.rights.odrl_eval import NetworkFetch, expand_offline

W3C = w3c_context()
TEXTS = [
    "No access Chinese mainland. Editorial use only. Must credit NASA",
    "Access Europe, GCC only. Embargo until 2026-12-01 09:00 UTC. No social media",
    "Hold for release. No archive. No resale. Courtesy: Reuters. Part: Japan out",
    "Broadcast only",
]


def nquads(expanded):
    return jsonld.normalize(expanded, {"algorithm": "URDNA2015", "format": "application/n-quads"})


def test_the_bundled_copy_is_the_w3c_odrl_context():
    terms = W3C["@context"]
    assert terms["odrl"] == "http://www.w3.org/ns/odrl/2/"
    assert terms["uid"] == "@id"
    assert len(terms) == 174  # as published; a change here is a change of the copy


def test_every_inline_term_is_defined_as_the_w3c_context_defines_it():
    for term, definition in ODRL_CONTEXT.items():
        assert W3C["@context"].get(term) == definition, term


@pytest.mark.parametrize("text", TEXTS)
def test_the_inline_context_expands_like_the_w3c_context(text):
    policy = odrl_policy(
        compile_restrictions(text),
        uid="urn:clipwire:asset:a1:policy:2",
        target="urn:clipwire:asset:a1",
        assigner={"uid": "urn:clipwire:partner:p1", "name": "Example News"},
        at=datetime(2026, 11, 27, tzinfo=UTC),
    )
    fetched = []
    inline = expand_offline(policy, fetched=fetched)
    assert fetched == []
    by_url = expand_offline(
        {**policy, "@context": W3C_CONTEXT_URL}, served={W3C_CONTEXT_URL: W3C}, fetched=fetched
    )
    assert fetched == [W3C_CONTEXT_URL]
    assert nquads(inline) == nquads(by_url)
    assert "http://www.w3.org/ns/odrl/2/" in nquads(inline)


def test_the_offline_loader_refuses_any_fetch():
    fetched = []
    with pytest.raises(jsonld.JsonLdError) as error:
        expand_offline({"@context": W3C_CONTEXT_URL, "uid": "urn:p"}, fetched=fetched)
    assert isinstance(error.value.__cause__, NetworkFetch)
    assert fetched == [W3C_CONTEXT_URL]
