import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Web processes get the statement timeout (STATEMENT_TIMEOUT_MS); commands do not.
os.environ.setdefault("CLIPWIRE_PROCESS", "web")
application = get_asgi_application()
