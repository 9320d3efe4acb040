#!/usr/bin/env python3
"""A local stand-in for an Arweave gateway, for tests. Python 3 standard library, plus pycryptodome (``Crypto``)
for RSA-PSS verification of posted transactions (run it with the repository's ``.venv/bin/python``); without
pycryptodome every ``POST /tx`` is answered ``501``.

Implemented (the subset ZK-FaaS uses), following the Arweave HTTP API
(https://docs.arweave.org/developers/arweave-node-server/http-api: "Transaction format", "Submit a Transaction",
"Upload Chunks", "Get Transaction Price", "Get last transaction / anchor", "Get Transaction Data"), with byte-level
rules from arweave-js (github.com/ArweaveTeam/arweave-js: src/common/lib/transaction.ts ``getSignatureData``,
deepHash.ts, merkle.ts ``chunkData``/``generateLeaves``/``buildLayers``/``validatePath``) and the node's answers
from github.com/ArweaveTeam/arweave (apps/arweave/src/ar_http_iface_middleware.erl ``handle_post_tx``,
``handle_post_chunk``; ar_tx_validator.erl; ar_tx.erl ``chunk_binary``; ar_merkle.erl; ar_wallet.erl ``verify``):

* ``GET /{txid}`` and ``GET /raw/{txid}``: the transaction's data bytes. ``Content-Type`` is the value of the
  transaction's ``Content-Type`` tag, else ``application/octet-stream``. ``HEAD`` is answered too.
* ``GET /tx/{txid}``: the transaction header as JSON (``data`` empty); ``GET /tx/{txid}/data``: the data as
  base64url without padding; ``GET /tx/{txid}/status``: ``200`` with JSON ``{"block_height", "block_indep_hash",
  "number_of_confirmations"}`` for a confirmed transaction, ``202 Pending`` for one seeded with ``pending=1``.
* ``GET /price/{bytes}`` (and ``/price/{bytes}/{target}``): the fee in winston as decimal text,
  ``1000000 + 1000 * bytes`` here.
* ``GET /tx_anchor``: a fresh random 48-byte "block hash", base64url; the fake remembers the anchors it handed out.
* ``POST /tx``: a format 2 transaction as JSON, verified independently of the client as a node does:
  ``id == base64url(SHA-256(signature))``; the RSA-PSS signature (SHA-256, MGF1-SHA-256; salt lengths 32, 0 or
  the maximum are accepted, as arweave-js's verifier tries) by the key whose modulus is ``owner`` and exponent
  65537 (owner at most 512 bytes) over the deep hash (SHA-384, "blob"/"list" tags) of ``["2", owner, target,
  quantity, reward, last_tx, [[name, value], ...], data_size, data_root]``; ``last_tx`` must be an anchor from
  ``/tx_anchor``; ``reward`` at least the price of ``data_size``. With ``data`` present, its size must be
  ``data_size`` and ``data_root`` must be the Merkle root of the data split the node's way for inline data
  (``ar_tx:chunk_binary``: 256 KiB pieces and the rest). Answers: ``200 OK``; ``208 Transaction already
  processed.``; ``400 Invalid JSON.``, ``400 Transaction verification failed.``, ``400 Invalid anchor
  (last_tx).``, ``400 The attached data is split in an unknown way.``.
  Without ``data`` (and ``data_size > 0``) the header is accepted and its ``data_root`` awaits chunks.
* ``POST /chunk``: JSON ``{"data_root", "data_size", "data_path", "offset", "chunk"}`` (base64url; sizes and
  offsets decimal strings). The ``data_path`` is validated against ``data_root`` as ``validatePath`` does, and the
  chunk must hash to the proven leaf and span its byte range. Answers ``200``, or ``400`` with JSON
  ``{"error": "data_root_not_found" | "chunk_too_big" | "invalid_proof" | "invalid_json"}``. When every byte of a
  data root has arrived, the data of its transactions is served.
* A transaction id is 43 characters of base64url (a SHA-256 digest, unpadded); anything else is ``400``.

Test-control knobs (not part of any spec):
  - ``POST /_test/put[?txid=ID][&content_type=T][&pending=1]`` with the data as the body; answers the id. Without
    ``txid`` the id is ``base64url(sha256(data))``.
  - ``POST /_test/corrupt?txid=ID`` / ``POST /_test/uncorrupt?txid=ID``: serve altered bytes for that id.
  - ``POST /_test/refuse?status=N[&count=K]``: answer every ``POST /tx`` and ``POST /chunk`` (or the next ``K``) with
    status ``N`` (``0``: stop).
  - ``POST /_test/stats`` (or GET): JSON counters ``tx_posted``, ``tx_accepted``, ``tx_rejected``, ``tx_refused``,
    ``chunks_accepted``, ``chunks_rejected``.
  - ``POST /_test/tx?txid=ID`` (or GET): JSON of what the fake verified for an accepted transaction: the header,
    ``signature_verified``, ``salt_length``, ``owner_address``, ``tags`` (decoded), ``data_root_split``
    (``"inline"`` or ``"chunks"``), ``complete``.
  - ``--corrupt ID`` at startup (repeatable); ``--refuse-tx STATUS`` at startup.

Usage: ``fake_arweave.py --port 0 --data-dir DIR`` prints ``LISTENING <port>`` as its first stdout line.
"""

