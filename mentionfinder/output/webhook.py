"""Outreach feed: opportunity records → signed JSON batches POSTed to a webhook, each delivered once."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mentionfinder import USER_AGENT

SIGNATURE_HEADER = "X-Mentionfinder-Signature"
# Answers that say "try again later"; any other 4xx says the request itself is wrong: retrying cannot help.
RETRY_STATUSES = {408, 425, 429}


@dataclass
class Delivery:
    ok: bool
    attempts: int
    error: str = ""


def sign(body: bytes, secret: str) -> str:
    """`sha256=<hex>`: HMAC-SHA256 of the exact body bytes, as GitHub-style webhooks do."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def idempotency_key(opportunity_ids: Sequence[str]) -> str:
    """The same batch always carries the same key, so a receiver can drop a repeat."""
    return hashlib.sha256("\n".join(opportunity_ids).encode()).hexdigest()[:32]


def batch_body(records: Sequence[dict]) -> bytes:
    """The JSON body of one batch; identical bytes on every retry (so is its signature)."""
    payload = {
        "event": "opportunities",
        "opportunities": [{**r, "idempotency_key": r["opportunity_id"]} for r in records],
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")


def post(url: str, body: bytes, headers: dict, timeout: float) -> tuple[int | None, str]:
    """One POST → (status, error); a network failure gives (None, what happened)."""
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return None, f"{type(reason).__name__}: {reason}"


def deliver(
    url: str,
    records: Sequence[dict],
    secret: str | None,
    *,
    retries: int = 4,
    timeout: float = 10.0,
    backoff: float = 0.5,
    max_wait: float = 8.0,
    sleep: Callable[[float], None] = time.sleep,
) -> Delivery:
    """POST one batch, retrying 5xx, timeouts and dropped connections with bounded exponential backoff."""
    body = batch_body(records)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Idempotency-Key": idempotency_key([r["opportunity_id"] for r in records]),
    }
    if secret:
        headers[SIGNATURE_HEADER] = sign(body, secret)
    error = ""
    for attempt in range(1, retries + 2):
        status, error = post(url, body, headers, timeout)
        if status is not None and 200 <= status < 300:
            return Delivery(True, attempt)
        if status is not None and status < 500 and status not in RETRY_STATUSES:
            return Delivery(False, attempt, error)
        if attempt <= retries:
            sleep(min(max_wait, backoff * 2 ** (attempt - 1)))
    return Delivery(False, retries + 1, error)
