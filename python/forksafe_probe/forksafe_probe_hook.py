# The runtime side of `forksafe probe`. From interpreter start it records where database
# connections, sockets, threads and known non-fork-safe clients are created (the stack of each);
# at the first fork of the server's master it takes stock of what is still open or alive, which
# is what every worker inherits, and writes it as JSON for the Node side to report.
#
# Rules this file keeps, so that it changes nothing the app does:
# - it imports nothing the app would not: libraries are wrapped when the app imports them, by a
#   finder on sys.meta_path that only looks at the names it knows;
# - it holds weak references where it can, so nothing stays open because the probe saw it;
# - every wrapper calls the original and re-raises its errors untouched.
#
# Where the stock is taken:
# - gunicorn (and any server that forks with os.fork()): os.register_at_fork(before=...) in the
#   master, at its first fork. The first worker then reports, when it first accepts, which of the
#   inherited connections its own initialisation closed or replaced (post_fork hooks).
# - uWSGI forks in C and calls no Python fork hooks unless told to (measured on uWSGI 2.0.21,
#   with or without enable-threads), but it calls `uwsgi.post_fork_hook` in each worker right
#   after fork: the first worker takes stock there, before anything else runs in it. What it sees
#   is the master's state at fork.
import os
import sys
import time

# json and weakref are imported when first needed, not at start-up: the app may never use them.

_REPORT = ""
_ROOT = ""
_STOP_SIGNAL = "SIGQUIT"
_spent = 0.0  # CPU seconds of the probe's own work in this process
_records = []  # every creation seen: dicts with kind, library, stack, ref (a callable) ...
_by_id = {}  # id(object) -> record, for objects without weak references (kept alive otherwise)
_thread_stacks = {}  # id(Thread) -> stack
_pools = {}  # id(DB-API connection) -> weak reference to the SQLAlchemy pool holding it
_engines = None  # a WeakSet of SQLAlchemy engines, made when SQLAlchemy is imported
_first_fork_taken = False
_in_first_child = False
_team_modules_before_fork = 0
_uwsgi_seen_in = None  # "master" or "worker": where the uwsgi module first appeared to us
_clients = {}  # module name -> [attribute names] of known non-fork-safe clients
_uwsgi_hooks = []  # the probe's post-fork function for uWSGI, once the master has the uwsgi module


class _Timer:
    """Adds the CPU time of the block to _spent: the probe's own cost, not the machine's load."""

    def __enter__(self):
        self.start = time.thread_time()

    def __exit__(self, *exc):
        global _spent
        _spent += time.thread_time() - self.start
        return False


def install():
    global _REPORT, _ROOT, _STOP_SIGNAL
    with _Timer():
        _REPORT = os.environ["FORKSAFE_PROBE_REPORT"]
        _ROOT = os.path.abspath(os.environ.get("FORKSAFE_PROBE_ROOT") or os.getcwd())
        _STOP_SIGNAL = os.environ.get("FORKSAFE_PROBE_STOP_SIGNAL") or "SIGQUIT"
        for qualified in (os.environ.get("FORKSAFE_PROBE_CLIENTS") or "").split(","):
            module, _, attr = qualified.strip().rpartition(".")
            if module and attr:
                _clients.setdefault(module, []).append(attr)
        _journal_start()
        sys.meta_path.insert(0, _Finder())
        for name in list(_PATCHES) + list(_clients):
            if name in sys.modules:
                _patch(name, sys.modules[name])
        os.register_at_fork(before=_before_fork, after_in_child=_after_fork_in_child)


# ---------------------------------------------------------------------------------------------
# Wrapping libraries when the app imports them


