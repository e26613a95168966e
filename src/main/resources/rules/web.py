import flask
import jinja2
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from flask import Flask
from jinja2 import Environment, FileSystemLoader, select_autoescape
from mako.template import Template
from markupsafe import Markup

app = Flask(__name__)


def environments(opts):
    # ruleid: warden.python.web.jinja2-autoescape
    e1 = Environment(loader=FileSystemLoader("templates"))
    # ruleid: warden.python.web.jinja2-autoescape
    e2 = jinja2.Environment(autoescape=False)
    # ok: warden.python.web.jinja2-autoescape
    e3 = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape())
    # ok: warden.python.web.jinja2-autoescape
    e4 = Environment(autoescape=True)
    # ok: warden.python.web.jinja2-autoescape
    e5 = Environment(**opts)
    # ruleid: warden.python.web.mako-no-escape
    t1 = Template("hello ${name}")
    # ok: warden.python.web.mako-no-escape
    t2 = Template("hello ${name}", default_filters=["h"])
    return e1, e2, e3, e4, e5, t1, t2


def render(comment, url):
    # ruleid: warden.python.web.mark-safe
    a = mark_safe(comment)
    # ruleid: warden.python.web.mark-safe
    b = Markup("<b>" + comment + "</b>")
    # ok: warden.python.web.mark-safe
    c = mark_safe("<br>")
    # ok: warden.python.web.mark-safe
    d = Markup("<a href='{}'>link</a>").format(url)
    # ok: warden.python.web.mark-safe
    e = mark_safe(format_html("<b>{}</b>", comment))
    return a, b, c, d, e


if __name__ == "__main__":
    # ruleid: warden.python.web.flask-debug
    app.run(debug=True)
    # ok: warden.python.web.flask-debug
    app.run(debug=False)


def main(server):
    # ok: warden.python.web.flask-debug
    server.run(debug=True)
    app2 = flask.Flask("x")
    # ruleid: warden.python.web.flask-debug
    app2.run(host="127.0.0.1", debug=True)
