"""The home page, rendered without Datasette's database listing.

Datasette 0.65's index view lists every table of every database before it
renders ``index.html``, checking each table's visibility; each check deep-copies
the whole metadata (``Datasette.metadata()``), 50 copies of ``metadata.yml``
per page, about 70 ms of the home page's 75.  This publication's
``templates/index.html`` shows none of that listing (it reads ``metadata`` and
its own ``sql()`` calls), so ``/`` is served by this route with the same
template and the context it uses.  ``/.json`` is still Datasette's listing.
"""

from datasette import Response, __version__, hookimpl


async def home(datasette, request):
    if request.method not in ("GET", "HEAD"):
        return Response.text("Method not allowed", status=405)
    context = {
        "metadata": datasette.metadata(),
        "datasette_version": __version__,  # the footer's "Powered by Datasette v..."
        "alternate_url_json": datasette.absolute_url(request, datasette.urls.path("/.json")),
    }
    html = await datasette.render_template("index.html", context, request=request)
    return Response.html(html, headers={"Link": f'<{context["alternate_url_json"]}>; rel="alternate"; '
                                                 'type="application/json+datasette"'})


@hookimpl
def register_routes():
    return [(r"^/$", home)]
