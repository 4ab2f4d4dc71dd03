"""Who a request is (common.members), and the organisations read off it: licensing's
request_buyer and the partner area's request_partner, for a signed-in member and for a key."""

import pytest
from django.contrib.auth.models import AnonymousUser

from common.members import request_member, request_person
from licensing.api.authentication import ApiKeyUser
from licensing.models import ApiKey, BuyerMember
from licensing.site import request_buyer
from partners.api.authentication import PartnerKeyUser
from partners.api.permissions import request_partner
from partners.models import PartnerMember
from partners.services.members import partner_key_create
from tests.factories import UserFactory
from tests.licensing.conftest import make_buyer
from tests.partners.clips import member_of

pytestmark = pytest.mark.django_db


def request_as(rf, user):
    request = rf.get("/")
    request.user = user
    return request


def test_a_signed_in_member_is_found_once_a_request_with_their_organisation(
    rf, django_assert_num_queries
):
    buyer, _ = make_buyer()
    user = BuyerMember.objects.get(buyer=buyer).user
    request = request_as(rf, user)

    with django_assert_num_queries(1):
        assert request_member(request, BuyerMember).buyer == buyer
        assert request_member(request, BuyerMember).buyer == buyer
        assert request_buyer(request) == buyer
    assert request_member(request, PartnerMember) is None  # a buyer's member is no partner's
    assert request_person(request) == user


def test_a_partner_member_is_found_with_their_partner(rf, django_assert_num_queries):
    member = member_of()
    request = request_as(rf, member.user)

    with django_assert_num_queries(1):
        assert request_member(request, PartnerMember) == member
        assert request_partner(request) == member.partner
    assert request_buyer(request) is None
    assert request_person(request) == member.user


def test_no_one_signed_in_is_no_member_and_no_person(rf):
    request = request_as(rf, AnonymousUser())

    assert request_member(request, BuyerMember) is None
    assert request_buyer(request) is None
    assert request_person(request) is None


def test_a_signed_in_user_of_no_organisation_is_a_person_but_no_member(rf):
    user = UserFactory()
    request = request_as(rf, user)

    assert request_member(request, BuyerMember) is None
    assert request_member(request, PartnerMember) is None
    assert request_person(request) == user


def test_a_buyers_key_acts_for_its_buyer_and_names_no_person(rf, django_assert_num_queries):
    buyer, _ = make_buyer()
    request = request_as(rf, ApiKeyUser(ApiKey.objects.select_related("buyer").get(buyer=buyer)))

    with django_assert_num_queries(0):
        assert request_member(request, BuyerMember) is None  # a key is not a person
        assert request_buyer(request) == buyer
        assert request_partner(request) is None
        assert request_person(request) is None


def test_a_partner_key_acts_for_its_partner_and_its_members_person(rf):
    member = member_of()
    key, _ = partner_key_create(member=member)
    request = request_as(rf, PartnerKeyUser(key))

    assert request_member(request, PartnerMember) is None
    assert request_partner(request) == member.partner
    assert request_buyer(request) is None
    assert request_person(request) == member.user


def test_a_partner_key_whose_member_was_removed_names_no_person(rf):
    member = member_of()
    key, _ = partner_key_create(member=member)
    member.delete()
    key.refresh_from_db()

    assert request_person(request_as(rf, PartnerKeyUser(key))) is None
