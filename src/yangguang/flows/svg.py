"""Server-side SVG of a process chart (written by hand, no browser or binary needed)."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from yangguang.flows.compiled import CompiledProcess
from yangguang.flows.scene import FONT, Circle, Poly, Rect, Text, build


def _n(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def render_svg(proc: CompiledProcess, *, title: str = "", internal: bool = True) -> str:
    sc = build(proc, title=title, internal=internal)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(sc.width)} {_n(sc.height)}" '
        f'width="{_n(sc.width)}" height="{_n(sc.height)}" role="img" '
        f"aria-label={quoteattr(title or proc.name)} font-family={quoteattr(FONT)}>",
        f"<title>{escape(title or proc.name)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#222222"/></marker></defs>',
        f'<rect x="0" y="0" width="{_n(sc.width)}" height="{_n(sc.height)}" fill="#ffffff"/>',
    ]
    for it in sc.items:
        if isinstance(it, Rect):
            dash = ' stroke-dasharray="6 4"' if it.dash else ""
            out.append(
                f'<rect x="{_n(it.x)}" y="{_n(it.y)}" width="{_n(it.w)}" height="{_n(it.h)}" '
                f'rx="{_n(it.rx)}" fill="{it.fill}" stroke="{it.stroke}" '
                f'stroke-width="{_n(it.width)}"{dash}/>'
            )
        elif isinstance(it, Circle):
            out.append(
                f'<circle cx="{_n(it.cx)}" cy="{_n(it.cy)}" r="{_n(it.r)}" fill="{it.fill}" '
                f'stroke="{it.stroke}" stroke-width="{_n(it.width)}"/>'
            )
        elif isinstance(it, Poly):
            pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in it.points)
            tag = "polygon" if it.closed else "polyline"
            marker = ' marker-end="url(#arrow)"' if it.arrow else ""
            out.append(
                f'<{tag} points="{pts}" fill="{it.fill}" stroke="{it.stroke}" '
                f'stroke-width="{_n(it.width)}"{marker}/>'
            )
        elif isinstance(it, Text) and it.text:
            weight = ' font-weight="bold"' if it.bold else ""
            out.append(
                f'<text x="{_n(it.x)}" y="{_n(it.y)}" font-size="{_n(it.size)}" '
                f'text-anchor="{it.anchor}" fill="{it.color}"{weight}>{escape(it.text)}</text>'
            )
    out.append("</svg>")
    return "\n".join(out)
