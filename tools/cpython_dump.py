"""Prints CPython's view of Python files in the format of `warden dump-ast`, for differential tests.

For each file (paths from argv, or one per line on stdin if there are none) prints two lines:
    # FILE
    ast.dump(ast.parse(<the file's bytes>), include_attributes=True)
or, instead of the dump, for a file CPython rejects:
    TYPE: MESSAGE (FILE, line L, column C)
Run with CPython 3.13:  python3.13 tools/cpython_dump.py FILE... (or: ... | python3.13 tools/cpython_dump.py)
Paths on stdin are all read before any output is written.
"""
import ast
import sys
import warnings


def dump_one(path):
    with open(path, "rb") as f:
        source = f.read()
    try:
        tree = ast.parse(source)
    except SyntaxError as e:
        return "%s: %s (%s, line %s, column %s)" % (type(e).__name__, e.msg, path, e.lineno, e.offset)
    try:
        return ast.dump(tree, include_attributes=True)
    except Exception as e:  # e.g. ValueError from repr() of an int with more than 4300 digits
        return "DumpError: %s: %s (%s)" % (type(e).__name__, e, path)


def main(argv):
    warnings.simplefilter("ignore")  # SyntaxWarning for invalid escapes etc. is not our business here
    sys.setrecursionlimit(100000)   # ast.dump recurses once per tree level
    sys.stdout.reconfigure(encoding="utf-8", errors="backslashreplace", newline="\n")
    paths = argv[1:] if len(argv) > 1 else [line.rstrip("\r\n") for line in sys.stdin.read().splitlines()]
    out = sys.stdout
    for path in paths:
        if not path:
            continue
        try:
            line = dump_one(path)
        except OSError as e:
            line = "OSError: %s (%s)" % (e.strerror, path)
        out.write("# %s\n%s\n" % (path, line))
    out.flush()


if __name__ == "__main__":
    main(sys.argv)
