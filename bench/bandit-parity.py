#!/usr/bin/env python3
"""Parity check: Bandit against Warden's built-in rules, on the same Python trees.

    python3 bench/bandit-parity.py [--out DIR] [--reuse] [--details N] [CORPUS=PATH ...]

Default corpora: the CPython 3.13 standard library (pyenv's ~/.pyenv/versions/3.13*/lib/python3.13,
without site-packages) and Django (/usr/lib/python3/dist-packages/django, from the Debian package
python3-django). Each corpus is copied (only its .py files) into OUT/corpus/NAME, outside this
repository, with an empty .semgrepignore at its root: Warden then scans every file, test
directories included, exactly as Bandit does (otherwise Semgrep's default ignores would drop
test/ and tests/).

For each corpus it runs, one after the other (never in parallel, to time them fairly):
    bandit -q -r CORPUS -f json -o OUT/bandit-NAME.json
    java ... -jar target/warden.jar scan --json --max-target-bytes 0 -o OUT/warden-NAME.json CORPUS
each under /usr/bin/time (wall, user and system seconds). --reuse keeps earlier outputs.

It then maps every Bandit test id to the Warden rules that cover it (MAPPING below; None: Warden
deliberately has no rule, see docs/bandit-parity.md) and prints:
  - per Bandit check: Bandit's count, how many of those a mapped Warden rule also reports (a
    Warden finding of a mapped rule whose lines include Bandit's line), and how many only Bandit has;
  - per Warden rule: its count and how many findings no mapped Bandit check reports (apart from
    those in files Bandit could not parse, counted separately);
  - the findings only one side has, as FILE:LINE and the source line (--details N per check,
    default 15; all of them are written to OUT/only-bandit.txt and OUT/only-warden.txt);
  - the timings.
Needs: bandit on PATH (apt-get install bandit), a JDK 17, and Maven for the build.
"""
import argparse
import collections
import glob
import json
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
W = "warden.python."

# Bandit test id -> Warden rule ids covering it (None: not covered on purpose; the reason is in
# docs/bandit-parity.md).
MAPPING = {
    "B101": [W + "code.assert-used-as-check"],
    "B102": [W + "code.eval-exec"],
    "B103": [W + "files.permissive-chmod"],
    "B104": [W + "network.bind-all-interfaces"],
    "B105": [W + "secrets.hardcoded-password"],
    "B106": [W + "secrets.hardcoded-password"],
    "B107": [W + "secrets.hardcoded-password"],
    "B108": [W + "files.hardcoded-tmp-path"],
    "B110": [W + "errors.except-pass"],
    "B112": [W + "errors.except-continue"],
    "B113": [W + "http.no-timeout"],
    "B201": [W + "web.flask-debug"],
    "B301": [W + "deserialization.pickle", W + "deserialization.jsonpickle"],
    "B302": [W + "deserialization.marshal"],
    "B303": [W + "crypto.weak-hash"],
    "B304": [W + "crypto.weak-cipher"],
    "B305": [W + "crypto.ecb-mode"],
    "B306": [W + "files.mktemp"],
    "B307": [W + "code.eval-exec"],
    "B308": [W + "web.mark-safe"],
    "B309": None,  # HTTPSConnection without context: verifies certificates since Python 3.4.3
    "B310": [W + "http.urlopen-non-literal"],
    "B311": [W + "crypto.insecure-random"],
    "B312": [W + "network.cleartext-protocol"],
    "B313": [W + "xml.stdlib-parser"],
    "B314": [W + "xml.stdlib-parser"],
    "B315": [W + "xml.stdlib-parser"],
    "B316": [W + "xml.stdlib-parser"],
    "B317": [W + "xml.stdlib-parser"],
    "B318": [W + "xml.stdlib-parser"],
    "B319": [W + "xml.stdlib-parser"],
    "B320": [W + "xml.lxml-entities"],
    "B321": [W + "network.cleartext-protocol"],
    "B322": None,  # input() is only dangerous in Python 2
    "B323": [W + "tls.unverified-context"],
    "B324": [W + "crypto.weak-hash"],
    "B325": [W + "files.mktemp"],
    # B4xx: imports. Warden reports uses (calls), not imports.
    **{f"B4{n:02d}": None for n in range(1, 16)},
    "B501": [W + "tls.verify-false"],
    "B502": [W + "tls.old-protocol"],
    "B503": [W + "tls.old-protocol"],
    "B504": [W + "tls.wrap-socket"],
    "B505": [W + "crypto.weak-key-size"],
    "B506": [W + "deserialization.yaml-load"],
    "B507": [W + "network.ssh-auto-add-host-key"],
    "B601": [W + "network.paramiko-exec-command"],
    "B602": [W + "subprocess.shell-true"],
    "B603": None,  # subprocess without a shell: arguments are not interpreted
    "B604": None,  # shell=True on functions other than subprocess's
    "B605": [W + "subprocess.os-shell"],
    "B606": None,  # os.exec*/spawn* without a shell
    "B607": [W + "subprocess.partial-path"],
    "B608": [W + "sql.string-built-query", W + "sql.django-raw-sql"],
    "B609": None,  # wildcards in shell commands
    "B610": [W + "sql.django-raw-sql"],
    "B611": [W + "sql.django-raw-sql"],
    "B701": [W + "web.jinja2-autoescape"],
    "B702": [W + "web.mako-no-escape"],
    "B703": [W + "web.mark-safe"],
}


