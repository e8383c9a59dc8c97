"""Fixtures for the fault tests: a Chroma server process that a test may kill and start again."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import listening_port

CHROMA = Path(sys.executable).parent / "chroma"


class ChromaProcess:
    """`chroma run` on a loopback port and folder; a restart serves the same data at the same address.

    The first start listens on a port the kernel chooses (`--port 0`), read back from the process.
    """

    def __init__(self, path: Path, port: int = 0) -> None:
        self.path = path
        self.host = "127.0.0.1"
        self.port = port
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> None:
        self.process = subprocess.Popen(
            [str(CHROMA), "run", "--path", str(self.path), "--host", self.host, "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        self.port = listening_port(self.process, timeout)
        while not self.is_up():
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.process.kill()
                raise RuntimeError(f"the Chroma server on port {self.port} did not start")
            time.sleep(0.2)

    def is_up(self) -> bool:
        try:
            urllib.request.urlopen(f"http://{self.host}:{self.port}/api/v2/heartbeat", timeout=1)
        except OSError:
            return False
        return True

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, open connections are cut."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def chroma_process(tmp_path: Path) -> Iterator[ChromaProcess]:
    """A started Chroma server of this test only (the session-wide `chroma_server` must not be killed)."""
    server = ChromaProcess(tmp_path / "chroma-server")
    server.start()
    yield server
    server.stop()
