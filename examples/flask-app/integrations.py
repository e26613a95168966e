"""Calls to other services: exchange rates, chat notifications, the supplier catalog."""
import os

import requests
from requests import post as http_post

import http_client

RATES_URL = os.environ.get("RATES_URL", "https://rates.internal.example/v1")
CHAT_WEBHOOK = os.environ.get("CHAT_WEBHOOK", "")


def fetch_exchange_rate(currency):
    # Through the company client: timeouts, retries and audit log included.
    response = http_client.get(f"{RATES_URL}/{currency}")
    return float(response.json()["rate"])


def notify_chat(text):
    if not CHAT_WEBHOOK:
        return
    # Bypasses http_client: no retry, no audit log.
    requests.post(CHAT_WEBHOOK, json={"text": text}, timeout=5)


def report_low_stock(webhook, items):
    payload = {"items": [{"name": i["name"], "quantity": i["quantity"]} for i in items]}
    return http_post(webhook, json=payload)


def download_catalog(url):
    with requests.Session() as s:
        s.headers["Accept"] = "application/json"
        return s.get(url).json()


def supplier_status(supplier):
    response = http_client.request("HEAD", supplier["status_url"])
    return response.status_code == 200


def is_timeout(error):
    # Using the exception classes of requests is fine: only calls are banned.
    return isinstance(error, requests.exceptions.Timeout)
