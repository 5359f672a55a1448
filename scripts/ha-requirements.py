"""Prints the pip requirements of the named Home Assistant integrations, of those HA sets up at
every start (bootstrap's core and default integrations: frontend, backup, network, ...), of
`hass --script check_config`, and of every integration they depend on (manifest.json
`dependencies`), one per line, as the installed HA pins them.
Run with the venv's python: ha-requirements.py recorder history sun ..."""
import json
import sys
from pathlib import Path

import homeassistant.components as components
from homeassistant import bootstrap

root = Path(components.__path__[0])
seen: set[str] = set()
requirements: list[str] = []


def visit(domain: str) -> None:
    if domain in seen:
        return
    seen.add(domain)
    manifest = root / domain / "manifest.json"
    if not manifest.exists():
        sys.exit(f"ha-requirements: no integration {domain!r} in this Home Assistant")
    data = json.loads(manifest.read_text())
    for requirement in data.get("requirements", []):
        if requirement not in requirements:
            requirements.append(requirement)
    for dependency in data.get("dependencies", []):
        visit(dependency)


# `hass --script check_config` (the suggestion tests) imports its own requirements
from homeassistant.scripts import check_config

requirements.extend(r for r in check_config.REQUIREMENTS if r not in requirements)

for name in sorted({*sys.argv[1:], *bootstrap.CORE_INTEGRATIONS, *bootstrap.DEFAULT_INTEGRATIONS}):
    visit(name)
print("\n".join(requirements))
print(f"ha-requirements: {len(seen)} integrations: {' '.join(sorted(seen))}", file=sys.stderr)
