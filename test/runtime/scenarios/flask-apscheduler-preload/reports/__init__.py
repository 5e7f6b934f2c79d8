import os

from flask import Flask

from reports.extensions import db, scheduler
from reports.jobs import JOB_SECONDS, record_run


def create_app():
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = f"postgresql+psycopg2://postgres@127.0.0.1:{os.environ['DB_PORT']}/{os.environ['DB_NAME']}"
    app.config["JOBS"] = [{"id": "record_run", "func": record_run, "trigger": "interval", "seconds": JOB_SECONDS}]
    db.init_app(app)
    scheduler.init_app(app)
    scheduler.start()

    from reports.views import bp

    app.register_blueprint(bp)
    return app
