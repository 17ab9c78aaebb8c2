"""Builds the aligner's walk in C (`normcorpus._walker`); the rest is in pyproject.toml.

The extension is optional: without a C compiler the install still succeeds and
the aligner walks in Python, finding the same (only slower).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "normcorpus._walker",
            ["src/normcorpus/_walker.c"],
            optional=True,
            extra_compile_args=["-O2"],
        )
    ]
)
