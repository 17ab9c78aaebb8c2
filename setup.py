"""Builds the C parts (`normcorpus._walker`, `_english`); the rest: pyproject.toml.

The extensions are optional: without a C compiler the install still succeeds
and the aligner and the English matcher run in Python, finding the same
(only slower).
"""

from setuptools import Extension, setup

SHARED = ["src/normcorpus/_ctable.h"]

setup(
    ext_modules=[
        Extension(
            f"normcorpus.{name}",
            [f"src/normcorpus/{name}.c"],
            depends=SHARED,
            optional=True,
            extra_compile_args=["-O2"],
        )
        for name in ("_walker", "_english")
    ]
)
