"""Settings for the test suite (pyproject.toml names this module for pytest).

The development settings with what a test run needs instead; nothing in the application
asks whether it runs under test. Folders and per-worker resources are chosen by
tests/conftest.py: a temporary media folder, the audit head file beside it, the SQLite
file and the Redis database of each parallel worker.
"""

from panah.settings import *  # noqa: F403
from panah.settings import DATABASES

# Threads (live server, in-process worker) must not keep the test database open.
DATABASES["default"]["CONN_MAX_AGE"] = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run in the test's own process unless a test starts a worker against Redis.
CELERY_TASK_ALWAYS_EAGER = True
# Rate-limit counters and cached figures in each test process's memory: tests clear them
# between tests, and parallel workers must not share them.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