class _Finder:
    """Finds nothing itself: wraps the loader of the modules it knows, so they get patched."""

    def __init__(self):
        self._busy = set()

    def find_spec(self, name, path=None, target=None):
        if _uwsgi_seen_in is None and "uwsgi" in sys.modules:
            _on_uwsgi(sys.modules["uwsgi"])
        if (name not in _PATCHES and name not in _clients) or name in self._busy:
            return None
        self._busy.add(name)
        try:
            spec = None
            for finder in sys.meta_path:
                if finder is self or not hasattr(finder, "find_spec"):
                    continue
                spec = finder.find_spec(name, path, target)
                if spec is not None:
                    break
        finally:
            self._busy.discard(name)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        original = spec.loader.exec_module

        def exec_module(module):
            original(module)
            with _Timer():
                _patch(name, module)

        try:
            spec.loader.exec_module = exec_module
        except (AttributeError, TypeError):
            pass  # a shared loader we cannot touch: this library goes unwatched
        return spec


def _patch(name, module):
    try:
        if name in _PATCHES:
            _PATCHES[name](module)
        for attr in _clients.get(name, []):
            _wrap_client(module, name, attr)
    except Exception as error:
        sys.stderr.write(f"forksafe probe: could not watch {name}: {error!r}\n")


def _patch_connect_function(library, owner_attr="connect"):
    def patch(module):
        original = getattr(module, owner_attr, None)
        if original is None or getattr(original, "_forksafe_wrapped", False):
            return

        def connect(*args, **kwargs):
            stack = _stack()
            try:
                connection = original(*args, **kwargs)
            except Exception as error:
                with _Timer():
                    _journal({"event": "attempt", "kind": "database", "library": library, "error": _one_line(error), "stack": _frames(stack)})
                raise
            with _Timer():
                _remember(connection, {"kind": "database", "library": library, "stack": stack})
            return connection

        connect._forksafe_wrapped = True
        connect.__wrapped__ = original
        setattr(module, owner_attr, connect)

    return patch


def _patch_mysqldb(module):
    _patch_connect_function("MySQLdb", "connect")(module)
    _patch_connect_function("MySQLdb", "Connect")(module)


def _patch_threading(module):
    original = module.Thread.start
    if getattr(original, "_forksafe_wrapped", False):
        return

    def start(self, *args, **kwargs):
        with _Timer():
            stack = _stack()
            _thread_stacks[id(self)] = stack
            _journal({"event": "created", "kind": "thread", "library": type(self).__module__ + "." + type(self).__name__, "stack": _frames(stack)})
        return original(self, *args, **kwargs)

    start._forksafe_wrapped = True
    module.Thread.start = start


def _patch_socket(module):
    cls = module.socket
    for method in ("connect", "connect_ex"):
        original = getattr(cls, method)
        if getattr(original, "_forksafe_wrapped", False):
            continue
        setattr(cls, method, _socket_wrapper(original))


def _socket_wrapper(original):
    def connect(self, *args, **kwargs):
        with _Timer():
            if self.family in (2, 10):  # AF_INET, AF_INET6: network peers, not local helpers
                _remember(self, {"kind": "socket", "library": "socket", "stack": _stack(), "peer": _peer(args)})
        return original(self, *args, **kwargs)

    connect._forksafe_wrapped = True
    return connect


def _patch_sqlalchemy(module):
    global _engines
    import weakref

    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    from sqlalchemy.pool import Pool

    _engines = weakref.WeakSet()

    def on_connect(dbapi_connection, connection_record):
        with _Timer():
            pool = getattr(connection_record, "_ConnectionRecord__pool", None)
            if pool is not None:
                _pools[id(dbapi_connection)] = weakref.ref(pool)

    def on_engine_connect(connection, *args):
        with _Timer():
            _engines.add(connection.engine)

    event.listen(Pool, "connect", on_connect)
    event.listen(Engine, "engine_connect", on_engine_connect)


def _wrap_client(module, module_name, attr):
    target = getattr(module, attr, None)
    if target is None or getattr(target, "_forksafe_wrapped", False):
        return
    what = f"{module_name}.{attr}"
    if isinstance(target, type):
        original_init = target.__init__

        def __init__(self, *args, **kwargs):
            with _Timer():
                _remember(self, {"kind": "client", "library": what, "stack": _stack()})
            return original_init(self, *args, **kwargs)

        __init__._forksafe_wrapped = True
        try:
            target.__init__ = __init__  # a class defined in C refuses this: left unwatched
        except TypeError:
            return
        return

    def factory(*args, **kwargs):
        created = target(*args, **kwargs)
        with _Timer():
            _remember(created, {"kind": "client", "library": what, "stack": _stack()})
        return created

    factory._forksafe_wrapped = True
    factory.__wrapped__ = target
    setattr(module, attr, factory)


