import os

bind = "127.0.0.1:" + os.environ["PORT"]
workers = 4
