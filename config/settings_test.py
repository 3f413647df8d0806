"""Test settings: the real settings plus what makes tests fast and strict."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-with-enough-length-and-entropy-0123456789")
# Without Redis, the shared counters of this test run (and of the processes it starts) live here.
os.environ.setdefault("SHARED_CACHE_DIR", os.path.join(tempfile.gettempdir(), f"platform-test-cache-{os.getpid()}"))

from .settings import *  # noqa: E402,F403
from .settings import REST_FRAMEWORK  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Tasks run in-process and raise; a test that needs a real worker starts one (config/testing/celery.py).
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
REST_FRAMEWORK = {**REST_FRAMEWORK, "TEST_REQUEST_DEFAULT_FORMAT": "json"}
CORS_ALLOWED_ORIGINS = ["http://client.example"]
# Serve static files from the finders, as runserver does, without a collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The suite sends thousands of requests from one address: it runs far under every limit. The limits'
# own tests (config/tests/test_rate_limits.py, accounts/tests/test_lockout.py) set the real values.
API_RATE_LIMITS = dict.fromkeys(API_RATE_LIMITS, "100000/hour")  # noqa: F405
LOGIN_FAILURES_PER_USER_ADDRESS = LOGIN_FAILURES_PER_ADDRESS = 10_000
