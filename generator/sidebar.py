"""The sidebar of a family's pages: the "Job families" section holding that family alone.

MkDocs gives every page the same navigation, and Material writes the visible
part of it into every page. If each page listed every family, each page would
grow with the size of the organisation, and a reader's own family would sit
among all the others. So a page inside a family gets a view of the navigation
in which the families section holds the families page, that one family and
a link to the others; the families page itself, and every page outside the
families, get the whole navigation. Views share the real pages and sections,
so the current page, its "active" trail and the previous/next links are
MkDocs' own.
"""

from __future__ import annotations

from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page


class Sidebar:
    def __init__(self, nav: Navigation, families_page: str, others: str = "Other job families"):
        self.others = others  # the link back to every family, in the handbook's language
        self.nav = nav
        self.section = next(
            (
                item
                for item in nav.items
                if isinstance(item, Section)
                and item.children
                and isinstance(item.children[0], Page)
                and item.children[0].file.src_uri == families_page
            ),
            None,
        )
        self.views: dict[int, Navigation] = {}

    def for_page(self, page: Page) -> Navigation:
        """The navigation to render on `page`."""
        if self.section is None:
            return self.nav
        family = page.parent
        while family is not None and family.parent is not self.section:
            family = family.parent
        if family is None:
            return self.nav
        if id(family) not in self.views:
            self.views[id(family)] = self._view(family)
        return self.views[id(family)]

    def _view(self, family: Section) -> Navigation:
        assert self.section is not None
        index = self.section.children[0]
        assert isinstance(index, Page)  # the families page opens the section (see __init__)
        children = [index, family]  # children keep their real parents
        if len(self.section.children) > 2:
            children.append(Link(self.others, index.url))  # reachable from the family, on phones too
        section = Section(self.section.title, children)
        section.active = True  # only ever shown on pages inside `family`
        items = [section if item is self.section else item for item in self.nav.items]
        return Navigation(items, self.nav.pages)
