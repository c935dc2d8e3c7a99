"""Fill empty or fuzzy translations of a .po catalogue from pending .po files.

Usage::

    python scripts/po_fill.py locale/en/LC_MESSAGES/django.po locale/pending-*.po
    python scripts/po_fill.py --dry-run locale/en/LC_MESSAGES/django.po locale/pending-*.po

Entries are matched by (msgctxt, msgid, msgid_plural). Only entries whose
msgstr is empty or which carry the ``fuzzy`` flag are filled; translated
entries are left alone. A filled entry loses its ``fuzzy`` flag and its
``#|`` previous-msgid lines; everything else in the catalogue is written back
byte for byte. Prints counts of filled and still-empty entries.

The parser is also used by tests/test_i18n_catalogue.py (no polib needed).
"""

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    '"': '"',
    "\\": "\\",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
}


def unquote(text):
    """Decode one po string literal ("...") into its value."""
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"not a po string: {text!r}")
    body = text[1:-1]
    out = []
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            out.append(ESCAPES.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


def quote(value):
    """Encode a value as po string lines, split after each newline."""
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    )
    parts = escaped.split("\n")
    chunks = [part + "\\n" for part in parts[:-1]]
    if parts[-1]:
        chunks.append(parts[-1])
    if len(chunks) <= 1:
        return [f'"{chunks[0] if chunks else ""}"']
    return ['""'] + [f'"{chunk}"' for chunk in chunks]


@dataclass
class Entry:
    lines: list  # the raw lines of the block
    comments: list = field(default_factory=list)  # every line starting with "#"
    msgctxt: str = None
    msgid: str = None
    msgid_plural: str = None
    msgstr: dict = field(default_factory=dict)  # index (0 for singular) -> value
    obsolete: bool = False
    lineno: int = 0

    @property
    def key(self):
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def flags(self):
        flags = set()
        for line in self.comments:
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
        return flags

    @property
    def fuzzy(self):
        return "fuzzy" in self.flags

    @property
    def is_header(self):
        return self.msgid == "" and self.msgctxt is None

    @property
    def translated(self):
        return bool(self.msgstr) and all(self.msgstr.values()) and not self.fuzzy


def _parse_block(lines, lineno):
    entry = Entry(lines=lines, lineno=lineno)
    current = None  # (kind, index)
    values = {}
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("#~"):
            entry.obsolete = True
            entry.comments.append(stripped)
            continue
        if stripped.startswith("#"):
            entry.comments.append(stripped)
            continue
        if stripped.startswith('"'):
            if current is None:
                raise ValueError(f"line {lineno}: continuation without keyword")
            values[current] += unquote(stripped)
            continue
        keyword, _, rest = stripped.partition(" ")
        if keyword.startswith("msgstr["):
            current = ("msgstr", int(keyword[7:-1]))
        elif keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
            current = (keyword, 0)
        else:
            raise ValueError(f"line {lineno}: unexpected {stripped!r}")
        values[current] = unquote(rest)
    for (kind, index), value in values.items():
        if kind == "msgstr":
            entry.msgstr[index] = value
        else:
            setattr(entry, kind, value)
    return entry


def parse(text):
    """Split a catalogue into entries (blocks separated by blank lines)."""
    entries = []
    block = []
    start = 1
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            if not block:
                start = number
            block.append(line)
        elif block:
            entries.append(_parse_block(block, start))
            block = []
    if block:
        entries.append(_parse_block(block, start))
    return entries


def messages(entries):
    """Real (non-header, non-obsolete) entries."""
    return [e for e in entries if e.msgid is not None and not e.is_header and not e.obsolete]


def render(entry, translations):
    """The block of an entry with new msgstr values, fuzzy flag and #| lines removed."""
    out = []
    for line in entry.lines:
        stripped = line.strip()
        if stripped.startswith("#|"):
            continue
        if stripped.startswith("#,"):
            flags = [
                flag.strip()
                for flag in stripped[2:].split(",")
                if flag.strip() and flag.strip() != "fuzzy"
            ]
            if flags:
                out.append("#, " + ", ".join(flags))
            continue
        if stripped.startswith("#"):
            out.append(line)
            continue
        break
    if entry.msgctxt is not None:
        out += _keyword("msgctxt", entry.msgctxt)
    out += _keyword("msgid", entry.msgid)
    if entry.msgid_plural is not None:
        out += _keyword("msgid_plural", entry.msgid_plural)
        for index in sorted(translations):
            out += _keyword(f"msgstr[{index}]", translations[index])
    else:
        out += _keyword("msgstr", translations[0])
    return out


def _keyword(keyword, value):
    lines = quote(value)
    return [f"{keyword} {lines[0]}"] + lines[1:]


def load_pending(paths):
    pending = {}
    for path in paths:
        for entry in messages(parse(Path(path).read_text(encoding="utf-8"))):
            if entry.msgstr and all(entry.msgstr.values()) and not entry.fuzzy:
                pending.setdefault(entry.key, entry.msgstr)
    return pending


def fill(text, pending):
    """Return (new_text, filled, still_empty) for a catalogue text."""
    entries = parse(text)
    chunks = []
    filled = 0
    still_empty = []
    for entry in entries:
        lines = entry.lines
        if (
            entry.msgid is not None
            and not entry.is_header
            and not entry.obsolete
            and not entry.translated
        ):
            new = pending.get(entry.key)
            if new is not None and (entry.msgid_plural is None or len(new) >= 2):
                lines = render(entry, new)
                filled += 1
            else:
                still_empty.append(entry)
        chunks.append("\n".join(lines))
    return "\n\n".join(chunks) + "\n", filled, still_empty


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("catalogue")
    parser.add_argument("pending", nargs="+")
    parser.add_argument("--dry-run", action="store_true", help="count only, do not write")
    parser.add_argument("-o", "--output", help="write here instead of the catalogue")
    parser.add_argument(
        "--list-empty", action="store_true", help="print the msgids still untranslated"
    )
    args = parser.parse_args(argv)

    text = Path(args.catalogue).read_text(encoding="utf-8")
    pending = load_pending(args.pending)
    new_text, filled, still_empty = fill(text, pending)
    if not args.dry_run:
        Path(args.output or args.catalogue).write_text(new_text, encoding="utf-8")
    print(f"pending translations: {len(pending)}")
    print(f"filled: {filled}")
    print(f"still empty or fuzzy: {len(still_empty)}")
    if args.list_empty:
        for entry in still_empty:
            print(f"  line {entry.lineno}: {entry.msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
