#!/usr/bin/env python3
"""Fetch the pinned front-end packages from the npm registry, without Node.js.

Each tarball is checked against the sha512 ``integrity`` pinned in ``tools/assets.json``
before anything is unpacked; a mismatch stops the build. Tarballs are cached under
``var/cache/npm``. Only the listed files are extracted, into
``src/yangguang/static/vendor/`` (not committed; shipped inside the built package).

The registry is ``$NPM_CONFIG_REGISTRY`` when set (as npm itself reads it), else npm's
default public registry. Standard library only: it runs before the venv has anything.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "tools" / "assets.json"
VENDOR = ROOT / "src" / "yangguang" / "static" / "vendor"
CACHE = ROOT / "var" / "cache" / "npm"
DEV_VENDOR = ROOT / "var" / "vendor-dev"  # test-only packages (axe-core): never shipped
DEFAULT_REGISTRY = "https://registry.npmjs.org"


def registry() -> str:
    return (os.environ.get("NPM_CONFIG_REGISTRY") or DEFAULT_REGISTRY).rstrip("/")


def tarball_url(name: str, version: str) -> str:
    base = name.split("/")[-1]
    return f"{registry()}/{name}/-/{base}-{version}.tgz"


def check_integrity(data: bytes, integrity: str) -> None:
    algo, _, expected = integrity.partition("-")
    if algo != "sha512":
        raise SystemExit(f"unsupported integrity algorithm {algo!r}")
    actual = base64.b64encode(hashlib.sha512(data).digest()).decode()
    if actual != expected:
        raise SystemExit(f"integrity mismatch: expected {integrity}, got sha512-{actual}")


def fetch(pkg: dict) -> bytes:
    CACHE.mkdir(parents=True, exist_ok=True)
    cached = CACHE / f"{pkg['name'].replace('/', '_')}-{pkg['version']}.tgz"
    if cached.exists():
        data = cached.read_bytes()
        try:
            check_integrity(data, pkg["integrity"])
            return data
        except SystemExit:
            cached.unlink()
    url = tarball_url(pkg["name"], pkg["version"])
    if not url.startswith(("https://", "http://")):
        raise SystemExit(f"refusing registry URL {url!r}")
    with urllib.request.urlopen(url, timeout=120) as resp:  # noqa: S310 (scheme checked above)
        data = resp.read()
    check_integrity(data, pkg["integrity"])
    cached.write_bytes(data)
    return data


def target_dir(pkg: dict) -> Path:
    return DEV_VENDOR if pkg.get("dev") else VENDOR


def extract(pkg: dict, data: bytes) -> None:
    wanted = {f"package/{src}": dst for src, dst in pkg["files"].items()}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            dst = wanted.pop(member.name, None)
            if dst is None or not member.isfile():
                continue
            target = target_dir(pkg) / dst
            target.parent.mkdir(parents=True, exist_ok=True)
            src = tar.extractfile(member)
            if src is None:
                raise SystemExit(f"{pkg['name']}: cannot read {member.name}")
            target.write_bytes(src.read())
    if wanted:
        raise SystemExit(f"{pkg['name']}@{pkg['version']}: missing files {sorted(wanted)}")


def main() -> int:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    for pkg in manifest["packages"]:
        base = target_dir(pkg)
        base.mkdir(parents=True, exist_ok=True)
        stamp = base / f".{pkg['name'].replace('/', '_')}-{pkg['version']}"
        if stamp.exists() and all((base / d).exists() for d in pkg["files"].values()):
            continue
        extract(pkg, fetch(pkg))
        stamp.write_text(pkg["integrity"], encoding="utf-8")
        print(f"assets: {pkg['name']}@{pkg['version']} verified and unpacked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
