// Docker base images that start a pre-forking server themselves: what they run, with which
// config, and where they look for the app, as read from the images' own repositories.
// Commits read (2026-12): tiangolo/uwsgi-nginx-docker afe929ab, tiangolo/uwsgi-nginx-flask-docker
// 282392a2, tiangolo/uvicorn-gunicorn-docker cb5abd5f, tiangolo/uvicorn-gunicorn-fastapi-docker
// 072ed47b, tiangolo/uvicorn-gunicorn-starlette-docker a16c00ed, tiangolo/meinheld-gunicorn-docker
// 70cb7974, tiangolo/meinheld-gunicorn-flask-docker e871de68; unbit/uwsgi 6cbb2177.
// No commit in any of these repositories' history sets `preload` or `lazy` (git log -S).

/** An image that runs uWSGI from supervisord, reading the app's own uwsgi.ini. */
export interface UwsgiImage {
  server: "uwsgi";
  name: string;
  /** The GitHub repository whose source these defaults come from. */
  source: string;
  latestTag: string;
  /** The app's config, from ENV UWSGI_INI (uWSGI reads UWSGI_* variables as options). */
  appIni: string;
  /** What the image's own /app/uwsgi.ini serves when the app brings none. */
  defaultApp: { option: "module" | "wsgi-file"; value: string; callable?: string };
  /** ENV UWSGI_CHEAPER / UWSGI_PROCESSES: workers at start, and at most. */
  cheaper: number;
  processes: number;
}

/** An image whose start script runs gunicorn with its own config file. */
export interface GunicornImage {
  server: "gunicorn";
  name: string;
  source: string;
  latestTag: string;
  workerClass: string;
  /** The image's config when the app brings none; it never sets preload_app. */
  ownConfig: string;
  /** How the image's config counts workers when WEB_CONCURRENCY is unset. */
  workersByDefault: string;
}

export type BaseImage = UwsgiImage | GunicornImage;

// tiangolo/uwsgi-nginx-docker, docker-images/:
//  - python3.12.dockerfile:19 `COPY uwsgi.ini /etc/uwsgi/`; uwsgi.ini:1-10 sets socket, chown/chmod,
//    hook-master-start, need-app, die-on-term, show-config: no master, lazy-apps or processes.
//  - supervisord-debian.conf:5 `command=/usr/local/bin/uwsgi --ini /etc/uwsgi/uwsgi.ini`, run by
//    start.sh:15 `exec /usr/bin/supervisord` (CMD ["/start.sh"], python3.12.dockerfile:70).
//  - python3.12.dockerfile:32 `ENV UWSGI_INI /app/uwsgi.ini`, :35 `ENV UWSGI_CHEAPER 2`,
//    :38 `ENV UWSGI_PROCESSES 16`; app/uwsgi.ini:2 `wsgi-file=/app/main.py`.
//  - unbit/uwsgi core/utils.c:1632-1650 parse_sys_envs turns UWSGI_* variables into options;
//    core/uwsgi.c:810 `cheaper` carries UWSGI_OPT_MASTER, which core/config.c:531-534 turns
//    into a master process; core/uwsgi.c:3203 loads the apps before fork unless lazy/lazy-apps.
const UWSGI_NGINX: UwsgiImage = {
  server: "uwsgi",
  name: "tiangolo/uwsgi-nginx",
  source: "tiangolo/uwsgi-nginx-docker",
  latestTag: "python3.12",
  appIni: "/app/uwsgi.ini",
  defaultApp: { option: "wsgi-file", value: "/app/main.py" },
  cheaper: 2,
  processes: 16,
};

// tiangolo/uwsgi-nginx-flask-docker, docker-images/: python3.12.dockerfile:1
// `FROM tiangolo/uwsgi-nginx:python3.12` (all of the above), :37 CMD ["/start.sh"];
// app/uwsgi.ini:2-3 `module = main`, `callable = app`.
const UWSGI_NGINX_FLASK: UwsgiImage = {
  ...UWSGI_NGINX,
  name: "tiangolo/uwsgi-nginx-flask",
  source: "tiangolo/uwsgi-nginx-flask-docker",
  defaultApp: { option: "module", value: "main", callable: "app" },
};

