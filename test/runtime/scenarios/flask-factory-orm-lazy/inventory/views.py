import os

from flask import Blueprint, jsonify, request
from sqlalchemy import text

from inventory.extensions import db

bp = Blueprint("whoami", __name__)


@bp.route("/whoami")
def whoami():
    row = db.session.execute(text("SELECT pg_backend_pid(), :nonce"), {"nonce": request.args.get("nonce", "")}).one()
    return jsonify(worker=os.getpid(), backend=row[0], nonce=row[1])
