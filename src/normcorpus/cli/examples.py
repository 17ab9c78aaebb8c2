"""The examples at the end of every command's `--help` (one place, tested to parse).

A help text that says what each option does still leaves a new user to guess
how the pieces go together; two or three real command lines teach that.
`tests/test_cli_help_examples.py` parses every line here against the command
it names, so an example cannot drift from the options it shows.
"""

from __future__ import annotations

from typing import Any

EXAMPLES: dict[str, tuple[str, ...]] = {
    "ingest": (
        "normcorpus ingest                          # all of corpus/",
        "normcorpus ingest ~/texts/luat.txt --data-dir law-data",
        "normcorpus ingest old/ --encoding tcvn3 --strict",
    ),
    "show": (
        "normcorpus show asean-2018-cybersecurity:p04.s01.c01",
        "normcorpus show asean-2018-cybersecurity:p04.s01.c01 --format json",
        "normcorpus show --chrome asean-2018-cybersecurity",
    ),
    "stats": (
        "normcorpus stats",
        "normcorpus stats --top 10 --format csv > documents.csv",
    ),
    "search": (
        'normcorpus search "an ninh mạng"',
        "normcorpus search 'de doa'                   # without diacritics: any spelling",
        "normcorpus search cybersecurity --side en",
        """normcorpus search '"hợp tác quốc tế" NOT ASEAN' --since 2018 --kwic""",
        "normcorpus search 'NEAR(an ninh hợp tác, 5)' --count",
        'normcorpus search "an toàn" --doc luat-cntt --article 5',
        'normcorpus search "an ninh mạng" --limit 0 --excel > hits.csv',
    ),
    "freq": (
        "normcorpus freq --top 20",
        "normcorpus freq --by ngram --n 3 --min-count 5 --format csv > trigrams.csv",
    ),
    "collocates": (
        'normcorpus collocates "an ninh mạng"',
        "normcorpus collocates 'an ninh' --measure mi --window 3 --min-freq 3",
    ),
    "concepts": (
        "normcorpus concepts --top 20",
        "normcorpus concepts --count clauses --format csv > concepts.csv",
    ),
    "check": (
        "normcorpus check translation.tmx",
        "normcorpus check strings.xlf --format html -o report.html",
        "normcorpus check pairs.tsv --fail-on warning --format github",
        "normcorpus check --corpus",
    ),
    "export": (
        "normcorpus export -o corpus.tmx",
        "normcorpus export --translation published --format xliff -o law.xlf",
        "normcorpus export --format tsv --doc asean-2018-cybersecurity -o asean.tsv",
    ),
    "align": (
        "normcorpus align luat.txt law.en.txt",
        "normcorpus align luat.txt law.en.txt -f tmx -o law.tmx",
    ),
    "serve": (
        "normcorpus serve --open",
        "normcorpus serve --port 8800 --data-dir law-data",
    ),
    "glossary validate": (
        "normcorpus glossary validate",
        "normcorpus glossary validate glossary.yaml --strict --corpus corpus/",
        "normcorpus glossary validate --format github",
    ),
    "glossary export": (
        "normcorpus glossary export -f tbx -o glossary.tbx",
        "normcorpus glossary export -f csv -o glossary.csv",
    ),
    "glossary import": (
        "normcorpus glossary import terms.tbx -o glossary.yaml",
        "normcorpus glossary import omegat-glossary.txt --source-lang en -o new.yaml",
    ),
    "glossary coverage": (
        "normcorpus glossary coverage",
        "normcorpus glossary coverage --format csv > coverage.csv",
    ),
    "glossary suggest": (
        "normcorpus glossary suggest",
        "normcorpus glossary suggest --limit 100 --min-count 5 --format csv > candidates.csv",
        "normcorpus glossary suggest ~/texts/  # statements read in memory, not indexed",
    ),
    "plot dispersion": (
        "normcorpus plot dispersion 'an ninh mạng' -o dispersion.svg",
        "normcorpus plot dispersion cybersecurity --side en -o dispersion.png --dpi 300",
    ),
    "plot timeline": (
        "normcorpus plot timeline 'an ninh mạng' -o timeline.svg",
        "normcorpus plot timeline 'hợp tác' --since 2015 -o timeline.pdf",
    ),
    "plot heatmap": (
        "normcorpus plot heatmap -o concepts.svg",
        "normcorpus plot heatmap --top 20 -o concepts.png",
    ),
    "plot collocates": (
        "normcorpus plot collocates 'an ninh mạng' -o collocates.svg",
        "normcorpus plot collocates 'an ninh' --measure mi -o collocates.png",
    ),
}


def epilog(path: str) -> str:
    """The examples of one command, as a click epilog (`\\b`: kept as written)."""
    lines = "\n".join(f"  {line}" for line in EXAMPLES[path])
    return f"\b\nExamples:\n{lines}"


def attach(app: Any, prefix: str = "") -> list[str]:
    """Give every command of a typer `app` (and of its groups) its examples; the
    command paths seen, so a test can tell that none lacks them."""
    seen = []
    for info in app.registered_commands:
        name = info.name or info.callback.__name__.rstrip("_").replace("_", "-")
        path = f"{prefix}{name}"
        seen.append(path)
        if path in EXAMPLES:
            info.epilog = epilog(path)
    for group in app.registered_groups:
        seen += attach(group.typer_instance, f"{prefix}{group.name} ")
    return seen
