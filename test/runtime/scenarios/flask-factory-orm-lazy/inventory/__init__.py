import os

from flask import Flask

from inventory.extensions import db
from inventory.models import User


def create_app():
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = f"postgresql+psycopg2://postgres@127.0.0.1:{os.environ['DB_PORT']}/{os.environ['DB_NAME']}"
    db.init_app(app)

    from inventory.views import bp

    app.register_blueprint(bp)
    with app.app_context():
        admin = User.query.filter_by(is_superuser=True).first()
        app.config["ADMIN_NAME"] = admin.username if admin else None
    return app
