"""Static files for slow links: fingerprinted URLs, cached for a year, compressed once.

Every `url_for('static', filename=...)` (and a blueprint's `<name>.static`, such as Bootstrap's)
gets `?v=<content hash>`. A request carrying the current hash is answered with
`Cache-Control: public, max-age=31536000, immutable`, so a browser never asks again until the file
changes (and with it the URL); any other request revalidates (`no-cache` and an ETag). Text files
are compressed once per process and kept in memory (brotli, else gzip), instead of at a cheap level
on every request; a large vendor bundle ships a `.br` made at brotli's slowest, smallest level.
"""

import gzip
import hashlib
import mimetypes
from functools import lru_cache
from pathlib import Path

import brotli
from flask import Blueprint, Flask, Response, abort, redirect, request, url_for
from werkzeug.security import safe_join

bp = Blueprint("assets", __name__)

YEAR = 365 * 24 * 3600
COMPRESSIBLE = {"text/css", "text/javascript", "application/javascript", "application/json", "image/svg+xml",
                "text/plain"}


@lru_cache(maxsize=512)
def _file(path: str, mtime_ns: int) -> dict:
    """The file's bytes, hash and type (read once per version of the file)."""
    data = Path(path).read_bytes()
    mimetype = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return {"path": path, "mtime_ns": mtime_ns, "data": data, "sha": hashlib.sha256(data).hexdigest()[:12],
            "mimetype": mimetype, "compressible": mimetype in COMPRESSIBLE and len(data) > 500}


@lru_cache(maxsize=512)
def _compressed(path: str, mtime_ns: int, encoding: str) -> bytes:
    """The file compressed once: from a `<file>.br` made at brotli's slowest level when there is one that
    still matches the file (large vendor bundles), else at a level fast enough for the first request."""
    data = _file(path, mtime_ns)["data"]
    if encoding == "gzip":
        return gzip.compress(data, compresslevel=9, mtime=0)
    sibling = Path(path + ".br")
    if sibling.is_file():
        packed = sibling.read_bytes()
        if brotli.decompress(packed) == data:
            return packed
    return brotli.compress(data, quality=9)


def _lookup(folder: str | None, filename: str) -> dict | None:
    path = safe_join(folder, filename) if folder else None
    if path is None:
        return None
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    if not Path(path).is_file():
        return None
    return _file(path, stat.st_mtime_ns)


def fingerprint(folder: str | None, filename: str) -> str | None:
    """The first 12 hex digits of the file's SHA-256, or None if there is no such file."""
    entry = _lookup(folder, filename)
    return entry["sha"] if entry else None


def _encoding() -> str:
    accepted = request.accept_encodings
    for name in ("br", "gzip"):
        if accepted[name]:
            return name
    return "identity"


def serve(folder: str | None, filename: str, fingerprinted: bool | None = None) -> Response:
    """One static file, precompressed when the browser accepts it, cached a year when the URL has its hash
    (`?v=<hash>`, or `fingerprinted` when the caller checked a hash carried elsewhere in the URL)."""
    entry = _lookup(folder, filename)
    if entry is None:
        abort(404)
    encoding = _encoding() if entry["compressible"] else "identity"
    if encoding == "identity":
        response = Response(entry["data"], mimetype=entry["mimetype"])
    else:
        response = Response(_compressed(entry["path"], entry["mtime_ns"], encoding), mimetype=entry["mimetype"])
        response.headers["Content-Encoding"] = encoding
    response.headers["Vary"] = "Accept-Encoding"
    response.set_etag(f"{entry['sha']}-{encoding}")
    if fingerprinted if fingerprinted is not None else request.args.get("v") == entry["sha"]:
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    else:
        response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)


def _static_folders(app: Flask) -> dict[str, str]:
    folders = {"static": app.static_folder}
    for name, blueprint in app.blueprints.items():
        if blueprint.has_static_folder:
            folders[f"{name}.static"] = blueprint.static_folder
    return folders


def init_app(app: Flask) -> None:
    """Serve every static endpoint through `serve` and add the content hash to its URLs."""
    folders = _static_folders(app)

    def view_for(folder):
        return lambda filename: serve(folder, filename)

    for endpoint, folder in folders.items():
        if endpoint in app.view_functions:
            app.view_functions[endpoint] = view_for(folder)

    @app.url_defaults
    def add_fingerprint(endpoint, values):
        if endpoint in folders and "v" not in values and values.get("filename"):
            sha = fingerprint(folders[endpoint], values["filename"])
            if sha:
                values["v"] = sha

    app.register_blueprint(bp)


# The plotly.js bundle used to be served from the plotly package at these URLs; they now
# point at the smaller vendored bundle under /static (fingerprinted there).
@bp.route("/vendor/plotly.min.js")
def plotly_js():
    """Old URL of plotly.js: the vendored partial bundle."""
    return redirect(url_for("static", filename="vendor/plotly/plotly.min.js"))


@bp.route("/vendor/plotly.css")
def plotly_stylesheet():
    """Old URL of plotly.js's style rules."""
    return redirect(url_for("static", filename="vendor/plotly/plotly.css"))


# Map data for plotly.js's geo charts. plotly.js builds the URL itself (`topojsonURL` + "world_110m.json"),
# so the fingerprint cannot ride in a query string: it is a folder of the path instead, the hash of every
# map file there, and a URL with the current hash is cached a year.
TOPOJSON = Path(__file__).resolve().parent.parent / "static" / "vendor" / "topojson"


def topojson_fingerprint(folder: Path = TOPOJSON) -> str:
    """The first 12 hex digits of a hash over every map file's name and content hash."""
    files = sorted(p.name for p in folder.glob("*.json"))
    listing = "\n".join(f"{name} {fingerprint(str(folder), name)}" for name in files)
    return hashlib.sha256(listing.encode()).hexdigest()[:12]


def topojson_url() -> str:
    """The base URL to give plotly.js as `topojsonURL` (ends with a slash)."""
    return url_for("assets.topojson", sha=topojson_fingerprint(), filename="world_110m.json").rsplit("/", 1)[0] + "/"


@bp.route("/vendor/topojson/<sha>/<filename>")
def topojson(sha: str, filename: str):
    """A map file under the folder's current fingerprint (cached a year), or under an old one (revalidated)."""
    if not filename.endswith(".json"):
        abort(404)
    return serve(str(TOPOJSON), filename, fingerprinted=sha == topojson_fingerprint())
