"""`slot_init`: a faster __init__ for frozen, slotted dataclasses made in bulk.

The checker makes a pair and a finding or so a segment; the dataclass's own
__init__ sets each field through `object.__setattr__` by name, three times
slower than through the slot's descriptor. tests/test_models.py checks that
the two give the same objects.
"""

from __future__ import annotations

from dataclasses import MISSING, fields
from typing import Any, TypeVar

_Frozen = TypeVar("_Frozen", bound=type)


def slot_init(cls: _Frozen) -> _Frozen:
    """Give a frozen, slotted dataclass an __init__ that sets each slot through its descriptor.

    Same signature and result as the dataclass's own, which sets each field
    with `object.__setattr__` by name: three times slower, and the checker
    makes a pair and a finding or so a segment. Apply above `@dataclass`.
    """
    params, body = [], []
    scope: dict[str, Any] = {}
    for f in fields(cls):
        if f.default_factory is not MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: slot_init takes no default_factory")
        scope[f"_set_{f.name}"] = getattr(cls, f.name).__set__
        if f.default is MISSING:
            params.append(f.name)
        else:
            scope[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        body.append(f"    _set_{f.name}(self, {f.name})")
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body or ["    pass"])
    exec(source, scope)  # the code is made here, from the class's own field names
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    init.__annotations__ = {**{f.name: f.type for f in fields(cls)}, "return": None}
    cls.__init__ = init  # type: ignore[misc]
    return cls
