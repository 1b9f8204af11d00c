"""Stand-ins for the translation services, served on 127.0.0.1 by a real HTTP server.

Each stand-in speaks one service's documented API, checks every request's shape (path,
headers, JSON fields, language codes) and answers according to its `mode`: a normal
translation, or one of the ways a service goes wrong (slow, trickling, truncated, not
JSON, oversized, an HTTP error, the wrong number of texts, a leaked prompt). Translations
are fake and checkable: "[<target code>] <text>".
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

BIG = 5_000_000  # bytes an oversized answer claims, or streams
# How long a slow, stalled or trickling stand-in keeps a client waiting: far longer than any
# test would wait for a client that ignored its deadline. close() ends every such wait.
HOLD = 60.0
TRICKLE_INTERVAL = 0.05  # seconds between bytes: well under any per-read timeout


@dataclass
class Seen:
    """One request as the stand-in received it."""

    path: str
    headers: dict[str, str]  # names lower-cased
    body: Any


@dataclass
class Service:
    """What differs between services: where texts are in a request, how an answer is
    shaped, and what a well-formed request looks like (`check` lists what is wrong)."""

    texts: Callable[[Any], list[str]]
    target: Callable[[Any], str]
    reply: Callable[[Any, list[str]], Any]
    check: Callable[[Seen], list[str]]


def _json_list_of_strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


# --- LibreTranslate: POST /translate {"q": [...], "source", "target", "format", "api_key"?}


def libretranslate(api_key: str = "") -> Service:
    codes = {"en", "zh", "zt"}

    def check(seen: Seen) -> list[str]:
        body = seen.body
        problems = []
        if seen.path != "/translate":
            problems.append(f"path {seen.path}")
        if not isinstance(body, dict):
            return [*problems, "body is not an object"]
        if not _json_list_of_strings(body.get("q")):
            problems.append("q is not a list of strings")
        if body.get("source") not in codes or body.get("target") not in codes:
            problems.append(f"codes {body.get('source')} → {body.get('target')}")
        if body.get("source") == body.get("target"):
            problems.append("source is target")
        if body.get("format") != "text":
            problems.append("format is not text")
        if body.get("api_key", "") != api_key:
            problems.append("wrong api_key")
        return problems

    return Service(
        texts=lambda body: body["q"],
        target=lambda body: body["target"],
        reply=lambda body, out: {"translatedText": out},
        check=check,
    )


# --- DeepL: POST /v2/translate, Authorization: DeepL-Auth-Key, {"text", "source_lang", ...}


def deepl(api_key: str) -> Service:
    def check(seen: Seen) -> list[str]:
        body = seen.body
        problems = []
        if seen.path != "/v2/translate":
            problems.append(f"path {seen.path}")
        if seen.headers.get("authorization") != f"DeepL-Auth-Key {api_key}":
            problems.append("wrong Authorization")
        if not isinstance(body, dict):
            return [*problems, "body is not an object"]
        if not _json_list_of_strings(body.get("text")) or not 1 <= len(body["text"]) <= 50:
            problems.append("text is not a list of 1–50 strings")
        if body.get("source_lang") not in {"EN", "ZH"}:
            problems.append(f"source_lang {body.get('source_lang')}")
        if body.get("target_lang") not in {"EN-US", "ZH-HANS", "ZH-HANT"}:
            problems.append(f"target_lang {body.get('target_lang')}")
        if body.get("source_lang", "?")[:2] == body.get("target_lang", "!")[:2]:
            problems.append("source is target")
        if len(json.dumps(body).encode()) > 128 * 1024:
            problems.append("body over 128 KiB")
        return problems

    def reply(body: Any, out: list[str]) -> Any:
        source = body["source_lang"]
        return {"translations": [{"detected_source_language": source, "text": t} for t in out]}

    return Service(
        texts=lambda body: body["text"],
        target=lambda body: body["target_lang"],
        reply=reply,
        check=check,
    )


# --- OpenAI-compatible: POST /v1/chat/completions {"model", "messages", "temperature": 0}

PROMPT_MUST_SAY = (
    "translation function",
    "JSON array",
    "never something to follow",
    "ONLY a JSON array",
)
TARGET_IN_PROMPT = re.compile(r"from (.+?) into (.+?)\.\n")


def openai_chat(model: str, api_key: str) -> Service:
    def messages(body: Any) -> tuple[str, str]:
        system, user = body["messages"]
        return system["content"], user["content"]

    def check(seen: Seen) -> list[str]:
        body = seen.body
        problems = []
        if seen.path != "/v1/chat/completions":  # served under /v1, like Ollama and vLLM
            problems.append(f"path {seen.path}")
        if seen.headers.get("authorization") != f"Bearer {api_key}":
            problems.append("wrong Authorization")
        if not isinstance(body, dict):
            return [*problems, "body is not an object"]
        if body.get("model") != model or body.get("temperature") != 0:
            problems.append("model or temperature")
        roles = [m.get("role") for m in body.get("messages", [])]
        if roles != ["system", "user"]:
            return [*problems, f"roles {roles}"]
        system, user = messages(body)
        problems += [f"prompt lacks {s!r}" for s in PROMPT_MUST_SAY if s not in system]
        if not TARGET_IN_PROMPT.search(system):
            problems.append("prompt names no languages")
        try:
            texts = json.loads(user)
        except ValueError:
            return [*problems, "user message is not JSON"]
        if not _json_list_of_strings(texts):
            problems.append("user message is not a JSON array of strings")
        elif f"array of {len(texts)} strings" not in system:
            problems.append("prompt does not give the count")
        return problems

    def reply(body: Any, out: list[str]) -> Any:
        return {
            "id": "chatcmpl-standin",
            "object": "chat.completion",
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {
                        "role": "assistant",
                        "content": json.dumps(out, ensure_ascii=False),
                    },
                    "finish_reason": "stop",
                }
            ],
        }

    return Service(
        texts=lambda body: json.loads(messages(body)[1]),
        target=lambda body: TARGET_IN_PROMPT.search(messages(body)[0]).group(2),
        reply=reply,
        check=check,
    )


# --- The server ---------------------------------------------------------------------------


@dataclass
class StandIn:
    """A service stand-in on 127.0.0.1. Set `mode` to choose how it answers; `seen` lists
    every request that reached it, `problems` every malformed one (a test should end with
    none)."""

    service: Service
    mode: str = "normal"
    seen: list[Seen] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.released = threading.Event()  # set at close: ends every deliberate wait
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.server.standin = self  # type: ignore[attr-defined]
        # A short poll keeps close() quick: shutdown() waits for the loop's next poll.
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def close(self) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()

    def answer(self, body: Any) -> Any:
        """The service's answer to a well-formed request: every text, fake-translated."""
        tag = self.service.target(body)
        return self.service.reply(body, [f"[{tag}] {t}" for t in self.service.texts(body)])


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hangs up on a misbehaving stand-in is the expected outcome


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: the tests say what matters

    def do_POST(self) -> None:
        standin: StandIn = self.server.standin  # type: ignore[attr-defined]
        self.connection.settimeout(5)
        # Headers and body go out in separate writes; without this, Nagle's algorithm and
        # the client's delayed ACK add 40 ms to every answer.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        seen = Seen(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        standin.seen.append(seen)
        problems = standin.service.check(seen)
        if problems:
            standin.problems += problems
            self._send(400, json.dumps({"error": "; ".join(problems)}).encode())
            return
        with contextlib.suppress(OSError):  # the client gave up, as it should when we misbehave
            self._act(standin, body)

    def _act(self, standin: StandIn, body: Any) -> None:
        mode = standin.mode
        if mode.startswith("status:"):
            self._send(int(mode.split(":")[1]), b'{"error": "stand-in says no"}')
        elif mode == "slow":  # answers only after every deadline in the tests
            standin.released.wait(HOLD)
            self._send(200, self._json(standin.answer(body)))
        elif mode == "trickle":  # a valid answer, padded to last HOLD, one byte at a time
            data = b" " * int(HOLD / TRICKLE_INTERVAL) + self._json(standin.answer(body))
            self._head(200, len(data))
            for i in range(len(data)):
                if standin.released.wait(TRICKLE_INTERVAL):
                    return
                self.wfile.write(data[i : i + 1])
                self.wfile.flush()
        elif mode in {"truncated", "stalled"}:  # promises 1,000 bytes, sends 20
            self._head(200, 1000)
            self.wfile.write(self._json(standin.answer(body))[:20])
            self.wfile.flush()
            if mode == "stalled":
                standin.released.wait(HOLD)
            self.close_connection = True
        elif mode == "invalid_json":
            self._send(200, self._json(standin.answer(body))[:-3])
        elif mode == "oversized":  # says so in Content-Length, then streams it
            self._head(200, BIG)
            self._stream(standin, BIG, chunked=False)
        elif mode == "oversized_chunked":  # no Content-Length: only reading tells
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self._stream(standin, BIG, chunked=True)
        elif mode == "wrong_length":
            tag = standin.service.target(body)
            texts = standin.service.texts(body)[:-1]
            self._send(
                200, self._json(standin.service.reply(body, [f"[{tag}] {t}" for t in texts]))
            )
        elif mode == "leak":  # a model that printed its instructions instead of translating
            system = body["messages"][0]["content"]
            count = len(standin.service.texts(body))
            self._send(200, self._json(standin.service.reply(body, [system] * count)))
        else:
            self._send(200, self._json(standin.answer(body)))

    @staticmethod
    def _json(value: Any) -> bytes:
        return json.dumps(value, ensure_ascii=False).encode()

    def _head(self, status: int, length: int) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(length))
        self.end_headers()

    def _send(self, status: int, data: bytes) -> None:
        self._head(status, len(data))
        self.wfile.write(data)
        self.wfile.flush()

    def _stream(self, standin: StandIn, size: int, *, chunked: bool) -> None:
        piece = b"[" + b'"x",' * 16_383 + b'"x"]'  # 64 KiB of a JSON array
        sent = 0
        started = time.monotonic()
        while sent < size and not standin.released.is_set() and time.monotonic() - started < 5:
            data = piece[: size - sent]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)
            sent += len(data)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()
