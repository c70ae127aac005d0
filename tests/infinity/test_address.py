"""Node addresses as people type them: what is accepted and what is refused with a sentence."""

from __future__ import annotations

import httpx
import pytest

from pexjoin_tui.infinity import AddressError, InfinityClient, alias_in_link, parse_node_address


@pytest.mark.parametrize(
    ("typed", "base"),
    [
        ("node.example.com", "https://node.example.com"),
        ("  node.example.com  ", "https://node.example.com"),
        ("Node.Example.COM.", "https://node.example.com"),
        ("node.example.com:8443", "https://node.example.com:8443"),
        ("https://node.example.com", "https://node.example.com"),
        ("HTTPS://node.example.com:8443/", "https://node.example.com:8443"),
        ("https://node.example.com/webapp/m/meet.alice?pin=1#x", "https://node.example.com"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://localhost:8080/", "http://localhost:8080"),
        ("10.0.0.1", "https://10.0.0.1"),
        ("[::1]", "https://[::1]"),
        ("[::1]:8443", "https://[::1]:8443"),
        ("https://[::1]:8443", "https://[::1]:8443"),
        ("http://[2001:db8::1]:8080/x", "http://[2001:db8::1]:8080"),
        ("2001:db8::1", "https://[2001:db8::1]"),
        ("bücher.example", "https://xn--bcher-kva.example"),
        ("https://node.example.com:443", "https://node.example.com"),
    ],
)
def test_accepted(typed: str, base: str) -> None:
    url = parse_node_address(typed)
    assert str(url) == base
    assert url.raw_path == b"/"


def test_plain_http_only_when_typed() -> None:
    assert parse_node_address("127.0.0.1:8080").scheme == "https"
    assert parse_node_address("http://127.0.0.1:8080").scheme == "http"


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("", "Type the address"),
        ("   ", "Type the address"),
        ("node example.com", "no spaces"),
        ("ftp://node.example.com", "'ftp://' is not a node address"),
        ("sip://node.example.com", "is not a node address"),
        ("node.example.com:99999", "not a number from 1 to 65535"),
        ("node.example.com:0", "not a number from 1 to 65535"),
        ("node.example.com:", "not a number"),
        ("node.example.com:84a3", "not a number"),
        ("alice@node.example.com", "Leave out the 'name@' part"),
        ("https://user:secret@node.example.com", "Leave out"),
        ("node!.example.com", "not a valid host name"),
        ("node..example.com", "not a valid host name"),
        ("-node.example.com", "not a valid host name"),
        ("https://", "not a valid host name"),
        ("https:///path", "not a valid host name"),
        ("999.1.1.1", "not a valid IPv4 address"),
        ("[::1", "closing ']'"),
        ("[::1]8443", "only ':port'"),
        ("[::zz]", "not a valid IPv6 address"),
        ("1:2:3", "not a valid IPv6 address"),
        ("[::1]:70000", "not a number"),
    ],
)
def test_junk_is_refused_with_a_sentence(typed: str, words: str) -> None:
    with pytest.raises(AddressError) as caught:
        parse_node_address(typed)
    assert words in caught.value.message
    assert str(caught.value) == caught.value.message
    assert caught.value.message.endswith(".")


def test_refused_text_never_carries_a_password() -> None:
    with pytest.raises(AddressError) as caught:
        parse_node_address("https://user:hunter2@node.example.com")
    assert "hunter2" not in str(caught.value)
    assert "hunter2" not in repr(caught.value)


def test_client_takes_the_address_and_refuses_an_empty_alias() -> None:
    client = InfinityClient("node.example.com:8443", " meet.alice ")
    assert str(client.node) == "https://node.example.com:8443"
    assert client.alias == "meet.alice"
    from_url = InfinityClient(httpx.URL("http://[::1]:8080/some/path?q=1"), "meet")
    assert str(from_url.node) == "http://[::1]:8080"
    with pytest.raises(AddressError, match="alias"):
        InfinityClient("node.example.com", "  ")
    with pytest.raises(AddressError):
        InfinityClient("ftp://node.example.com", "meet")


@pytest.mark.parametrize(
    ("link", "alias"),
    [
        ("https://node.example.com/webapp/m/meet.alice?pin=1234&name=Bob", "meet.alice"),
        ("https://node.example.com/webapp3/m/meet%40example.com/express", "meet@example.com"),
        ("https://node.example.com/webapp/?conference=meet.bob", "meet.bob"),
        ("node.example.com", None),
        ("https://node.example.com/", None),
        ("https://node.example.com/m/", None),
        ("https://[::1/m/x", None),
    ],
)
def test_alias_in_a_meeting_link(link: str, alias: str | None) -> None:
    assert alias_in_link(link) == alias
