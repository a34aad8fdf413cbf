"""Every key binding in the app has an id and a description (so `?` can list it)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode

import halterofit_tui.tui


def binding_owners() -> list[type[DOMNode]]:
    owners: list[type[DOMNode]] = []
    package = halterofit_tui.tui
    for module_info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            defined_here = cls.__module__ == module.__name__
            if issubclass(cls, DOMNode) and defined_here and "BINDINGS" in cls.__dict__:
                owners.append(cls)
    return owners


def test_every_binding_has_an_id_and_a_description() -> None:
    owners = binding_owners()
    assert len(owners) >= 15  # the app, every screen and the interactive widgets
    missing = [
        f"{cls.__name__}: {binding.key}"
        for cls in owners
        for binding in cls.__dict__["BINDINGS"]
        if isinstance(binding, Binding) and not (binding.id and binding.description)
    ]
    tuples = [
        f"{cls.__name__}: {binding!r}"
        for cls in owners
        for binding in cls.__dict__["BINDINGS"]
        if not isinstance(binding, Binding)
    ]
    assert missing == [] and tuples == []


def test_binding_ids_are_unique_per_class() -> None:
    for cls in binding_owners():
        ids = [b.id for b in cls.__dict__["BINDINGS"] if isinstance(b, Binding)]
        assert len(ids) == len(set(ids)), cls.__name__
