"""Several machines on one: network namespaces joined by a bridge, one service in each.

    python -m tests.cluster.netns        # as root: build the cluster, run the checks, tear down
    python -m tests.cluster.netns --only kill --keep   # one check; keep the logs folder

Each "host" is a network namespace with its own loopback and one veth whose other end is on
a private bridge (no physical interface is attached, so no packet leaves the machine):

    pg      PostgreSQL (initdb into a temporary folder as the postgres OS user)
    redis   Redis (cache, Following timelines, task queue)
    s3      the S3 server (moto), holding originals and variants of photos
    web-a   gunicorn with Crossnote          web-b   gunicorn with Crossnote
    worker  `crossnote run_huey`: photos, publishing, fan-out, indexing

The web nodes and the worker share nothing but those three servers: each has its own
CROSSNOTE_DATA_DIR (so no file written by one can be read by another through the disk).
The checks themselves live in tests/cluster/checks.py. Everything is torn down on the way
out (processes killed, namespaces and the bridge deleted, folders removed), also when a
check fails or the run is interrupted.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path(os.environ.get("CROSSNOTE_PG_BIN", "/usr/lib/postgresql/15/bin"))
HOSTS = ("pg", "redis", "s3", "web-a", "web-b", "worker")
SECRET = "cluster-test-secret-key-shared-by-every-node-0123456789"
BUCKET = "crossnote-cluster"
READY_SECONDS = 90.0  # how long a server may take to start listening on a loaded machine


class ClusterError(RuntimeError):
    pass


def run(*cmd: str, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(  # noqa: S603 - fixed commands of our own
        cmd, check=False, capture_output=True, text=True, **kwargs
    )
    if done.returncode:
        raise ClusterError(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr[-2000:]}")
    return done


def run_quietly(*cmd: str) -> None:
    """Teardown: whatever is already gone stays gone."""
    with contextlib.suppress(ClusterError):
        run(*cmd)


def missing() -> str:
    """Why this machine cannot run the cluster, or "" when it can."""
    if os.geteuid() != 0:
        return "needs root (network namespaces)"
    if not shutil.which("ip"):
        return "needs iproute2's `ip`"
    if not (PG_BIN / "postgres").exists():
        return f"needs PostgreSQL's server binaries in {PG_BIN} (CROSSNOTE_PG_BIN)"
    if not shutil.which("redis-server"):
        return "needs redis-server"
    if not shutil.which("runuser"):
        return "needs runuser (util-linux)"
    try:
        import pwd

        pwd.getpwnam("postgres")
    except KeyError:
        return "needs the postgres OS user"
    if not _moto_server():
        return "needs moto's server (pip install 'moto[server]')"
    with contextlib.suppress(ClusterError):
        name = f"cnprobe{os.getpid()}"
        run("ip", "netns", "add", name)
        run("ip", "netns", "delete", name)
        return ""
    return "`ip netns add` is not permitted here"


def _moto_server() -> str:
    found = Path(sys.executable).with_name("moto_server")
    return str(found) if found.exists() else (shutil.which("moto_server") or "")


@dataclass
class Node:
    name: str
    ns: str
    address: str
    processes: list[subprocess.Popen] = field(default_factory=list)

    def popen(self, cmd: list[str], log: Path, env: dict | None = None, user: str = ""):
        prefix = ["ip", "netns", "exec", self.ns]
        if user:
            prefix += ["runuser", "-u", user, "--"]
        out = log.open("ab")
        process = subprocess.Popen(  # noqa: S603 - fixed commands of our own
            prefix + cmd,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=ROOT,
            start_new_session=True,  # its own process group: killed whole, like a machine
        )
        self.processes.append(process)
        return process


class Cluster:
    """Six namespaces on a bridge; `start()` brings the services up, `close()` takes it all
    down again whatever state it is in."""

    def __init__(self, workdir: Path | None = None) -> None:
        tag = os.getpid() % 100000
        self.tag = tag
        self.bridge = f"cnbr{tag}"
        # A private /24 chosen from the pid, so two runs at once do not collide.
        net = f"10.{200 + tag % 50}.{tag % 250}"
        self.gateway = f"{net}.1"
        self.nodes = {
            name: Node(name, f"cn{tag}-{name}", f"{net}.{10 + i}") for i, name in enumerate(HOSTS)
        }
        self.dir = workdir or Path(tempfile.mkdtemp(prefix="crossnote-cluster-"))
        self.dir.chmod(0o755)  # the postgres OS user keeps its data folder in here
        self.logs = self.dir / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.made_bridge = False
        self.made_ns: list[str] = []

    # --- addresses -------------------------------------------------------------------
    @property
    def database_url(self) -> str:
        return f"postgres://postgres@{self.nodes['pg'].address}:5432/crossnote"

    @property
    def redis_url(self) -> str:
        return f"redis://{self.nodes['redis'].address}:6379/0"

    @property
    def s3_url(self) -> str:
        return f"http://{self.nodes['s3'].address}:5000"

    def web(self, name: str) -> str:
        return f"http://{self.nodes[name].address}:8000"

    # --- network ---------------------------------------------------------------------
    def _network(self) -> None:
        run("ip", "link", "add", self.bridge, "type", "bridge")
        self.made_bridge = True
        run("ip", "addr", "add", f"{self.gateway}/24", "dev", self.bridge)
        run("ip", "link", "set", self.bridge, "up")
        for i, node in enumerate(self.nodes.values()):
            run("ip", "netns", "add", node.ns)
            self.made_ns.append(node.ns)
            outer, inner = f"cn{self.tag}v{i}", f"cn{self.tag}i{i}"
            run("ip", "link", "add", outer, "type", "veth", "peer", "name", inner)
            run("ip", "link", "set", outer, "master", self.bridge, "up")
            run("ip", "link", "set", inner, "netns", node.ns)
            ns = ("ip", "netns", "exec", node.ns)
            run(*ns, "ip", "link", "set", "lo", "up")
            run(*ns, "ip", "addr", "add", f"{node.address}/24", "dev", inner)
            run(*ns, "ip", "link", "set", inner, "up")

    # --- services --------------------------------------------------------------------
    def _env(self, node: str) -> dict[str, str]:
        data = self.dir / "data" / node
        (data / "static").mkdir(parents=True, exist_ok=True)
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("CROSSNOTE_", "DJANGO_", "DATABASE_URL", "REDIS_URL"))
        }
        addresses = ",".join(n.address for n in self.nodes.values())
        env.update(
            DJANGO_SETTINGS_MODULE="crossnote.settings",
            DATABASE_URL=self.database_url,
            REDIS_URL=self.redis_url,
            CROSSNOTE_DATA_DIR=str(data),
            CROSSNOTE_SECRET_KEY=SECRET,
            CROSSNOTE_ALLOWED_HOSTS=addresses,
            # The checks post a stream of comments from one address, far past the abuse
            # limits; the limiter itself is tested elsewhere.
            CROSSNOTE_RATE_LIMITS="0",
            CROSSNOTE_SEARCH_MEANING="0",  # no 900 MB encoder per node for these checks
            CROSSNOTE_LOG_LEVEL="WARNING",
            CROSSNOTE_TASK_LOG_LEVEL="WARNING",
            CROSSNOTE_MEDIA_STORAGE_URL=(
                f"s3://cluster:cluster-secret@{self.nodes['s3'].address}:5000/{BUCKET}"
                "?region=us-east-1&tls=0"
            ),
        )
        return env

    def _postgres(self) -> None:
        node = self.nodes["pg"]
        data = self.dir / "pg"
        data.mkdir()
        shutil.chown(data, "postgres", "postgres")
        run("runuser", "-u", "postgres", "--", str(PG_BIN / "initdb"), "-D", str(data),
            "-A", "trust", "-U", "postgres", "--no-sync", cwd="/")  # fmt: skip
        with (data / "pg_hba.conf").open("a") as hba:
            hba.write(f"host all all {self.gateway}/24 trust\n")
        node.popen(
            [str(PG_BIN / "postgres"), "-D", str(data), "-k", str(data),
             "-c", f"listen_addresses={node.address}", "-c", "port=5432"],
            self.logs / "pg.log",
            user="postgres",
        )  # fmt: skip
        self._wait_port(node.address, 5432, "PostgreSQL")
        run("ip", "netns", "exec", node.ns, "runuser", "-u", "postgres", "--",
            str(PG_BIN / "createdb"), "-h", node.address, "crossnote", cwd="/")  # fmt: skip

    def _redis(self) -> None:
        node = self.nodes["redis"]
        node.popen(
            ["redis-server", "--bind", node.address, "--port", "6379", "--save", "",
             "--appendonly", "no", "--protected-mode", "no", "--dir", str(self.dir)],
            self.logs / "redis.log",
        )  # fmt: skip
        self._wait_port(node.address, 6379, "Redis")

    def _s3(self) -> None:
        node = self.nodes["s3"]
        node.popen([_moto_server(), "-H", node.address, "-p", "5000"], self.logs / "s3.log")
        self._wait_port(node.address, 5000, "the S3 server")

    def crossnote(self, node: str, *args: str) -> subprocess.CompletedProcess:
        """A `crossnote` management command run on `node` (in its namespace and env)."""
        cmd = ["ip", "netns", "exec", self.nodes[node].ns, sys.executable, "-m", "crossnote.cli"]
        return run(*cmd, *args, env=self._env(node), cwd=ROOT)

    def start_web(self, name: str) -> subprocess.Popen:
        node = self.nodes[name]
        process = node.popen(
            [sys.executable, "-m", "gunicorn", "crossnote.wsgi:application",
             "--config", "python:crossnote.core.gunicorn_conf",
             "--bind", f"{node.address}:8000", "--workers", "2", "--threads", "4",
             "--worker-class", "gthread", "--graceful-timeout", "5",
             # gunicorn's control socket defaults to one path in $HOME for every instance
             "--control-socket", str(self.dir / "data" / name / "gunicorn.ctl")],
            self.logs / f"{name}.log",
            env=self._env(name),
        )  # fmt: skip
        self._wait_port(node.address, 8000, f"gunicorn on {name}", process)
        return process

    def _worker(self) -> None:
        node = self.nodes["worker"]
        node.popen(
            [sys.executable, "-m", "crossnote.cli", "run_huey", "--workers", "2",
             "--worker-type", "thread"],
            self.logs / "worker.log",
            env=self._env("worker"),
        )  # fmt: skip

    def _wait_port(
        self, host: str, port: int, what: str, process: subprocess.Popen | None = None
    ) -> None:
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            if process is not None and process.poll() is not None:
                raise ClusterError(f"{what} exited with {process.returncode}; see {self.logs}")
            with contextlib.suppress(OSError), socket.create_connection((host, port), 1):
                return
            time.sleep(0.2)
        raise ClusterError(f"{what} did not listen on {host}:{port}; see {self.logs}")

    def start(self) -> Cluster:
        self._network()
        self._postgres()
        self._redis()
        self._s3()
        self.crossnote("web-a", "migrate", "--noinput", "-v", "0")
        self.crossnote("web-a", "media_bucket")
        self.web_a = self.start_web("web-a")
        self.web_b = self.start_web("web-b")
        self._worker()
        return self

    # --- faults and teardown ---------------------------------------------------------
    @staticmethod
    def kill(process: subprocess.Popen) -> None:
        """SIGKILL a process and everything in its group (a gunicorn master and workers)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def close(self) -> None:
        for node in reversed(self.nodes.values()):  # clients before the servers they use
            for process in node.processes:
                if process.poll() is None:
                    self.kill(process)
        for ns in self.made_ns:
            run_quietly("ip", "netns", "delete", ns)
        if self.made_bridge:
            run_quietly("ip", "link", "delete", self.bridge)
        # veths die with their namespace; the host ends go with them.

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextlib.contextmanager
def cluster(keep_logs: bool = False) -> Iterator[Cluster]:
    c = Cluster()
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        with c:
            c.start()
            yield c
    except BaseException:
        for log in sorted(c.logs.glob("*.log")):
            tail = log.read_text(errors="replace").splitlines()[-15:]
            print(f"--- {log.name} (last lines)", *tail, sep="\n", file=sys.stderr)
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)
        if not keep_logs:
            shutil.rmtree(c.dir, ignore_errors=True)


def main() -> int:
    why = missing()
    if why:
        print(f"cluster test skipped: {why}")
        return 0 if os.environ.get("CROSSNOTE_CLUSTER_OPTIONAL") else 2
    from tests.cluster import checks

    started = time.monotonic()
    with cluster(keep_logs="--keep" in sys.argv) as c:
        print(f"cluster up in {time.monotonic() - started:.1f} s: " + ", ".join(
            f"{n.name} {n.address}" for n in c.nodes.values()))  # fmt: skip
        only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else ""
        checks.run_all(c, only)
    print(f"cluster checks passed in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
