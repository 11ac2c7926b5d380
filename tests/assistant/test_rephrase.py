"""The optional rephrasing endpoint: a real OpenAI-compatible server on loopback. A rewording that
keeps the answer's codes replaces the summary; one that invents a code is discarded."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from medcoder.assistant import ask

pytestmark = pytest.mark.shared_data


class ChatServer(HTTPServer):
    reply = ""


class ChatHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        body = json.dumps({"choices": [{"message": {"content": self.server.reply}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def chat_server(monkeypatch):
    server = ChatServer(("127.0.0.1", 0), ChatHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("MEDCODER_PILOT_LLM_URL", f"http://127.0.0.1:{server.server_port}/v1")
    yield server
    server.shutdown()


def test_grounded_rewording_replaces_the_summary(codebook, chat_server):
    chat_server.reply = "E11.9 and E10.9 cannot be reported together: an Excludes1 note forbids it."
    answer = ask(codebook, "Can I report E11.9 with E10.9?")
    assert answer.summary == chat_server.reply


def test_rewording_with_an_invented_code_falls_back_to_the_deterministic_answer(codebook, chat_server):
    chat_server.reply = "Report E11.9 with E10.8 instead."
    answer = ask(codebook, "Can I report E11.9 with E10.9?")
    assert answer.summary.startswith("No: an Excludes1 note")


def test_unreachable_endpoint_keeps_the_deterministic_answer(codebook, monkeypatch):
    monkeypatch.setenv("MEDCODER_PILOT_LLM_URL", "http://127.0.0.1:9/v1")
    assert ask(codebook, "What is E11.9?").summary.startswith("E11.9 is the ICD-10-CM code")