import argparse
import base64
import hashlib
import json
import os
import re
import sys
import threading
import urllib.parse

from fakehttp import FakeHandler, serve

TXID = re.compile(r"^[A-Za-z0-9_-]{43}$")
B64URL = re.compile(r"^[A-Za-z0-9_-]*$")
CHUNK = 256 * 1024
MIN_CHUNK = 32 * 1024

try:
    from Crypto.Hash import SHA256 as PSS_SHA256
    from Crypto.PublicKey import RSA
    from Crypto.Signature import pss
except ImportError:  # verification unavailable: POST /tx answers 501
    pss = None


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text):
    if not isinstance(text, str) or not B64URL.match(text) or len(text) % 4 == 1:
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def price(size):
    return 1000000 + 1000 * size


def sha256(data):
    return hashlib.sha256(data).digest()


def sha384(data):
    return hashlib.sha384(data).digest()


def deep_hash(item):
    """arweave-js deepHash.ts: SHA-384 over "blob"/"list" tagged structure."""
    if isinstance(item, list):
        acc = sha384(b"list" + str(len(item)).encode())
        for child in item:
            acc = sha384(acc + deep_hash(child))
        return acc
    return sha384(sha384(b"blob" + str(len(item)).encode()) + sha384(item))


def note(value):
    return value.to_bytes(32, "big")


def fixed_chunks(data):
    """ar_tx:chunk_binary/2: 256 KiB pieces, then the remainder (possibly empty)."""
    pieces, cursor = [], 0
    while len(data) - cursor >= CHUNK:
        pieces.append((cursor, cursor + CHUNK))
        cursor += CHUNK
    pieces.append((cursor, len(data)))
    return pieces


def merkle_root(data, pieces):
    """Leaves hash(hash(sha256(chunk)) + hash(note(end))); branches hash(hash(l) + hash(r) + hash(note(l.end)))."""
    layer = [(sha256(sha256(sha256(data[a:b])) + sha256(note(b))), b) for a, b in pieces]
    while len(layer) > 1:
        nxt = []
        for i in range(0, len(layer), 2):
            if i + 1 == len(layer):
                nxt.append(layer[i])
                continue
            (lid, lend), (rid, rend) = layer[i], layer[i + 1]
            nxt.append((sha256(sha256(lid) + sha256(rid) + sha256(note(lend))), rend))
        layer = nxt
    return layer[0][0]


def validate_path(node_id, dest, left, right, path):
    """merkle.ts validatePath: returns (chunk_id, left, end) of the proven leaf, or None."""
    if right <= 0:
        return None
    dest = max(0, min(dest, right - 1))
    if len(path) == 64:
        data_hash, end_note = path[:32], path[32:]
        if sha256(sha256(data_hash) + sha256(end_note)) != node_id:
            return None
        return data_hash, left, int.from_bytes(end_note, "big")
    if len(path) < 96 + 64:
        return None
    lid, rid, offset_note, rest = path[:32], path[32:64], path[64:96], path[96:]
    if sha256(sha256(lid) + sha256(rid) + sha256(offset_note)) != node_id:
        return None
    offset = int.from_bytes(offset_note, "big")
    if dest < offset:
        return validate_path(lid, dest, left, min(right, offset), rest)
    return validate_path(rid, dest, max(left, offset), right, rest)


