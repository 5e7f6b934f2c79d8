// The Debian packages the runtime oracle runs on, and a check that says how to install them.
import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The system interpreter: Debian's packages install into it, not into a `python3` on PATH. */
export const PYTHON = "/usr/bin/python3";
export const GUNICORN = "/usr/bin/gunicorn";
export const UWSGI = "/usr/bin/uwsgi";
const UWSGI_PYTHON_PLUGIN = "/usr/lib/uwsgi/plugins/python3_plugin.so";
const POSTGRES_ROOT = "/usr/lib/postgresql";

export const INSTALL_COMMAND =
  "apt-get update && apt-get install -y --no-install-recommends " +
  "postgresql python3-django gunicorn python3-psycopg2 uwsgi uwsgi-plugin-python3 " +
  "python3-flask python3-sqlalchemy python3-flask-sqlalchemy python3-apscheduler";

/** The directory holding initdb, pg_ctl and createdb of the newest installed PostgreSQL. */
export function postgresBin(): string | undefined {
  if (!existsSync(POSTGRES_ROOT)) return undefined;
  const versions = readdirSync(POSTGRES_ROOT)
    .filter((v) => existsSync(`${POSTGRES_ROOT}/${v}/bin/initdb`))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : `${POSTGRES_ROOT}/${versions[0]}/bin`;
}

/** Throws, naming what is missing and the exact install command, unless everything is there. */
export async function checkPackages(): Promise<void> {
  const missing: string[] = [];
  if (!postgresBin()) missing.push(`PostgreSQL server (${POSTGRES_ROOT}/*/bin/initdb)`);
  for (const file of [GUNICORN, UWSGI, UWSGI_PYTHON_PLUGIN]) {
    if (!existsSync(file)) missing.push(file);
  }
  try {
    await run(PYTHON, ["-c", "import django, psycopg2, gunicorn, flask, sqlalchemy, flask_sqlalchemy, apscheduler"]);
  } catch {
    missing.push(`${PYTHON} modules django, psycopg2, gunicorn, flask, sqlalchemy, flask_sqlalchemy, apscheduler`);
  }
  if (missing.length > 0) {
    throw new Error(
      `The runtime oracle needs Debian packages that are missing (${missing.join("; ")}).\n` + `Install them as root with:\n  ${INSTALL_COMMAND}`,
    );
  }
}

/** The versions of the stack the scenarios run on, for the reports. */
export async function stackVersions(): Promise<string> {
  const out = async (file: string, args: string[]) => (await run(file, args)).stdout.trim();
  const python = await out(PYTHON, [
    "-c",
    "import django, gunicorn, psycopg2, flask, sqlalchemy, flask_sqlalchemy, apscheduler; print(f'Django {django.get_version()}, gunicorn {gunicorn.__version__}, psycopg2 {psycopg2.__version__.split()[0]}, Flask {flask.__version__}, SQLAlchemy {sqlalchemy.__version__}, Flask-SQLAlchemy {flask_sqlalchemy.__version__}, APScheduler {apscheduler.__version__}')",
  ]);
  const uwsgi = await out(UWSGI, ["--version"]);
  const postgres = await out(`${postgresBin()}/postgres`, ["--version"]);
  return `${python}, uWSGI ${uwsgi}, ${postgres.replace(/^postgres \(PostgreSQL\) /, "PostgreSQL ")}`;
}
