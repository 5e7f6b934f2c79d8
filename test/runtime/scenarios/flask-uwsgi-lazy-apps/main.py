import os

from flask import Flask, jsonify, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import text

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = f"postgresql+psycopg2://postgres@127.0.0.1:{os.environ['DB_PORT']}/{os.environ['DB_NAME']}"
db = SQLAlchemy(app)


class User(db.Model):
    """Django's auth_user table, which every scenario database has (copied from the migrated template)."""

    __tablename__ = "auth_user"
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(150))
    is_staff = db.Column(db.Boolean)


with app.app_context():
    STAFF = db.session.execute(db.select(User.username).where(User.is_staff)).scalars().all()


@app.route("/whoami")
def whoami():
    row = db.session.execute(text("SELECT pg_backend_pid(), :nonce"), {"nonce": request.args.get("nonce", "")}).one()
    return jsonify(worker=os.getpid(), backend=row[0], nonce=row[1])
