"""Failures below HTTP, over real loopback sockets: refused, unknown name, TLS, timeouts, and an
event stream that ends, is cut or goes silent. No traffic leaves 127.0.0.1 (the unknown name is
under `.invalid`, which never resolves)."""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
import truststore
from pydantic import SecretStr

from pexjoin_tui.infinity import (
    InfinityClient,
    ParticipantSyncBegin,
    StreamDroppedError,
    TransportError,
)
from pexjoin_tui.infinity.transport import tls_context

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]

SSE_HEADERS = b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-store\r\n"
SYNC_BEGIN = b"event: participant_sync_begin\ndata: null\n\n"


@pytest.fixture
async def serve() -> AsyncIterator[Callable[[Handler], Awaitable[int]]]:
    """Start a raw TCP server on 127.0.0.1 with the given connection handler; yield its port."""
    servers: list[asyncio.Server] = []
    connections: set[asyncio.Task[None]] = set()

    async def start(handler: Handler) -> int:
        async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            task = asyncio.current_task()
            assert task is not None
            connections.add(task)
            try:
                await handler(reader, writer)
            except (ConnectionError, asyncio.IncompleteReadError):
                pass  # the client hung up first, as these tests make it do
            finally:
                writer.close()

        server = await asyncio.start_server(connection, "127.0.0.1", 0)
        servers.append(server)
        return int(server.sockets[0].getsockname()[1])

    yield start
    for server in servers:
        server.close()
    for task in connections:
        task.cancel()
    await asyncio.gather(*connections, return_exceptions=True)
    for server in servers:
        await server.wait_closed()


async def read_head(reader: asyncio.StreamReader) -> None:
    await reader.readuntil(b"\r\n\r\n")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def joined(client: InfinityClient) -> InfinityClient:
    client.token = SecretStr("test-token")
    return client


async def test_closed_port_is_refused() -> None:
    port = free_port()
    async with InfinityClient(f"http://127.0.0.1:{port}", "meet") as client:
        with pytest.raises(TransportError) as caught:
            await client.request_token("Alice")
    assert caught.value.kind == "refused"
    assert caught.value.message == (
        f"Could not reach 127.0.0.1:{port}: the connection was refused. Check the address and "
        "port, or whether the node is up."
    )


async def test_unknown_name_is_dns() -> None:
    async with InfinityClient("http://no-such-node.pexjoin.invalid", "meet") as client:
        with pytest.raises(TransportError) as caught:
            await client.request_token("Alice")
    assert caught.value.kind == "dns"
    assert "no-such-node.pexjoin.invalid" in caught.value.message
    assert "does not resolve" in caught.value.message


async def test_tls_to_a_server_that_does_not_speak_it(serve) -> None:
    async def plain_http(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(100)
        writer.write(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")
        await writer.drain()
        writer.close()

    port = await serve(plain_http)
    async with InfinityClient(f"https://127.0.0.1:{port}", "meet") as client:
        with pytest.raises(TransportError) as caught:
            await client.request_token("Alice")
    assert caught.value.kind == "tls"
    assert "secure connection" in caught.value.message


async def test_a_node_that_never_answers_times_out(serve) -> None:
    async def mute(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_head(reader)
        await asyncio.sleep(5)

    port = await serve(mute)
    async with InfinityClient(f"http://127.0.0.1:{port}", "meet", timeout=0.3) as client:
        with pytest.raises(TransportError) as caught:
            await client.request_token("Alice")
    assert caught.value.kind == "timeout"
    assert "did not answer within 0.3 seconds" in caught.value.message


async def test_a_silent_event_stream_is_dropped(serve) -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_head(reader)
        writer.write(SSE_HEADERS + b"\r\n" + SYNC_BEGIN)
        await writer.drain()
        await asyncio.sleep(5)

    port = await serve(silent)
    client = InfinityClient(f"http://127.0.0.1:{port}", "meet", stream_timeout=0.4)
    async with joined(client):
        received = []
        with pytest.raises(StreamDroppedError) as caught:
            async for event in client.events():
                received.append(event)
    assert received == [ParticipantSyncBegin()]
    assert caught.value.kind == "timeout"
    assert "went silent for 0.4 seconds" in caught.value.message


async def test_pings_keep_a_quiet_stream_alive(serve) -> None:
    async def pinging(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_head(reader)
        writer.write(SSE_HEADERS + b"connection: close\r\n\r\n")
        for _ in range(4):
            writer.write(b": ping\n\n")
            await writer.drain()
            await asyncio.sleep(0.2)
        writer.write(SYNC_BEGIN)
        await writer.drain()
        writer.close()

    port = await serve(pinging)
    client = InfinityClient(f"http://127.0.0.1:{port}", "meet", stream_timeout=0.5)
    async with joined(client):
        received = []
        with pytest.raises(StreamDroppedError) as caught:
            async for event in client.events():
                received.append(event)
    # 0.8 s of pings, longer than the 0.5 s read timeout, did not drop the stream.
    assert received == [ParticipantSyncBegin()]
    assert "closed the event stream" in caught.value.message


async def test_a_stream_cut_mid_message_is_dropped(serve) -> None:
    async def cut(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_head(reader)
        chunk = SYNC_BEGIN + b"event: participant_cre"
        writer.write(SSE_HEADERS + b"transfer-encoding: chunked\r\n\r\n")
        writer.write(b"%x\r\n%s\r\n" % (len(chunk) + 50, chunk))
        await writer.drain()
        writer.close()

    port = await serve(cut)
    async with joined(InfinityClient(f"http://127.0.0.1:{port}", "meet")) as client:
        received = []
        with pytest.raises(StreamDroppedError) as caught:
            async for event in client.events():
                received.append(event)
    assert received == [ParticipantSyncBegin()]
    assert caught.value.kind == "network"
    assert "was cut" in caught.value.message


async def test_a_stream_that_cannot_open_is_a_dropped_stream_too() -> None:
    port = free_port()
    async with joined(InfinityClient(f"http://127.0.0.1:{port}", "meet")) as client:
        with pytest.raises(StreamDroppedError) as caught:
            async for _ in client.events():
                pass
    assert caught.value.kind == "refused"
    assert isinstance(caught.value, TransportError)


def test_tls_defaults_to_the_operating_system_trust_store() -> None:
    assert isinstance(tls_context(True), truststore.SSLContext)
    assert tls_context(False) is False
    own = ssl.create_default_context()
    assert tls_context(own) is own


def test_an_unreadable_ca_bundle_is_a_tls_error(tmp_path) -> None:
    missing = tmp_path / "missing.pem"
    with pytest.raises(TransportError) as caught:
        InfinityClient("node.example.com", "meet", verify=str(missing))
    assert caught.value.kind == "tls"
    assert "CA bundle" in caught.value.message