def verify_pss(owner, message, signature):
    """RSA-PSS/SHA-256 with exponent 65537; salt lengths as arweave-js verify tries. Returns the salt length."""
    key = RSA.construct((int.from_bytes(owner, "big"), 65537))
    digest = PSS_SHA256.new(message)
    max_salt = (key.size_in_bits() - 1 + 7) // 8 - digest.digest_size - 2
    for salt in (32, 0, max_salt):
        try:
            pss.new(key, salt_bytes=salt).verify(digest, signature)
            return salt
        except (ValueError, TypeError):
            continue
    return None


class Store:
    def __init__(self, data_dir):
        self.dir = os.path.join(data_dir, "tx")
        os.makedirs(self.dir, exist_ok=True)
        self.lock = threading.Lock()
        self.corrupt = set()
        self.refuse = 0
        self.refuse_left = None  # None: refuse every post while `refuse` is set
        self.anchors = set()
        self.headers = {}  # txid -> verified header and what was checked
        self.roots = {}  # data_root (bytes) -> {"size", "pieces": {start: bytes}, "txids": [...]}
        self.stats = {"tx_posted": 0, "tx_accepted": 0, "tx_rejected": 0, "tx_refused": 0,
                      "chunks_accepted": 0, "chunks_rejected": 0}

    def count(self, name):
        with self.lock:
            self.stats[name] += 1

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


