"""GET|PUT /api/v1/sync/blobs/<sha256>: documents' and reports' files by hash, in parts (app/sync/blobs.py)."""

from flask import Response, g, jsonify, request

from app.sync import blobs

BINARY = {"content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}
RANGE = {"in": "header", "name": "Range", "required": False, "schema": {"type": "string"},
         "description": "one byte range: bytes=first-last, bytes=first- or bytes=-count"}
CONTENT_RANGE = {"in": "header", "name": "Content-Range", "required": False, "schema": {"type": "string"},
                 "description": "a part: bytes first-last/total (send the parts in order; after a cut, ask "
                                "with bytes */total and go on from `received`)"}


def register_routes(bp):
    from app.api.spec import JSONObjectSchema, errors

    tags = ["Sync"]

    @bp.route("/sync/blobs/<sha256>", endpoint="sync_blob", methods=["GET"], tags=tags)
    @bp.doc(parameters=[RANGE])
    @bp.response(200, content_type="application/octet-stream", description="the file")
    @bp.alt_response(206, response="PARTIAL_CONTENT", content_type="application/octet-stream",
                     description="the bytes asked for (Content-Range says which)", success=True)
    @errors(404, 416)
    def get_blob(sha256):
        """A document's or a report's file by its SHA-256, as you may see the record naming it (404 otherwise)."""
        path, size = blobs.readable(g.api_user, sha256)
        try:
            span = blobs.byte_range(request.headers.get("Range"), size)
        except blobs.RangeNotSatisfiable as error:
            response = jsonify({"error": {"code": error.code, "message": error.message, "fields": error.fields}})
            response.status_code = 416
            response.headers["Content-Range"] = f"bytes */{size}"
            return response
        first, last = span if span is not None else (0, size - 1)
        response = Response(blobs.read_range(path, first, last) if size else iter(()),
                            status=206 if span is not None else 200, mimetype="application/octet-stream")
        response.headers["Content-Length"] = str(last - first + 1 if size else 0)
        if span is not None:
            response.headers["Content-Range"] = f"bytes {first}-{last}/{size}"
        response.headers["Accept-Ranges"] = "bytes"
        response.headers["ETag"] = f'"{sha256}"'
        response.headers["Content-Disposition"] = f'attachment; filename="{sha256}"'
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response.headers["Cache-Control"] = "no-store"
        return response

    @bp.route("/sync/blobs/<sha256>", endpoint="sync_blob_put", methods=["PUT"], tags=tags)
    @bp.doc(parameters=[CONTENT_RANGE], requestBody=BINARY)
    @bp.response(201, JSONObjectSchema, description='the whole file is kept: {"sha256", "size", "complete"}')
    @bp.alt_response(200, schema=JSONObjectSchema, description="the file was kept already (never overwritten)",
                     success=True)
    @bp.alt_response(202, schema=JSONObjectSchema, description='a part kept: {"received", "total", "complete": false}',
                     success=True)
    @errors(403, 404, 409, 413, 422)
    def put_blob(sha256):
        """Send a file (or its next part) of your records; it is kept only once its content hashes to `sha256`."""
        status, answer = blobs.receive(g.api_user, sha256, request.stream, request.headers.get("Content-Range"),
                                       request.content_length)
        response = jsonify(answer)
        response.status_code = status
        if status == 202 and answer["received"]:
            response.headers["Range"] = f"bytes=0-{answer['received'] - 1}"
        return response
