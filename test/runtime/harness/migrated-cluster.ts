// What every runtime phase starts with: the Debian packages checked, one throwaway PostgreSQL
// cluster, and the base project migrated into a template database each scenario copies.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { checkPackages, PYTHON } from "./packages.js";
import { startCluster, type Cluster } from "./postgres.js";
import { TEMPLATE_DIR } from "./project.js";

const run = promisify(execFile);

/** The cluster, with `templateDb` migrated; stopped again when the migration fails. */
export async function startMigratedCluster(templateDb: string): Promise<Cluster> {
  await checkPackages();
  const cluster = await startCluster();
  try {
    await cluster.createDatabase(templateDb);
    await run(PYTHON, ["manage.py", "migrate", "--noinput"], {
      cwd: TEMPLATE_DIR,
      env: { PATH: "/usr/bin:/bin", PYTHONDONTWRITEBYTECODE: "1", DB_NAME: templateDb, DB_PORT: String(cluster.port) },
    });
    return cluster;
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
