"""A throwaway PostgreSQL server for the tests (issue 17).

``PgCluster.start()`` finds the server binaries (``pg_config --bindir``,
then ``/usr/lib/postgresql/*/bin``), makes a cluster with ``initdb`` in a
temporary folder and starts it with ``pg_ctl`` listening only on a unix
socket in that folder. As root (CI) it runs everything as the ``postgres``
user (``runuser``). ``new_database()`` makes a fresh database per test;
``stop()`` stops the server and removes the folder.

The fixtures (``tests/conftest.py``) skip with the reason when PostgreSQL is
not installed; ``.ci/run`` installs it.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path


def find_bindir() -> Path | None:
    candidates = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, timeout=10
            )
            candidates.append(out.stdout.strip())
        except (OSError, subprocess.SubprocessError):
            pass
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for d in candidates:
        if d and (Path(d) / "initdb").exists() and (Path(d) / "pg_ctl").exists():
            return Path(d)
    return None


def why_not() -> str | None:
    """None when a test server can be started here, else the reason."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[test,server]')"
    if find_bindir() is None:
        return "PostgreSQL is not installed (apt-get install postgresql; .ci/run does it)"
    if os.geteuid() == 0:
        import pwd

        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no postgres user to run the server"
    return None


class PgCluster:
    def __init__(self):
        self.bindir = find_bindir()
        self.dir = Path(tempfile.mkdtemp(prefix="salesbook-pg-"))
        self.data = self.dir / "data"
        self.sock = self.dir  # the socket lives beside the data
        self.port = 5432
        self.superuser = "postgres"
        self._dbs = itertools.count(1)
        self.as_root = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        cmd = [str(a) for a in args]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)

    def start(self) -> PgCluster:
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")
        os.chmod(self.dir, 0o755)
        self._run(self.bindir / "initdb", "-D", self.data, "-U", self.superuser, "-A", "trust",
                  "-E", "UTF8", "--locale=C", "--no-sync")  # fmt: skip
        opts = f"-k {self.sock} -c listen_addresses='' -p {self.port} -c fsync=off -c max_connections=60"
        self._run(self.bindir / "pg_ctl", "-D", self.data, "-l", self.dir / "log", "-o", opts,
                  "-w", "-t", "60", "start")  # fmt: skip
        return self

    def stop(self) -> None:
        try:
            self._run(self.bindir / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        except (OSError, subprocess.SubprocessError):
            pass
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, db: str, user: str | None = None) -> str:
        return f"postgresql://{user or self.superuser}@/{db}?host={self.sock}&port={self.port}"

    def admin(self, db: str = "postgres"):
        import psycopg

        return psycopg.connect(self.url(db), autocommit=True)

    def new_database(self) -> str:
        name = f"team{next(self._dbs)}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def create_role(self, role: str) -> None:
        """A login role (trust authentication on the socket: no password)."""
        with self.admin() as conn:
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
            if not exists:
                conn.execute(f'CREATE ROLE "{role}" LOGIN')
