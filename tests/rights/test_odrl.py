"""odrl_policy(): the shape of the ODRL policy each kind of rule becomes, read from the
expanded JSON-LD (IRIs), so what is tested is what a newsroom system reads."""

import json
from datetime import UTC, datetime

import pytest

from rights import compile_restrictions
from rights.odrl import CHANNELS, ODRL_CONTEXT, PURPOSES, RIGHTSML_PROFILE, odrl_policy
from tests.rights.odrl_eval import ODRL, comments, expand_offline, read_policy

CN = "http://cvx.iptc.org/iso3166-1a2/CN"
XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"
DCT = "http://purl.org/dc/terms/"
AT = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def policy_of(text, **kwargs):
    kwargs.setdefault("at", AT)
    restrictions = compile_restrictions(text)
    return odrl_policy(restrictions, uid="urn:clipwire:asset:a1:policy:1", target="urn:x", **kwargs)


def expanded(text, **kwargs):
    fetched = []
    [node] = expand_offline(policy_of(text, **kwargs), fetched=fetched)
    assert fetched == []
    return node


def prohibitions(node):
    return node.get(ODRL + "prohibition", [])


def actions(rule):
    return [value["@id"] for value in rule[ODRL + "action"]]


def constraints(rule):
    return [
        (
            c[ODRL + "leftOperand"][0]["@id"],
            c[ODRL + "operator"][0]["@id"],
            c[ODRL + "rightOperand"],
        )
        for c in rule.get(ODRL + "constraint", [])
    ]


def test_a_chinese_mainland_deny_is_a_prohibition_of_use_in_iptcs_cn():
    node = expanded("No access Chinese mainland")
    [prohibition] = prohibitions(node)
    assert actions(prohibition) == [ODRL + "use"]
    assert constraints(prohibition) == [(ODRL + "spatial", ODRL + "isAnyOf", [{"@id": CN}])]
    [permission] = node[ODRL + "permission"]
    assert actions(permission) == [ODRL + "use"]
    assert ODRL + "constraint" not in permission  # use is permitted everywhere else


def test_the_policy_names_itself_its_target_profile_and_conflict_strategy():
    node = expanded("No access Chinese mainland")
    assert node["@id"] == "urn:clipwire:asset:a1:policy:1"
    assert node["@type"] == [ODRL + "Set"]
    assert node[ODRL + "target"] == [{"@id": "urn:x"}]
    assert node[ODRL + "profile"] == [{"@id": RIGHTSML_PROFILE}]
    assert node[ODRL + "conflict"] == [{"@id": ODRL + "prohibit"}]
    assert node[DCT + "issued"] == [{"@type": XSD_DATETIME, "@value": "2026-11-27T12:00:00Z"}]
    assert node[DCT + "description"] == [{"@value": "No access Chinese mainland"}]


def test_with_an_assigner_it_is_an_offer_naming_the_party():
    assigner = {"uid": "urn:clipwire:partner:p1", "name": "Example News"}
    node = expanded("Editorial use only", assigner=assigner)
    assert node["@type"] == [ODRL + "Offer"]
    [party] = node[ODRL + "assigner"]
    assert party["@id"] == "urn:clipwire:partner:p1"
    assert party["@type"] == [ODRL + "Party"]
    assert party["http://www.w3.org/2006/vcard/ns#fn"] == [{"@value": "Example News"}]


def test_an_allow_list_constrains_the_permission_to_its_places():
    node = expanded("UK only")
    [permission] = node[ODRL + "permission"]
    gb = "http://cvx.iptc.org/iso3166-1a2/GB"
    assert constraints(permission) == [(ODRL + "spatial", ODRL + "isAnyOf", [{"@id": gb}])]
    assert prohibitions(node) == []


def test_a_group_is_expanded_at_the_instant_and_the_policy_says_so():
    before = expanded("No access EU", at=datetime(2020, 1, 31, 22, 0, tzinfo=UTC))
    after = expanded("No access EU", at=datetime(2020, 2, 1, tzinfo=UTC))
    gb = {"@id": "http://cvx.iptc.org/iso3166-1a2/GB"}
    [(_, _, members_before)] = constraints(prohibitions(before)[0])
    [(_, _, members_after)] = constraints(prohibitions(after)[0])
    assert gb in members_before
    assert gb not in members_after
    assert len(members_before) == 28 and len(members_after) == 27
    [remark] = comments(after)
    assert remark.startswith("European Union is expanded to the 27 territories it holds on ")
    assert "2020-02-01T00:00:00Z" in remark
    assert "membership can change" in remark
    assert "Source: European Union" in remark
    [constraint] = prohibitions(after)[0][ODRL + "constraint"]
    assert "European Union is expanded" in comments(constraint)[0]