def _patch_uwsgidecorators(module):
    # Importing uwsgidecorators replaces uwsgi.post_fork_hook with its own chain: put the
    # probe's stock-taking first in that chain, before the app's own @postfork functions.
    chain = getattr(module, "postfork_chain", None)
    if _uwsgi_hooks and isinstance(chain, list):
        chain.insert(0, _uwsgi_hooks[0])


_PATCHES = {
    "threading": _patch_threading,
    "socket": _patch_socket,
    "psycopg2": _patch_connect_function("psycopg2"),
    "psycopg": _patch_connect_function("psycopg"),
    "MySQLdb": _patch_mysqldb,
    "pymysql": _patch_connect_function("pymysql"),
    "sqlite3.dbapi2": _patch_connect_function("sqlite3"),
    "sqlite3": _patch_connect_function("sqlite3"),
    "sqlalchemy": _patch_sqlalchemy,
    "uwsgidecorators": _patch_uwsgidecorators,
}


# ---------------------------------------------------------------------------------------------
# Records and stacks


def _remember(obj, record):
    import weakref

    try:
        record["ref"] = weakref.ref(obj)
    except TypeError:
        strong = obj  # no weak references: keep the id and look the object up by it while it lives
        record["ref"] = lambda: strong
    record["id"] = id(obj)
    _records.append(record)
    if record["kind"] != "socket":
        # The journal keeps what was created, for a run that never forks (a hang, a crash).
        _journal({"event": "created", "kind": record["kind"], "library": record["library"], "stack": _frames(record["stack"])})


def _stack():
    """The caller's frames, innermost first, without the probe's own: (code, lasti, line)."""
    frames = []
    frame = sys._getframe(1)
    here = __file__
    while frame is not None:
        code = frame.f_code
        if code.co_filename != here and not code.co_filename.startswith("<frozen "):
            frames.append((code, frame.f_lasti, frame.f_lineno))
        frame = frame.f_back
    return frames


def _team(filename):
    if not filename.startswith(_ROOT + os.sep):
        return False
    return not any(part in filename for part in ("site-packages", "dist-packages", os.sep + "."))


def _frames(stack):
    """The team's frames, the library frame each calls into, and the innermost frame: JSON."""
    out = []
    for index, (code, lasti, line) in enumerate(stack):
        filename = code.co_filename
        team = _team(filename)
        # Innermost frame (where it was created), team frames, and the library frame a team
        # frame called into (the frame just before a team frame, walking outwards).
        next_is_team = index + 1 < len(stack) and _team(stack[index + 1][0].co_filename)
        if not (index == 0 or team or next_is_team):
            continue
        frame = {"file": filename, "line": line or 0, "name": code.co_name, "team": team}
        if team:
            frame["path"] = os.path.relpath(filename, _ROOT).replace(os.sep, "/")
            position = _position(code, lasti)
            if position:
                frame.update(position)
        else:
            frame.update(_library_of(filename))
        out.append(frame)
    return out[:16]


