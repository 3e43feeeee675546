"""govreport-kg: a knowledge graph of Chinese local-government work reports (政府工作报告).

The Python API (see README "Python API"): ``kg.build(paths) -> Build`` and
``kg.query(build, sparql)``; a :class:`~kg.model.Build` has ``entities``, ``relations``,
``reports`` and ``problems``, and ``to_rdflib()`` / ``to_networkx()``. Imported lazily, so
that ``import kg`` stays cheap for the CLI and the workers.
"""

__version__ = "0.1.0"
__all__ = ["build", "query", "__version__"]


def __getattr__(name: str):
    if name == "build":
        from kg.api import build

        return build
    if name == "query":  # the kg.query package, callable as kg.api.query (see kg/query/__init__.py)
        import importlib

        return importlib.import_module("kg.query")
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
