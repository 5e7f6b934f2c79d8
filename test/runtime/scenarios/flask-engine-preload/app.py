import os

from flask import Flask, jsonify, request
from sqlalchemy import create_engine, text

engine = create_engine(f"postgresql+psycopg2://postgres@127.0.0.1:{os.environ['DB_PORT']}/{os.environ['DB_NAME']}")
with engine.connect() as conn:
    conn.execute(text("SELECT 1"))
app = Flask(__name__)


@app.route("/whoami")
def whoami():
    with engine.connect() as conn:
        row = conn.execute(text("SELECT pg_backend_pid(), :nonce"), {"nonce": request.args.get("nonce", "")}).one()
    return jsonify(worker=os.getpid(), backend=row[0], nonce=row[1])