def _position(code, lasti):
    try:
        positions = list(code.co_positions())
        start_line, end_line, start_col, end_col = positions[lasti // 2]
    except Exception:
        return None
    if start_line is None or start_col is None:
        return None
    return {"line": start_line, "endLine": end_line or start_line, "col": start_col + 1, "endCol": (end_col or start_col) + 1}


def _library_of(filename):
    parts = filename.replace(os.sep, "/").split("/")
    for marker in ("site-packages", "dist-packages"):
        if marker in parts:
            rest = parts[parts.index(marker) + 1 :]
            package = rest[0].removesuffix(".py") if rest else ""
            version = getattr(sys.modules.get(package), "__dict__", {}).get("__version__", "")
            return {"package": package, "version": str(version).split()[0] if version else "", "path": "/".join(rest)}
    return {"package": "python", "version": sys.version.split()[0], "path": os.path.basename(filename)}


def _peer(args):
    try:
        address = args[0]
        return f"{address[0]}:{address[1]}" if isinstance(address, tuple) else str(address)
    except Exception:
        return ""


def _one_line(error):
    return f"{type(error).__name__}: {str(error).strip().splitlines()[0] if str(error).strip() else ''}"


# ---------------------------------------------------------------------------------------------
# Taking stock


def _open(record):
    obj = record["ref"]()
    if obj is None:
        return None
    kind = record["kind"]
    try:
        if kind == "database":
            closed = getattr(obj, "closed", None)
            if closed is not None:
                return obj if not closed else None
            is_open = getattr(obj, "open", None)  # MySQLdb
            if is_open is not None:
                return obj if is_open else None
            if record["library"] == "sqlite3":
                obj.total_changes  # raises ProgrammingError once closed
            return obj
        if kind == "socket":
            return obj if obj.fileno() != -1 else None
        return obj
    except Exception:
        return None


def _owner(stack):
    for code, _, _ in stack:
        filename = code.co_filename.replace(os.sep, "/")
        if "/sqlalchemy/" in filename:
            return "sqlalchemy"
        if "/django/db/" in filename:
            return "django"
    return None


def _stock():
    """What is open or alive now, each with the stack where it was created."""
    items = []
    reported_places = set()
    for record in _records:
        if record["kind"] == "socket":
            continue
        obj = _open(record)
        if obj is None:
            continue
        item = {"kind": record["kind"], "library": record["library"], "stack": _frames(record["stack"])}
        owner = _owner(record["stack"]) if record["kind"] == "database" else None
        if owner:
            item["owner"] = owner
        record["item"] = len(items)
        items.append(item)
        reported_places.add(_place(item))
    threading = sys.modules.get("threading")
    if threading is not None:
        main = threading.main_thread()
        for thread in threading.enumerate():
            if thread is main or type(thread).__name__ == "_DummyThread" or not thread.is_alive():
                continue
            stack = _thread_stacks.get(id(thread), [])
            item = {"kind": "thread", "library": type(thread).__module__ + "." + type(thread).__name__, "name": thread.name, "daemon": thread.daemon, "stack": _frames(stack)}
            items.append(item)
            reported_places.add(_place(item))
    for record in _records:
        if record["kind"] != "socket" or _open(record) is None:
            continue
        item = {"kind": "socket", "library": "socket", "peer": record.get("peer", ""), "stack": _frames(record["stack"])}
        if _place(item) in reported_places:
            continue  # the socket of a client or thread already reported at the same place
        items.append(item)
    return items


def _place(item):
    team = [f for f in item["stack"] if f.get("team")]
    return (team[0]["path"], team[0]["line"]) if team else None


def _team_modules():
    count = 0
    for module in list(sys.modules.values()):
        # The module's own dict, not getattr: a module-level __getattr__ could run app code.
        filename = getattr(module, "__dict__", {}).get("__file__")
        if isinstance(filename, str) and _team(os.path.abspath(filename)):
            count += 1
    return count


def _gunicorn_arbiter():
    frame = sys._getframe(1)
    while frame is not None:
        candidate = frame.f_locals.get("self")
        if type(candidate).__name__ == "Arbiter" and type(candidate).__module__ == "gunicorn.arbiter":
            return candidate
        frame = frame.f_back
    return None


def _write(path, data):
    import json

    temporary = f"{path}.{os.getpid()}.tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
    os.replace(temporary, path)


def _journal_start():
    # Written without json, which the app may never import: two plain fields.
    line = '{"event": "start", "pid": %d, "python": "%s"}\n' % (os.getpid(), sys.version.split()[0])
    try:
        with open(_REPORT + ".journal", "a", encoding="utf-8") as handle:
            handle.write(line)
    except OSError:
        pass


def _journal(entry):
    import json

    entry["pid"] = os.getpid()
    try:
        with open(_REPORT + ".journal", "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry) + "\n")
    except OSError:
        pass


def _before_fork():
    global _first_fork_taken, _team_modules_before_fork
    if _first_fork_taken:
        return
    with _Timer():
        _first_fork_taken = True
        arbiter = _gunicorn_arbiter()
        server = "gunicorn" if arbiter is not None else "unknown"
        preload = bool(getattr(getattr(arbiter, "cfg", None), "preload_app", False)) if arbiter is not None else None
        _team_modules_before_fork = _team_modules()
        report = {
            "version": 1,
            "pid": os.getpid(),
            "server": server,
            "takenIn": "master before its first fork",
            "preload": preload,
            "teamModules": _team_modules_before_fork,
            "items": _stock(),
            "workerPhase": "pending",
        }
    report["hookSeconds"] = round(_spent, 4)
    _write(_REPORT, report)


def _claim(name):
    """True in exactly one process: the first to create the claim file `name`."""
    try:
        os.close(os.open(f"{_REPORT}.{name}", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        return True
    except OSError:
        return False


def _after_fork_in_child():
    global _in_first_child, _spent
    if _in_first_child or not _first_fork_taken or not _claim("worker-claim"):
        return
    _in_first_child = True
    _spent = 0.0  # the master's share is in its own report
    socket = sys.modules.get("socket")
    if socket is None:
        return
    original = socket.socket.accept

    def accept(self, *args, **kwargs):
        socket.socket.accept = original
        _worker_report()
        return original(self, *args, **kwargs)

    socket.socket.accept = accept


def _worker_report():
    """In the first worker, when it first accepts: what its initialisation closed or replaced."""
    with _Timer():
        handled = []
        for record in _records:
            index = record.get("item")
            if index is None or record["kind"] != "database":
                continue
            if _open(record) is None:
                handled.append({"index": index, "how": "closed in the worker"})
                continue
            pool_ref = _pools.get(record["id"])
            pool = pool_ref() if pool_ref else None
            if pool_ref is not None and (pool is None or not any(engine.pool is pool for engine in list(_engines or ()))):
                handled.append({"index": index, "how": "pool replaced in the worker (dispose(close=False))"})
    _write(_REPORT + ".worker", {"pid": os.getpid(), "handled": handled, "hookSeconds": round(_spent, 4)})
    _stop_master(os.getppid())


def _stop_master(pid):
    import signal

    try:
        os.kill(pid, getattr(signal, _STOP_SIGNAL, signal.SIGQUIT))
    except OSError:
        pass


# ---------------------------------------------------------------------------------------------
# uWSGI


def _on_uwsgi(uwsgi):
    global _uwsgi_seen_in
    with _Timer():
        try:
            worker_id = uwsgi.worker_id()
        except Exception:
            worker_id = 0
        _uwsgi_seen_in = "master" if worker_id == 0 else "worker"
        if _uwsgi_seen_in == "master":
            previous = getattr(uwsgi, "post_fork_hook", None)

            def post_fork_hook():
                _uwsgi_after_fork(uwsgi)
                if previous is not None:
                    previous()

            uwsgi.post_fork_hook = post_fork_hook
            _uwsgi_hooks.append(lambda: _uwsgi_after_fork(uwsgi))
        elif _claim("fork-claim"):
            # lazy-apps: the uwsgi module (and the app) appear only in a worker, after fork
            report = {"version": 1, "pid": os.getppid(), "server": "uwsgi", "takenIn": "first worker, before it loaded the app", "preload": False, "teamModules": 0, "items": [], "workerPhase": "none"}
            report["hookSeconds"] = round(_spent, 4)
            _write(_REPORT, report)
            _stop_master(os.getppid())


def _uwsgi_after_fork(uwsgi):
    global _first_fork_taken
    if _first_fork_taken or not _claim("fork-claim"):
        return
    with _Timer():
        _first_fork_taken = True
        report = {
            "version": 1,
            "pid": os.getppid(),
            "server": "uwsgi",
            "takenIn": "first worker right after fork (uWSGI forks in C): the master's state at fork",
            "preload": True,
            "teamModules": _team_modules(),
            "items": _stock(),
            "workerPhase": "none",
        }
    report["hookSeconds"] = round(_spent, 4)
    _write(_REPORT, report)
    _stop_master(os.getppid())
