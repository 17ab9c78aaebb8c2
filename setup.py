"""Builds the C parts (`normcorpus.accel._walker`, `_firstsight`, `_termscan`, `_yamlwalk`,
`_rowtext`, `_choice`, `_textpass`, `_sourcepass`).

The rest of the build is in pyproject.toml.

The extensions are optional: without a C compiler (or, for `_yamlwalk`,
without libyaml's header: Debian's libyaml-dev) the install still succeeds
and the aligner finds its candidates, the English matcher runs and the
glossary is read and the store's rows are made in Python, finding the same
(only slower).
"""

from setuptools import Extension, setup

SHARED = ["src/normcorpus/accel/_ctable.h"]


def extension(module: str, **options: list[str]) -> Extension:
    return Extension(
        f"normcorpus.{module}",
        [f"src/normcorpus/{module.replace('.', '/')}.c"],
        depends=SHARED,
        optional=True,
        extra_compile_args=["-O2"],
        **options,
    )


setup(
    ext_modules=[
        extension("accel._walker"),
        extension("accel._firstsight"),
        extension("accel._termscan"),
        extension("accel._yamlwalk", libraries=["yaml"]),
        extension("accel._rowtext"),
        extension("accel._choice"),
        extension("accel._textpass"),
        extension("accel._sourcepass"),
    ]
)
