# Loaded by the interpreter at start-up because `forksafe probe` puts this directory first on
# PYTHONPATH. It installs the probe's hook (forksafe_probe_hook.py, beside it) and then runs the
# sitecustomize module this one hides (Debian ships one), so the environment is as it was.
import os
import sys


def _chain_hidden_sitecustomize():
    # The import system's own classes, already loaded at start-up: importing importlib.util
    # here would load modules the app may never use.
    PathFinder = sys.modules["_frozen_importlib_external"].PathFinder
    module_from_spec = sys.modules["_frozen_importlib"].module_from_spec

    here = os.path.dirname(os.path.abspath(__file__))
    rest = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
    spec = PathFinder.find_spec("sitecustomize", rest)
    if spec is None or spec.loader is None:
        return
    module = module_from_spec(spec)
    spec.loader.exec_module(module)


if os.environ.get("FORKSAFE_PROBE_REPORT"):
    try:
        import forksafe_probe_hook

        forksafe_probe_hook.install()
    except Exception as error:  # the probe must never stop the app from starting
        sys.stderr.write(f"forksafe probe: hook not installed: {error!r}\n")

_chain_hidden_sitecustomize()
