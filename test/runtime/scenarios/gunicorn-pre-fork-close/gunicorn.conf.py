import os

bind = "127.0.0.1:" + os.environ["PORT"]
workers = 4
preload_app = True


def pre_fork(server, worker):
    from django.db import connections

    connections.close_all()
