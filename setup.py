"""Builds the C parts (`normcorpus.accel._walker`, `normcorpus.accel._termscan`).

The rest of the build is in pyproject.toml.

The extensions are optional: without a C compiler the install still succeeds
and the aligner finds its candidates and the English matcher runs in Python,
finding the same (only slower).
"""

from setuptools import Extension, setup

SHARED = ["src/normcorpus/accel/_ctable.h"]


def extension(module: str) -> Extension:
    return Extension(
        f"normcorpus.{module}",
        [f"src/normcorpus/{module.replace('.', '/')}.c"],
        depends=SHARED,
        optional=True,
        extra_compile_args=["-O2"],
    )


setup(ext_modules=[extension(m) for m in ("accel._walker", "accel._termscan")])
