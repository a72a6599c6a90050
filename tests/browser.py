"""A headless Chromium driven over the DevTools protocol, with nothing but the standard library.

`load(path)` opens a local HTML file and returns what a test needs to judge it: console
messages and exceptions, every network request the page made (the file itself excluded), the
rendered text, counts from the DOM and a PNG screenshot. Playwright's browser downloads are not
available offline; Debian's `chromium` package is. `find()` returns None when no browser is
installed, so tests can skip.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")


def find() -> str | None:
    for name in NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclass
class Page:
    console: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    text: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    screenshot: bytes = field(default=b"", repr=False)


class _Socket:
    """The client side of a WebSocket (RFC 6455): text frames only, masked as the RFC requires."""

    def __init__(self, url: str) -> None:
        parts = urlparse(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET {parts.path} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        response = b""
        while b"\r\n\r\n" not in response:
            response += self.sock.recv(4096)
        head, self.buffer = response.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise ConnectionError(head.decode(errors="replace"))

    def send(self, text: str) -> None:
        payload = text.encode()
        header = bytearray([0x81])
        n = len(payload)
        if n < 126:
            header.append(0x80 | n)
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        self.sock.sendall(bytes(header) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def _read(self, n: int) -> bytes:
        while len(self.buffer) < n:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise ConnectionError("browser closed the connection")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def receive(self) -> str:
        message = b""
        while True:
            first, second = self._read(2)
            n = second & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(n)
            if first & 0x0F == 0x8:
                raise ConnectionError("browser closed the connection")
            message += payload
            if first & 0x80:
                return message.decode()


class _Browser:
    def __init__(self, binary: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="keino-chromium-")
        self.process = subprocess.Popen(
            [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-extensions", "--disable-background-networking", "--disable-sync",
             "--remote-debugging-port=0", f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        url = None
        deadline = time.monotonic() + 60
        assert self.process.stderr is not None
        while url is None and time.monotonic() < deadline:
            line = self.process.stderr.readline()
            if not line and self.process.poll() is not None:
                break
            found = re.search(r"DevTools listening on (ws://\S+)", line)
            url = found.group(1) if found else None
        if url is None:
            self.close()
            raise RuntimeError("chromium did not start its DevTools endpoint")
        self.ws = _Socket(url)
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self.ws.send(json.dumps(message))
        while True:
            reply = json.loads(self.ws.receive())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == method for e in self.events):
            if time.monotonic() > deadline:
                raise TimeoutError(method)
            self.events.append(json.loads(self.ws.receive()))

    def close(self) -> None:
        self.process.kill()
        self.process.wait()
        if self.process.stderr:
            self.process.stderr.close()
        shutil.rmtree(self.profile, ignore_errors=True)


COUNT_SCRIPT = """JSON.stringify({
  svg: document.querySelectorAll('svg').length,
  svg_with_title: document.querySelectorAll('svg > title').length,
  svg_with_desc: document.querySelectorAll('svg > desc').length,
  scripts: document.querySelectorAll('script').length,
  links: document.querySelectorAll('link[href], img[src], iframe, object, embed').length,
  tables: document.querySelectorAll('table').length
})"""


def load(path: Path, binary: str | None = None, width: int = 1100, height: int = 1400) -> Page:
    """Open `path` in a fresh headless Chromium and report what happened."""
    return load_all([path], binary, width, height)[0]


def load_all(
    paths: list[Path], binary: str | None = None, width: int = 1100, height: int = 1400
) -> list[Page]:
    """Open each of `paths` in its own tab of one headless Chromium (one start-up for all)."""
    browser = _Browser(binary or find() or "chromium")
    try:
        return [_visit(browser, path, width, height) for path in paths]
    finally:
        browser.close()


def _visit(browser: _Browser, path: Path, width: int, height: int) -> Page:
    target = browser.call("Target.createTarget", url="about:blank")["targetId"]
    session = browser.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.call(f"{domain}.enable", session)
    browser.call(
        "Emulation.setDeviceMetricsOverride", session, width=width, height=height,
        deviceScaleFactor=1, mobile=False,
    )  # fmt: skip
    url = path.resolve().as_uri()
    browser.events.clear()
    browser.call("Page.navigate", session, url=url)
    browser.wait_for("Page.loadEventFired")
    time.sleep(0.2)  # let late console messages and requests arrive
    browser.call("Runtime.evaluate", session, expression="1")
    page = Page()
    for event in browser.events:
        if event.get("sessionId") != session:
            continue
        method, params = event.get("method"), event.get("params", {})
        if method == "Network.requestWillBeSent" and params["request"]["url"] != url:
            page.requests.append(params["request"]["url"])
        elif method == "Runtime.consoleAPICalled":
            page.console.append(" ".join(str(a.get("value", a.get("description"))) for a in params["args"]))
        elif method == "Runtime.exceptionThrown":
            page.console.append(params["exceptionDetails"].get("text", "exception"))
        elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
            page.console.append(params["entry"]["text"])
    evaluate = browser.call("Runtime.evaluate", session, expression="document.body.innerText")
    page.text = evaluate["result"]["value"]
    counts = browser.call("Runtime.evaluate", session, expression=COUNT_SCRIPT)
    page.counts = json.loads(counts["result"]["value"])
    shot = browser.call("Page.captureScreenshot", session, format="png")
    page.screenshot = base64.b64decode(shot["data"])
    browser.call("Target.closeTarget", targetId=target)
    return page
