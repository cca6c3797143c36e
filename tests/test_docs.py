"""The docs stand alone (issue 13): no tracked file sends its reader to the team's documents kept beside the
checkout rather than in it (the domain, design and style notes, each an upper-case ``<NAME>.md``). What they
said that the code relies on is in the repository: the domain in docs/domain.md, the design in
docs/architecture.md, the decisions and the other docs. And the docs' links to other docs lead somewhere.

Not read: the numbered migrations (``functions/<service>/migrations/<number>_*.sql``). They are history that
cannot change: the migration runner records each applied file's checksum and refuses one that changed
(docs/architecture.md, "Migrations"), so their comments keep the names they were written with. This file is
read like any other: it builds the names it looks for, so it does not find them in itself.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTSIDE = tuple(name + ".md" for name in ("DOMAIN", "DESIGN", "STYLE"))
"""The team's documents outside the repository, as files name them (upper case: docs/domain.md is ours)."""
POINTER = re.compile(r"\b(" + "|".join(re.escape(name) for name in OUTSIDE) + r")")
HISTORY = re.compile(r"^functions/[^/]+/migrations/\d+_[^/]+\.sql$")
"""Numbered migrations: applied files are checksummed and cannot change."""


def tracked() -> list[str]:
    listing = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return [name for name in listing.decode().split("\0") if name]


def test_no_tracked_file_points_outside_the_repository() -> None:
    read, found = 0, []
    for name in tracked():
        path = ROOT / name
        if HISTORY.match(name) or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:  # images, fonts: nothing a reader follows
            continue
        read += 1
        found += [f"{name}:{text.count(chr(10), 0, match.start()) + 1}: {match.group(0)}"
                  for match in POINTER.finditer(text)]
    assert read > 100, f"read only {read} tracked files: the test looked at nothing"
    assert not found, ("point to docs/domain.md, docs/architecture.md or the doc that says it instead of:\n"
                       + "\n".join(found))


def test_the_test_finds_a_pointer_where_there_is_one() -> None:
    """The control for the test above: the pattern matches the names as files write them, and not ours."""
    assert POINTER.search("who may do what (" + OUTSIDE[0] + "'s permission table)")
    assert POINTER.search("the outbox (" + OUTSIDE[1] + " §4)")
    assert not POINTER.search("docs/domain.md, 'Who may do what'")
    assert HISTORY.match("functions/programs/migrations/0001_program_schema.sql")
    assert not HISTORY.match("functions/programs/definitions/functions.sql")


# ---- links between the docs ----

DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
MENTION = re.compile(r"(?<![\w./-])docs/[\w./-]*\w\.md\b")
"""A path from the repository's root, as the docs write one in text or code: docs/api.md."""
LINK = re.compile(r"\]\(([^)\s]+)\)")
"""A Markdown link's target."""


def _slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    return {_slug(line.lstrip("#")) for line in path.read_text().splitlines() if re.match(r"#{1,6} ", line)}


def test_the_docs_link_to_docs_that_exist() -> None:
    broken = []
    for doc in DOCS:
        text = doc.read_text()
        for mention in MENTION.findall(text):
            if not (ROOT / mention).is_file():
                broken.append(f"{doc.relative_to(ROOT)}: {mention}")
        for target in LINK.findall(text):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
                continue  # another site (https:, mailto:)
            file, _, anchor = target.partition("#")
            path = (doc.parent / file).resolve() if file else doc
            if not path.exists():
                broken.append(f"{doc.relative_to(ROOT)}: {target}")
            elif anchor and path.suffix == ".md" and anchor not in _anchors(path):
                broken.append(f"{doc.relative_to(ROOT)}: {target} (no such heading)")
    assert len(DOCS) > 20
    assert not broken, "links to nothing:\n" + "\n".join(broken)
