#!/usr/bin/env python3
"""A tiny HTTP/1.1 test server for ZKHTTP's client tests. Python 3 standard library only.

* ``GET /bytes?n=N[&chunked=1]``  N bytes of ``i % 251``; with ``chunked=1`` no Content-Length (chunked encoding).
* ``GET /slow?ms=N``              waits N ms, then answers ``ok``.
* ``GET /stall``                  sends headers and 10 bytes of a 1 MB body, then waits 30 s.
* ``GET /status?code=N``          answers status N with body ``status N``.
* ``POST|PUT /echo``              JSON ``{"method", "headers", "length", "sha256"}`` of the request.
* ``POST /multipart``             JSON list of parts ``{"name", "filename", "length", "sha256"}``.

Usage: ``echo_server.py --port 0`` prints ``LISTENING <port>`` as its first stdout line.
"""

import argparse
import hashlib
import json
import os
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fake_ipfs import parse_multipart  # noqa: E402
from fakehttp import FakeHandler, serve  # noqa: E402


class Handler(FakeHandler):
    def _send(self, status, body, content_type="application/octet-stream"):
        super()._send(status, body, content_type, {"X-Test": "yes"})

    def do_GET(self):
        parsed = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(parsed.query))
        if parsed.path == "/bytes":
            n = int(query.get("n", "0"))
            body = bytes(i % 251 for i in range(n))
            if query.get("chunked") == "1":
                self.send_response(200)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for start in range(0, n, 65536):
                    piece = body[start:start + 65536]
                    self.wfile.write(b"%x\r\n" % len(piece) + piece + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
                return
            return self._send(200, body)
        if parsed.path == "/slow":
            time.sleep(int(query.get("ms", "1000")) / 1000)
            return self._send(200, b"ok")
        if parsed.path == "/stall":
            self.send_response(200)
            self.send_header("Content-Length", "1000000")
            self.end_headers()
            self.wfile.write(b"0123456789")
            self.wfile.flush()
            time.sleep(30)
            return
        if parsed.path == "/status":
            code = int(query.get("code", "500"))
            return self._send(code, b"status %d" % code, "text/plain")
        self._send(404, b"not found", "text/plain")

    def do_POST(self):
        parsed = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if parsed.path == "/echo":
            answer = {"method": self.command, "headers": {k: v for k, v in self.headers.items()},
                      "length": len(body), "sha256": hashlib.sha256(body).hexdigest()}
            return self._send(200, json.dumps(answer).encode(), "application/json")
        if parsed.path == "/multipart":
            parts = parse_multipart(self.headers.get("Content-Type", ""), body)
            answer = [{"name": n, "filename": f, "length": len(c), "sha256": hashlib.sha256(c).hexdigest()}
                      for n, f, c in parts]
            return self._send(200, json.dumps(answer).encode(), "application/json")
        self._send(404, b"not found", "text/plain")

    do_PUT = do_POST


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    serve(Handler, port=args.port)


if __name__ == "__main__":
    main()
