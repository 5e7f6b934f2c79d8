import os
import time

from apscheduler.schedulers.background import BackgroundScheduler
from django.apps import AppConfig

JOB_SECONDS = 2


def record_run():
    with open("jobs.log", "a") as log:
        log.write(f"{os.getpid()} {time.time()}\n")


class ShopConfig(AppConfig):
    name = "shop"

    def ready(self):
        scheduler = BackgroundScheduler()
        scheduler.add_job(record_run, "interval", seconds=JOB_SECONDS)
        scheduler.start()
