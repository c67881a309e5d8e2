"""The suite itself refuses any non-loopback network connection."""

from __future__ import annotations

import socket

import pytest
from pytest_socket import SocketConnectBlockedError


def test_non_loopback_connection_is_blocked() -> None:
    # 192.0.2.1 is TEST-NET-1: documentation-only, and the guard stops us before any packet.
    with (
        pytest.raises(SocketConnectBlockedError),
        socket.create_connection(("192.0.2.1", 80), timeout=1),
    ):
        pass


def test_loopback_is_allowed() -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
    server.close()
