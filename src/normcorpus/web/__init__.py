"""The local web app (`normcorpus serve`): search, clauses, documents, concepts,
the glossary and a JSON API over a data directory, read-only.

Modules: `app` (the Starlette app, routes, security headers, errors),
`engine` (one read-only corpus per worker thread, the time limit), `forms`
(parameters, declared once, bounded, documented on /api), `pages` (what each
page shows, from library calls), `api` (the CLI's JSON), `markup` (text as
escaped HTML with matches and terms), `exports` (CSV and JSONL downloads);
`templates/` (Jinja2) and `static/` (CSS, a little JavaScript: every asset is
in the package). Importing this package imports Starlette and Jinja2; the CLI
imports it only in `serve`.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
