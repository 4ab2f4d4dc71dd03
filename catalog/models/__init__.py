"""The catalogue's models, one module per kind of thing:

- partners: ContentPartner
- taxonomy: Category, Tag
- assets: VideoAsset (a clip; "asset" in code and API) and its status moves
- profiles: RestrictionProfile and ProfileTerritory, the compiled rules SQL filters on
- counts: published clips per category, partner and tag, per profile (maintained)
- stories: Story
- choices, querysets: the states, and how clips and stories are read
"""

from catalog.models.assets import (
    SLUG_PATTERN,
    IllegalTransition,
    VideoAsset,
    compose_search_document,
    upload_asset_master,
    upload_asset_poster,
)
from catalog.models.choices import ALLOWED_TRANSITIONS, AssetStatus, TerritoryScope
from catalog.models.counts import CategoryCount, PartnerCount, TagCount
from catalog.models.partners import ContentPartner, upload_partner_cover, upload_partner_profile
from catalog.models.profiles import PLATFORM_COLUMNS, ProfileTerritory, RestrictionProfile
from catalog.models.querysets import ASSET_ORDERINGS, SEARCH_CONFIG
from catalog.models.stories import Story
from catalog.models.taxonomy import Category, Tag

__all__ = [
    "ALLOWED_TRANSITIONS",
    "ASSET_ORDERINGS",
    "PLATFORM_COLUMNS",
    "SEARCH_CONFIG",
    "SLUG_PATTERN",
    "AssetStatus",
    "Category",
    "CategoryCount",
    "ContentPartner",
    "IllegalTransition",
    "PartnerCount",
    "ProfileTerritory",
    "RestrictionProfile",
    "Story",
    "Tag",
    "TagCount",
    "TerritoryScope",
    "VideoAsset",
    "compose_search_document",
    "upload_asset_master",
    "upload_asset_poster",
    "upload_partner_cover",
    "upload_partner_profile",
]
