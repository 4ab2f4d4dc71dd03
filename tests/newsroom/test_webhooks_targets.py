# ruff: noqa: F811 - the fixtures imported from webhooks_support are the parameters
"""Where webhooks may go (SSRF): https and public addresses only, checked when registered and
at every delivery, connecting to the checked address (no second lookup)."""

import ipaddress
import socket

import pytest

from newsroom.models import DeliveryStatus, WebhookDelivery
from newsroom.webhooks import targets
from newsroom.webhooks.delivery import delivery_attempt
from newsroom.webhooks.publishing import Event, events_publish
from newsroom.webhooks.targets import TargetRefused, target_check
from tests.licensing.conftest import make_buyer
from tests.newsroom.webhooks_support import endpoint_for, receiver  # noqa: F401


@pytest.fixture(autouse=True)
def private_off(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = False


def fake_dns(monkeypatch, answers: dict[str, list[str]]) -> list[str]:
    """Resolve names from `answers`; returns the list of names looked up, in order."""
    asked, real = [], socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        try:
            ipaddress.ip_address(host)
        except ValueError:
            asked.append(host)
        else:  # connecting to an address looks it up too; that is not DNS
            return real(host, port, *args, **kwargs)
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in answers[host]]

    monkeypatch.setattr(targets.socket, "getaddrinfo", getaddrinfo)
    return asked


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://10.1.2.3/hook",
        "https://172.16.0.1/",
        "https://192.168.1.10/",
        "https://169.254.169.254/latest/meta-data/",  # cloud metadata, link-local
        "https://100.64.0.1/",  # carrier-grade NAT
        "https://0.0.0.0/",
        "https://224.0.0.1/",  # multicast
        "https://240.0.0.1/",  # reserved
        "https://[::1]/",
        "https://[fe80::1]/",
        "https://[fc00::1]/",
        "https://[::ffff:10.0.0.1]/",  # IPv4-mapped private
        "https://[::ffff:127.0.0.1]/",
        "https://[2002:c0a8:0101::1]/",  # 6to4 of 192.168.1.1
        "https://[64:ff9b::a00:1]/",  # NAT64 of 10.0.0.1
        "https://[64:ff9b:1::a00:1]/",  # local-use NAT64
        "https://[::127.0.0.1]/",  # IPv4-compatible
        "https://[::ffff:0:a00:1]/",  # IPv4-translated
        "https://[fec0::1]/",  # site-local
    ],
)
def test_non_public_addresses_are_refused(url):
    with pytest.raises(TargetRefused, match="not public"):
        target_check(url)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://93.184.215.14/hook", "must start with https://"),
        ("ftp://93.184.215.14/", "must start with https://"),
        ("https://user:pw@93.184.215.14/", "user name or password"),
        ("https://token@93.184.215.14/", "user name or password"),
        ("https:///nohost", "has no host"),
        ("https://93.184.215.14:99999/", "not valid"),
        ("https://93.184.215.14/a b", "spaces or control"),
        ("https://93.184.215.14/#frag", "fragment"),
        ("not a url", "must start with https://"),
        ("https://93.184.215.14/caf\u00e9", "plain ASCII"),
        ("https://93.184.215.14/\ud800", "plain ASCII"),  # a lone surrogate from JSON
        ("https://bücher.example/", "plain ASCII"),
        ("https://[::1/", "not valid"),
    ],
)
def test_malformed_or_unsafe_urls_are_refused(url, message):
    with pytest.raises(TargetRefused, match=message):
        target_check(url)


def test_a_public_address_passes_and_is_what_the_sender_connects_to():
    target = target_check("https://93.184.215.14:8443/in?x=1")
    assert (target.host, target.port, target.path, target.address) == (
        "93.184.215.14",
        8443,
        "/in?x=1",
        "93.184.215.14",
    )
    assert target_check("https://[2606:4700:4700::1111]/").address == "2606:4700:4700::1111"


def test_a_name_is_refused_if_any_of_its_addresses_is_not_public(monkeypatch):
    fake_dns(monkeypatch, {"hooks.example.com": ["93.184.215.14", "10.0.0.7"]})
    with pytest.raises(TargetRefused, match="resolves to an address that is not public") as refused:
        target_check("https://hooks.example.com/in")
    assert "10.0.0.7" not in str(refused.value)  # a buyer learns nothing of internal names


def test_a_name_that_does_not_resolve_is_refused(monkeypatch):
    fake_dns(monkeypatch, {})
    with pytest.raises(TargetRefused, match="could not be resolved"):
        target_check("https://nowhere.example.com/in")


def test_with_allow_private_http_and_local_addresses_pass(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True
    assert target_check("http://127.0.0.1:8080/x").address == "127.0.0.1"
    with pytest.raises(TargetRefused, match="user name or password"):
        target_check("http://u:p@127.0.0.1/")  # still no credentials


@pytest.mark.django_db
def test_a_name_that_turns_private_after_registration_is_not_sent_to(
    monkeypatch, django_capture_on_commit_callbacks
):
    buyer = make_buyer("Rebind News")[0]
    endpoint = endpoint_for(buyer, "https://hooks.example.com/in")
    fake_dns(monkeypatch, {"hooks.example.com": ["127.0.0.1"]})  # DNS now answers loopback
    with django_capture_on_commit_callbacks(execute=True):
        events_publish([Event(buyer.pk, "asset.withdrawn", {})])
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == DeliveryStatus.FAILED and delivery.last_response_code is None
    assert delivery.last_error.startswith("Not sent: The host hooks.example.com resolves to")


@pytest.mark.django_db
def test_delivery_connects_to_the_checked_address_with_the_name_as_host(
    monkeypatch, settings, receiver
):
    """One lookup per attempt, and the connection goes to its answer: a rebinding name has
    no second lookup to answer differently."""
    settings.WEBHOOK_ALLOW_PRIVATE = True
    port = receiver.url.split(":")[2].split("/")[0]
    buyer = make_buyer("Pinned News")[0]
    endpoint_for(buyer, f"http://hooks.example.com:{port}/in")
    asked = fake_dns(monkeypatch, {"hooks.example.com": ["127.0.0.1"]})
    events_publish([Event(buyer.pk, "asset.withdrawn", {})])
    assert delivery_attempt(WebhookDelivery.objects.get().pk).succeeded
    assert asked == ["hooks.example.com"]
    [got] = receiver.requests
    assert got.headers["Host"] == f"hooks.example.com:{port}"
