"""What the plugin adds to MkDocs' configuration: the Markdown extensions the generated pages are written for,
with the options they rely on, and the package's theme directory, stylesheet and scripts (generator/assets.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import assets

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def add_to(config: MkDocsConfig) -> None:
    """Add them where missing: an organisation's own options, theme files and extensions stay, and win."""
    _add_markdown_extensions(config)
    _add_theme(config)


def _add_markdown_extensions(config: MkDocsConfig) -> None:
    """The extensions the generated pages are written for, with the options they rely on."""
    for name, options in assets.MARKDOWN_EXTENSIONS.items():
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
        if options:
            config.mdx_configs[name] = {**config.mdx_configs.get(name, {}), **options}


def _add_theme(config: MkDocsConfig) -> None:
    """Our theme files after the organisation's custom_dir (theirs win) and before Material's."""
    dirs = config.theme.dirs
    if str(assets.THEME_DIR) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(assets.THEME_DIR))
    for path in assets.STYLESHEETS:
        if path not in config.extra_css:
            config.extra_css.append(path)
    for path in assets.SCRIPTS:
        if path not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(path)
