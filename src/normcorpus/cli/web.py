"""`normcorpus serve`: the local web app over a data directory.

The server binds 127.0.0.1 unless --host says otherwise (a warning names any
address that is not loopback: the corpus is then readable from the network).
The socket is bound here, before uvicorn starts, so that a port in use is one
clear line and exit 2; Starlette, Jinja2 and uvicorn are imported only here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import app
from .options import DEFAULT_GLOSSARY, DataDir
from .search import SearchGlossary

if TYPE_CHECKING:
    import socket


def is_loopback(host: str) -> bool:
    import ipaddress  # here, not at start-up: `normcorpus --help` stays fast

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (an `InputError` naming them when it cannot)."""
    import socket

    from ..errors import InputError

    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        hint = " (another server? try --port)" if exc.errno == 98 else ""
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror}{hint}") from exc
    sock.set_inheritable(True)
    return sock


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on; anything but loopback exposes the corpus.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0: any free one).")] = 8765,
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the search page in a browser.")
    ] = False,
    data_dir: DataDir = Path(".normcorpus"),
    glossary: SearchGlossary = None,
) -> None:
    """Serve the corpus as a local web app: search, KWIC, documents, concepts, plots, JSON API.

    Read-only: the index is opened read-only, and nothing is fetched from the network.
    """
    import threading
    import webbrowser

    if glossary is None and Path(DEFAULT_GLOSSARY).exists():
        glossary = Path(DEFAULT_GLOSSARY)
    loopback = is_loopback(host)
    if not loopback:
        typer.echo(
            f"normcorpus: warning: {host} is not a loopback address: anyone who can reach"
            " this machine can read the corpus (there is no login)",
            err=True,
        )
    import uvicorn

    from ..web import create_app
    from ..web.app import LOOPBACK_HOSTS

    # On loopback, only requests addressed to a loopback name (DNS rebinding).
    name = host.lower()
    allowed = [*LOOPBACK_HOSTS, name, f"[{name}]" if ":" in name else name]
    web_app = create_app(data_dir, glossary=glossary, allowed_hosts=allowed if loopback else ["*"])
    sock = bind(host, port)
    bound_port = sock.getsockname()[1]
    shown_host = f"[{host}]" if ":" in host and not host.startswith("[") else host
    url = f"http://{shown_host}:{bound_port}/"
    typer.echo(f"normcorpus: serving {data_dir} at {url} (Ctrl-C stops)", err=True)
    config = uvicorn.Config(
        web_app, log_level="warning", access_log=False, timeout_graceful_shutdown=2
    )
    server = uvicorn.Server(config)
    if open_browser:

        def opener() -> None:
            import time

            while not server.started and not server.should_exit:
                time.sleep(0.05)
            if server.started:
                webbrowser.open(url)

        threading.Thread(target=opener, daemon=True).start()
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        # uvicorn shut down on Ctrl-C and passed the signal on: stopping is how a server ends.
        pass
    finally:
        web_app.state.engine.close()
        sock.close()
    typer.echo("normcorpus: stopped", err=True)
