"""Settings, read from the environment once at start-up."""

import os
import secrets
from pathlib import Path


class ConfigError(RuntimeError):
    """The environment does not allow the app to start safely."""


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key(instance_path: Path, production: bool) -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if production:
        raise ConfigError("SECRET_KEY must be set when CSDR_ENV=production.")
    # Development: generate once and keep it, so every worker and restart shares it.
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def load_config(instance_path: Path) -> dict:
    """Build the Flask config mapping from environment variables."""
    instance_path.mkdir(parents=True, exist_ok=True)
    env = os.environ.get("CSDR_ENV", "development")
    production = env == "production"
    data_dir = Path(os.environ.get("CSDR_DATA_DIR") or instance_path)
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'csdr.db'}"
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgres://"):]
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://"):]
    return {
        "CSDR_ENV": env,
        "SECRET_KEY": _secret_key(instance_path, production),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "CSDR_DATA_DIR": str(data_dir),
        "MAX_CONTENT_LENGTH": int(os.environ.get("CSDR_MAX_UPLOAD_MB", "20")) * 1024 * 1024,
        # Sessions: short, HttpOnly, SameSite; Secure in production.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_DURATION": 14 * 24 * 3600,
        "PERMANENT_SESSION_LIFETIME": 12 * 3600,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "CSDR_BEHIND_PROXY": _bool("CSDR_BEHIND_PROXY", production),
        # Rate limiting: memory:// is per process; use redis:// with several workers.
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_LIMIT_ACCOUNT": os.environ.get("LOGIN_LIMIT_ACCOUNT", "5 per 15 minutes"),
        "LOGIN_LIMIT_ADDRESS": os.environ.get("LOGIN_LIMIT_ADDRESS", "20 per 15 minutes"),
        "API_RATE_LIMIT": os.environ.get("API_RATE_LIMIT", "600 per minute"),
        # Mail: in development mail goes to the log.
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS"),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "csdr-hub@localhost"),
        # Reporting rules.
        "REPORT_DUE_DAYS": int(os.environ.get("CSDR_REPORT_DUE_DAYS", "15")),
        "REPORTING_CURRENCY": os.environ.get("CSDR_REPORTING_CURRENCY", "USD"),
        # Federation (issue 12): the hub (default) or a node instance that syncs with it.
        "CSDR_INSTANCE": os.environ.get("CSDR_INSTANCE", "hub"),
        "CSDR_NODE": os.environ.get("CSDR_NODE", ""),
        "CSDR_HUB_URL": os.environ.get("CSDR_HUB_URL", ""),
        "CSDR_HUB_TOKEN": os.environ.get("CSDR_HUB_TOKEN", ""),
        "CSDR_HUB_PUBLIC_KEY": os.environ.get("CSDR_HUB_PUBLIC_KEY", ""),  # the key that signs the hub's bundles
        "CSDR_SYNC_MINUTES": int(os.environ.get("CSDR_SYNC_MINUTES", "15")),
        "BABEL_DEFAULT_LOCALE": "en",
        "BOOTSTRAP_SERVE_LOCAL": True,
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_I18N_ENABLED": True,  # WTForms' own messages (This field is required.) in the page's language
        # Notifications and the scheduler (`flask --app wsgi scheduler`); times are HH:MM in SCHEDULER_TIMEZONE.
        "BASE_URL": os.environ.get("CSDR_BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        "MAIL_TIMEOUT": int(os.environ.get("MAIL_TIMEOUT", "15")),
        "MAIL_MAX_ATTEMPTS": int(os.environ.get("MAIL_MAX_ATTEMPTS", "6")),
        "MAIL_RETRY_MINUTES": int(os.environ.get("CSDR_MAIL_RETRY_MINUTES", "10")),
        "MAIL_GIVE_UP_DAYS": int(os.environ.get("CSDR_MAIL_GIVE_UP_DAYS", "3")),
        "SCHEDULER_TIMEZONE": os.environ.get("CSDR_SCHEDULER_TIMEZONE", "UTC"),
        "SCHEDULER_MISFIRE_GRACE_SECONDS": int(os.environ.get("CSDR_MISFIRE_GRACE_SECONDS", "3600")),
        "REMINDER_TIME": os.environ.get("CSDR_REMINDER_TIME", "06:00"),
        "REPORT_REMINDER_DAYS": int(os.environ.get("CSDR_REPORT_REMINDER_DAYS", "7")),
        "ACTION_REMINDER_DAYS": int(os.environ.get("CSDR_ACTION_REMINDER_DAYS", "7")),
        "AGREEMENT_REMINDER_DAYS": tuple(sorted(
            (int(d) for d in os.environ.get("CSDR_AGREEMENT_REMINDER_DAYS", "180,90,30").split(",") if d.strip()),
            reverse=True)),
        "REVIEW_WINDOW_DAYS": int(os.environ.get("CSDR_REVIEW_WINDOW_DAYS", "30")),
        "ANNUAL_DRAFT_DAY": int(os.environ.get("CSDR_ANNUAL_DRAFT_DAY", "25")),
        "DRAFT_TIME": os.environ.get("CSDR_DRAFT_TIME", "06:30"),
        "BACKUP_TIME": os.environ.get("CSDR_BACKUP_TIME", "02:30"),
        "BACKUP_DIR": os.environ.get("CSDR_BACKUP_DIR") or str(data_dir / "backups"),
        "BACKUP_KEEP": int(os.environ.get("CSDR_BACKUP_KEEP", "14")),
        "JOB_RUN_KEEP_DAYS": int(os.environ.get("CSDR_JOB_RUN_KEEP_DAYS", "90")),
        "SYNC_PART_KEEP_DAYS": int(os.environ.get("CSDR_SYNC_PART_KEEP_DAYS", "7")),
        "JOB_STALE_HOURS": int(os.environ.get("CSDR_JOB_STALE_HOURS", "6")),
    }
