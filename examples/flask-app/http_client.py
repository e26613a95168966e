"""The company's HTTP client: every outgoing request goes through here.

It sets timeouts, retries, the proxy and the audit log in one place, which is
why the rest of the code base must not call `requests` directly
(examples/rules/requests-outside-http-client.yaml excludes this file).
"""
import logging

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = (3.05, 15)

_session = requests.Session()
_session.mount("https://", HTTPAdapter(max_retries=Retry(total=3, backoff_factor=0.5)))


def request(method, url, **kwargs):
    kwargs.setdefault("timeout", DEFAULT_TIMEOUT)
    log.info("outgoing %s %s", method, url)
    response = _session.request(method, url, **kwargs)
    response.raise_for_status()
    return response


def get(url, **kwargs):
    return request("GET", url, **kwargs)


def post(url, **kwargs):
    return request("POST", url, **kwargs)
