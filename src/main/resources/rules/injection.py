import os
import sqlite3
import subprocess
import shlex

import flask
from flask import Flask, request

app = Flask(__name__)
db = sqlite3.connect("app.db")


@app.route("/items")
def items():
    term = request.args.get("q", "")
    cur = db.cursor()
    query = "SELECT id FROM items WHERE name = '%s'" % term
    # ruleid: warden.python.injection.sql-from-request
    cur.execute(query)
    # ok: warden.python.injection.sql-from-request
    cur.execute("SELECT id FROM items WHERE name = ?", (term,))
    limit = int(request.args.get("limit", "10"))
    # ok: warden.python.injection.sql-from-request
    cur.execute("SELECT id FROM items LIMIT %d" % limit)
    return "ok"


@app.route("/user/<name>")
def user(name):
    # ruleid: warden.python.injection.sql-from-request
    db.execute(f"SELECT * FROM users WHERE name = '{name}'")
    # ok: warden.python.injection.sql-from-request
    db.execute("SELECT * FROM users WHERE name = 'admin'")
    return "ok"


def lookup(cur, key):
    # the request data arrives through a call (followed within the file)
    cur.execute("SELECT v FROM kv WHERE k = '" + key + "'")


@app.route("/kv")
def kv():
    # ruleid: warden.python.injection.sql-from-request
    lookup(db.cursor(), flask.request.form["key"])
    # ok: warden.python.injection.sql-from-request
    lookup(db.cursor(), "fixed")
    return "ok"


@app.route("/convert")
def convert():
    name = request.args["file"]
    # ruleid: warden.python.injection.command-from-request
    os.system("convert " + name + " out.png")
    # ruleid: warden.python.injection.command-from-request
    subprocess.run(f"convert {name} out.png", shell=True)
    # ok: warden.python.injection.command-from-request
    subprocess.run(["convert", name, "out.png"])
    # ok: warden.python.injection.command-from-request
    subprocess.run("convert " + shlex.quote(name) + " out.png", shell=True)
    return "ok"


@app.route("/calc")
def calc():
    expr = request.values.get("expr")
    # ruleid: warden.python.injection.code-from-request
    result = eval(expr)
    # ok: warden.python.injection.code-from-request
    other = eval("1 + 1")
    return str(result + other)


def django_view(request):
    order = request.GET.get("order", "id")
    # ruleid: warden.python.injection.sql-from-request
    rows = Item.objects.raw("SELECT * FROM app_item ORDER BY " + order)
    # ok: warden.python.injection.sql-from-request
    rows = Item.objects.raw("SELECT * FROM app_item WHERE id = %s", [order])
    return rows


def not_a_view(config):
    # ok: warden.python.injection.command-from-request
    os.system(config.command)
