import { describe, expect, it } from "vitest";
import { entryPointsOf } from "./helpers.js";

const NAMES = [
  "Procfile",
  "Dockerfile",
  "docker-compose.yml",
  "k8s/deploy.yaml",
  "app.json",
  "fly.toml",
  "app.yaml",
  "deploy/web.service",
  "supervisord.conf",
  "uwsgi.ini",
  "uwsgi.yaml",
  "start.sh",
  "gunicorn.conf.py",
  ".env",
];
const GARBAGE = [
  "",
  "\u0000\u0001\u0002 binary \uFFFD",
  'web: gunicorn "unclosed --preload\n',
  'CMD ["gunicorn", \nENV =\n[uwsgi\nlazy-apps\n',
  "services: [1, {a: }\n---\n: :\n",
  "preload_app = (\ndef when_ready(:\n",
  "[processes]\napp = [1, 2]\n[experimental]\ncmd = 42\n",
  "gunicorn ${X:-$(echo `y`)} --preload <(z) | && ; \\\n",
  `web: gunicorn ${"--preload ".repeat(2000)}\n`,
];

describe("bad input never crashes the entry point reader", () => {
  it.each(GARBAGE.map((text, i) => [i, text] as const))("garbage %i in every kind of file", async (_i, text) => {
    const files = Object.fromEntries(NAMES.map((name) => [name, text]));
    await expect(entryPointsOf(files)).resolves.toBeInstanceOf(Array);
  });

  it("survives a command naming itself and configs that do not exist", async () => {
    const eps = await entryPointsOf({ "bin/run": "exec bin/run\ngunicorn -c bin/run --preload x\n", Procfile: "web: bin/run\n" });
    expect(eps.every((e) => e.server === "gunicorn")).toBe(true);
  });
});
