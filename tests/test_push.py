"""kg.query.push against a real Oxigraph server on loopback (the `oxigraph` PyPI package
ships the binary) and against tiny stub servers for refusals, credentials and timeouts."""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import Graph

from kg.export.turtle import to_turtle
from kg.graph.build import build_graph
from kg.model import Build
from kg.query.push import BuildNotFoundError, PushError, default_graph_iri, graph_store_url, push


import test_graph as H  # noqa: E402  (the hand-made builds; tests/ is on sys.path)
GRAPH = "https://w3id.org/govreport-kg/graph"
SECRET = "s3cr3t-pa55"


def _oxigraph_binary() -> str | None:
    """The `oxigraph` server binary installed by the PyPI package, if any."""
    candidates = [Path(sysconfig.get_path("scripts")) / "oxigraph",
                  Path(sys.executable).parent / "oxigraph", shutil.which("oxigraph")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_build(directory: Path, build: Build) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "graph.ttl").write_bytes(to_turtle(build_graph(build)))
    return directory


@pytest.fixture(scope="module")
def oxigraph() -> Iterator[str]:
    """A fresh in-memory `oxigraph serve` on 127.0.0.1; yields its base URL."""
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    port = _free_port()
    proc = subprocess.Popen([binary, "serve", "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                pytest.fail(f"oxigraph serve exited: {proc.stderr.read().decode(errors='replace')}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("oxigraph serve did not start within 30 s")
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def _count(server: str, graph: str | None) -> int:
    """Number of triples in a graph of the server, asked over HTTP (SPARQL protocol)."""
    pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"
    request = urllib.request.Request(f"{server}/query?query={urllib.parse.quote(query)}",
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        data = json.load(response)
    return int(data["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def hand_build(tmp_path_factory) -> Path:
    return _write_build(tmp_path_factory.mktemp("push") / "output", H.make_build())


def _triples(build_dir: Path) -> int:
    return len(Graph().parse(build_dir / "graph.ttl", format="turtle"))


# --- a real server ---------------------------------------------------------------------------


def test_push_then_query_back_the_same_triple_count(oxigraph, hand_build):
    result = push(hand_build, f"{oxigraph}/store", env={})
    assert result.status in (200, 201, 204)
    assert result.graph == GRAPH
    assert _count(oxigraph, GRAPH) == _triples(hand_build)
    assert "Pushed" in str(result) and GRAPH in str(result)


def test_repush_is_idempotent_and_replaces(oxigraph, hand_build, tmp_path):
    graph = "http://example.org/graphs/replace"
    push(hand_build, f"{oxigraph}/store", graph_iri=graph, env={})
    push(hand_build, f"{oxigraph}/store", graph_iri=graph, env={})
    assert _count(oxigraph, graph) == _triples(hand_build)
    small = H.make_build()
    small = Build(reports=small.reports[:1], entities=[], relations=[])
    small_dir = _write_build(tmp_path / "small", small)
    push(small_dir, f"{oxigraph}/store", graph_iri=graph, env={})
    assert _count(oxigraph, graph) == _triples(small_dir) < _triples(hand_build)


def test_push_to_the_default_graph(oxigraph, hand_build):
    result = push(hand_build, f"{oxigraph}/store", graph_iri="default", env={})
    assert result.graph == "default" and "default graph" in str(result)
    assert _count(oxigraph, None) == _triples(hand_build)


def test_push_sample_build(oxigraph, request):
    try:
        build_dir = request.getfixturevalue("sample_build_dir")
    except pytest.FixtureLookupError:
        pytest.skip("no sample_build_dir fixture")
    graph = "http://example.org/graphs/sample"
    push(build_dir, f"{oxigraph}/store", graph_iri=graph, env={})
    assert _count(oxigraph, graph) == _triples(Path(build_dir))


def test_default_graph_iri_follows_the_build_base(tmp_path):
    out = tmp_path / "b"
    out.mkdir()
    (out / "graph.ttl").write_bytes(to_turtle(build_graph(H.make_build(), "http://example.org/kg/")))
    assert default_graph_iri((out / "graph.ttl").read_bytes()) == "http://example.org/kg/graph"
    assert default_graph_iri(b"<a> <b> <c> .") == GRAPH


def test_graph_store_url():
    assert graph_store_url("http://h/store", "http://g/x?y") == "http://h/store?graph=http%3A%2F%2Fg%2Fx%3Fy"
    assert graph_store_url("http://h/store", "default") == "http://h/store?default"
    assert graph_store_url("http://h/ds?x=1", "default") == "http://h/ds?x=1&default"


# --- refusals, credentials, timeouts (stub servers on loopback) ----------------------------


class _Recorder(BaseHTTPRequestHandler):
    """Answers every PUT with the server's ``status`` and records what it was sent."""

    def do_PUT(self) -> None:  # noqa: N802 (http.server naming)
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        self.server.seen.append({"path": self.path, "headers": dict(self.headers), "body": body})
        self.send_response(self.server.status)
        if 300 <= self.server.status < 400:
            self.send_header("Location", "http://127.0.0.1:9/elsewhere")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def stub():
    servers = []

    def start(status: int) -> tuple[str, ThreadingHTTPServer]:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
        server.status, server.seen = status, []
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/store", server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_basic_credentials_come_from_the_environment(stub, hand_build, monkeypatch):
    url, server = stub(204)
    monkeypatch.setenv("KG_PUSH_USER", "alice")
    monkeypatch.setenv("KG_PUSH_PASSWORD", SECRET)
    monkeypatch.delenv("KG_PUSH_TOKEN", raising=False)
    push(hand_build, url)
    (seen,) = server.seen
    assert seen["headers"]["Authorization"] == "Basic " + base64.b64encode(f"alice:{SECRET}".encode()).decode()
    assert seen["headers"]["Content-Type"].startswith("text/turtle")
    assert seen["path"] == "/store?graph=" + urllib.parse.quote(GRAPH, safe="")
    assert seen["body"] == (hand_build / "graph.ttl").read_bytes()


def test_bearer_token_wins(stub, hand_build):
    url, server = stub(200)
    push(hand_build, url, env={"KG_PUSH_TOKEN": "tok", "KG_PUSH_USER": "alice"})
    assert server.seen[0]["headers"]["Authorization"] == "Bearer tok"


def test_no_credentials_no_header(stub, hand_build):
    url, server = stub(201)
    push(hand_build, url, env={})
    assert "Authorization" not in server.seen[0]["headers"]


@pytest.mark.parametrize("status", [401, 403, 500, 307])
def test_refusal_is_one_sentence_with_endpoint_and_status(stub, hand_build, status):
    url, _server = stub(status)
    before = sorted((p.name, p.read_bytes()) for p in hand_build.iterdir())
    with pytest.raises(PushError) as info:
        push(hand_build, url, env={"KG_PUSH_USER": "alice", "KG_PUSH_PASSWORD": SECRET})
    message = str(info.value)
    assert url in message and f"HTTP {status}" in message
    assert SECRET not in message and "\n" not in message and message.endswith(".")
    assert sorted((p.name, p.read_bytes()) for p in hand_build.iterdir()) == before


def test_unreachable_endpoint(hand_build):
    url = f"http://127.0.0.1:{_free_port()}/store"
    with pytest.raises(PushError) as info:
        push(hand_build, url, timeout=5, env={})
    assert url in str(info.value) and "no HTTP status" in str(info.value)


def test_timeout(hand_build):
    with socket.socket() as silent:  # accepts connections (backlog) but never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/store"
        started = time.monotonic()
        with pytest.raises(PushError, match="timed out after 0.5 s"):
            push(hand_build, url, timeout=0.5, env={})
        assert time.monotonic() - started < 10


@pytest.mark.parametrize("endpoint,fragment", [
    (f"http://bob:{SECRET}@127.0.0.1:9/store", "credentials in the URL"),
    ("ftp://127.0.0.1/store", "http(s) URL"),
])
def test_bad_endpoints_refused_without_echoing_secrets(hand_build, endpoint, fragment):
    with pytest.raises(PushError, match=fragment.replace("(", r"\(").replace(")", r"\)")) as info:
        push(hand_build, endpoint, env={})
    assert SECRET not in str(info.value)


def test_graph_must_be_an_absolute_iri(stub, hand_build):
    url, server = stub(204)
    with pytest.raises(PushError, match="absolute IRI"):
        push(hand_build, url, graph_iri="not an iri", env={})
    assert server.seen == []


def test_missing_build(tmp_path):
    with pytest.raises(BuildNotFoundError):
        push(tmp_path, "http://127.0.0.1:9/store", env={})
