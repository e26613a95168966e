# Taint-mode test (not run until Warden has taint mode: `warden scan` skips taint rules with a
# notice, and the JUnit test of examples/rules leaves this file out while it does).
import sqlite3

from flask import Flask, request

app = Flask(__name__)
db = sqlite3.connect("inventory.db")


@app.route("/search")
def search():
    term = request.args.get("q", "")
    cur = db.cursor()
    # ruleid: taint-sql-injection
    cur.execute("SELECT id, name FROM items WHERE name LIKE '%" + term + "%'")
    # the value as a parameter: the query text is constant
    # ok: taint-sql-injection
    cur.execute("SELECT id, name FROM items WHERE name LIKE ?", ("%" + term + "%",))
    return cur.fetchall()


@app.post("/items/rename")
def rename():
    new_name = request.form["name"]
    query = f"UPDATE items SET name = '{new_name}' WHERE id = ?"
    # ruleid: taint-sql-injection
    db.execute(query, (request.form["id"],))


@app.get("/items")
def items():
    # int() is a sanitizer: a number cannot carry SQL
    limit = int(request.args.get("limit", "50"))
    # ok: taint-sql-injection
    rows = db.execute(f"SELECT id, name FROM items LIMIT {limit}").fetchall()
    order = request.args.get("order", "name")
    # ruleid: taint-sql-injection
    rows = db.execute("SELECT id, name FROM items ORDER BY %s" % order).fetchall()
    return rows


def report(owner):
    # no request data here
    # ok: taint-sql-injection
    return db.execute("SELECT count(*) FROM items WHERE owner = '%s'" % owner).fetchone()
