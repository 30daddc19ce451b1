"""The importer fetches public web servers only (SSRF): a URL whose host is, or resolves
to, a loopback, private, link-local, multicast, reserved or otherwise non-global address
is refused before any connection is made, at the first request and at every redirect,
whatever form the address is written in; the address connected to is the address that
was checked (no DNS rebinding); one neutral reason for all of them, so the importer
cannot be used to scan ports. Named hosts can be allowed by a setting (for tests)."""

import socket
import socketserver
import threading

import pytest

from articles.ingest import sources
from articles.ingest.sources import REFUSED_ADDRESS, fetch, is_public_address
from tests.ingest.samples import html_page

PAGE = html_page().encode()


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Whatever the code under test does, these tests never send a packet beyond the
    loopback interface: a connection anywhere else fails the test instead."""
    real_connect = socket.socket.connect

    def connect(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if not (str(host).startswith("127.") or host == "::1"):
            raise AssertionError(f"a test tried to connect to {host}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)


OK = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n" % len(PAGE)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "0.0.0.0",
        "100.64.0.1",
        "192.0.0.8",
        "198.18.0.1",
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "192.0.2.1",
        "::1",
        "::",
        "fe80::1",
        "fe80::1%eth0",
        "fc00::1",
        "fd12:3456::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "64:ff9b::7f00:1",
        "64:ff9b::a9fe:a9fe",
        "2002:7f00:1::",
        "2002:a9fe:a9fe::1",
        "2001:db8::1",
        "::127.0.0.1",
    ],
)
def test_internal_addresses_are_not_public(address):
    assert not is_public_address(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "114.114.114.114", "2400:3200::1", "2001:4860:4860::8888"])
def test_global_addresses_are_public(address):
    assert is_public_address(address)


class _Recorder(socketserver.BaseRequestHandler):
    def handle(self):
        self.server.requests.append(self.request.recv(65536))
        path = self.server.requests[-1].split(b" ")[1].decode()
        self.request.sendall(self.server.routes.get(path, OK + PAGE))


@pytest.fixture
def local_server():
    """A server on 127.0.0.1 that records every request it receives."""

    class Server(socketserver.ThreadingTCPServer):
        daemon_threads = True
        allow_reuse_address = True

    srv = Server(("127.0.0.1", 0), _Recorder)
    srv.requests, srv.routes = [], {}
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv, srv.server_address[1]
    srv.shutdown()
    srv.server_close()


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "localhost",
        "127.1",
        "2130706433",
        "0x7f000001",
        "0177.0.0.1",
        "0x7f.0.0.1",
        "017700000001",
        "[::1]",
        "[::ffff:127.0.0.1]",
        "[::ffff:7f00:1]",
        "LOCALHOST",
    ],
)
def test_every_spelling_of_loopback_is_refused_before_connecting(local_server, host):
    srv, port = local_server
    item = fetch(f"http://{host}:{port}/a.html")
    assert item.page is None
    assert item.error == REFUSED_ADDRESS
    assert srv.requests == []


def test_open_and_closed_ports_get_the_same_answer(local_server):
    # The reason never tells whether something listens there: no port scanning.
    _srv, port = local_server
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    answers = {fetch(f"http://127.0.0.1:{p}/").error for p in (port, closed, 22, 5432, 6379)}
    answers |= {fetch("http://169.254.169.254/latest/meta-data/").error, fetch("http://10.0.0.1:8080/").error}
    assert answers == {REFUSED_ADDRESS}


def test_allowed_hosts_setting_lets_a_named_host_through(local_server, settings):
    srv, port = local_server
    settings.IMPORT_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    item = fetch(f"http://127.0.0.1:{port}/a.html")
    assert item.error is None and item.page.data == PAGE
    assert fetch(f"http://localhost:{port}/a.html").error == REFUSED_ADDRESS  # only the named host
    assert len(srv.requests) == 1


def test_a_redirect_to_an_internal_address_is_refused(local_server, settings):
    srv, port = local_server
    settings.IMPORT_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    for target in (f"http://localhost:{port}/secret", "http://169.254.169.254/latest/meta-data/"):
        srv.routes["/r"] = (
            b"HTTP/1.1 302 Found\r\nLocation: %s\r\nContent-Length: 0\r\n\r\n" % target.encode()
        )
        item = fetch(f"http://127.0.0.1:{port}/r")
        assert item.error == REFUSED_ADDRESS
    assert all(b"/secret" not in request for request in srv.requests)


def test_a_name_that_resolves_to_an_internal_address_is_refused(local_server, monkeypatch):
    srv, port = local_server
    real = socket.getaddrinfo

    def resolver(host, *args, **kwargs):
        if host == "news.example.com":
            return real("127.0.0.1", *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    assert fetch(f"http://news.example.com:{port}/a.html").error == REFUSED_ADDRESS
    assert srv.requests == []


def test_the_address_connected_to_is_the_address_checked(local_server, monkeypatch):
    # DNS rebinding: the name answers a "public" address when checked, then the internal
    # one. Here 127.0.0.2 stands for the public address (nothing listens there) and the
    # server on 127.0.0.1 for the internal one: it must never be reached.
    srv, port = local_server
    real = socket.getaddrinfo
    answers = iter(["127.0.0.2"] + ["127.0.0.1"] * 10)

    def rebinding(host, *args, **kwargs):
        if host == "rebind.example.com":
            return real(next(answers), *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    monkeypatch.setattr(sources, "is_public_address", lambda address: address == "127.0.0.2")
    item = fetch(f"http://rebind.example.com:{port}/a.html")
    assert item.page is None
    assert srv.requests == []


def test_proxies_from_the_environment_are_not_used(local_server, monkeypatch, settings):
    # An http_proxy variable would send every fetch to the proxy's (internal) address.
    srv, port = local_server
    settings.IMPORT_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    monkeypatch.setenv("http_proxy", "http://127.0.0.3:9")
    item = fetch(f"http://127.0.0.1:{port}/a.html")
    assert item.error is None