def default_corpora():
    out = {}
    stdlibs = sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.13*/lib/python3.13")))
    if stdlibs:
        out["stdlib"] = stdlibs[-1]
    if os.path.isdir("/usr/lib/python3/dist-packages/django"):
        out["django"] = "/usr/lib/python3/dist-packages/django"
    return out


def copy_corpus(src, dst):
    """Copies the .py files of src (without site-packages and __pycache__) to dst, once."""
    if os.path.isdir(dst):
        return
    for root, dirs, files in os.walk(src):
        dirs[:] = [d for d in dirs if d not in ("site-packages", "__pycache__")]
        for f in files:
            if f.endswith(".py"):
                p = os.path.join(root, f)
                q = os.path.join(dst, os.path.relpath(p, src))
                os.makedirs(os.path.dirname(q), exist_ok=True)
                shutil.copy2(p, q)
    open(os.path.join(dst, ".semgrepignore"), "w").close()  # no default ignores: scan test dirs too


def timed(cmd, time_file, log_file):
    with open(log_file, "w") as log:
        rc = subprocess.call(["/usr/bin/time", "-f", "%e %U %S", "-o", time_file] + cmd, stdout=log, stderr=log)
    wall, user, system = (float(x) for x in open(time_file).read().split()[-3:])
    return rc, wall, user, system


def rel(path, corpus_dir):
    p = os.path.relpath(os.path.abspath(path), corpus_dir)
    return p


