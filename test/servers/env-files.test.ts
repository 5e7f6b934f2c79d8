import { describe, expect, it } from "vitest";
import { findEntryPoints } from "../../src/analysis/servers/index.js";
import { contextOf, entryPointsOf, textAt } from "./helpers.js";

const COMPOSE = (extra: string) => `services:\n  web:\n    image: shop\n    command: gunicorn proj.wsgi\n${extra}`;

describe("compose env_file", () => {
  it("reads GUNICORN_CMD_ARGS from a file named by env_file, in a second batch", async () => {
    const files = {
      "docker-compose.yml": COMPOSE("    env_file:\n      - ./.envs/.production/.django\n"),
      ".envs/.production/.django": "DJANGO_DEBUG=0\nGUNICORN_CMD_ARGS=--preload --workers 3\n",
    };
    const ctx = contextOf(files);
    const eps = await findEntryPoints(ctx);
    expect(ctx.batches).toEqual([["docker-compose.yml"], [".envs/.production/.django"]]);
    expect(eps.map((e) => [e.source, e.preload.kind])).toEqual([["docker-compose.yml service web command", "on"]]);
    expect(textAt(files, eps[0]?.preloadLocation)).toBe("--preload");
    expect(eps[0]?.notes).toContain('GUNICORN_CMD_ARGS="--preload --workers 3" set in .envs/.production/.django');
  });

  it("lets the service's own environment win over its env_file", async () => {
    const eps = await entryPointsOf({
      "docker-compose.yml": COMPOSE('    env_file: web.env\n    environment:\n      GUNICORN_CMD_ARGS: "--workers 3"\n'),
      "web.env": "GUNICORN_CMD_ARGS=--preload\n",
    });
    expect(eps.map((e) => e.preload.kind)).toEqual(["off"]);
  });

  it("takes -c from an env_file, and the close in the config it names; no separate entry for the variable", async () => {
    const eps = await entryPointsOf({
      "docker-compose.yml": COMPOSE("    env_file:\n      - path: .env\n        required: false\n"),
      ".env": "GUNICORN_CMD_ARGS='--preload -c deploy/serve.py'\n",
      "deploy/serve.py": "def when_ready(server):\n    from django.db import connections\n    connections.close_all()\n",
    });
    expect(eps).toHaveLength(1);
    expect(eps[0]).toMatchObject({ preload: { kind: "on" }, mitigation: "master-close" });
  });

  it("reads an env_file of a service without a command as environment for the image's command", async () => {
    const eps = await entryPointsOf({
      "docker-compose.yml": "services:\n  web:\n    image: shop\n    env_file: config/web.envfile\n",
      "config/web.envfile": "GUNICORN_CMD_ARGS=--preload\n",
    });
    expect(eps.map((e) => [e.source, e.preload.kind])).toEqual([["GUNICORN_CMD_ARGS in config/web.envfile", "on"]]);
  });

  it("reads unquoted values with spaces as the whole value, as compose and dotenv do", async () => {
    const files = { ".env": "# web\nexport GUNICORN_CMD_ARGS=--workers 3 --preload\n" };
    const [ep] = await entryPointsOf(files);
    expect(textAt(files, ep?.preloadLocation)).toBe("--preload");
    expect(ep?.preloadLocation?.startLine).toBe(2);
  });
});
