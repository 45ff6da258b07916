#!/usr/bin/env python3
"""A tiny load balancer on loopback for `make loadtest SERVERS=2` (issue 14): accepts TCP
connections on one port and hands each, in turn, to one of the app servers behind it
(round robin, whole connections). It shows that app servers are interchangeable — nothing
more: production uses nginx or HAProxy (docs/operations.md#several-app-servers).

    scripts/balancer.py 8100 127.0.0.1:8101 127.0.0.1:8102
"""
import asyncio
import itertools
import sys


async def pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def main(port: int, backends: list[tuple[str, int]]):
    turn = itertools.cycle(backends)

    async def handle(client_reader, client_writer):
        host, backend_port = next(turn)
        try:
            server_reader, server_writer = await asyncio.open_connection(host, backend_port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer))

    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=1024)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    listen = int(sys.argv[1])
    targets = [(address.rsplit(":", 1)[0], int(address.rsplit(":", 1)[1])) for address in sys.argv[2:]]
    if not targets or any(host not in ("127.0.0.1", "localhost") for host, _port in targets):
        raise SystemExit("usage: balancer.py PORT 127.0.0.1:PORT [127.0.0.1:PORT …] (loopback only)")
    asyncio.run(main(listen, targets))
