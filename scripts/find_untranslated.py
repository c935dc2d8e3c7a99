"""List Chinese UI text that is not marked for translation.

Templates: CJK characters outside {% translate %}/{% blocktranslate %}
blocks and comments. Python: CJK string literals that are not an argument of
a gettext call (skips migrations, tests, demo/seed data and scripts).

    python scripts/find_untranslated.py [paths...]
"""

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
HAN = re.compile(r"[\u3400-\u9fff]")
GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
    "gettext_noop",
    "_lazy",
    "lazy_",
}
TEMPLATE_STRIP = [
    re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S),
    re.compile(r"\{#.*?#\}", re.S),
    re.compile(r"\{%\s*blocktrans(?:late)?\b.*?%\}.*?\{%\s*endblocktrans(?:late)?\s*%\}", re.S),
    re.compile(r"\{%\s*trans(?:late)?\s.*?%\}", re.S),
    re.compile(r"""\b_\((?:"[^"]*"|'[^']*')\)"""),
]
SKIP_PARTS = {
    "migrations",
    "tests",
    ".venv",
    "node_modules",
    "scripts",
    "static",
    "locale",
    "docs",
    "var",
}


def skipped(path):
    rel = path.relative_to(ROOT)
    if SKIP_PARTS & set(rel.parts) or any(part.startswith(".") for part in rel.parts):
        return True
    name = path.name
    return name.startswith("demo") or "seed" in name


def scan_template(path):
    text = path.read_text(encoding="utf-8")
    masked = text
    for pattern in TEMPLATE_STRIP:
        masked = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), masked)
    for number, line in enumerate(masked.splitlines(), 1):
        if HAN.search(line):
            yield number, line.strip()


def _name(func):
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def scan_python(path):
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    inside = set()
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node.func) in GETTEXT:
            for sub in ast.walk(node):
                inside.add(id(sub))
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and HAN.search(node.value)
            and id(node) not in inside
            and id(node) not in docstrings
        ):
            yield node.lineno, node.value


def main(argv):
    paths = [Path(p).resolve() for p in argv] or [ROOT]
    files = []
    for base in paths:
        files += [base] if base.is_file() else sorted(base.rglob("*"))
    count = 0
    for path in files:
        if path.suffix not in (".html", ".txt", ".py") or skipped(path):
            continue
        scan = scan_python if path.suffix == ".py" else scan_template
        for number, text in scan(path):
            count += 1
            print(f"{path.relative_to(ROOT)}:{number}: {text!r}")
    print(f"{count} unmarked Chinese strings", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
