"""Path converters for ids: an address whose id is not id-shaped answers 404 from the URL
resolver, before any view queries the database with it. Registered once, on import, for every
app's urls.py."""

from django.urls import register_converter

from common.models import PUBLIC_ID_PATTERN


class PublicIdConverter:
    regex = PUBLIC_ID_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class VerificationCodeConverter:
    """A licence's verification code, "K7QD-M2XP-9RTA"; read aloud, so any letter case."""

    regex = "[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}"

    def to_python(self, value: str) -> str:
        return value.upper()

    def to_url(self, value: str) -> str:
        return value


register_converter(PublicIdConverter, "public_id")
register_converter(VerificationCodeConverter, "verification_code")
