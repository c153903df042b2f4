"""Extensions, created unbound here and bound to the app in create_app."""

from pathlib import Path

from flask_babel import Babel
from flask_bootstrap import Bootstrap5
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from app.core.db import Base

db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
bootstrap = Bootstrap5()
limiter = Limiter(key_func=get_remote_address)
compress = Compress()


def init_migrations(app) -> None:
    """Flask-Migrate (Alembic) for the ``flask db`` commands and the migration tests.

    create_app binds it only when the ``flask`` command loads the app: Alembic and Mako are about 11 MB that
    a server worker, which serves pages and builds reports, never uses (issue 15's memory budget).
    """
    from flask_migrate import Migrate

    Migrate(app, db, directory=str(Path(__file__).parent.parent / "migrations"), render_as_batch=True,
            compare_type=True)
