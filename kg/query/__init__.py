"""Asking a build questions and publishing it: ``sparql`` (embedded, read-only) and
``push`` (Graph Store Protocol).

The package is also callable: ``kg.query(build, sparql)`` is :func:`kg.api.query`. Python
gives a package and a function of the same parent one name, so the package module takes
the function's call (a module's class may be a ModuleType subclass; nothing else changes:
``kg.query.sparql`` and ``kg.query.push`` import as before)."""

from __future__ import annotations

import sys
import types


class _CallableModule(types.ModuleType):
    def __call__(self, *args, **kwargs):
        from kg.api import query

        return query(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
