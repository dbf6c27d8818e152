"""The chart as drawing primitives, shared by the SVG and the PDF renderers: swimlanes
by post, shapes laid out by ``layout``, colours by risk grade (A red, B orange, C
yellow, measures blue) and a legend."""

from __future__ import annotations

from dataclasses import dataclass, field

from yangguang.flows.compiled import CompiledProcess
from yangguang.flows.layout import Layout, layout

FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, SimSun, sans-serif"
GRADE_FILL = {"A": "#ffcdd2", "B": "#ffe0b2", "C": "#fff59d"}
GRADE_STROKE = {"A": "#d32f2f", "B": "#ef6c00", "C": "#c9a400"}
GRADE_LABEL = {"A": "A级风险点", "B": "B级风险点", "C": "C级风险点"}
MEASURE = "#1e63c6"
MEASURE_FILL = "#dbe8fb"
INK = "#222222"
LANE_FILL = ("#f7f9fc", "#ffffff")
LEGEND_H = 64
TITLE_H = 40


@dataclass
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str = "none"
    stroke: str = INK
    width: float = 1
    rx: float = 0
    dash: bool = False


@dataclass
class Circle:
    cx: float
    cy: float
    r: float
    fill: str = "#ffffff"
    stroke: str = INK
    width: float = 1.5


@dataclass
class Poly:
    points: list[tuple[float, float]]
    stroke: str = INK
    width: float = 1.2
    fill: str = "none"
    closed: bool = False
    arrow: bool = False


@dataclass
class Text:
    x: float
    y: float  # baseline
    text: str
    size: float = 12
    anchor: str = "middle"  # start | middle | end
    color: str = INK
    bold: bool = False


@dataclass
class Scene:
    width: float
    height: float
    items: list = field(default_factory=list)
    title: str = ""


def units(text: str) -> float:
    return sum(1 if ord(c) > 0x2E80 else 0.55 for c in text)


def wrap(text: str, width: float, max_lines: int = 3) -> list[str]:
    """Break ``text`` into lines of at most ``width`` units (a CJK character is 1); the
    text after ``max_lines`` lines is cut (an ellipsis ends the last), and not read."""
    lines, line, used = [], "", 0.0
    for c in text:
        w = units(c)
        if used + w > width:
            lines.append(line)
            if len(lines) > max_lines:
                break
            line = c.lstrip()
            used = units(line)
        else:
            line += c
            used += w
    else:
        if line:
            lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][:-1] + "…"
    return lines