def test_an_embargo_is_a_typed_datetime_constraint_on_the_permission():
    node = expanded("Embargo until 25 December 2026 09:00 Europe/Paris")
    [permission] = node[ODRL + "permission"]
    assert constraints(permission) == [
        (
            ODRL + "dateTime",
            ODRL + "gteq",
            [{"@type": XSD_DATETIME, "@value": "2026-12-25T08:00:00Z"}],
        )
    ]


def test_editorial_only_is_a_purpose_constraint():
    [permission] = expanded("Editorial use only")[ODRL + "permission"]
    assert constraints(permission) == [
        (ODRL + "purpose", ODRL + "eq", [{"@id": PURPOSES["editorial"]}])
    ]


def test_platforms_are_prohibited_delivery_channels():
    [prohibition] = prohibitions(expanded("Broadcast only"))
    channels = [{"@id": CHANNELS["digital"]}, {"@id": CHANNELS["social"]}]
    assert constraints(prohibition) == [(ODRL + "deliveryChannel", ODRL + "isAnyOf", channels)]
    assert comments(prohibition) == ["Broadcast only"]


def test_hold_for_release_prohibits_all_use_until_released():
    restrictions = compile_restrictions("Hold for release")
    held = expand_offline(odrl_policy(restrictions, uid="urn:p", target="urn:x", at=AT))[0]
    [prohibition] = prohibitions(held)
    assert actions(prohibition) == [ODRL + "use"]
    assert ODRL + "constraint" not in prohibition
    assert "Held for release" in comments(prohibition)[0]
    released = odrl_policy(restrictions.release(), uid="urn:p", target="urn:x", at=AT)
    assert "prohibition" not in released
    assert read_policy(expand_offline(released)).permitted("FR", AT)


def test_credits_and_courtesy_lines_are_attribution_duties_naming_the_party():
    node = expanded("Must credit NASA. Courtesy: Reuters")
    [permission] = node[ODRL + "permission"]
    duties = permission[ODRL + "duty"]
    assert [actions(duty) for duty in duties] == [[ODRL + "attribute"]] * 2
    names = [
        duty[ODRL + "attributedParty"][0]["http://www.w3.org/2006/vcard/ns#fn"][0]["@value"]
        for duty in duties
    ]
    assert sorted(names) == ["NASA", "Reuters"]
    assert any("Courtesy of Reuters" in comments(duty)[0] for duty in duties)
    assert prohibitions(node) == []  # duties never block


def test_no_archive_and_no_resale_prohibit_those_actions_only():
    node = expanded("No archive. No resale")
    assert sorted(a for rule in prohibitions(node) for a in actions(rule)) == [
        ODRL + "archive",
        ODRL + "grantUse",
        ODRL + "sell",
    ]
    policy = read_policy([node])
    assert policy.permitted("FR", AT)
    assert not policy.permitted("FR", AT, action="archive")
    assert not policy.permitted("FR", AT, action="grantUse")
    assert policy.permitted("FR", AT, action="distribute")


@pytest.mark.parametrize("error", ["Cannot read “No access Narnia”: not a territory", None])
def test_unreadable_text_permits_nothing_and_says_why(error):
    policy = odrl_policy(None, uid="urn:p", target="urn:x", error=error, at=AT)
    node = expand_offline(policy)[0]
    assert ODRL + "permission" not in node
    [prohibition] = prohibitions(node)
    assert actions(prohibition) == [ODRL + "use"]
    assert ODRL + "constraint" not in prohibition
    assert "could not be read" in comments(prohibition)[0]
    if error:
        assert "Narnia" in node[DCT + "description"][0]["@value"]
    evaluated = read_policy([node])
    assert not any(
        evaluated.permitted(code, AT, use, platform)
        for code in ("FR", "US", None)
        for use in (None, "editorial")
        for platform in (None, "broadcast")
    )


def test_part_rules_are_applied_to_the_whole_clip_with_the_warning():
    node = expanded("Part: No access France")
    assert "covers only part of the footage" in comments(node)[0]
    assert comments(prohibitions(node)[0]) == ["Part: No access France"]


def test_the_policy_is_plain_json_and_uses_only_the_inline_context():
    policy = policy_of("No access EU. Must credit X. Embargo until 2026-12-01 09:00 UTC")
    assert policy["@context"] is ODRL_CONTEXT
    assert json.loads(json.dumps(policy)) == policy


def test_no_restrictions_permit_use_without_constraints():
    node = expanded("No restrictions")
    assert node[ODRL + "permission"] == [{ODRL + "action": [{"@id": ODRL + "use"}]}]
    assert prohibitions(node) == []
