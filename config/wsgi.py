import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Web processes get the statement timeout (STATEMENT_TIMEOUT_MS); commands do not.
os.environ.setdefault("CLIPWIRE_PROCESS", "web")
application = get_wsgi_application()
