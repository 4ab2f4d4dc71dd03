from common.models import PUBLIC_ID_PATTERN


class PublicIdConverter:
    regex = PUBLIC_ID_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
