"""A fake Kavenegar on loopback for tests: a tiny http.server in a thread that records every
request and answers as the real gateway does (or refuses, when told to)."""
import contextlib
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.test import override_settings

API_KEY = "test-key-0123456789"


class FakeGateway:
    def __init__(self):
        self.requests: list[dict] = []
        # What the next requests get: (HTTP status, JSON body) or None for a normal answer.
        self.answer: tuple[int, dict] | None = None
        self.entry_status = 1  # "in the queue to be sent"

    def reply(self, path: str, fields: dict) -> tuple[int, dict]:
        self.requests.append({"path": path, **fields})
        if self.answer is not None:
            return self.answer
        return 200, {"return": {"status": 200, "message": "تایید شد"}, "entries": [{
            "messageid": 8792343 + len(self.requests), "message": fields.get("message", ""),
            "status": self.entry_status, "statustext": "در صف ارسال", "sender": fields.get("sender", ""),
            "receptor": fields.get("receptor", ""), "date": 1356619709, "cost": 120}]}


@contextlib.contextmanager
def fake_sms_gateway(sender="10004346"):
    """Run the fake gateway and point settings.SAFIRAN_SMS at it; yields the FakeGateway."""
    gateway = FakeGateway()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            fields = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
            status, body = gateway.reply(self.path, fields)
            content = json.dumps(body, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    config = {"API_KEY": API_KEY, "SENDER": sender, "URL": f"http://127.0.0.1:{server.server_port}", "TIMEOUT": 5}
    try:
        with override_settings(SAFIRAN_SMS=config):
            yield gateway
    finally:
        server.shutdown()
        server.server_close()
