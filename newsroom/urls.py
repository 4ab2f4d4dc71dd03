"""The newsroom's pages on the site: boards, saved searches, webhooks on the account."""

app_name = "newsroom"
urlpatterns = []
