import urllib.request
from urllib.request import urlopen

import httpx
import requests


def call(url, payload):
    # ruleid: warden.python.http.no-timeout
    r1 = requests.get(url)
    # ruleid: warden.python.http.no-timeout
    r2 = requests.post(url, json=payload, timeout=None)
    # ruleid: warden.python.http.no-timeout
    r3 = httpx.get(url, timeout=None)
    session = requests.Session()
    # ruleid: warden.python.http.no-timeout
    r4 = session.get(url)
    # ok: warden.python.http.no-timeout
    r5 = requests.get(url, timeout=10)
    # ok: warden.python.http.no-timeout
    r6 = session.put(url, data=payload, timeout=(3.05, 27))
    # ok: warden.python.http.no-timeout
    r7 = httpx.get(url)
    # ok: warden.python.http.no-timeout
    r8 = requests.Request("GET", url)
    # ok: warden.python.http.no-timeout
    r9 = requests.utils.quote(url)
    return r1, r2, r3, r4, r5, r6, r7, r8, r9


def download(url):
    # ruleid: warden.python.http.urlopen-non-literal
    body = urlopen(url).read()
    # ok: warden.python.http.urlopen-non-literal
    req = urllib.request.Request(url, headers={"User-Agent": "x"})
    # ruleid: warden.python.http.urlopen-non-literal
    page = urllib.request.urlopen(req)
    checked = urllib.request.Request("https://example.org/api", data=b"{}")
    # ok: warden.python.http.urlopen-non-literal
    reply = urllib.request.urlopen(checked)
    # ok: warden.python.http.urlopen-non-literal
    fixed = urlopen("https://example.org/feed.xml", timeout=5).read()
    # ruleid: warden.python.http.urlopen-non-literal
    other = urlopen(url)
    # ruleid: warden.python.http.urlopen-non-literal
    name, headers = urllib.request.URLopener().retrieve(url)
    return body, page, fixed, other, name, headers, reply
