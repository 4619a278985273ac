"""A throw-away PostgreSQL cluster for the tests, and fresh databases in it.

The cluster is made with Debian's ``postgresql`` binaries
(``/usr/lib/postgresql/<version>/bin``; ``make test`` installs the package
when it is missing) in a temporary folder, listens on a free local port and
a private socket folder, and is stopped and removed at the end of the test
session. PostgreSQL refuses to run as root: when the tests run as root the
server runs as the unprivileged ``postgres`` user.

``SAFETYNET_TEST_POSTGRES_URL`` (an administrator URL of a server that is
already running, e.g. ``postgresql+psycopg2://postgres:pw@127.0.0.1:5432/postgres``)
makes the tests use that server instead of starting one.

The cluster runs with ``fsync=off``: it holds nothing worth keeping, and the
tests that need durability run on SQLite files.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import sqlalchemy as sa

ENV_ADMIN_URL = "SAFETYNET_TEST_POSTGRES_URL"
SERVER_USER = "postgres"


def find_bindir() -> Path | None:
    """The newest Debian PostgreSQL ``bin`` folder with ``initdb``, or ``None``."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Cluster:
    """A running server: its administrator URL and a way to make databases in it."""

    admin_url: str
    bindir: Path | None = None
    _stop: list[Callable[[], None]] = field(default_factory=list, repr=False)

    def url(self, database: str, user: str | None = None, password: str | None = None) -> str:
        base = sa.make_url(self.admin_url).set(database=database)
        if user is not None:
            base = base.set(username=user, password=password)
        return base.render_as_string(hide_password=False)

    def admin(self) -> sa.Engine:
        return sa.create_engine(self.admin_url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)

    def create_database(self, template: str = "template0") -> str:
        """A new empty database (a copy of ``template``); returns its name."""
        name = f"t_{uuid.uuid4().hex[:16]}"
        engine = self.admin()
        with engine.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        engine.dispose()
        return name

    def drop_database(self, name: str) -> None:
        engine = self.admin()
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        engine.dispose()

    def execute(self, *statements: str, database: str | None = None) -> None:
        """Run statements as the administrator (in ``database``, default the admin one)."""
        url = self.admin_url if database is None else self.url(database)
        engine = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
        with engine.connect() as conn:
            for statement in statements:
                conn.exec_driver_sql(statement)
        engine.dispose()

    def tool(self, name: str) -> str:
        """The path of a client program (``pg_dump``, ``pg_restore``) of this server's version."""
        if self.bindir is not None and (self.bindir / name).is_file():
            return str(self.bindir / name)
        found = shutil.which(name) or next(
            iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))), None
        )
        if not found:
            raise FileNotFoundError(name)
        return found

    def stop(self) -> None:
        for stop in self._stop:
            stop()
        self._stop.clear()


def _runner(as_root: bool) -> dict[str, object]:
    if not as_root:
        return {}
    entry = pwd.getpwnam(SERVER_USER)
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def start_cluster(bindir: Path) -> Cluster:
    """initdb a cluster in a temporary folder and start it on a free port."""
    as_root = os.geteuid() == 0
    if as_root:
        try:
            entry = pwd.getpwnam(SERVER_USER)
        except KeyError as err:
            raise RuntimeError(
                f"running as root, but there is no {SERVER_USER!r} user to run PostgreSQL as"
            ) from err
    root = Path(tempfile.mkdtemp(prefix="safetynet-pg-"))
    data, sockets = root / "data", root / "socket"
    sockets.mkdir()
    if as_root:
        for path in (root, sockets):
            os.chown(path, entry.pw_uid, entry.pw_gid)
    run = _runner(as_root)
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    subprocess.run(
        [
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--auth=trust",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
        env=env,
        **run,
    )
    port = free_port()
    options = " ".join(
        [
            f"-p {port}",
            f"-k {sockets}",
            "-c listen_addresses=127.0.0.1",
            "-c fsync=off",
            "-c synchronous_commit=off",
            "-c full_page_writes=off",
            "-c max_connections=300",
        ]
    )
    pg_ctl = str(bindir / "pg_ctl")
    subprocess.run(
        [pg_ctl, "-D", str(data), "-o", options, "-l", str(root / "server.log"), "-w", "start"],
        check=True,
        capture_output=True,
        env=env,
        **run,
    )

    def stop() -> None:
        subprocess.run(
            [pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            env=env,
            **run,
        )
        shutil.rmtree(root, ignore_errors=True)

    url = f"postgresql+psycopg2://postgres@127.0.0.1:{port}/postgres"
    return Cluster(url, bindir, [stop])


def connect_cluster() -> Cluster | None:
    """The cluster to test against: the configured server, a new one, or ``None`` (no PostgreSQL)."""
    admin_url = os.environ.get(ENV_ADMIN_URL)
    if admin_url:
        return Cluster(admin_url, find_bindir())
    bindir = find_bindir()
    if bindir is None:
        return None
    return start_cluster(bindir)


def require_postgres(cluster: Cluster | None) -> Cluster:
    """The cluster, or skip (locally) / fail (under ``CI=true``) when PostgreSQL is missing."""
    if cluster is not None:
        return cluster
    reason = (
        "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): "
        "`make test` installs Debian's postgresql"
    )
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"CI=true: {reason}")
    pytest.skip(reason)
