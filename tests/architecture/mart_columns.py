"""The published columns of every mart version, read from the marts' yml (now or in git history).

A mart version's columns follow dbt's rules for versioned models: a version without ``columns``
has the model's columns; with ``- include: all`` (or no include entry) the model's columns minus
``exclude`` plus its own; with ``- include: [a, b]`` those of the model's plus its own.

``python tests/architecture/mart_columns.py`` rewrites ``SNAPSHOT``: each mart version's columns
(name -> data_type) as of the first commit (in HEAD's history) whose yml declared that version.
It is derived from the git history of ``models/marts/*.yml``, never from the current yml.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
MARTS_DIR = "models/marts"
SNAPSHOT = REPO / "tests" / "fixtures" / "contracts" / "published_mart_columns.json"

Columns = dict[str, str | None]  # column name -> data_type
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _names(columns: Iterable[dict]) -> Columns:
    return {c["name"]: c.get("data_type") for c in columns if "name" in c}


def _version(model: dict, version: dict) -> Columns:
    top = _names(model.get("columns") or [])
    own_spec = version.get("columns")
    if own_spec is None:
        return dict(top)
    include = next((c for c in own_spec if "include" in c), {"include": "all"})
    own = _names(own_spec)
    if include["include"] in ("all", "*"):
        excluded = set(include.get("exclude") or [])
        kept = {name: kind for name, kind in top.items() if name not in excluded}
    else:
        kept = {name: top[name] for name in include["include"] if name in top}
    return {**kept, **own}


def model_versions(doc: dict | None) -> Iterator[tuple[str, Columns, dict]]:
    """``(relation name, columns, definition)`` of every model version in one yml document."""
    for model in (doc or {}).get("models") or []:
        versions = model.get("versions")
        if not versions:
            yield model["name"], _names(model.get("columns") or []), model
            continue
        for version in versions:
            yield f"{model['name']}_v{version['v']}", _version(model, version), version


def current(repo: Path = REPO) -> dict[str, Columns]:
    out: dict[str, Columns] = {}
    for path in sorted((repo / MARTS_DIR).glob("*.yml")):
        for name, columns, _ in model_versions(yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)):
            out[name] = columns
    return out


def _git(repo: Path, *args: str, stdin: str | None = None) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], input=stdin, capture_output=True, text=True, check=True
    ).stdout


def committed(repo: Path = REPO, rev: str = "HEAD") -> Iterator[tuple[str, dict[str, tuple[Columns, dict]]]]:
    """``(commit, {relation: (columns, definition)})`` for every commit of ``rev``'s history that
    changed the marts' yml, oldest first (each yml blob parsed once)."""
    commits = _git(repo, "rev-list", "--reverse", "--topo-order", rev, "--", MARTS_DIR).split()
    trees = {
        commit: [
            line.split()[2]
            for line in _git(repo, "ls-tree", "-r", commit, "--", MARTS_DIR).splitlines()
            if line.endswith((".yml", ".yaml"))
        ]
        for commit in commits
    }
    blobs = sorted({blob for tree in trees.values() for blob in tree})
    parsed = dict(zip(blobs, _read_blobs(repo, blobs), strict=True))
    for commit in commits:
        state: dict[str, tuple[Columns, dict]] = {}
        for blob in trees[commit]:
            for name, columns, definition in model_versions(parsed[blob]):
                state[name] = (columns, definition)
        yield commit, state


def _read_blobs(repo: Path, blobs: list[str]) -> list[dict | None]:
    out = subprocess.run(
        ["git", "-C", str(repo), "cat-file", "--batch"],
        input="".join(f"{b}\n" for b in blobs).encode(),
        capture_output=True,
        check=True,
    ).stdout
    docs, at = [], 0
    for _ in blobs:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split()[2])
        body = out[header_end + 1 : header_end + 1 + size]
        docs.append(yaml.load(body.decode("utf-8"), Loader=_LOADER))
        at = header_end + 1 + size + 1
    return docs


def first_publication(repo: Path = REPO, rev: str = "HEAD") -> dict[str, Columns]:
    """Each mart version's columns in the first commit that declared it."""
    first: dict[str, Columns] = {}
    for _, state in committed(repo, rev):
        for name, (columns, _) in state.items():
            first.setdefault(name, columns)
    return dict(sorted(first.items()))


if __name__ == "__main__":
    SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
    SNAPSHOT.write_text(json.dumps(first_publication(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {SNAPSHOT.relative_to(REPO)}")
