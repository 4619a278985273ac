"""The example reverse-proxy configuration (deploy/nginx.conf): the headers it sets, and nginx -t.

What only a proxy can do for the app (TLS, clickjacking and content-security
headers, sticky sessions over several app processes, the websocket upgrade)
is in that file; these tests read it as nginx would, and when nginx is
installed (Debian's ``nginx``) have nginx itself check it, with a throw-away
certificate in place of the real one.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parent.parent / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx",) if Path(p).is_file()), None
)  # `make test` installs Debian's nginx


def _directives(text: str, name: str) -> list[str]:
    """The arguments of every ``name …;`` directive (comments removed)."""
    clean = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    pattern = rf'(?m)^\s*{name}(?:\s+((?:"[^"]*"|[^;"])*))?;'
    return [(m.group(1) or "").strip() for m in re.finditer(pattern, clean)]


def _headers() -> dict[str, str]:
    headers = {}
    for args in _directives(CONF.read_text(encoding="utf-8"), "add_header"):
        name, rest = args.split(None, 1)
        assert rest.endswith(" always"), f"{name} must be sent on error pages too"
        headers[name] = rest.removesuffix(" always").strip().strip('"')
    return headers


def test_the_proxy_sets_the_security_headers() -> None:
    headers = _headers()
    assert headers["X-Frame-Options"] == "SAMEORIGIN"  # component iframes are same-origin
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    policy = {
        part.split()[0]: part.split()[1:] for part in headers["Content-Security-Policy"].split("; ")
    }
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    # nothing is loaded from a CDN: Leaflet and the fonts come from this server
    sources = [s for values in policy.values() for s in values]
    assert not [s for s in sources if "cdn" in s or "jsdelivr" in s or "googleapis" in s]


def test_the_proxy_serves_tls_only_and_keeps_sessions_and_websockets() -> None:
    text = CONF.read_text(encoding="utf-8")
    assert _directives(text, "ssl_protocols") == ["TLSv1.2 TLSv1.3"]
    assert _directives(text, "return") == ["301 https://$host$request_uri"]  # http → https
    assert _directives(text, "listen") == ["80", "443 ssl http2"]
    assert _directives(text, "ip_hash") == [""]  # a browser stays with its session's process
    assert len(_directives(text, "server")) >= 2  # several app processes
    upgrade = _directives(text, "proxy_set_header")
    assert "Upgrade $http_upgrade" in upgrade
    assert "Connection $connection_upgrade" in upgrade
    assert _directives(text, "client_max_body_size") == ["11m"]


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (`make test` installs it)")
def test_nginx_accepts_the_configuration(tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=dashboard.example.gov.tw", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    text = CONF.read_text(encoding="utf-8")
    text = text.replace("/etc/ssl/safetynet/fullchain.pem", str(cert))
    text = text.replace("/etc/ssl/safetynet/privkey.pem", str(key))
    text = text.replace("/run/safetynet-nginx.pid", str(tmp_path / "nginx.pid"))
    text = text.replace("/var/log/nginx/", f"{tmp_path}/")
    conf = tmp_path / "nginx.conf"
    conf.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [str(NGINX), "-t", "-c", str(conf), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr
