"""The graph page in Firefox: Debian's firefox-esr, driven over Marionette, its own protocol.

Playwright drives only its own build of Firefox; the stock one speaks
Marionette, a length-prefixed JSON protocol, a few lines to speak here.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from kg.view import graph_html
from tests.test_view import HOSTILE_NAME, explorer_graph, explorer_texts

FIREFOX = shutil.which("firefox-esr") or shutil.which("firefox")


class Marionette:
    """A Marionette session with a headless Firefox of its own profile, on a port Firefox picks."""

    def __init__(self, profile: Path):
        (profile / "user.js").write_text('user_pref("marionette.port", 0);\n', encoding="utf-8")
        self.process = subprocess.Popen(
            [FIREFOX, "--headless", "--marionette", "--no-remote", "--profile", str(profile)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = profile / "MarionetteActivePort"
        deadline = time.monotonic() + 60
        while not port_file.exists() or not port_file.read_text().strip():
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.close()
                pytest.fail("Firefox did not open its Marionette port")
            time.sleep(0.2)
        self.socket = socket.create_connection(("127.0.0.1", int(port_file.read_text())), timeout=60)
        self.serial = 0
        self._receive()  # the greeting
        self.call("WebDriver:NewSession", {"capabilities": {}})

    def _receive(self):
        head = b""
        while not head.endswith(b":"):
            head += self.socket.recv(1)
        size = int(head[:-1])
        body = b""
        while len(body) < size:
            body += self.socket.recv(size - len(body))
        return json.loads(body)

    def call(self, command: str, params: dict):
        self.serial += 1
        message = json.dumps([0, self.serial, command, params]).encode()
        self.socket.sendall(str(len(message)).encode() + b":" + message)
        _, serial, error, result = self._receive()
        assert serial == self.serial and error is None, error
        return result

    def run(self, script: str):
        return self.call("WebDriver:ExecuteScript", {"script": script, "args": []})["value"]

    def close(self):
        try:
            self.call("Marionette:Quit", {"flags": ["eForceQuit"]})
        except Exception:  # noqa: BLE001 - Firefox may be gone already
            pass
        if hasattr(self, "socket"):
            self.socket.close()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(FIREFOX is None, reason="no Firefox: apt-get install firefox-esr")
def test_page_runs_in_firefox(tmp_path):
    page = tmp_path / "firefox.html"
    page.write_text(graph_html(explorer_graph(), title=HOSTILE_NAME, texts=explorer_texts()), encoding="utf-8")
    (tmp_path / "profile").mkdir()
    firefox = Marionette(tmp_path / "profile")
    try:
        firefox.call("WebDriver:Navigate", {"url": page.as_uri()})
        deadline = time.monotonic() + 60
        while not firefox.run("return window.kgStabilized === true"):
            assert time.monotonic() < deadline, "the page did not settle in Firefox"
            time.sleep(0.3)
        seen = firefox.run(
            """
            const data = JSON.parse(document.getElementById('kg-data').textContent);
            const search = document.getElementById('kg-search');
            const suggest = query => {
                search.value = query;
                search.dispatchEvent(new Event('input'));
                return document.querySelector('#kg-suggest li').textContent;
            };
            const byInitials = suggest('qhkj');
            const byAlias = suggest('tingyu');
            search.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'}));
            const panel = document.getElementById('kg-panel').textContent;
            const first = data.articles.findIndex(a => a.text !== null);
            window.kg.read(first, null);
            return {
                title: document.title, nodes: window.nodes.length, drawn: data.nodes.length,
                labels: window.kg.labels().length, physics: window.network.physics.options.enabled,
                byInitials, byAlias, panel, selected: window.kg.state.selected,
                mentions: document.querySelectorAll('#kg-reader .kg-mention').length,
                reader: document.getElementById('kg-reader-text').textContent,
                images: document.querySelectorAll('#kg-reader-text img').length, xss: window.__xss === undefined,
            };
            """
        )
    finally:
        firefox.close()
    assert seen["title"] == HOSTILE_NAME and seen["nodes"] == seen["drawn"] and not seen["physics"]
    assert seen["labels"] >= seen["drawn"] // 2
    # Pinyin initials need the browser's Chinese collation: Firefox has it too.
    assert seen["byInitials"].startswith("青禾科技集团") and "拼音 qhkj" in seen["byInitials"]
    assert seen["byAlias"].startswith("听雨办公") and "别名：TingYu" in seen["panel"] and seen["selected"] is not None
    assert seen["mentions"] >= 5 and 'onerror="window.__xss=1"' in seen["reader"]
    assert seen["images"] == 0 and seen["xss"]
