import { describe, expect, it } from "vitest";
import { at, entryPointsOf, textAt } from "./helpers.js";

const procfile = (command: string) => ({ Procfile: `web: ${command}\n` });

describe("finding gunicorn and uWSGI in a command line", () => {
  it.each([
    ["gunicorn --preload proj.wsgi"],
    ["exec gunicorn --preload proj.wsgi"],
    ["newrelic-admin run-program gunicorn --preload proj.wsgi"],
    ["ddtrace-run gunicorn --preload proj.wsgi"],
    ["opentelemetry-instrument --traces_exporter otlp gunicorn --preload proj.wsgi"],
    ["python -m gunicorn --preload proj.wsgi"],
    ["/venv/bin/gunicorn --preload proj.wsgi"],
    ["DJANGO_SETTINGS_MODULE=proj.settings gunicorn --preload proj.wsgi"],
    ['sh -c "python manage.py migrate && exec gunicorn --preload proj.wsgi"'],
    ["bash -ec 'gunicorn --preload proj.wsgi'"],
    ["poetry run gunicorn --preload proj.wsgi"],
    ["./docker-entrypoint.sh gunicorn --preload proj.wsgi"],
  ])("%s", async (command) => {
    const files = procfile(command);
    const [ep, ...rest] = await entryPointsOf(files);
    expect(rest).toEqual([]);
    expect(ep?.server).toBe("gunicorn");
    expect(ep?.preload).toEqual({ kind: "on" });
    expect(textAt(files, ep?.preloadLocation)).toBe("--preload");
    expect(ep?.source).toBe("Procfile web process");
  });

  it.each([
    ["pip install gunicorn"],
    ["uvicorn proj.asgi:application --workers 4"],
    ["daphne proj.asgi:application"],
    ["python manage.py runserver 0.0.0.0:8000"],
    ['echo "gunicorn --preload"'],
    ["uv pip install gunicorn"],
    ["poetry add gunicorn"],
  ])("no entry point for %s", async (command) => {
    expect(await entryPointsOf(procfile(command))).toEqual([]);
  });

  it("reads -k, --worker-class= and -c values", async () => {
    const [ep] = await entryPointsOf({
      Procfile: "web: gunicorn --preload --worker-class=gevent -c conf/g.py proj.wsgi\n",
      "conf/g.py": "workers = 2\n",
    });
    expect(ep?.workerClass).toBe("gevent");
    expect(ep?.notes).toContain("config file conf/g.py: -c");
  });

  it("treats gunicorn without --preload as loading in each worker", async () => {
    const [ep] = await entryPointsOf(procfile("gunicorn -k uvicorn.workers.UvicornWorker proj.asgi"));
    expect(ep?.preload).toEqual({ kind: "off" });
    expect(ep?.workerClass).toBe("uvicorn.workers.UvicornWorker");
    expect(at(ep?.location)).toBe("Procfile:1:6");
  });

  it("splits commands at && and finds the server in the second", async () => {
    const files = procfile("python manage.py migrate && gunicorn proj.wsgi --preload");
    const [ep] = await entryPointsOf(files);
    expect(at(ep?.preloadLocation)).toBe("Procfile:1:53");
    expect(textAt(files, ep?.preloadLocation)).toBe("--preload");
  });
});

describe("gunicorn run from the app's own script", () => {
  const launcher = [
    "from gunicorn.app.base import BaseApplication",
    "from shop import app",
    "",
    "class Standalone(BaseApplication):",
    "    def load(self):",
    "        return app",
    "",
    'if __name__ == "__main__":',
    "    Standalone().run()",
    "",
  ].join("\n");

  it("is a gunicorn entry point that loads the app before fork", async () => {
    const [ep, ...rest] = await entryPointsOf({ Procfile: "web: python3 -u run.py\n", "run.py": launcher });
    expect(rest).toEqual([]);
    expect(ep?.server).toBe("gunicorn");
    expect(ep?.preload).toEqual({ kind: "on" });
    expect(ep?.source).toBe("run.py (gunicorn run from the script)");
  });

  it("is nothing for a script that does not run gunicorn", async () => {
    expect(await entryPointsOf({ Procfile: "web: python run.py\n", "run.py": "from shop import app\napp.run()\n" })).toEqual([]);
    expect(await entryPointsOf({ Procfile: "web: python manage.py runserver\n", "manage.py": "import django\n" })).toEqual([]);
  });
});
