import { describe, expect, it } from "vitest";
import { at, entryPointsOf, textAt } from "./helpers.js";

describe("platform files", () => {
  it("reads app.json env GUNICORN_CMD_ARGS as its own entry point", async () => {
    const files = { "app.json": '{\n  "name": "shop",\n  "env": {\n    "GUNICORN_CMD_ARGS": { "value": "--preload" }\n  }\n}\n' };
    const [ep] = await entryPointsOf(files);
    expect(ep?.source).toBe("GUNICORN_CMD_ARGS in app.json");
    expect(textAt(files, ep?.preloadLocation)).toBe("--preload");
  });

  it("reads fly.toml processes and experimental cmd", async () => {
    const files = {
      "fly.toml":
        '[env]\n  GUNICORN_CMD_ARGS = "-k gevent"\n\n[processes]\n  app = "gunicorn --preload proj.wsgi"\n\n[experimental]\n  cmd = ["gunicorn", "proj.wsgi"]\n',
    };
    const eps = await entryPointsOf(files);
    expect(eps.map((e) => [e.source, e.preload.kind, at(e.preloadLocation), e.workerClass])).toEqual([
      ["fly.toml process app", "on", "fly.toml:5:19", "gevent"],
      ["fly.toml experimental cmd", "off", undefined, "gevent"],
    ]);
  });

  it("reads the App Engine entrypoint", async () => {
    const files = { "app.yaml": "runtime: python312\nentrypoint: gunicorn -b :$PORT --preload proj.wsgi\n" };
    const [ep] = await entryPointsOf(files);
    expect(ep?.source).toBe("app.yaml App Engine entrypoint");
    expect(at(ep?.preloadLocation)).toBe("app.yaml:2:32");
  });

  it("skips an unparseable fly.toml with the reason", async () => {
    expect(await entryPointsOf({ "fly.toml": "[processes\napp = 1\n" })).toEqual([]);
  });
});
