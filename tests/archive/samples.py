"""Small real files of every accepted type, and a few hostile ones, built in memory."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def image_bytes(fmt="PNG", size=(40, 30), colour="#27ae60"):
    output = io.BytesIO()
    Image.new("RGB", size, colour).save(output, fmt)
    return output.getvalue()


def pdf_bytes():
    output = io.BytesIO()
    Image.new("L", (200, 280), "white").save(output, "PDF")
    return output.getvalue()


def ooxml_bytes(folder, *, macro=False):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<document/>")
        if macro:
            archive.writestr(f"{folder}/vbaProject.bin", b"\x00" * 16)
    return output.getvalue()


def xlsx_bytes():
    from openpyxl import Workbook

    output = io.BytesIO()
    book = Workbook()
    book.active["A1"] = "隐患台账"
    book.save(output)
    return output.getvalue()


def ole_bytes(stream):
    return OLE + b"\x00" * 504 + stream.encode("utf-16-le") + b"\x00" * 64


ACCEPTED = {
    # name: (bytes, expected kind, expected extension)
    "report.pdf": (pdf_bytes, "pdf", ".pdf"),
    "plan.docx": (lambda: ooxml_bytes("word"), "word", ".docx"),
    "ledger.xlsx": (xlsx_bytes, "excel", ".xlsx"),
    "slides.pptx": (lambda: ooxml_bytes("ppt"), "powerpoint", ".pptx"),
    "old.doc": (lambda: ole_bytes("WordDocument"), "word", ".doc"),
    "old.xls": (lambda: ole_bytes("Workbook"), "excel", ".xls"),
    "photo.jpg": (lambda: image_bytes("JPEG"), "image", ".jpg"),
    "photo.png": (lambda: image_bytes("PNG"), "image", ".png"),
    "anim.gif": (lambda: image_bytes("GIF"), "image", ".gif"),
    "pic.webp": (lambda: image_bytes("WEBP"), "image", ".webp"),
    "talk.mp3": (lambda: b"ID3\x03\x00\x00\x00\x00\x00\x0f" + b"\x00" * 200, "audio", ".mp3"),
    "memo.m4a": (
        lambda: b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A mp42isom" + b"\x00" * 200,
        "audio",
        ".m4a",
    ),
    "voice.wav": (lambda: b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 200, "audio", ".wav"),
    "drill.mp4": (
        lambda: b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 200,
        "video",
        ".mp4",
    ),
    "clip.mov": (
        lambda: b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  " + b"\x00" * 200,
        "video",
        ".mov",
    ),
}

HOSTILE = {
    "page.html": b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>",
    "logo.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "invoice.pdf": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
    + b"\x00" * 300,  # a renamed .exe
    "photo.jpg": b"\x7fELF\x02\x01\x01" + b"\x00" * 300,  # a renamed Linux binary
    "bundle.docx": b"PK\x03\x04" + b"\x00" * 100,  # a broken zip
    "notes.txt": "安全检查记录".encode(),
}


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def zip_bytes(**members):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return output.getvalue()
