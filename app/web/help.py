"""The help page: what the hub is for, the quarterly report workflow and a glossary."""

from flask import Blueprint, render_template

bp = Blueprint("help", __name__)


@bp.route("/help")
def index():
    """Public: a visitor may need the words explained before signing in."""
    return render_template("help.html")
