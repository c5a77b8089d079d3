"""Content-hashed database URLs: every page of the data can be cached for a year.

The database is served under ``/<name>-<first 7 characters of its sha256>/``
(``/serrano-0818090/claims``, ``/serrano-0818090.db``): a rebuild changes the
hash, so a URL names one build's content forever and can carry
``Cache-Control: max-age=31536000, public, immutable``.  The plain URLs
(``/serrano/claims``, ``/serrano.db``) and URLs with an older hash answer a
302 to the current one, so every existing link keeps working; the redirect
itself is cacheable for a minute only.  Pages outside the database routes
(the home page, the source reader, conflict, finding and person pages, the
exports) must follow a rebuild, so they get a short TTL unless they set
their own.

This is the scheme of datasette-hashed-urls (the route, the redirect, the
header), written here because that plugin fixes each route once at start-up,
while this publication swaps builds under a running server
(plugins/rebuilds.py): the route is recomputed on every request from the hash
of the build that request is answered from (rebuilds.py keeps one route per
build), so the first request after a rebuild already uses the new hash, and a
request admitted under the old hash is answered from the old build.  Datasette builds its own links from ``Database.route``
(``urls.table``, ``urls.database``), so pages link to hashed URLs directly.
"""

from urllib.parse import quote

from datasette import hookimpl

IMMUTABLE = b"max-age=31536000, public, immutable"
REDIRECT = b"max-age=60, public"
SHORT = b"max-age=60, public"  # pages that must follow a rebuild


def _current_routes(datasette) -> dict[str, str]:
    """database name -> its hashed route, updating ``Database.route`` when a rebuild changed the hash."""
    routes = {}
    for name, database in datasette.databases.items():
        digest = None if database.is_mutable or database.is_memory else database.hash
        if not digest:
            continue
        route = f"{name}-{digest[:7]}"
        if database.route != route:
            database.route = route
        routes[name] = route
    return routes


def _split(first: str) -> tuple[str, str]:
    """'serrano-abc1234.json' -> ('serrano-abc1234', '.json'); a format suffix is kept apart."""
    base, dot, suffix = first.partition(".")
    return base, f".{suffix}" if dot else ""


def _target(routes: dict[str, str], path: str) -> tuple[str | None, bool]:
    """(the path to redirect to, or None; whether the path is a current hashed database path)."""
    first, _, rest = path.lstrip("/").partition("/")
    base, suffix = _split(first)
    for name, route in routes.items():
        if base == route:
            return None, True
        if base == name or (base.startswith(f"{name}-") and len(base) == len(route)):
            return "/" + route + suffix + ("/" + rest if rest or path.endswith("/") else ""), False
    return None, False


def _as_sent(scope, target: str) -> bytes:
    """``target`` with the rest of the path exactly as the client sent it (percent-encoded).

    Only the first segment changes (``serrano`` -> ``serrano-abc1234``); the
    decoded path may hold any character (``/serrano/ñ``), which a header cannot.
    """
    raw = scope.get("raw_path") or quote(scope["path"]).encode("ascii")
    _, _, rest = raw.lstrip(b"/").partition(b"/")
    first = target.lstrip("/").split("/", 1)[0]
    has_rest = "/" in target.lstrip("/")
    return b"/" + quote(first).encode("ascii") + (b"/" + rest if has_rest else b"")


def _with_cache_control(send, value: bytes, replace: bool):
    async def wrapped(event):
        if event["type"] == "http.response.start":
            headers = list(event.get("headers") or [])
            present = any(k.lower() == b"cache-control" for k, _ in headers)
            if replace or not present:
                headers = [(k, v) for k, v in headers if k.lower() != b"cache-control"] + [(b"cache-control", value)]
            event = {**event, "headers": headers}
        await send(event)

    return wrapped


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def hashed(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            routes = _current_routes(datasette)
            target, current = _target(routes, scope["path"])
            if target is not None and scope["method"] in ("GET", "HEAD"):  # other methods meet the guards' 405
                query = scope.get("query_string") or b""
                location = _as_sent(scope, target) + (b"?" + query if query else b"")
                await send({"type": "http.response.start", "status": 302,
                            "headers": [(b"location", location), (b"cache-control", REDIRECT),
                                        (b"content-length", b"0")]})
                return await send({"type": "http.response.body", "body": b""})
            if current:
                async def immutable(event):  # only successful answers are the build's content
                    if event["type"] == "http.response.start" and event["status"] == 200:
                        headers = [(k, v) for k, v in event.get("headers") or [] if k.lower() != b"cache-control"]
                        event = {**event, "headers": headers + [(b"cache-control", IMMUTABLE)]}
                    await send(event)

                return await app(scope, receive, immutable)
            return await app(scope, receive, _with_cache_control(send, SHORT, replace=False))

        return hashed

    return wrap
