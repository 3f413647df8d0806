"""Settings, every value read typed from the environment (see README: "Configuration").

With nothing set the platform runs on its embedded defaults: SQLite, eager Celery tasks,
the in-memory channel layer and local-memory cache. Production sets DATABASE_URL, REDIS_URL
and CELERY_BROKER_URL and gets PostgreSQL, Redis and real workers.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

# A development key is only acceptable while DEBUG is on; production must set its own.
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "daphne",
    "backoffice.apps.BackofficeAdminConfig",  # django.contrib.admin with the dashboard home
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and ReDoc served from our static files, pinned, no CDN
    "django_celery_beat",
    "channels",
    "mptt",
    "accounts",
    "catalog",
    "orders",
    "files",
    "crm",
    "printshop",
    "inventory",
    "configurator",
]

MIDDLEWARE = [
    "config.api.middleware.ApiTrailingSlashMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.api.middleware.ApiGZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.locale.SiteLocaleMiddleware",  # after sessions, before common (Django's LocaleMiddleware place)
    "django.middleware.common.CommonMiddleware",
    "config.body_limits.BodyLimitMiddleware",  # before CSRF, which reads the form
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Pages run each request in a transaction; API views run only their writes in one (config/api/base.py).
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# PostgreSQL connections come from a psycopg pool in each process, so a request does not pay for a new
# connection (issue 10). Behind PgBouncer in transaction mode set DB_POOL=0: Django then opens one
# connection per request, or keeps it for DB_CONN_MAX_AGE seconds, checked before reuse.
DB_POOL = env.bool("DB_POOL", default=True) and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if DB_POOL:
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DB_POOL_MIN_SIZE", default=2),
        "max_size": env.int("DB_POOL_MAX_SIZE", default=10),
        "timeout": env.int("DB_POOL_TIMEOUT_SECONDS", default=10),
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=0)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Django's model backend behind the failed-login lockout (accounts/lockout.py).
AUTHENTICATION_BACKENDS = ["accounts.backends.GuardedModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "home"

# Pages speak Russian (the default) or English: the language switch's cookie, else the browser's
# Accept-Language (config/locale.py). The APIs, their errors and their docs are English whatever is asked.
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Largest uploaded file (3D model or document), decoded. API uploads arrive as base64 in JSON (spec
# "Files"); those routes raise their own body limit to fit one (files/api/views.py).
MFG_MAX_UPLOAD_BYTES = env.int("MFG_MAX_UPLOAD_BYTES", default=50 * 1024 * 1024)
IMAGE_MAX_UPLOAD_BYTES = env.int("IMAGE_MAX_UPLOAD_BYTES", default=5 * 1024 * 1024)  # inventory spec "upload_image"
# Shop product photos (catalog/shop.py add_photo): the shop spec's "File Uploads: 10 MB max file size".
SHOP_PHOTO_MAX_UPLOAD_BYTES = env.int("SHOP_PHOTO_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
# Every other body is small: at most this many bytes, refused (413) from Content-Length before any
# is read; API routes in their dialect (config/api/parsers.py), pages by config/body_limits.py.
MAX_BODY_BYTES = env.int("MAX_BODY_BYTES", default=1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_BODY_BYTES  # Django's own cap on form fields read into memory

# Redis, when configured, backs the cache, the channel layer and (by default) the Celery broker.
REDIS_URL = env.str("REDIS_URL", default="")
# `shared` holds what every web process must count together (rate limits, failed logins): Redis when
# configured, else files on this machine, never per-process memory (a limit split over two workers
# would never fire).
SHARED_CACHE = "shared"
if REDIS_URL:
    _redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    CACHES = {"default": _redis, SHARED_CACHE: {**_redis, "KEY_PREFIX": "shared"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [REDIS_URL]}}}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        SHARED_CACHE: {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env.str("SHARED_CACHE_DIR", default=str(BASE_DIR / "var" / "shared-cache")),
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
    }
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Request rates per caller (user, or address when anonymous), by scope: an API's name, or a
# route's own documented limit ("printshop.sync"). Each is a setting: RATE_LIMIT_<SCOPE> ("off" to lift).
_DEFAULT_RATE_LIMITS = {
    "mfg": "300/minute",  # the spec has none; generous for portals, still a bound
    "configurator": "100/minute",  # spec "Rate Limits": 100 per minute per user
    "configurator.burst": "20/second",  # ... with bursts of 20 per second
    "inventory": "600/minute",
    "printshop": "1000/hour",  # spec "Rate Limiting"
    "printshop.sync": "5/minute",
    "printshop.print": "100/minute",
    "shop": "1000/hour",
    "shop.storefront": "10/hour",  # orders placed on a storefront page (no sign-in) from one address
}
API_RATE_LIMITS = {
    scope: rate
    for scope, default in _DEFAULT_RATE_LIMITS.items()
    if (rate := env.str(f"RATE_LIMIT_{scope.upper().replace('.', '_')}", default=default)) != "off"
}
# Failed sign-ins (django-axes' model): this many failures for one username from one address lock
# that pair, and this many from one address lock the address, for LOGIN_LOCKOUT_SECONDS, doubling
# with each lock up to LOGIN_LOCKOUT_MAX_SECONDS; a locked pair is refused even with the right password.
LOGIN_FAILURES_PER_USER_ADDRESS = env.int("LOGIN_FAILURES_PER_USER_ADDRESS", default=5)
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", default=50)
LOGIN_FAILURE_WINDOW_SECONDS = env.int("LOGIN_FAILURE_WINDOW_SECONDS", default=15 * 60)
LOGIN_LOCKOUT_SECONDS = env.int("LOGIN_LOCKOUT_SECONDS", default=60)
LOGIN_LOCKOUT_MAX_SECONDS = env.int("LOGIN_LOCKOUT_MAX_SECONDS", default=60 * 60)

# Etsy (issue 12, printshop/etsy/): off until the app's keystring, shared secret and redirect URI are
# set (the Etsy routes answer 503 naming the missing one). Etsy's addresses are settings for the test server.
ETSY_KEYSTRING = env.str("ETSY_KEYSTRING", default="")
ETSY_SHARED_SECRET = env.str("ETSY_SHARED_SECRET", default="")
ETSY_REDIRECT_URI = env.str("ETSY_REDIRECT_URI", default="")
ETSY_API_BASE_URL = env.str("ETSY_API_BASE_URL", default="https://api.etsy.com/v3")
ETSY_OAUTH_URL = env.str("ETSY_OAUTH_URL", default="https://www.etsy.com/oauth/connect")
ETSY_SCOPES = env.str("ETSY_SCOPES", default="transactions_r transactions_w shops_r email_r profile_r")
ETSY_TIMEOUT_SECONDS = env.float("ETSY_TIMEOUT_SECONDS", default=15.0)
# Pauses (s) between tries when Etsy is down or answers 429/5xx, before the sync task retries later.
ETSY_RETRY_BACKOFF = [float(x) for x in env.list("ETSY_RETRY_BACKOFF", default=["1", "2", "4"])]
# Tokens are refreshed this long before they expire; incremental syncs look back this far (clock skew).
ETSY_TOKEN_REFRESH_MARGIN_SECONDS = env.int("ETSY_TOKEN_REFRESH_MARGIN_SECONDS", default=300)
ETSY_SYNC_OVERLAP_SECONDS = env.int("ETSY_SYNC_OVERLAP_SECONDS", default=300)
ETSY_SYNC_INTERVAL_MINUTES = env.int("ETSY_SYNC_INTERVAL_MINUTES", default=15)

# Celery: with no broker, tasks run eagerly in-process (README: "Embedded defaults").
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL or None) or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    CELERY_BROKER_URL = "memory://localhost/"  # eager tasks never reach it; kombu then stays quiet
CELERY_TASK_EAGER_PROPAGATES = CELERY_TASK_ALWAYS_EAGER
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "files.tasks.generate_preview_task": {"queue": "previews"},
    "crm.tasks.*": {"queue": "crm"},
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Beat entries by name; django-celery-beat syncs them into its tables idempotently.
CELERY_BEAT_SCHEDULE = {
    "crm.process-sync-queue": {"task": "crm.tasks.drain_sync_queue_task", "schedule": timedelta(minutes=1)},
    "crm.deliver-shop-webhooks": {"task": "crm.tasks.deliver_webhooks_task", "schedule": timedelta(minutes=1)},
    "crm.remind-important-dates": {
        "task": "crm.tasks.remind_important_dates_task",
        "schedule": crontab(hour=3, minute=0),  # 09:00 in Almaty
    },
    "crm.reconcile-deals": {"task": "crm.tasks.reconcile_deals_task", "schedule": timedelta(minutes=15)},
    "orders.fetch-missing-invoices": {"task": "crm.tasks.fetch_missing_invoices_task", "schedule": timedelta(hours=1)},
    "accounts.flush-expired-tokens": {
        "task": "accounts.tasks.flush_expired_tokens_task",
        "schedule": timedelta(hours=6),
    },
    "printshop.sync-etsy-shops": {
        "task": "printshop.tasks.sync_etsy_shops_task",
        "schedule": timedelta(minutes=ETSY_SYNC_INTERVAL_MINUTES),
    },
    "printshop.deliver-notifications": {
        "task": "printshop.tasks.deliver_notifications_task",
        "schedule": timedelta(minutes=1),
    },
    "configurator.expire-quotes": {
        "task": "configurator.tasks.expire_overdue_quotes_task",
        "schedule": timedelta(hours=1),
    },
}

# How long a configurator quote stays valid by default, and at most when a customer asks for one.
CONFIGURATOR_QUOTE_VALID_DAYS = env.int("CONFIGURATOR_QUOTE_VALID_DAYS", default=30)

# Bitrix24 CRM (reference/bitrix24.md): off until an incoming-webhook URL is set. The URL is a secret.
BITRIX_WEBHOOK_URL = env.str("BITRIX_WEBHOOK_URL", default="") or env.str("BITRIX24_WEBHOOK_URL", default="")
BITRIX_VERIFY_TLS = env.bool("BITRIX_VERIFY_TLS", default=True)
BITRIX_RATE_PER_SECOND = env.int("BITRIX_RATE_PER_SECOND", default=2)
# Pauses (s) after a QUERY_LIMIT_EXCEEDED answer before the item falls back to the queue's delays.
BITRIX_RATE_LIMIT_BACKOFF = [
    float(x) for x in env.list("BITRIX_RATE_LIMIT_BACKOFF", default=["0.5", "1", "2", "4", "8"])
]
BITRIX_MAAS_CATEGORY_ID = env.int("BITRIX_MAAS_CATEGORY_ID", default=0) or None
BITRIX_MAAS_FUNNEL_NAME = env.str("BITRIX_MAAS_FUNNEL_NAME", default="MaaS")
BITRIX_DEAL_FILE_FIELD = env.str("BITRIX_DEAL_FILE_FIELD", default="UF_CRM_MODEL_FILE")
BITRIX_DISK_FOLDER_ID = env.int("BITRIX_DISK_FOLDER_ID", default=1)
# Incoming events: Bitrix's application token (native form events) and a shared token (JSON events).
BITRIX_APPLICATION_TOKEN = env.str("BITRIX_APPLICATION_TOKEN", default="")
BITRIX_WEBHOOK_TOKEN = env.str("BITRIX_WEBHOOK_TOKEN", default="")

# Retail shop sign-in: one-time codes by phone (accounts/otp.py). Delivery `telegram` sends them
# through the bot; `debug` answers them in the response and is refused unless DEBUG or set here.
OTP_DELIVERY = env.str("OTP_DELIVERY", default="debug" if DEBUG else "telegram")
OTP_VALID_SECONDS = env.int("OTP_VALID_SECONDS", default=5 * 60)
OTP_REQUESTS_PER_MINUTE = env.int("OTP_REQUESTS_PER_MINUTE", default=3)
OTP_WRONG_CODES_LIMIT = env.int("OTP_WRONG_CODES_LIMIT", default=3)
OTP_LOCK_SECONDS = env.int("OTP_LOCK_SECONDS", default=15 * 60)
SHOP_ACCESS_TOKEN_LIFETIME = timedelta(hours=env.int("SHOP_ACCESS_TOKEN_LIFETIME_HOURS", default=24))
# The payment provider signs its notices (POST /api/shop/orders/{id}/payment-webhook) with this secret;
# unset, the webhook answers 503 naming it.
SHOP_PAYMENT_WEBHOOK_SECRET = env.str("SHOP_PAYMENT_WEBHOOK_SECRET", default="")
# Inventory labels printed to a file (`file:///...` printer identifiers) land only inside this folder;
# unset, the file backend is off (network printers, tcp://host:9100, need nothing).
INVENTORY_LABEL_DIR = env.str("INVENTORY_LABEL_DIR", default="")
# Supplier APIs that describe parts (inventory/suppliers/): each is off until its settings are given.
LCSC_API_URL = env.str("LCSC_API_URL", default="")  # e.g. https://wmsc.lcsc.com (the shop's product JSON)
DIGIKEY_API_URL = env.str("DIGIKEY_API_URL", default="https://api.digikey.com")
DIGIKEY_CLIENT_ID = env.str("DIGIKEY_CLIENT_ID", default="")
DIGIKEY_CLIENT_SECRET = env.str("DIGIKEY_CLIENT_SECRET", default="")
MOUSER_API_URL = env.str("MOUSER_API_URL", default="https://api.mouser.com")
MOUSER_API_KEY = env.str("MOUSER_API_KEY", default="")
# Telegram Bot API: off until the token is set. Updates reach /api/shop/telegram/webhook with
# Telegram's `X-Telegram-Bot-Api-Secret-Token` header, which must equal TELEGRAM_WEBHOOK_SECRET.
TELEGRAM_BOT_TOKEN = env.str("TELEGRAM_BOT_TOKEN", default="")
TELEGRAM_BOT_USERNAME = env.str("TELEGRAM_BOT_USERNAME", default="")
TELEGRAM_WEBHOOK_SECRET = env.str("TELEGRAM_WEBHOOK_SECRET", default="")
TELEGRAM_API_URL = env.str("TELEGRAM_API_URL", default="https://api.telegram.org")
TELEGRAM_TIMEOUT_SECONDS = env.float("TELEGRAM_TIMEOUT_SECONDS", default=10.0)
# Outgoing shop webhooks (crm/shop_webhooks.py): how long a receiver may take to answer one post.
SHOP_WEBHOOK_TIMEOUT_SECONDS = env.float("SHOP_WEBHOOK_TIMEOUT_SECONDS", default=10.0)
# The shops' local time: which day "today" is for important-date reminders.
SHOP_TIME_ZONE = env.str("SHOP_TIME_ZONE", default="Asia/Almaty")
# What a delivery ordered on a shop's storefront (/shop/<id>/) adds to the flowers, whole tenge; pickup is free.
SHOP_STOREFRONT_DELIVERY_FEE = env.int("SHOP_STOREFRONT_DELIVERY_FEE", default=0)

# Print shop secrets at rest (printshop/vault.py): comma-separated Fernet keys, the first encrypts, all
# decrypt. Unset: one key derived from SECRET_KEY (fine for development; production sets its own).
PRINTSHOP_ENCRYPTION_KEYS = env.list("PRINTSHOP_ENCRYPTION_KEYS", default=[])
# Print shop notifications (printshop/services/notifications.py and delivery.py, docs/printshop-notifications.md):
# webhooks other than Slack and Discord are signed `X-Webhook-Signature: sha256=<HMAC-SHA256 of the
# body>` with this secret; unset, they wait, failed with that reason, until staff replay them.
PRINTSHOP_WEBHOOK_SECRET = env.str("PRINTSHOP_WEBHOOK_SECRET", default="")
PRINTSHOP_WEBHOOK_TIMEOUT_SECONDS = env.float("PRINTSHOP_WEBHOOK_TIMEOUT_SECONDS", default=10.0)
# Owners type their webhook URLs: one on a loopback, private or link-local address is refused unless
# this is on (a farm whose receiver is on its own LAN; the tests' receivers on 127.0.0.1).
PRINTSHOP_WEBHOOK_ALLOW_PRIVATE_HOSTS = env.bool("PRINTSHOP_WEBHOOK_ALLOW_PRIVATE_HOSTS", default=False)
# Outgoing email (print shop notifications) through Django's backend: SMTP to EMAIL_HOST. With the
# SMTP backend and no EMAIL_HOST, email is off and email notifications fail saying so (replayable).
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="webmaster@localhost")
# Bambu Lab printers over MQTT (issue 12, docs/printshop-bambu.md), read by `manage.py listen_printers`.
# A LAN printer is its own broker: TLS on 8883, a certificate from Bambu's private CA naming its serial.
# Verification is off unless BAMBU_MQTT_CA_FILE names that CA (or the printer's pinned certificate).
BAMBU_MQTT_PORT = env.int("BAMBU_MQTT_PORT", default=8883)
BAMBU_MQTT_TLS = env.bool("BAMBU_MQTT_TLS", default=True)
BAMBU_MQTT_CA_FILE = env.str("BAMBU_MQTT_CA_FILE", default="")
BAMBU_CLOUD_MQTT_HOST = env.str("BAMBU_CLOUD_MQTT_HOST", default="us.mqtt.bambulab.com")
BAMBU_CLOUD_MQTT_PORT = env.int("BAMBU_CLOUD_MQTT_PORT", default=8883)
BAMBU_MQTT_KEEPALIVE_SECONDS = env.int("BAMBU_MQTT_KEEPALIVE_SECONDS", default=60)
BAMBU_RECONNECT_MIN_SECONDS = env.int("BAMBU_RECONNECT_MIN_SECONDS", default=1)
BAMBU_RECONNECT_MAX_SECONDS = env.int("BAMBU_RECONNECT_MAX_SECONDS", default=60)
BAMBU_OFFLINE_AFTER_SECONDS = env.int("BAMBU_OFFLINE_AFTER_SECONDS", default=60)
# Reports are written in batches at most this old; P1/A1 get a fresh full report this often.
BAMBU_BATCH_SECONDS = env.float("BAMBU_BATCH_SECONDS", default=0.5)
BAMBU_PUSHALL_SECONDS = env.int("BAMBU_PUSHALL_SECONDS", default=300)
BAMBU_PRINTER_REFRESH_SECONDS = env.int("BAMBU_PRINTER_REFRESH_SECONDS", default=30)
# Dotted paths to the printer list (a callable returning PrinterEndpoints) and the ReportSink class.
BAMBU_PRINTER_SOURCE = env.str("BAMBU_PRINTER_SOURCE", default="printshop.services.printers.listened_printers")
BAMBU_REPORT_SINK = env.str("BAMBU_REPORT_SINK", default="printshop.services.printers.DatabaseSink")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["config.api.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "config.api.schema.DialectSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
if DEBUG:
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"].append("rest_framework.renderers.BrowsableAPIRenderer")

ACCESS_TOKEN_LIFETIME = timedelta(seconds=env.int("ACCESS_TOKEN_LIFETIME_SECONDS", default=3600))
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": ACCESS_TOKEN_LIFETIME,
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("REFRESH_TOKEN_LIFETIME_DAYS", default=14)),
    "AUTH_TOKEN_CLASSES": ["accounts.tokens.AccessToken"],
    "UPDATE_LAST_LOGIN": True,
    # A password change revokes every token issued before it.
    "CHECK_REVOKE_TOKEN": True,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Manufacturing platform APIs",
    "DESCRIPTION": "Five published APIs served by one platform; each tag is one API.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Each documented API's introduction (config/api/docs/) opens the docs.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "config.api.docs.introduce_apis"],
    "SCHEMA_PATH_PREFIX": r"/api/[a-z]+(/v1)?",
    # `<id:...>` in a route (config/ids.py): a positive database id.
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 1, "maximum": 10**18 - 1}},
    # Choice sets named per API, so five `status` enums do not collide (STYLE.md: components per API).
    "ENUM_NAME_OVERRIDES": {
        "MfgOrderStatusEnum": "orders.choices.OrderStatus",
        "MfgCallRequestStatusEnum": "crm.choices.CallRequestStatus",
        "MfgSyncStatusEnum": "crm.choices.SyncStatus",
        "ConfiguratorConfigurationStatusEnum": "configurator.choices.ConfigurationStatus",
        "ConfiguratorQuoteStatusEnum": "configurator.choices.QuoteStatus",
        "ConfiguratorOrderStatusEnum": "configurator.choices.OrderStatus",
        "InventoryTaskStatusEnum": "inventory.choices.TaskStatus",
        "InventoryTaskTypeEnum": "inventory.choices.TaskType",
        "InventoryTaskPriorityEnum": "inventory.choices.TaskPriority",
        "PrintshopPrintStatusEnum": "printshop.choices.PrintStatus",
        "ShopOrderStatusEnum": "orders.choices.ShopOrderStatus",
        "ShopDeliveryMethodEnum": "orders.choices.DeliveryMethod",
        "ShopIssueTypeEnum": "orders.choices.IssueType",
        "ShopPaymentStatusEnum": "orders.choices.PaymentStatus",
        "ShopTaskTypeEnum": "orders.choices.TaskType",
        "ShopTaskPriorityEnum": "orders.choices.TaskPriority",
        "ShopTaskStatusEnum": "orders.choices.TaskStatus",
        "ShopProductCategoryEnum": "catalog.choices.ProductCategory",
        "PrintshopOrderStatusEnum": "printshop.choices.OrderStatus",
        "PrintshopProductionStatusEnum": "printshop.choices.ProductionStatus",
    },
    "TAGS": [
        {"name": "mfg", "description": "Manufacturing service API v3 (`/api/mfg/`)"},
        {"name": "printshop", "description": "3D print shop manager (`/api/printshop/`)"},
        {"name": "inventory", "description": "Parts inventory (`/api/inventory/`)"},
        {"name": "shop", "description": "Retail shop with delivery (`/api/shop/`)"},
        {"name": "configurator", "description": "Product configurator (`/api/configurator/v1/`)"},
    ],
}

# CORS only for the APIs. Development allows any localhost port when nothing is configured.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
if DEBUG and not CORS_ALLOWED_ORIGINS:
    CORS_ALLOWED_ORIGIN_REGEXES = [r"^https?://(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$"]
CORS_ALLOW_HEADERS = ["authorization", "content-type", "accept", "origin", "x-requested-with"]

# Production security; each can be relaxed from the environment behind a TLS-terminating proxy.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)

# Content-Security-Policy (issue 9): pages run only our own static scripts and styles, no inline code.
CONTENT_SECURITY_POLICY = {
    # Swagger UI and ReDoc are served from our static files (drf-spectacular-sidecar) but start from
    # drf-spectacular's inline scripts, so these two pages go without a policy.
    "EXCLUDE_URL_PREFIXES": ["/api/docs", "/api/redoc"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "connect-src": [SELF],  # 'self' covers ws(s):// to this host, for /ws/notifications
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

LOGGING_CONFIG = "config.logs.configure"  # also redacts tokens in access logs (config/logs.py)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "config.logs.RedactTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_tokens"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
