"""BPMN 2.0 XML interchange (Camunda Modeler, bpmn-js) with our ``yg`` extensions.

``parse_bpmn(xml_bytes) -> CompiledProcess`` needs no database; ``export_bpmn`` writes
definitions with a collaboration (one pool), the process (``isExecutable``), a lane set
(one lane per post) and BPMN DI (shapes with ``dc:Bounds``, edges with ``di:waypoint``),
computed by the auto-layout when the model carries no diagram. See
``docs/bpmn-extensions.md``.

Parsing streams the file through defusedxml's iterparse, in chunks: DTDs, entity
declarations and external references are refused; so is, as soon as it is seen, input
above ``max_bytes`` (default 5 MB, setting ``YANGGUANG_BPMN_MAX_BYTES``) or a model with
more than ``max_elements`` flow elements (default 1,000, setting
``YANGGUANG_BPMN_MAX_ELEMENTS``), before anything is laid out or checked.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import defusedxml
import defusedxml.ElementTree as SafeET

from yangguang.flows.compiled import Bounds, CompiledProcess, Flow, Node, SodGroup
from yangguang.flows.layout import layout

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
YG = "urn:yangguang:bpmn:1"
TARGET_NAMESPACE = "urn:yangguang:process"
BPMN_PREFIX = "{" + BPMN + "}"
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
#: flow elements a model may have (setting ``YANGGUANG_BPMN_MAX_ELEMENTS``)
DEFAULT_MAX_ELEMENTS = 1000
#: XML elements in all per allowed flow element (a task with its extensions, incoming
#: and outgoing references, diagram shape and bounds is about ten)
XML_PER_FLOW_ELEMENT = 40
READ_CHUNK = 64 * 1024
#: BPMN children of a process that are not flow elements
NOT_FLOW_ELEMENTS = ("laneSet", "extensionElements", "documentation", "ioSpecification")

TASK_TAGS = ("task", "userTask", "serviceTask", "manualTask")
KIND_OF_TAG = {
    "startEvent": "start",
    "endEvent": "end",
    "exclusiveGateway": "xor",
    "parallelGateway": "and",
    **dict.fromkeys(TASK_TAGS, "task"),
}
#: BPMN elements inside a process that carry no meaning for the flow: ignored
IGNORED = frozenset(
    {
        "laneSet",
        "extensionElements",
        "documentation",
        "sequenceFlow",
        "textAnnotation",
        "association",
        "group",
        "dataObject",
        "dataObjectReference",
        "dataStoreReference",
        "dataInputAssociation",
        "dataOutputAssociation",
        "property",
        "incoming",
        "outgoing",
        "ioSpecification",
    }
)
UNSUPPORTED_ZH = {
    "inclusiveGateway": "包容网关",
    "complexGateway": "复杂网关",
    "eventBasedGateway": "事件网关",
    "subProcess": "子流程",
    "callActivity": "调用活动",
    "transaction": "事务子流程",
    "adHocSubProcess": "自由子流程",
    "intermediateCatchEvent": "中间捕获事件(如定时器)",
    "intermediateThrowEvent": "中间抛出事件",
    "boundaryEvent": "边界事件",
    "sendTask": "发送任务",
    "receiveTask": "接收任务",
    "scriptTask": "脚本任务",
    "businessRuleTask": "业务规则任务",
}
EVENT_DEFINITIONS = (
    "timerEventDefinition",
    "messageEventDefinition",
    "signalEventDefinition",
    "conditionalEventDefinition",
    "errorEventDefinition",
    "escalationEventDefinition",
    "compensateEventDefinition",
    "terminateEventDefinition",
    "linkEventDefinition",
    "cancelEventDefinition",
)


class BpmnError(ValueError):
    """Refused BPMN input; ``element`` names the element at fault."""

    def __init__(self, code: str, zh: str, en: str, element: str = "") -> None:
        self.code, self.zh, self.en, self.element = code, zh, en, element
        super().__init__(f"{zh} ({en})")


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def _local(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _describe(el) -> str:
    _, local = _local(el.tag)
    ident = _short(el.get("id"))
    name = _short(el.get("name"))
    label = local + (f" id={ident}" if ident else "") + (f" name={name}" if name else "")
    return label


def _short(text: str | None, most: int = 60) -> str:
    text = text or ""
    return text if len(text) <= most else text[: most - 1] + "…"


def _positive_int(value: str | None, el, attr: str, what_zh: str) -> int:
    ident = el.get("id") or ""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise BpmnError(
            "bad_number",
            f"{what_zh}的 {attr}={value!r} 不是整数(元素 {ident})",
            f"{attr}={value!r} is not a whole number (element {ident})",
            ident,
        ) from None
    if number <= 0:
        raise BpmnError(
            "limit_not_positive",
            f"{what_zh}的时限须为正数, 元素 {ident} 为 {number}",
            f"the time limit must be positive; element {ident} has {number}",
            ident,
        )
    return number


class _Bounded:
    """A binary source read in chunks, refused once more than ``limit`` bytes came."""

    def __init__(self, source, limit: int) -> None:
        self.source, self.limit, self.seen = source, limit, 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.source.read(READ_CHUNK if size is None or size < 0 else min(size, READ_CHUNK))
        if isinstance(chunk, str):
            chunk = chunk.encode("utf-8")
        self.seen += len(chunk)
        if self.seen > self.limit:
            raise _too_large(f"超过 {self.limit}", f"over {self.limit}", self.limit)
        return chunk


def _too_large(size_zh: str, size_en: str, limit: int) -> BpmnError:
    return BpmnError(
        "too_large",
        f"文件过大({size_zh} 字节), 上限 {limit} 字节",
        f"the file is too large ({size_en} bytes; the limit is {limit})",
    )


def _too_many(what_zh: str, what_en: str, limit: int) -> BpmnError:
    return BpmnError(
        "too_many_elements",
        f"{what_zh}超过 {limit} 个, 不像是真实的流程图, 未读取",
        f"more than {limit} {what_en}: no real flowchart has that many; not read",
    )


def _safe_root(source, max_bytes: int | None, max_elements: int | None):
    """The document's root, read from ``source`` (bytes, text or a binary file) in
    chunks by defusedxml's iterparse. Refused while streaming, before the rest is read:
    more than ``max_bytes`` bytes, more than ``max_elements`` flow elements (the BPMN
    children of a process: events, tasks, gateways, sequence flows, artefacts) or more
    than ``XML_PER_FLOW_ELEMENT`` times as many XML elements in all."""
    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    most = DEFAULT_MAX_ELEMENTS if max_elements is None else max_elements
    if isinstance(source, str):
        source = source.encode("utf-8")
    if isinstance(source, (bytes, bytearray, memoryview)):
        if len(source) > limit:
            raise _too_large(str(len(source)), str(len(source)), limit)
        source = io.BytesIO(source)
    process_tag, skipped = _q(BPMN, "process"), {_q(BPMN, t) for t in NOT_FLOW_ELEMENTS}
    root, stack, flow_elements, elements = None, [], 0, 0
    try:
        for event, el in SafeET.iterparse(
            _Bounded(source, limit),
            events=("start", "end"),
            forbid_dtd=True,
            forbid_entities=True,
            forbid_external=True,
        ):
            if event == "end":
                stack.pop()
                continue
            if root is None:
                root = el
            elements += 1
            if elements > most * XML_PER_FLOW_ELEMENT:
                raise _too_many("XML 元素", "XML elements", most * XML_PER_FLOW_ELEMENT)
            in_process = stack and stack[-1] == process_tag
            if in_process and el.tag.startswith(BPMN_PREFIX) and el.tag not in skipped:
                flow_elements += 1
                if flow_elements > most:
                    raise _too_many("流程元素(事件、环节、网关、连线)", "flow elements", most)
            stack.append(el.tag)
    except defusedxml.DTDForbidden:
        raise BpmnError(
            "dtd_forbidden",
            "不接受含 DTD(<!DOCTYPE>)的文件",
            "documents with a DTD (<!DOCTYPE>) are refused",
        ) from None
    except defusedxml.EntitiesForbidden:
        raise BpmnError(
            "entities_forbidden", "不接受实体声明", "entity declarations are refused"
        ) from None
    except defusedxml.ExternalReferenceForbidden:
        raise BpmnError(
            "external_forbidden", "不接受外部引用", "external references are refused"
        ) from None
    except ET.ParseError as exc:
        raise BpmnError("malformed", f"XML 格式错误: {exc}", f"malformed XML: {exc}") from None
    if root is None:
        raise BpmnError("malformed", "XML 格式错误: 文件为空", "malformed XML: the file is empty")
    return root


def parse_bpmn(
    xml_bytes, *, max_bytes: int | None = None, max_elements: int | None = None
) -> CompiledProcess:
    """Parse BPMN 2.0 XML (bytes, or a binary file read in chunks) into a
    ``CompiledProcess`` (no database needed)."""
    root = _safe_root(xml_bytes, max_bytes, max_elements)
    if root.tag != _q(BPMN, "definitions"):
        raise BpmnError(
            "not_bpmn",
            f"根元素应为 bpmn:definitions, 而不是 {_local(root.tag)[1]}",
            f"the root element must be bpmn:definitions, not {_local(root.tag)[1]}",
        )
    processes = [p for p in root.findall(_q(BPMN, "process")) if _flow_elements(p)]
    if not processes:
        raise BpmnError("no_process", "文件中没有流程", "the file holds no process")
    if len(processes) > 1:
        raise BpmnError(
            "many_processes",
            "一个文件只能有一个流程(泳池)",
            "only one process (pool) per file is supported",
        )
    proc_el = processes[0]
    lanes_of: dict[str, str] = {}
    lane_order: list[str] = []
    for lane_el in proc_el.iter(_q(BPMN, "lane")):
        if lane_el.find(_q(BPMN, "childLaneSet")) is not None:
            continue  # the innermost lane names the post
        name = (lane_el.get("name") or "").strip()
        if name and name not in lane_order:
            lane_order.append(name)
        for ref in lane_el.findall(_q(BPMN, "flowNodeRef")):
            lanes_of[(ref.text or "").strip()] = name
    shapes, edges = _diagram(root)
    nodes: dict[str, Node] = {}
    flows: list[Flow] = []
    defaults: set[str] = set()
    for el in proc_el:
        ns, local = _local(el.tag)
        if ns != BPMN:
            continue  # vendor extensions (camunda:*, …) are ignored
        if local in UNSUPPORTED_ZH:
            raise BpmnError(
                "unsupported_element",
                f"不支持{UNSUPPORTED_ZH[local]} {_describe(el)}",
                f"unsupported BPMN element {_describe(el)}",
                el.get("id") or "",
            )
        if local == "sequenceFlow":
            flows.append(_flow(el, edges))
            continue
        if local in IGNORED:
            continue
        if local not in KIND_OF_TAG:
            raise BpmnError(
                "unknown_element",
                f"不认识的 BPMN 元素 {_describe(el)}",
                f"unknown BPMN element {_describe(el)}",
                el.get("id") or "",
            )
        node = _node(el, local, lanes_of, shapes)
        if node.id in nodes:
            raise BpmnError(
                "duplicate_id", f"元素标识 {node.id} 重复", f"duplicate id {node.id}", node.id
            )
        nodes[node.id] = node
        if el.get("default"):
            defaults.add(el.get("default"))
    flows = [
        Flow(
            id=f.id,
            source=f.source,
            target=f.target,
            name=f.name,
            condition=f.condition,
            default=f.id in defaults,
            waypoints=f.waypoints,
        )
        for f in flows
    ]
    for f in flows:
        for ref in (f.source, f.target):
            if ref not in nodes:
                raise BpmnError(
                    "flow_dangling",
                    f"顺序流 {f.id} 指向不存在的元素 {ref}",
                    f"sequence flow {f.id} refers to an unknown element {ref}",
                    f.id,
                )
    sod, limits = _process_extensions(proc_el, nodes)
    return CompiledProcess(
        id=proc_el.get("id") or "Process_1",
        name=proc_el.get("name") or _participant_name(root, proc_el.get("id")) or "",
        nodes=nodes,
        flows=tuple(flows),
        sod_groups=tuple(sod),
        case_limits=limits,
        lane_order=tuple(lane_order),
    )


def _flow_elements(proc_el) -> list:
    return [el for el in proc_el if _local(el.tag)[0] == BPMN and _local(el.tag)[1] != "laneSet"]


def _participant_name(root, process_id: str | None) -> str:
    for p in root.iter(_q(BPMN, "participant")):
        if p.get("processRef") == process_id:
            return p.get("name") or ""
    return ""


def _diagram(root) -> tuple[dict[str, Bounds], dict[str, tuple[tuple[float, float], ...]]]:
    shapes: dict[str, Bounds] = {}
    edges: dict[str, tuple[tuple[float, float], ...]] = {}
    try:
        for shape in root.iter(_q(BPMNDI, "BPMNShape")):
            b = shape.find(_q(DC, "Bounds"))
            if b is not None and shape.get("bpmnElement"):
                shapes[shape.get("bpmnElement")] = Bounds(
                    float(b.get("x")),
                    float(b.get("y")),
                    float(b.get("width")),
                    float(b.get("height")),
                )
        for edge in root.iter(_q(BPMNDI, "BPMNEdge")):
            points = tuple(
                (float(p.get("x")), float(p.get("y"))) for p in edge.findall(_q(DI, "waypoint"))
            )
            if edge.get("bpmnElement"):
                edges[edge.get("bpmnElement")] = points
    except (TypeError, ValueError):
        return {}, {}  # an unreadable diagram is laid out anew
    return shapes, edges


def _ext(el) -> list:
    ext = el.find(_q(BPMN, "extensionElements"))
    return [] if ext is None else [c for c in ext if _local(c.tag)[0] == YG]


def _node(el, local: str, lanes_of: dict[str, str], shapes: dict[str, Bounds]) -> Node:
    ident = el.get("id")
    if not ident:
        raise BpmnError("no_id", f"元素 {local} 没有 id", f"element {local} has no id")
    kind = KIND_OF_TAG[local]
    if kind in ("start", "end"):
        for d in EVENT_DEFINITIONS:
            if el.find(_q(BPMN, d)) is not None:
                raise BpmnError(
                    "unsupported_event",
                    f"不支持带 {d} 的事件 {_describe(el)}",
                    f"unsupported event with {d}: {_describe(el)}",
                    ident,
                )
    limit, unit, pause, visibility = None, "working", False, "external"
    materials: list[str] = []
    outputs: list[str] = []
    for c in _ext(el):
        tag = _local(c.tag)[1]
        if tag == "timeLimit":
            if c.get("workingDays") is not None:
                limit = _positive_int(c.get("workingDays"), el, "workingDays", "环节")
            elif c.get("days") is not None:
                limit, unit = _positive_int(c.get("days"), el, "days", "环节"), "calendar"
            else:
                raise BpmnError(
                    "time_limit_empty",
                    f"{_describe(el)} 的 yg:timeLimit 须有 workingDays 或 days",
                    f"yg:timeLimit of {_describe(el)} needs workingDays or days",
                    ident,
                )
        elif tag == "clock":
            if c.get("mode") not in ("pause", "run", None):
                raise BpmnError(
                    "clock_mode",
                    f"{_describe(el)} 的 yg:clock mode 只能是 pause",
                    f"yg:clock mode of {_describe(el)} must be pause",
                    ident,
                )
            pause = c.get("mode") == "pause"
        elif tag == "visibility":
            value = (c.text or "").strip()
            if value not in ("internal", "external"):
                raise BpmnError(
                    "visibility",
                    f"{_describe(el)} 的 yg:visibility 应为 internal 或 external, 而不是 {value!r}",
                    f"yg:visibility of {_describe(el)} must be internal or external, not {value!r}",
                    ident,
                )
            visibility = value
        elif tag == "material":
            materials.append((c.text or "").strip())
        elif tag == "output":
            outputs.append((c.text or "").strip())
    return Node(
        id=ident,
        kind=kind,
        name=(el.get("name") or "").strip(),
        lane=lanes_of.get(ident, ""),
        limit=limit,
        limit_unit=unit,
        pauses_clock=pause,
        visibility=visibility,
        materials=tuple(m for m in materials if m),
        outputs=tuple(o for o in outputs if o),
        bpmn_type=local,
        bounds=shapes.get(ident),
    )


def _flow(el, edges) -> Flow:
    ident = el.get("id")
    if not ident or not el.get("sourceRef") or not el.get("targetRef"):
        raise BpmnError(
            "flow_incomplete",
            f"顺序流 {ident or ''} 须有 id、sourceRef 和 targetRef",
            f"sequence flow {ident or ''} needs id, sourceRef and targetRef",
            ident or "",
        )
    cond = el.find(_q(BPMN, "conditionExpression"))
    return Flow(
        id=ident,
        source=el.get("sourceRef"),
        target=el.get("targetRef"),
        name=(el.get("name") or "").strip(),
        condition=((cond.text or "").strip() if cond is not None else ""),
        waypoints=edges.get(ident, ()),
    )


def _process_extensions(proc_el, nodes: dict[str, Node]) -> tuple[list[SodGroup], dict[str, int]]:
    groups: list[SodGroup] = []
    limits: dict[str, int] = {}
    for c in _ext(proc_el):
        tag = _local(c.tag)[1]
        if tag == "separationOfDuties":
            tasks = tuple((c.get("tasks") or "").split())
            for t in tasks:
                if t not in nodes or nodes[t].kind != "task":
                    raise BpmnError(
                        "sod_unknown_task",
                        f"yg:separationOfDuties 中的 {t} 不是本流程的环节",
                        f"{t} in yg:separationOfDuties is not a task of the process",
                        t,
                    )
            if len(set(tasks)) < 2:
                raise BpmnError(
                    "sod_too_small",
                    "yg:separationOfDuties 至少要列出两个环节",
                    "yg:separationOfDuties needs two tasks or more",
                )
            groups.append(SodGroup(tasks=tasks, name=c.get("name") or ""))
        elif tag == "caseLimit":
            kind = c.get("kind") or "promised"
            if kind not in ("statutory", "promised"):
                raise BpmnError(
                    "case_limit_kind",
                    f"yg:caseLimit 的 kind 应为 statutory 或 promised, 而不是 {kind!r}",
                    f"yg:caseLimit kind must be statutory or promised, not {kind!r}",
                )
            limits[kind] = _positive_int(c.get("workingDays"), proc_el, "workingDays", "办结时限")
    return groups, limits


# --- export -----------------------------------------------------------------------------

for _prefix, _uri in (
    ("bpmn", BPMN),
    ("bpmndi", BPMNDI),
    ("dc", DC),
    ("di", DI),
    ("xsi", XSI),
    ("yg", YG),
):
    ET.register_namespace(_prefix, _uri)


def _sub(parent, ns: str, tag: str, **attrs) -> ET.Element:
    el = ET.SubElement(parent, _q(ns, tag))
    for k, v in attrs.items():
        if v is not None and v != "":
            el.set(k, str(v))
    return el


def _num(v: float) -> str:
    return f"{v:g}" if float(v).is_integer() else f"{v:.1f}"


def export_bpmn(proc: CompiledProcess, *, relayout: bool = False) -> bytes:
    """BPMN 2.0 XML with DI: stored diagram positions when every element has them,
    otherwise the auto-layout."""
    pid = _ncname(proc.id, "Process_1")
    defs = ET.Element(
        _q(BPMN, "definitions"),
        {
            "id": "Definitions_1",
            "targetNamespace": TARGET_NAMESPACE,
            "exporter": "yangguang",
            "exporterVersion": "1",
        },
    )
    collab = _sub(defs, BPMN, "collaboration", id="Collaboration_1")
    _sub(collab, BPMN, "participant", id="Participant_1", name=proc.name, processRef=pid)
    p = _sub(defs, BPMN, "process", id=pid, name=proc.name, isExecutable="true")
    if proc.sod_groups or proc.case_limits:
        ext = _sub(p, BPMN, "extensionElements")
        for g in proc.sod_groups:
            _sub(ext, YG, "separationOfDuties", tasks=" ".join(g.tasks), name=g.name)
        for kind in ("statutory", "promised"):
            if proc.case_limits.get(kind):
                _sub(ext, YG, "caseLimit", workingDays=proc.case_limits[kind], kind=kind)
    lay = layout(proc)
    use_stored = not relayout and all(n.bounds for n in proc.nodes.values())
    shapes = {n.id: n.bounds for n in proc.nodes.values()} if use_stored else lay.shapes
    lane_members: dict[str, list[str]] = {}
    for nid, b in lay.shapes.items():
        for i, (_name, lb) in enumerate(lay.lanes):
            if lb.y <= b.cy <= lb.bottom:
                lane_members.setdefault(str(i), []).append(nid)
    lane_set = _sub(p, BPMN, "laneSet", id="LaneSet_1")
    for i, (name, _b) in enumerate(lay.lanes):
        lane = _sub(lane_set, BPMN, "lane", id=f"Lane_{i + 1}", name=name)
        for nid in lane_members.get(str(i), []):
            _sub(lane, BPMN, "flowNodeRef").text = nid
    defaults = {f.source: f.id for f in proc.flows if f.default}
    incoming: dict[str, list[str]] = {}
    outgoing: dict[str, list[str]] = {}
    for f in proc.flows:
        incoming.setdefault(f.target, []).append(f.id)
        outgoing.setdefault(f.source, []).append(f.id)
    for n in proc.nodes.values():
        tag = {
            "start": "startEvent",
            "end": "endEvent",
            "xor": "exclusiveGateway",
            "and": "parallelGateway",
        }.get(n.kind) or (n.bpmn_type if n.bpmn_type in TASK_TAGS else "userTask")
        el = _sub(
            p,
            BPMN,
            tag,
            id=n.id,
            name=n.name,
            default=defaults.get(n.id) if n.kind == "xor" else None,
        )
        if n.is_task:
            ext = _sub(el, BPMN, "extensionElements")
            if n.limit is not None:
                if n.limit_unit == "calendar":
                    _sub(ext, YG, "timeLimit", days=n.limit)
                else:
                    _sub(ext, YG, "timeLimit", workingDays=n.limit)
            if n.pauses_clock:
                _sub(ext, YG, "clock", mode="pause")
            _sub(ext, YG, "visibility").text = n.visibility
            for m in n.materials:
                _sub(ext, YG, "material").text = m
            for o in n.outputs:
                _sub(ext, YG, "output").text = o
        for fid in incoming.get(n.id, ()):
            _sub(el, BPMN, "incoming").text = fid
        for fid in outgoing.get(n.id, ()):
            _sub(el, BPMN, "outgoing").text = fid
    for f in proc.flows:
        el = _sub(
            p, BPMN, "sequenceFlow", id=f.id, name=f.name, sourceRef=f.source, targetRef=f.target
        )
        if f.condition:
            cond = _sub(el, BPMN, "conditionExpression")
            cond.set(_q(XSI, "type"), "bpmn:tFormalExpression")
            cond.text = f.condition
    diagram = _sub(defs, BPMNDI, "BPMNDiagram", id="BPMNDiagram_1")
    plane = _sub(diagram, BPMNDI, "BPMNPlane", id="BPMNPlane_1", bpmnElement="Collaboration_1")
    all_b = list(shapes.values())
    x0 = min(b.x for b in all_b) - 60 if all_b else 0
    y0 = min(b.y for b in all_b) - 30 if all_b else 0
    x1 = max(b.right for b in all_b) + 30 if all_b else 400
    y1 = max(b.bottom for b in all_b) + 30 if all_b else 200
    if not use_stored:
        x0, y0, x1, y1 = lay.lanes[0][1].x if lay.lanes else 0, 0, lay.width, lay.height
        x0 -= 30
        y0 = lay.lanes[0][1].y if lay.lanes else 0
        y1 = lay.lanes[-1][1].bottom if lay.lanes else lay.height
    _shape(plane, "Participant_1", Bounds(x0, y0, x1 - x0, y1 - y0), isHorizontal="true")
    for i, (_name, lb) in enumerate(lay.lanes):
        if use_stored:
            members = [shapes[n] for n in lane_members.get(str(i), [])]
            if not members:
                continue
            top = min(b.y for b in members) - 20
            bottom = max(b.bottom for b in members) + 20
            lb = Bounds(x0 + 30, top, x1 - x0 - 30, bottom - top)
        else:
            lb = Bounds(x0 + 30, lb.y, x1 - x0 - 30, lb.h)
        _shape(plane, f"Lane_{i + 1}", lb, isHorizontal="true")
    for n in proc.nodes.values():
        extra = {"isMarkerVisible": "true"} if n.kind == "xor" else {}
        _shape(plane, n.id, shapes[n.id], **extra)
    for f in proc.flows:
        points = f.waypoints if (use_stored and len(f.waypoints) >= 2) else lay.edges.get(f.id)
        if not points:
            s, t = shapes[f.source], shapes[f.target]
            points = [(s.right, s.cy), (t.x, t.cy)]
        edge = _sub(plane, BPMNDI, "BPMNEdge", id=f"{f.id}_di", bpmnElement=f.id)
        for x, y in points:
            _sub(edge, DI, "waypoint", x=_num(x), y=_num(y))
    ET.indent(defs, space="  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(
        defs, encoding="utf-8", xml_declaration=False
    )


def _shape(plane, element: str, b: Bounds, **extra) -> None:
    shape = _sub(plane, BPMNDI, "BPMNShape", id=f"{element}_di", bpmnElement=element, **extra)
    _sub(shape, DC, "Bounds", x=_num(b.x), y=_num(b.y), width=_num(b.w), height=_num(b.h))


def _ncname(value: str, fallback: str) -> str:
    import re

    return value if re.match(r"^[A-Za-z_][\w.\-]*$", value or "") else fallback
