"""Hostile BPMN files (issue 25, point 1): a model with more flow elements than any real
flowchart is refused while it streams in, before anything is laid out; a file over the
size limit is refused by its size before it is read, or as soon as too much came; the
checks, the layout, the SVG, the export and the editor grow linearly with the steps."""

from __future__ import annotations

import io
import itertools
import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from yangguang.flows.bpmn import BpmnError, export_bpmn, parse_bpmn
from yangguang.flows.layout import layout
from yangguang.flows.models import ProcessModel
from yangguang.flows.svg import render_svg
from yangguang.flows.validation import longest_path, validate


def chain(n: int, *, lane: str = "窗口受理岗") -> bytes:
    """Start → n tasks of one working day → end: the shape that took 9.2 GB at 20,000."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:yg="urn:yangguang:bpmn:1" id="D" targetNamespace="x">'
        '<bpmn:process id="P" name="chain"><bpmn:laneSet id="LS">'
        f'<bpmn:lane id="L1" name="{lane}">'
    ]
    parts += [f"<bpmn:flowNodeRef>T{i}</bpmn:flowNodeRef>" for i in range(n)]
    parts.append('</bpmn:lane></bpmn:laneSet><bpmn:startEvent id="S"/>')
    parts += [
        f'<bpmn:userTask id="T{i}" name="步骤{i}"><bpmn:extensionElements>'
        '<yg:timeLimit workingDays="1"/></bpmn:extensionElements></bpmn:userTask>'
        for i in range(n)
    ]
    parts.append('<bpmn:endEvent id="E"/>')
    ids = ["S", *(f"T{i}" for i in range(n)), "E"]
    parts += [
        f'<bpmn:sequenceFlow id="F{k}" sourceRef="{a}" targetRef="{b}"/>'
        for k, (a, b) in enumerate(itertools.pairwise(ids))
    ]
    parts.append("</bpmn:process></bpmn:definitions>")
    return "".join(parts).encode()


class Counting(io.BytesIO):
    """A file that counts what was read from it."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.taken = 0

    def read(self, size: int = -1) -> bytes:
        chunk = super().read(size)
        self.taken += len(chunk)
        return chunk


def test_too_many_flow_elements_refused_while_streaming():
    data = chain(3000)
    source = Counting(data)
    with pytest.raises(BpmnError) as err:
        parse_bpmn(source, max_elements=100)
    assert err.value.code == "too_many_elements"
    assert "100" in err.value.zh and "flow elements" in err.value.en
    # refused at the 101st element: most of the file was never read
    assert source.taken < len(data) / 4


def test_the_default_limit_is_a_thousand_flow_elements():
    assert len(parse_bpmn(chain(498)).nodes) == 500  # 500 nodes + 499 flows
    with pytest.raises(BpmnError) as err:
        parse_bpmn(chain(500))  # 502 nodes + 501 flows
    assert err.value.code == "too_many_elements" and "1000" in err.value.zh


def test_xml_elements_in_all_are_bounded_too():
    """One task with ten thousand extension children: few flow elements, many nodes."""
    many = "".join("<yg:material>x</yg:material>" for _ in range(10_000))
    data = chain(1).replace(b"<yg:timeLimit", many.encode() + b"<yg:timeLimit")
    with pytest.raises(BpmnError) as err:
        parse_bpmn(data, max_elements=50)
    assert err.value.code == "too_many_elements" and "XML" in err.value.en


def test_size_refused_before_reading_whole():
    data = chain(200)
    source = Counting(data)
    with pytest.raises(BpmnError) as err:
        parse_bpmn(source, max_bytes=5000)
    assert err.value.code == "too_large"
    assert source.taken <= 5000 + 64 * 1024  # one chunk past the limit at most
    with pytest.raises(BpmnError) as err:
        parse_bpmn(data, max_bytes=5000)  # bytes: by their length, not parsed at all
    assert err.value.code == "too_large" and str(len(data)) in err.value.zh


def test_a_long_name_does_not_blow_up_messages_or_wrapping():
    data = chain(3).replace(b'name="\xe6\xad\xa5\xe9\xaa\xa41"', b'name="' + b"x" * 200_000 + b'"')
    p = parse_bpmn(data)
    started = time.perf_counter()
    svg = render_svg(p)
    assert time.perf_counter() - started < 2
    assert len(svg) < 400_000
    unknown = data.replace(
        b"<bpmn:endEvent", b'<bpmn:scriptTask id="X" name="' + b"y" * 50_000 + b'"/><bpmn:endEvent'
    )
    with pytest.raises(BpmnError) as err:
        parse_bpmn(unknown)
    assert err.value.code == "unsupported_element" and len(err.value.zh) < 300


def _peak(n: int) -> int:
    proc = parse_bpmn(chain(n), max_elements=10 * n)
    tracemalloc.start()
    assert validate(proc, check_risks=False) == []
    assert longest_path(proc)[0] == n
    lay = layout(proc)
    assert len(lay.shapes) == n + 2
    render_svg(proc)
    export_bpmn(proc)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def test_checks_layout_svg_and_export_grow_linearly():
    """Memory grew with the square of the steps (677 MB at 5,000); now four times the
    steps take about four times the memory, not sixteen."""
    small, large = _peak(250), _peak(1000)
    assert large < 6 * small, (small, large)


@override_settings(YANGGUANG_BPMN_MAX_ELEMENTS=60, YANGGUANG_BPMN_MAX_BYTES=20_000)
def test_upload_refused_by_size_and_by_elements_nothing_saved(w):
    c = Client()
    c.force_login(w.users["clerk"])
    url = f"/office/flows/power/{w.licence.pk}/create/"
    big = SimpleUploadedFile("big.bpmn", chain(400))
    response = c.post(url, {"bpmn": big}, follow=True)
    assert "文件过大" in response.content.decode()
    many = SimpleUploadedFile("many.bpmn", chain(40))  # 42 nodes + 41 flows > 60
    response = c.post(url, {"bpmn": many}, follow=True)
    assert "超过 60 个" in response.content.decode()
    assert not ProcessModel.objects.exists()
    fine = SimpleUploadedFile("fine.bpmn", chain(20))
    response = c.post(url, {"bpmn": fine})
    process = ProcessModel.objects.get()
    assert response.status_code == 302 and process.nodes.count() == 22
    assert process.flows.count() == 21


def _editor_queries(c, process) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(f"/office/flows/model/{process.pk}/").status_code == 200
    return len(ctx)


def test_editor_of_the_largest_model_is_linear(w):
    """A model at the limit (1,000 flow elements) opens in the editor with as many
    queries as a small one, and the editor and its chart answer quickly."""
    from yangguang.flows import services as s

    from .conftest import SYSTEM

    c = Client()
    c.force_login(w.users["clerk"])
    small = s.import_bpmn(actor=SYSTEM, power=w.licence, xml_bytes=chain(5))
    few = _editor_queries(c, small)
    s.process_discard(actor=SYSTEM, process=small)
    started = time.perf_counter()
    large = s.import_bpmn(actor=SYSTEM, power=w.licence, xml_bytes=chain(498))
    assert large.nodes.count() == 500
    assert _editor_queries(c, large) == few
    assert c.get(f"/office/flows/model/{large.pk}/chart.svg").content.startswith(b"<svg")
    assert time.perf_counter() - started < 30
