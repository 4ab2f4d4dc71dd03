"""The partner area's rows, one module per kind of thing:

- members: PartnerMember, PartnerApiKey (who acts for a content partner)
- submissions: RightsAttestation, ReviewDecision (a clip on its way in)
- notifications: PartnerNotification (what the dashboard lists and the e-mails said)
- review_queue: AssetInReview (admin's queue of clips in review; a proxy of VideoAsset)
"""

from partners.models.members import PartnerApiKey, PartnerMember
from partners.models.notifications import PartnerNotification
from partners.models.review_queue import AssetInReview
from partners.models.submissions import ReviewDecision, RightsAttestation

__all__ = [
    "AssetInReview",
    "PartnerApiKey",
    "PartnerMember",
    "PartnerNotification",
    "ReviewDecision",
    "RightsAttestation",
]
