import requests
import requests as r
from requests import get
from requests import post as send
from requests import Session

import http_client

# ruleid: requests-outside-http-client
requests.get("https://api.example.com/items", timeout=5)
# ruleid: requests-outside-http-client
requests.post("https://api.example.com/items", json={"name": "bolt"})
# ruleid: requests-outside-http-client
requests.request("DELETE", "https://api.example.com/items/1")

# import aliases
# ruleid: requests-outside-http-client
r.put("https://api.example.com/items/1", data=b"...")
# ruleid: requests-outside-http-client
get("https://api.example.com/items")
# ruleid: requests-outside-http-client
send("https://api.example.com/items", json={})

# sessions
# ruleid: requests-outside-http-client
requests.Session().get("https://api.example.com/items")
session = requests.Session()
# ruleid: requests-outside-http-client
session.patch("https://api.example.com/items/1", json={"quantity": 3})
with Session() as s:
    # ruleid: requests-outside-http-client
    s.head("https://api.example.com/")


def fetch(url):
    with r.Session() as client:
        client.headers["Accept"] = "application/json"
        # ruleid: requests-outside-http-client
        return client.get(url).json()


# the company client is the way to go
# ok: requests-outside-http-client
http_client.get("https://api.example.com/items")
# ok: requests-outside-http-client
http_client.request("DELETE", "https://api.example.com/items/1")

# the rest of requests is not banned: exceptions, structures, status codes
# ok: requests-outside-http-client
headers = requests.structures.CaseInsensitiveDict({"Accept": "text/html"})
# ok: requests-outside-http-client
session.headers.update(headers)
# ok: requests-outside-http-client
session.close()


def get_item(store, key):
    # a local get() that is not requests.get
    return store.get(key)


# ok: requests-outside-http-client
get_item({}, "bolt")
cache = {}
# ok: requests-outside-http-client
cache.get("bolt")
