"""Compile the message catalogues (``src/yangguang/locale/*/LC_MESSAGES/django.po``) to
``.mo`` with Babel, so no GNU gettext is needed. ``--check`` exits 1 when a committed
``.mo`` does not match its ``.po``."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "src" / "yangguang" / "locale"


def compile_po(po_path: Path) -> bytes:
    with po_path.open("rb") as fh:
        catalog = read_po(fh, abort_invalid=True)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def catalogues(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    return sorted(locale_dir.glob("*/LC_MESSAGES/*.po"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="only check the .mo files")
    args = parser.parse_args(argv)
    stale = []
    for po in catalogues():
        mo = po.with_suffix(".mo")
        data = compile_po(po)
        if args.check:
            if not mo.exists() or mo.read_bytes() != data:
                stale.append(mo)
        else:
            mo.write_bytes(data)
            print(f"compiled {mo.relative_to(LOCALE_DIR.parent.parent.parent)}")
    for mo in stale:
        print(f"stale: {mo} (run tools/compile_messages.py)", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
