"""The registry of evaluated texts (eval/texts.yaml): where each is, its sha256."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from .canon import Text, canonical, sha256

EVAL_DIR = Path(__file__).resolve().parent.parent
REPO_ROOT = EVAL_DIR.parent
REGISTRY = EVAL_DIR / "texts.yaml"


def realtexts_dir() -> Path:
    """NORMEVAL_REALTEXTS, else the first `shared/realtexts` beside the checkout or
    one level up (a clone at /work/main and a worktree at /work/wt/x both find it)."""
    if os.environ.get("NORMEVAL_REALTEXTS"):
        return Path(os.environ["NORMEVAL_REALTEXTS"])
    candidates = [up / "shared" / "realtexts" for up in (REPO_ROOT.parent, REPO_ROOT.parent.parent)]
    return next((c for c in candidates if c.is_dir()), candidates[0])


class GoldError(Exception):
    """A gold or registry file that cannot be used as it is (names the file)."""


@dataclass(frozen=True)
class TextEntry:
    id: str
    title: str
    kind: str
    path: str
    sha256: str
    copy: str
    meta: str | None = None

    def resolve(self, spec: str | None = None) -> Path:
        spec = spec or self.path
        where, _, rest = spec.partition("/")
        if where == "realtexts":
            return realtexts_dir() / rest
        if where == "repo":
            return REPO_ROOT / rest
        raise GoldError(f"{REGISTRY}: text {self.id}: path must start realtexts/ or repo/")

    @property
    def file(self) -> Path:
        return self.resolve()

    @property
    def meta_file(self) -> Path | None:
        return self.resolve(self.meta) if self.meta else None

    def problem(self) -> str | None:
        """Why this text cannot be scored here (absent, changed), or None."""
        file = self.file
        if not file.is_file():
            return f"absent: {file} (not in this checkout; it is never copied into the repository)"
        found = sha256(file.read_bytes())
        if found != self.sha256:
            return (
                f"changed: {file} has sha256 {found[:12]}…, the gold annotates {self.sha256[:12]}…"
            )
        return None


@dataclass(frozen=True)
class Registry:
    texts: tuple[TextEntry, ...]

    def get(self, text_id: str) -> TextEntry:
        for entry in self.texts:
            if entry.id == text_id:
                return entry
        raise GoldError(f"{REGISTRY}: no text with id {text_id!r}")

    def canonical(self, text_id: str) -> Text:
        entry = self.get(text_id)
        problem = entry.problem()
        if problem:
            raise GoldError(f"text {text_id}: {problem}")
        return Text.from_str(canonical(entry.file.read_bytes()))


def load_registry(path: Path = REGISTRY) -> Registry:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        entries = tuple(
            TextEntry(
                id=t["id"],
                title=t["title"],
                kind=t["kind"],
                path=t["path"],
                sha256=t["sha256"],
                copy=t["copy"],
                meta=t.get("meta"),
            )
            for t in data["texts"]
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise GoldError(f"{path}: {exc}") from exc
    return Registry(entries)