def source_line(corpus_dir, path, line, cache={}):
    full = os.path.join(corpus_dir, path)
    if full not in cache:
        try:
            with open(full, encoding="utf-8", errors="replace") as f:
                cache[full] = f.read().splitlines()
        except OSError:
            cache[full] = []
    lines = cache[full]
    return lines[line - 1].strip()[:110] if 0 < line <= len(lines) else ""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "warden-bandit-parity"))
    ap.add_argument("--reuse", action="store_true", help="keep earlier outputs in OUT instead of running again")
    ap.add_argument("--details", type=int, default=15, help="findings shown per check (all go to OUT/only-*.txt)")
    ap.add_argument("corpora", nargs="*", help="NAME=PATH (default: stdlib and django)")
    args = ap.parse_args()

    corpora = dict(c.split("=", 1) for c in args.corpora) if args.corpora else default_corpora()
    if not corpora:
        sys.exit("no corpus found (give NAME=PATH)")
    if shutil.which("bandit") is None:
        sys.exit("bandit is not on PATH (apt-get install -y bandit)")
    os.makedirs(args.out, exist_ok=True)
    out = os.path.abspath(args.out)
    jar = os.path.join(out, "warden.jar")
    if not (args.reuse and os.path.exists(jar)):
        subprocess.check_call(["mvn", "-q", "-B", "-DskipTests", "package"], cwd=ROOT)
        shutil.copy2(os.path.join(ROOT, "target", "warden.jar"), jar)  # a private copy: others may rebuild
    bandit_version = subprocess.run(["bandit", "--version"], capture_output=True, text=True).stdout.splitlines()[0]

    bandit_hits, warden_hits, times = [], [], {}
    unparsed = set()  # (corpus, file) Bandit could not parse (its Python is older than the code)
    for name, src in corpora.items():
        cdir = os.path.join(out, "corpus", name)
        copy_corpus(src, cdir)
        bj, wj = os.path.join(out, f"bandit-{name}.json"), os.path.join(out, f"warden-{name}.json")
        for tool, result, cmd in (
                ("bandit", bj, ["bandit", "-q", "-r", cdir, "-f", "json", "-o", bj]),
                ("warden", wj, ["java", "-Xss16m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar,
                                "scan", "--json", "--max-target-bytes", "0", "-o", wj, cdir])):
            tf = os.path.join(out, f"{tool}-{name}.time")
            if args.reuse and os.path.exists(result) and os.path.exists(tf):
                wall, user, system = (float(x) for x in open(tf).read().split()[-3:])
            else:
                _, wall, user, system = timed(cmd, tf, os.path.join(out, f"{tool}-{name}.log"))
            times[(tool, name)] = (wall, user, system)
        bd = json.load(open(bj))
        for e in bd.get("errors", []):
            unparsed.add((name, rel(e["filename"], cdir)))
        for r in bd["results"]:
            bandit_hits.append((name, rel(r["filename"], cdir), r["line_number"], r["test_id"]))
        times[("bandit-errors", name)] = len(bd.get("errors", []))
        wd = json.load(open(wj))
        for r in wd["results"]:
            warden_hits.append((name, rel(r["path"], cdir), r["start"]["line"], r["end"]["line"], r["check_id"]))
        times[("warden-files", name)] = len(wd["paths"]["scanned"])

    # index Warden's findings by (corpus, file, rule)
    by_file = collections.defaultdict(list)
    for i, (c, p, a, b, rid) in enumerate(warden_hits):
        by_file[(c, p, rid)].append((a, b, i))
    used = set()
    per_check = collections.OrderedDict()
    only_bandit = collections.defaultdict(list)
    for c, p, line, tid in sorted(bandit_hits, key=lambda h: (h[3], h[0], h[1], h[2])):
        st = per_check.setdefault(tid, [0, 0])
        st[0] += 1
        rules = MAPPING.get(tid) or []
        hit = [i for rid in rules for (a, b, i) in by_file.get((c, p, rid), []) if a <= line <= b]
        if hit:
            st[1] += 1
            used.update(hit)
        else:
            only_bandit[tid].append((c, p, line))
    only_warden = collections.defaultdict(list)
    per_rule = collections.Counter()
    in_unparsed = collections.Counter()
    for i, (c, p, a, b, rid) in enumerate(warden_hits):
        per_rule[rid] += 1
        if i in used:
            continue
        if (c, p) in unparsed:
            in_unparsed[rid] += 1
        else:
            only_warden[rid].append((c, p, a))

    print(f"Bandit: {bandit_version}; Warden: built-in rules, {os.path.relpath(jar)}")
    print()
    print("| Bandit check | Bandit | also Warden | only Bandit | Warden rule(s) |")
    print("| --- | ---: | ---: | ---: | --- |")
    for tid in sorted(per_check):
        b, both = per_check[tid]
        rules = MAPPING.get(tid)
        print(f"| {tid} | {b} | {both} | {b - both} | {', '.join(r[len(W):] for r in rules) if rules else '(none, on purpose)'} |")
    print()
    print("| Warden rule | Warden | only Warden | in files Bandit could not parse |")
    print("| --- | ---: | ---: | ---: |")
    for rid in sorted(per_rule):
        print(f"| {rid[len(W):]} | {per_rule[rid]} | {len(only_warden[rid])} | {in_unparsed[rid]} |")
    print(f"| **all** | {sum(per_rule.values())} | {sum(len(v) for v in only_warden.values())} | {sum(in_unparsed.values())} |")
    print()
    print("| corpus | files (Warden) | Bandit wall s | Bandit user s | Warden wall s | Warden user s | Bandit parse errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name in corpora:
        bw, bu, bs = times[("bandit", name)]
        ww, wu, ws = times[("warden", name)]
        print(f"| {name} | {times[('warden-files', name)]} | {bw:.1f} | {bu + bs:.1f} | {ww:.1f} | {wu + ws:.1f} | {times[('bandit-errors', name)]} |")
    print("(user s = user + system CPU seconds)")

    def dump(title, groups, fname):
        with open(os.path.join(out, fname), "w") as f:
            print(f"\n## {title}")
            for key in sorted(groups):
                items = groups[key]
                print(f"\n### {key} ({len(items)})")
                for n, (c, p, line) in enumerate(items):
                    text = f"{c}/{p}:{line}: {source_line(os.path.join(out, 'corpus', c), p, line)}"
                    f.write(f"{key} {text}\n")
                    if n < args.details:
                        print("    " + text)
                if len(items) > args.details:
                    print(f"    ... {len(items) - args.details} more in {os.path.join(out, fname)}")

    dump("Only Bandit", only_bandit, "only-bandit.txt")
    dump("Only Warden", only_warden, "only-warden.txt")


if __name__ == "__main__":
    main()
