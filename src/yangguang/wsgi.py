import os

from django.core.wsgi import get_wsgi_application

from yangguang.paths import private_umask

private_umask()  # uploads and the SQLite file: the platform's alone
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yangguang.settings")
application = get_wsgi_application()
