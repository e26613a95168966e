"""Writes the expected CPython 3.13 results for the parser's unit-test snippets.

Each case in src/test/resources/parser/cases.py is separated by a line '#---'. The output
file pairs every case with what CPython 3.13 prints: the ast.dump with attributes, or
'TYPE: MESSAGE (line L, column C)'. Run: python3.13 tools/gen_parser_cases.py
"""
import ast
import json
import os
import sys

HERE = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "parser")


def expected(src):
    try:
        return ast.dump(ast.parse(src.encode("utf-8")), include_attributes=True)
    except SyntaxError as e:
        return "%s: %s (line %s, column %s)" % (type(e).__name__, e.msg, e.lineno, e.offset)


def main():
    assert sys.version_info[:2] == (3, 13), "needs CPython 3.13"
    out = []
    for name in ("cases.py", "errors.py"):
        with open(os.path.join(HERE, name), encoding="utf-8") as f:
            chunks = f.read().split("#---\n")
        for chunk in chunks:
            if chunk.strip():
                out.append({"file": name, "source": chunk, "expected": expected(chunk)})
    with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
