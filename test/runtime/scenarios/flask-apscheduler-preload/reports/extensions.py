from apscheduler.schedulers.background import BackgroundScheduler
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class Scheduler:
    """The app's scheduler extension, used the way Flask-APScheduler's APScheduler is (Flask-APScheduler
    is not packaged in Debian 12): init_app(app) creates an APScheduler BackgroundScheduler holding the
    jobs listed in app.config["JOBS"]; start() starts its thread."""

    def __init__(self, app=None):
        self.scheduler = None
        if app is not None:
            self.init_app(app)

    def init_app(self, app):
        self.scheduler = BackgroundScheduler()
        for job in app.config.get("JOBS", []):
            options = dict(job)
            self.scheduler.add_job(options.pop("func"), options.pop("trigger"), id=options.pop("id"), **options)
        app.extensions["scheduler"] = self

    def start(self):
        self.scheduler.start()


scheduler = Scheduler()
