#!/usr/bin/env python3
"""A local stand-in for an Arweave gateway, for tests. Python 3 standard library only.

Implemented (the subset ZK-FaaS reads; see https://docs.arweave.org/developers/arweave-node-server/http-api and
the gateway behaviour of arweave.net):

* ``GET /{txid}`` and ``GET /raw/{txid}``: the transaction's data bytes. ``Content-Type`` is the value of the
  transaction's ``Content-Type`` tag when seeded with one, else ``application/octet-stream``. ``HEAD`` is answered too.
* ``GET /tx/{txid}/data``: the data as base64url without padding (node HTTP API form).
* ``GET /tx/{txid}/status``: ``200`` with JSON ``{"block_height", "block_indep_hash", "number_of_confirmations"}``
  for a seeded (confirmed) transaction, ``202 Pending`` for one seeded with ``pending=1``, ``404 Not Found`` else.
* A transaction id is 43 characters of base64url (a SHA-256 digest, unpadded); anything else is ``400``.

Test-control knobs (not part of any spec):
  - ``POST /_test/put[?txid=ID][&content_type=T][&pending=1]`` with the data as the body; answers the id. Without
    ``txid`` the id is ``base64url(sha256(data))``.
  - ``POST /_test/corrupt?txid=ID`` / ``POST /_test/uncorrupt?txid=ID``: serve altered bytes for that id.
  - ``--corrupt ID`` at startup (repeatable).

Usage: ``fake_arweave.py --port 0 --data-dir DIR`` prints ``LISTENING <port>`` as its first stdout line.
"""

import argparse
import base64
import hashlib
import json
import signal
import os
import re
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TXID = re.compile(r"^[A-Za-z0-9_-]{43}$")


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Store:
    def __init__(self, data_dir):
        self.dir = os.path.join(data_dir, "tx")
        os.makedirs(self.dir, exist_ok=True)
        self.lock = threading.Lock()
        self.corrupt = set()

    def put(self, txid, data, meta):
        with self.lock:
            with open(os.path.join(self.dir, txid), "wb") as f:
                f.write(data)
            with open(os.path.join(self.dir, txid + ".json"), "w") as f:
                json.dump(meta, f)

    def get(self, txid):
        try:
            with open(os.path.join(self.dir, txid), "rb") as f:
                data = f.read()
            with open(os.path.join(self.dir, txid + ".json")) as f:
                meta = json.load(f)
        except FileNotFoundError:
            return None, None
        if txid in self.corrupt:
            data = bytearray(data) if data else bytearray(b"\x00")
            data[len(data) // 2] ^= 0xFF
            data = bytes(data)
        return data, meta


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-arweave/1"

    def log_message(self, fmt, *args):
        if self.server.verbose:
            sys.stderr.write("fake_arweave: " + fmt % args + "\n")

    def _send(self, status, body, content_type="text/plain; charset=utf-8", extra=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _split(self):
        parsed = urllib.parse.urlsplit(self.path)
        return parsed.path, urllib.parse.parse_qs(parsed.query, keep_blank_values=True)

    def do_POST(self):
        path, query = self._split()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        store = self.server.store
        if path == "/_test/put":
            txid = (query.get("txid") or [b64url(hashlib.sha256(body).digest())])[0]
            if not TXID.match(txid):
                return self._send(400, b"txid must be 43 base64url characters\n")
            meta = {"content_type": (query.get("content_type") or ["application/octet-stream"])[0],
                    "pending": (query.get("pending") or ["0"])[0] in ("1", "true"),
                    "block_height": 1000000 + len(os.listdir(store.dir)) // 2}
            store.put(txid, body, meta)
            return self._send(200, txid.encode())
        if path in ("/_test/corrupt", "/_test/uncorrupt"):
            txid = (query.get("txid") or [""])[0]
            if not TXID.match(txid):
                return self._send(400, b"txid must be 43 base64url characters\n")
            (store.corrupt.add if path == "/_test/corrupt" else store.corrupt.discard)(txid)
            return self._send(200, b"ok\n")
        self._send(404, b"Not Found")

    def do_GET(self):
        path, _ = self._split()
        parts = [p for p in path.split("/") if p]
        store = self.server.store
        if len(parts) == 3 and parts[0] == "tx" and parts[2] in ("status", "data"):
            txid = parts[1]
            if not TXID.match(txid):
                return self._send(400, b"Invalid hash.")
            data, meta = store.get(txid)
            if data is None:
                return self._send(404, b"Not Found")
            if parts[2] == "data":
                return self._send(200, b64url(data).encode())
            if meta.get("pending"):
                return self._send(202, b"Pending")
            status = {"block_height": meta["block_height"],
                      "block_indep_hash": b64url(hashlib.sha384(txid.encode()).digest()),
                      "number_of_confirmations": 25}
            return self._send(200, json.dumps(status).encode(), "application/json")
        if len(parts) == 2 and parts[0] == "raw":
            parts = parts[1:]
        if len(parts) == 1:
            txid = parts[0]
            if not TXID.match(txid):
                return self._send(400, b"Invalid hash.")
            data, meta = store.get(txid)
            if data is None or meta.get("pending"):
                return self._send(404, b"Not Found")
            return self._send(200, data, meta.get("content_type", "application/octet-stream"))
        self._send(404, b"Not Found")

    do_HEAD = do_GET


def main():
    # A parent may have blocked SIGTERM/SIGINT (the mask survives exec): make them work again.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--corrupt", action="append", default=[])
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    server.store = Store(args.data_dir)
    server.store.corrupt.update(args.corrupt)
    server.verbose = args.verbose
    print("LISTENING %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