// tiangolo/uvicorn-gunicorn-docker, docker-images/:
//  - start.sh:4-11 APP_MODULE defaults to MODULE_NAME:VARIABLE_NAME, MODULE_NAME to `app.main`
//    when /app/app/main.py exists, else `main` when /app/main.py does; VARIABLE_NAME to `app`.
//  - start.sh:13-20 GUNICORN_CONF defaults to /app/gunicorn_conf.py, else /app/app/gunicorn_conf.py,
//    else the image's /gunicorn_conf.py; :21 WORKER_CLASS defaults to uvicorn.workers.UvicornWorker.
//  - start.sh:34 `exec gunicorn -k "$WORKER_CLASS" -c "$GUNICORN_CONF" "$APP_MODULE"`.
//  - gunicorn_conf.py:40-48 sets loglevel, workers, bind, errorlog, worker_tmp_dir, accesslog,
//    graceful_timeout, timeout, keepalive: no preload_app; :5-30 workers = WEB_CONCURRENCY, else
//    max(WORKERS_PER_CORE (default 1) x cores, 2), at most MAX_WORKERS.
// tiangolo/uvicorn-gunicorn-fastapi-docker python3.11.dockerfile:1 and
// tiangolo/uvicorn-gunicorn-starlette-docker python3.11.dockerfile:1 are `FROM
// tiangolo/uvicorn-gunicorn:python3.11` and only add packages and their demo /app.
const UVICORN_GUNICORN: GunicornImage = {
  server: "gunicorn",
  name: "tiangolo/uvicorn-gunicorn",
  source: "tiangolo/uvicorn-gunicorn-docker",
  latestTag: "python3.11",
  workerClass: "uvicorn.workers.UvicornWorker",
  ownConfig: "/gunicorn_conf.py",
  workersByDefault: "max(WORKERS_PER_CORE (default 1) x CPU cores, 2), at most MAX_WORKERS",
};

// tiangolo/meinheld-gunicorn-docker, docker-images/: entrypoint.sh:4-20 sets APP_MODULE and
// GUNICORN_CONF as uvicorn-gunicorn's start.sh does; start.sh:15 `exec gunicorn -k
// egg:meinheld#gunicorn_worker -c "$GUNICORN_CONF" "$APP_MODULE"`; gunicorn_conf.py:28-32 sets
// loglevel, workers, bind, keepalive, errorlog: no preload_app; :7-25 workers = WEB_CONCURRENCY,
// else int(WORKERS_PER_CORE (default 2) x cores). The image is deprecated; its README lists
// python3.9 as the last tag, and no `latest`. tiangolo/meinheld-gunicorn-flask-docker
// python3.9.dockerfile:1 is `FROM tiangolo/meinheld-gunicorn:python3.9`.
const MEINHELD_GUNICORN: GunicornImage = {
  server: "gunicorn",
  name: "tiangolo/meinheld-gunicorn",
  source: "tiangolo/meinheld-gunicorn-docker",
  latestTag: "python3.9",
  workerClass: "egg:meinheld#gunicorn_worker",
  ownConfig: "/gunicorn_conf.py",
  workersByDefault: "int(WORKERS_PER_CORE (default 2) x CPU cores)",
};

export const BASE_IMAGES: readonly BaseImage[] = [
  UWSGI_NGINX,
  UWSGI_NGINX_FLASK,
  UVICORN_GUNICORN,
  { ...UVICORN_GUNICORN, name: "tiangolo/uvicorn-gunicorn-fastapi", source: "tiangolo/uvicorn-gunicorn-fastapi-docker" },
  { ...UVICORN_GUNICORN, name: "tiangolo/uvicorn-gunicorn-starlette", source: "tiangolo/uvicorn-gunicorn-starlette-docker" },
  MEINHELD_GUNICORN,
  { ...MEINHELD_GUNICORN, name: "tiangolo/meinheld-gunicorn-flask", source: "tiangolo/meinheld-gunicorn-flask-docker" },
];

/** The commands the images run by default (their CMD, ENTRYPOINT and start scripts). */
export const IMAGE_SCRIPTS = new Set(["/start.sh", "/entrypoint.sh", "/usr/bin/supervisord", "supervisord"]);

/** An image reference split into its repository part and its tag (`name:tag@digest`). */
export function splitImage(text: string): { name: string; tag?: string } {
  const image = text.replace(/@.*$/, "");
  const colon = image.lastIndexOf(":");
  if (colon <= image.lastIndexOf("/")) return { name: image };
  return { name: image.slice(0, colon), tag: image.slice(colon + 1) };
}

/** The known image an image name means (`docker.io/tiangolo/uwsgi-nginx-flask`), if any. */
export function baseImageOf(name: string): BaseImage | undefined {
  const bare = name.toLowerCase().replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, "");
  return BASE_IMAGES.find((image) => image.name === bare);
}
