"""accel.slots.slot_init: the fast __init__ of frozen dataclasses made in bulk."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from normcorpus.accel.slots import slot_init


@slot_init
@dataclasses.dataclass(frozen=True, slots=True)
class _Point:
    x: int
    y: int
    label: str | None = None
    tags: tuple[str, ...] = ()


def test_it_sets_every_field_as_the_dataclass_would() -> None:
    plain = dataclasses.dataclass(frozen=True, slots=True)(
        type(
            "_Plain",
            (),
            {"__annotations__": dict(_Point.__annotations__), "label": None, "tags": ()},
        )
    )
    for args, kwargs in [
        ((1, 2), {}),
        ((1,), {"y": 2, "tags": ("a",)}),
        ((), {"x": 0, "y": 0, "label": "z"}),
    ]:
        fast, reference = _Point(*args, **kwargs), plain(*args, **kwargs)
        assert dataclasses.astuple(fast) == dataclasses.astuple(reference)
    assert str(inspect.signature(_Point)) == str(inspect.signature(plain))


def test_the_instances_stay_frozen_and_hashable() -> None:
    point = _Point(1, 2)
    assert point == _Point(1, 2) and hash(point) == hash(_Point(1, 2)) and point != _Point(2, 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        _Point(1)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        _Point(1, 2, z=3)  # type: ignore[call-arg]


def test_a_default_factory_is_refused() -> None:
    with pytest.raises(TypeError, match="default_factory"):

        @slot_init
        @dataclasses.dataclass(frozen=True, slots=True)
        class _Bad:
            items: list[int] = dataclasses.field(default_factory=list)
