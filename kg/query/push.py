"""Upload a build to a SPARQL server through the SPARQL 1.1 Graph Store HTTP Protocol.

One HTTP PUT of graph.ttl (``text/turtle``) to ``{endpoint}?graph={IRI}`` (or
``?default``): PUT *replaces* the graph, so pushing the same build twice leaves
the server as after one push. Works with any Graph Store endpoint: Oxigraph
(``http://host:7878/store``), Apache Jena Fuseki (``…/dataset/data``), GraphDB
(``…/repositories/ID/rdf-graphs/service``), Virtuoso (``…/sparql-graph-crud-auth``).

Credentials come only from the environment — ``KG_PUSH_TOKEN`` (bearer) or
``KG_PUSH_USER`` + ``KG_PUSH_PASSWORD`` (basic) — never from the command line,
and are never part of a message. Nothing local is written.
"""

from __future__ import annotations

import base64
import os
import re
import socket
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from kg.graph.vocab import DEFAULT_BASE
from kg.validate import BuildNotFoundError, graph_path

__all__ = ["DEFAULT_GRAPH", "BuildNotFoundError", "PushError", "PushResult", "default_graph_iri",
           "graph_store_url", "push"]

#: Pass as ``graph_iri`` to replace the server's default graph instead of a named graph.
DEFAULT_GRAPH = "default"
_BASE_LINE = re.compile(rb"^@base <([^>]*)> \.$", re.MULTILINE)


class PushError(RuntimeError):
    """The push failed; the message is one sentence naming the endpoint and the HTTP status."""


@dataclass(frozen=True)
class PushResult:
    """What was pushed where: the target URL (no credentials), graph, HTTP status, bytes sent."""

    url: str
    graph: str
    status: int
    bytes_sent: int

    def __str__(self) -> str:
        target = "the default graph" if self.graph == DEFAULT_GRAPH else f"graph <{self.graph}>"
        return f"Pushed {self.bytes_sent} bytes of Turtle to {target} at {self.url} (HTTP {self.status})."


def _public(endpoint: str) -> str:
    """The endpoint as it may appear in a message: without user info or query."""
    parts = urlsplit(endpoint)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def _check_endpoint(endpoint: str) -> None:
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PushError(f"Cannot push to {_public(endpoint) or endpoint!r}: the endpoint must be "
                        f"an http(s) URL (no HTTP status).")
    if parts.username or parts.password:
        raise PushError(f"Cannot push to {_public(endpoint)}: credentials in the URL are refused, "
                        f"set KG_PUSH_USER and KG_PUSH_PASSWORD or KG_PUSH_TOKEN instead "
                        f"(no HTTP status).")


def default_graph_iri(turtle: bytes) -> str:
    """The named graph a build goes to by default: ``{base}graph``, with the base read from
    the ``@base`` line graph.ttl starts with (the default base if there is none)."""
    match = _BASE_LINE.search(turtle[:4096])
    base = match.group(1).decode("ascii", "replace") if match else DEFAULT_BASE
    return base + "graph"


def graph_store_url(endpoint: str, graph_iri: str) -> str:
    """``{endpoint}?graph={IRI}`` or ``{endpoint}?default`` (``&`` if the endpoint has a query)."""
    sep = "&" if urlsplit(endpoint).query else "?"
    if graph_iri == DEFAULT_GRAPH:
        return f"{endpoint}{sep}default"
    return f"{endpoint}{sep}graph={quote(graph_iri, safe='')}"


def _auth_header(env: Mapping[str, str]) -> str | None:
    token = env.get("KG_PUSH_TOKEN")
    if token:
        return f"Bearer {token}"
    user, password = env.get("KG_PUSH_USER"), env.get("KG_PUSH_PASSWORD")
    if user:
        raw = f"{user}:{password or ''}".encode()
        return "Basic " + base64.b64encode(raw).decode("ascii")
    return None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A PUT must not silently turn into another request elsewhere: redirects are errors."""

    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def push(build_dir: Path | str, endpoint: str, graph_iri: str | None = None,
         timeout: float = 60.0, env: Mapping[str, str] | None = None) -> PushResult:
    """PUT ``build_dir/graph.ttl`` to a Graph Store Protocol ``endpoint``.

    ``graph_iri``: the named graph to replace (default ``{base}graph`` of the build);
    ``"default"`` replaces the server's default graph. ``timeout`` is in seconds for
    connecting and for each read. ``env`` defaults to ``os.environ`` (for tests).
    Raises PushError (one sentence naming the endpoint and the HTTP status, or
    "no HTTP status" when none came back) and BuildNotFoundError.
    """
    _check_endpoint(endpoint)
    body = graph_path(build_dir).read_bytes()
    graph = graph_iri or default_graph_iri(body)
    if graph != DEFAULT_GRAPH and not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:\S+$", graph):
        raise PushError(f"Cannot push to {_public(endpoint)}: graph {graph!r} is not an absolute "
                        f"IRI (no HTTP status).")
    url = graph_store_url(endpoint, graph)
    request = urllib.request.Request(url, data=body, method="PUT")
    request.add_header("Content-Type", "text/turtle; charset=utf-8")
    auth = _auth_header(os.environ if env is None else env)
    if auth:
        request.add_header("Authorization", auth)
    where = _public(endpoint)
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        hint = " (check KG_PUSH_USER/KG_PUSH_PASSWORD or KG_PUSH_TOKEN)" \
            if exc.code in (401, 403) else \
            ("; --endpoint must be the server's Graph Store endpoint, not its base URL (Oxigraph: "
             "http://host:7878/store; Fuseki: http://host:3030/DATASET/data; GraphDB: "
             "…/repositories/ID/rdf-graphs/service)") if exc.code in (404, 405) else ""
        raise PushError(f"Push to {where} was refused with HTTP {exc.code} "
                        f"{exc.reason}{hint}.") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise PushError(f"Push to {where} timed out after {timeout:g} s "
                            f"(no HTTP status).") from None
        raise PushError(f"Push to {where} failed: {reason} (no HTTP status).") from None
    except (TimeoutError, socket.timeout):
        raise PushError(f"Push to {where} timed out after {timeout:g} s "
                        f"(no HTTP status).") from None
    except OSError as exc:
        raise PushError(f"Push to {where} failed: {exc} (no HTTP status).") from None
    if not 200 <= status < 300:
        raise PushError(f"Push to {where} was not accepted: HTTP {status}.")
    return PushResult(url=url, graph=graph, status=status, bytes_sent=len(body))