def build(proc: CompiledProcess, *, title: str = "", internal: bool = True) -> Scene:
    """The scene of ``proc`` (pass ``proc.external_view()`` for the public chart)."""
    lay: Layout = layout(proc)
    grades: dict[str, str] = {}
    measures_of: dict[str, int] = {}
    for r in proc.risks:
        grades[r.task] = min(grades.get(r.task, r.grade), r.grade)  # "A" < "B" < "C"
        measures_of[r.task] = measures_of.get(r.task, 0) + len(r.measures)
    top = TITLE_H if title else 0
    sc = Scene(width=max(lay.width, 760), height=lay.height + top + LEGEND_H, title=title)
    add = sc.items.append
    if title:
        add(Text(sc.width / 2, 26, title, size=18, bold=True))
    for i, (name, b) in enumerate(lay.lanes):
        y = b.y + top
        add(Rect(b.x, y, b.w, b.h, fill=LANE_FILL[i % 2], stroke="#9aa5b1", width=0.8))
        add(Rect(b.x, y, 44, b.h, fill="#e8edf3", stroke="#9aa5b1", width=0.8))
        chars = list(name or "—")[: int(b.h // 15)]
        y0 = y + b.h / 2 - (len(chars) - 1) * 7.5 + 5
        for j, c in enumerate(chars):
            add(Text(b.x + 22, y0 + j * 15, c, size=13, bold=True))
    for f in proc.flows:
        pts = [(x, y + top) for x, y in lay.edges.get(f.id, [])]
        if len(pts) < 2:
            continue
        add(Poly(pts, arrow=True))
        label = f.condition or f.name
        if label:
            (x1, y1), (x2, y2) = pts[0], pts[1]
            tx, ty = (x1 + x2) / 2, (y1 + y2) / 2
            if abs(x2 - x1) < 1 and len(pts) > 2:  # vertical first leg: label the next one
                (x1, y1), (x2, y2) = pts[1], pts[2]
                tx, ty = (x1 + x2) / 2, y1
            for k, line in enumerate(wrap(label, 9, 2)):
                add(Text(tx + 4, ty - 5 + k * 12, line, size=10, color="#455a64", anchor="middle"))
    for n in proc.nodes.values():
        b = lay.shapes[n.id]
        x, y = b.x, b.y + top
        if n.kind in ("start", "end"):
            add(Circle(b.cx, y + b.h / 2, b.w / 2, width=1.5 if n.kind == "start" else 3.5))
            if n.name:
                add(Text(b.cx, y + b.h + 14, n.name, size=11))
            continue
        if n.is_gateway:
            cx, cy, r = b.cx, y + b.h / 2, b.w / 2
            add(
                Poly(
                    [(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)],
                    fill="#fffde7",
                    closed=True,
                    width=1.5,
                )
            )
            if n.kind == "xor":
                add(Poly([(cx - 8, cy - 8), (cx + 8, cy + 8)], width=2.5))
                add(Poly([(cx - 8, cy + 8), (cx + 8, cy - 8)], width=2.5))
            else:
                add(Poly([(cx, cy - 11), (cx, cy + 11)], width=2.5))
                add(Poly([(cx - 11, cy), (cx + 11, cy)], width=2.5))
            if n.name:
                for k, line in enumerate(wrap(n.name, 8, 2)):
                    add(Text(cx, y - 6 - (len(wrap(n.name, 8, 2)) - 1 - k) * 12, line, size=10))
            continue
        grade = grades.get(n.id)
        fill = GRADE_FILL.get(grade, "#ffffff")
        stroke = GRADE_STROKE.get(grade, INK)
        add(
            Rect(
                x,
                y,
                b.w,
                b.h,
                fill=fill,
                stroke=stroke,
                width=2 if grade else 1.2,
                rx=8,
                dash=n.pauses_clock,
            )
        )
        lines = wrap(n.name or n.id, 8, 2)
        for k, line in enumerate(lines):
            add(Text(b.cx, y + 22 + k * 15, line, size=13, bold=True))
        sub = []
        if n.limit:
            sub.append(f"{n.limit}{'个工作日' if n.limit_unit == 'working' else '个自然日'}")
        if n.pauses_clock:
            sub.append("不计时")
        if internal and n.visibility == "internal":
            sub.append("内部")
        add(Text(b.cx, y + b.h - 10, "，".join(sub), size=10, color="#37474f"))
        if grade:
            add(Rect(x + b.w - 22, y - 9, 26, 17, fill=stroke, stroke=stroke, rx=3))
            add(Text(x + b.w - 9, y + 4, grade, size=11, color="#ffffff", bold=True))
        measures = measures_of.get(n.id, 0)
        if measures:
            add(Rect(x + 6, y + b.h - 2, b.w - 12, 17, fill=MEASURE_FILL, stroke=MEASURE, rx=3))
            add(Text(b.cx, y + b.h + 11, f"防范措施 {measures} 项", size=10, color=MEASURE))
    ly = lay.height + top + 18
    lx = 30
    legend = [("A", GRADE_LABEL["A"]), ("B", GRADE_LABEL["B"]), ("C", GRADE_LABEL["C"])]
    add(Text(lx, ly + 13, "图例", size=12, anchor="start", bold=True))
    lx += 44
    for g, label in legend:
        add(Rect(lx, ly, 28, 18, fill=GRADE_FILL[g], stroke=GRADE_STROKE[g], width=2, rx=4))
        add(Text(lx + 34, ly + 13, label, size=11, anchor="start"))
        lx += 120
    add(Rect(lx, ly, 28, 18, fill=MEASURE_FILL, stroke=MEASURE, rx=3))
    add(Text(lx + 34, ly + 13, "防范措施", size=11, anchor="start", color=MEASURE))
    lx += 110
    add(Rect(lx, ly, 28, 18, fill="#ffffff", stroke=INK, rx=4, dash=True))
    add(
        Text(
            lx + 34,
            ly + 13,
            "不计入办理时限(补正、听证、检验、鉴定、专家评审)",
            size=11,
            anchor="start",
        )
    )
    return sc
