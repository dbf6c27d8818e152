"""Refuse files that are not spreadsheets, oversized files and zip bombs, before
openpyxl opens them. An ``.xlsx`` file is a zip archive; we check the zip signature, the
declared content types (a spreadsheet workbook, not a document or a macro workbook), the
number of members, their total uncompressed size and each member's compression ratio,
all from the zip directory, without inflating anything."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree as ET

from django.conf import settings

from yangguang.core.errors import DomainError

ZIP_MAGIC = b"PK\x03\x04"
WORKBOOK_TYPES = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    }
)
MB = 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "POWER_IMPORT_MAX_BYTES", 20 * MB))


def max_uncompressed() -> int:
    return int(getattr(settings, "POWER_IMPORT_MAX_UNCOMPRESSED", 200 * MB))


def max_ratio() -> int:
    return int(getattr(settings, "POWER_IMPORT_MAX_RATIO", 200))


MAX_MEMBERS = 2000


def _refuse(code: str, zh: str, en: str) -> DomainError:
    return DomainError(code=code, field="file", zh=zh, en=en)


def check_size(size: int) -> None:
    limit = max_bytes()
    if size > limit:
        raise _refuse(
            "file_too_large",
            f"文件过大({size / MB:.1f} MB), 上限为 {limit / MB:.0f} MB",
            f"the file is too large ({size / MB:.1f} MB); the limit is {limit / MB:.0f} MB",
        )


def check_spreadsheet(data: bytes) -> None:
    """Raise ``DomainError`` (field ``file``) unless ``data`` is a plausible, bounded
    ``.xlsx`` workbook, or ``.xls``, ``.ods`` or CSV file (checked by ``formats``)."""
    check_size(len(data))
    from yangguang.powers.excel import formats

    if formats.kind(data) != "xlsx":
        formats.check(data)
        return
    not_xlsx = _refuse(
        "not_a_spreadsheet",
        "不是 Excel 电子表格(.xlsx)文件",
        "the file is not an Excel spreadsheet (.xlsx)",
    )
    if not data.startswith(ZIP_MAGIC):
        raise not_xlsx
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise not_xlsx from None
    if len(members) > MAX_MEMBERS:
        raise _refuse(
            "zip_bomb",
            f"压缩包内文件过多({len(members)} 个), 疑为恶意文件",
            f"too many parts in the archive ({len(members)}): refused as malicious",
        )
    total = sum(m.file_size for m in members)
    if total > max_uncompressed():
        raise _refuse(
            "zip_bomb",
            f"解压后过大({total / MB:.0f} MB), 疑为压缩炸弹",
            f"it would inflate to {total / MB:.0f} MB: refused as a zip bomb",
        )
    for m in members:
        if m.file_size > 1 * MB and m.file_size > max_ratio() * max(m.compress_size, 1):
            raise _refuse(
                "zip_bomb",
                f"{m.filename} 压缩比异常({m.file_size // max(m.compress_size, 1)}:1), 疑为压缩炸弹",
                f"{m.filename} is compressed {m.file_size // max(m.compress_size, 1)}:1: "
                "refused as a zip bomb",
            )
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names:
        raise not_xlsx
    try:
        types = ET.fromstring(archive.read("[Content_Types].xml"))  # noqa: S314 (bounded above)
    except (ET.ParseError, zipfile.BadZipFile, OSError, ValueError, RuntimeError):
        raise not_xlsx from None
    declared = {el.get("ContentType", "") for el in types}
    if "xl/vbaProject.bin" in names or any("macroEnabled" in t for t in declared):
        raise _refuse(
            "macro_workbook",
            "不接受含宏的工作簿, 请另存为 .xlsx",
            "macro-enabled workbooks are refused; save the file as .xlsx",
        )
    if not declared & WORKBOOK_TYPES:
        raise not_xlsx
