"""Arm M of the benchmark: Python-Markdown alone over the exported Markdown (run as a child process)."""

from __future__ import annotations

import sys
from pathlib import Path

import markdown
import yaml
from mkdocs.utils.meta import get_data


def convert_all(config_file: Path) -> int:
    """Convert every page under the config's docs_dir with its Markdown extensions; returns HTML bytes."""
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    names, options = [], {}
    for entry in config.get("markdown_extensions", []):
        name, conf = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
        names.append(name)
        options[name] = conf or {}
    converter = markdown.Markdown(extensions=names, extension_configs=options)
    total = 0
    for page in sorted((config_file.parent / config.get("docs_dir", "docs")).rglob("*.md")):
        body, _ = get_data(page.read_text(encoding="utf-8"))
        total += len(converter.reset().convert(body))
    return total


if __name__ == "__main__":
    print(convert_all(Path(sys.argv[1])))
