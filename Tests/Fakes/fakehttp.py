"""Scaffolding shared by the local protocol stand-ins in this folder. Python 3 standard library only.

* ``FakeHandler``: an HTTP/1.1 request handler that logs only when the server is ``verbose`` and answers with
  ``_send`` (status, body, content type, extra headers; no body for HEAD).
* ``serve(handler, host, port, setup)``: makes a threading server, lets ``setup`` attach state to it, prints
  ``LISTENING <port>`` as the first stdout line (the test harness waits for it) and serves until terminated.
"""

import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    log_name = "fake"

    def log_message(self, fmt, *args):
        if getattr(self.server, "verbose", False):
            sys.stderr.write(self.log_name + ": " + fmt % args + "\n")

    def _send(self, status, body, content_type="text/plain; charset=utf-8", extra=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve(handler, host="127.0.0.1", port=0, setup=None):
    # A parent may have blocked SIGTERM/SIGINT (the mask survives exec): make them work again.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    server.verbose = False
    if setup:
        setup(server)
    print("LISTENING %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
