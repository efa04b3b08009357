"""A Redis of the test's own, on a free port, without persistence: stopped and started
again by the test to play a broker or cache outage. The shared Redis is never touched."""

import shutil
import socket
import subprocess
import time

import pytest
import redis

from tests.conftest import require


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    def __init__(self, program: str):
        self.program = program
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        arguments = ["--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        arguments += ["--appendonly", "no", "--daemonize", "no"]
        self.process = subprocess.Popen(  # noqa: S603 - redis-server with fixed arguments
            [self.program, *arguments], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if client.ping():
                    return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        """As `systemctl stop redis`: the server closes its connections and exits."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def private_redis():
    """A started Redis of this test's own, stopped at the end whatever happened."""
    program = shutil.which("redis-server")
    require("redis-server", program is not None)
    server = PrivateRedis(program)
    server.start()
    try:
        yield server
    finally:
        server.stop()
