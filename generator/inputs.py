"""What a family's pages are made from, as one digest: `mkdocs serve` makes again only the families whose digest changed.

A family's pages (render._family_pages) are a function of:
- the handbook's words: the language and handbook.yml's labels;
- handbook.yml, whose core, scales, grades and settings every family's pages show;
- the family's YAML and its roles' YAML, as validated, and the files they came from (edit links);
- what the family's overview shows of other families: the levels at the same grades elsewhere,
  by family name, level name and page.

Nothing else of another family reaches a family's pages. A change to any of these changes
the digest; tests/test_incremental.py checks, by edits of each kind in a real `mkdocs serve`,
that every page served after a rebuild is the page a fresh build makes.
"""

from __future__ import annotations

import hashlib

from . import paths, views, words
from .resolved import Site


def shared(site: Site, voice: words.Voice) -> bytes:
    """A digest of what every family's pages are made from: the words and handbook.yml (made once a build)."""
    return _digest(voice.language, repr(voice.labels), site.handbook.model_dump_json(), site.sources.get(("handbook", ""), ""))


def family_digest(shared: bytes, site: Site, view: views.FamilyView) -> str:
    """A digest of everything `view`'s family's pages are made from, `shared` (see `shared`) among them."""
    family = view.family
    parts: list[object] = [shared, family.definition.model_dump_json(), family.source_path or ""]
    for role in family.roles:
        parts += [role.id, role.source.model_dump_json() if role.source else "", site.sources.get(("role", role.id), "")]
    for row in view.levels:
        for at in row.elsewhere:
            parts += [at.family.name, at.level.name, paths.role_level_page(at.page) if at.page else ""]
    return _digest(*parts).hex()


def _digest(*parts: object) -> bytes:
    """Each part, with its length, so that no two different lists of parts give the same bytes."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little") + data)
    return h.digest()
