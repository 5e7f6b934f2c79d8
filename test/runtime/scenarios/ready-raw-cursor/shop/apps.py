from django.apps import AppConfig
from django.db import connection


class ShopConfig(AppConfig):
    name = "shop"

    def ready(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
