"""The WSGI entry point for production servers: `gunicorn medcoder.web.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medcoder.web.settings")
application = get_wsgi_application()