class Handler(FakeHandler):
    server_version = "fake-arweave/1"
    log_name = "fake_arweave"

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
        if path == "/_test/refuse":
            store.refuse = int((query.get("status") or ["0"])[0])
            count = (query.get("count") or [""])[0]
            store.refuse_left = int(count) if count else None
            return self._send(200, b"ok\n")
        if path.startswith("/_test/"):
            return self._test_get(path, query)
        if path in ("/tx", "/chunk") and store.refuse and store.refuse_left != 0:
            store.count("tx_refused")
            if store.refuse_left is not None:
                store.refuse_left -= 1
            return self._send(store.refuse, b"refused by the test\n")
        if path == "/tx":
            return self._post_tx(body)
        if path == "/chunk":
            return self._post_chunk(body)
        self._send(404, b"Not Found")

    def _test_get(self, path, query):
        store = self.server.store
        if path == "/_test/stats":
            with store.lock:
                return self._send(200, json.dumps(store.stats).encode(), "application/json")
        if path == "/_test/tx":
            txid = (query.get("txid") or [""])[0]
            record = store.headers.get(txid)
            if record is None:
                return self._send(404, b"Not Found")
            return self._send(200, json.dumps(record).encode(), "application/json")
        return self._send(404, b"Not Found")

    def _reject(self, message):
        self.server.store.count("tx_rejected")
        return self._send(400, message)

    def _post_tx(self, body):
        store = self.server.store
        store.count("tx_posted")
        if pss is None:
            return self._send(501, b"pycryptodome is missing: cannot verify signatures")
        try:
            tx = json.loads(body)
            if not isinstance(tx, dict):
                raise ValueError("not an object")
            fmt = int(tx.get("format", 1))
            owner = unb64url(tx["owner"])
            target = unb64url(tx.get("target", ""))
            quantity = str(tx.get("quantity", "0"))
            reward = str(tx["reward"])
            last_tx = unb64url(tx["last_tx"])
            tags = [(unb64url(t["name"]), unb64url(t["value"])) for t in tx.get("tags", [])]
            data_size = int(str(tx.get("data_size", "0")))
            data_root = unb64url(tx.get("data_root", ""))
            data = unb64url(tx.get("data", ""))
            signature = unb64url(tx["signature"])
            txid = tx["id"]
            if not quantity.isdigit() or not reward.isdigit() or data_size < 0:
                raise ValueError("bad number")
        except (ValueError, KeyError, TypeError, AttributeError):
            return self._reject(b"Invalid JSON.")
        if not TXID.match(txid):
            return self._reject(b"Invalid hash.")
        if txid in store.headers:
            return self._send(208, b"Transaction already processed.")
        if fmt != 2 or b64url(sha256(signature)) != txid or not 0 < len(owner) <= 512 or len(signature) > 512:
            return self._reject(b"Transaction verification failed.")
        message = deep_hash([b"2", owner, target, quantity.encode(), reward.encode(), last_tx,
                             [[name, value] for name, value in tags], str(data_size).encode(), data_root])
        salt = verify_pss(owner, message, signature)
        if salt is None:
            return self._reject(b"Transaction verification failed.")
        if int(reward) < price(data_size):
            return self._reject(b"Transaction verification failed.")
        if b64url(last_tx) not in store.anchors:
            return self._reject(b"Invalid anchor (last_tx).")
        if data:
            if len(data) != data_size or merkle_root(data, fixed_chunks(data)) != data_root:
                return self._reject(b"The attached data is split in an unknown way.")
        elif data_size > 0 and len(data_root) != 32:
            return self._reject(b"Transaction verification failed.")
        decoded_tags = [[n.decode("utf-8", "replace"), v.decode("utf-8", "replace")] for n, v in tags]
        content_type = next((v for n, v in decoded_tags if n.lower() == "content-type"), "application/octet-stream")
        header = dict(tx)
        header["data"] = ""
        record = {"header": header, "signature_verified": True, "salt_length": salt,
                  "owner_address": b64url(sha256(owner)), "tags": decoded_tags,
                  "data_root_split": "inline" if data else "chunks", "complete": bool(data) or data_size == 0}
        meta = {"content_type": content_type, "pending": False,
                "block_height": 1000000 + len(os.listdir(store.dir)) // 2}
        with store.lock:
            store.headers[txid] = record
            store.stats["tx_accepted"] += 1
            if not data and data_size > 0:
                entry = store.roots.setdefault(data_root, {"size": data_size, "pieces": {}, "txids": []})
                entry["txids"].append((txid, meta))
        if data or data_size == 0:
            store.put(txid, data, meta)
        return self._send(200, b"OK")

    def _post_chunk(self, body):
        store = self.server.store

        def error(name):
            store.count("chunks_rejected")
            return self._send(400, json.dumps({"error": name}).encode(), "application/json")
        try:
            proof = json.loads(body)
            data_root = unb64url(proof["data_root"])
            data_size = int(str(proof["data_size"]))
            data_path = unb64url(proof["data_path"])
            offset = int(str(proof["offset"]))
            chunk = unb64url(proof["chunk"])
        except (ValueError, KeyError, TypeError, AttributeError):
            return error("invalid_json")
        if len(chunk) > CHUNK:
            return error("chunk_too_big")
        entry = store.roots.get(data_root)
        if entry is None or entry["size"] != data_size:
            return error("data_root_not_found")
        leaf = validate_path(data_root, offset, 0, data_size, data_path)
        if leaf is None:
            return error("invalid_proof")
        chunk_id, start, end = leaf
        if sha256(chunk) != chunk_id or end - start != len(chunk) or not start <= offset < end or end > data_size:
            return error("invalid_proof")
        complete = None
        with store.lock:
            entry["pieces"][start] = chunk
            store.stats["chunks_accepted"] += 1
            covered, cursor = True, 0
            for begin in sorted(entry["pieces"]):
                if begin > cursor:
                    covered = False
                    break
                cursor = max(cursor, begin + len(entry["pieces"][begin]))
            if covered and cursor >= data_size:
                data = bytearray(data_size)
                for begin, piece in entry["pieces"].items():
                    data[begin:begin + len(piece)] = piece
                complete = (bytes(data), list(entry["txids"]))
                for txid, _ in entry["txids"]:
                    store.headers[txid]["complete"] = True
        if complete:
            data, txids = complete
            for txid, meta in txids:
                store.put(txid, data, meta)
        return self._send(200, b"")

    def do_GET(self):
        path, query = self._split()
        parts = [p for p in path.split("/") if p]
        store = self.server.store
        if path.startswith("/_test/"):
            return self._test_get(path, query)
        if parts == ["tx_anchor"]:
            anchor = b64url(os.urandom(48))
            with store.lock:
                store.anchors.add(anchor)
            return self._send(200, anchor.encode())
        if len(parts) in (2, 3) and parts[0] == "price":
            if not parts[1].isdigit():
                return self._send(400, b"Invalid size.")
            return self._send(200, str(price(int(parts[1]))).encode())
        if len(parts) == 2 and parts[0] == "tx":
            record = store.headers.get(parts[1])
            if record is None:
                return self._send(404, b"Not Found")
            return self._send(200, json.dumps(record["header"]).encode(), "application/json")
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
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--corrupt", action="append", default=[])
    parser.add_argument("--refuse-tx", type=int, default=0)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()

    def setup(server):
        server.store = Store(args.data_dir)
        server.store.corrupt.update(args.corrupt)
        server.store.refuse = args.refuse_tx
        server.verbose = args.verbose

    serve(Handler, args.host, args.port, setup)


if __name__ == "__main__":
    main()
