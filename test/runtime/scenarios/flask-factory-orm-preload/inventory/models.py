from inventory.extensions import db


class User(db.Model):
    """Django's auth_user table, which every scenario database has (copied from the migrated template)."""

    __tablename__ = "auth_user"
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(150))
    is_superuser = db.Column(db.Boolean)
