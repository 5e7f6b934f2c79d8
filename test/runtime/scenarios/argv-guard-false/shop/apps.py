import sys

from django.apps import AppConfig


class ShopConfig(AppConfig):
    name = "shop"

    def ready(self):
        if "runserver" in sys.argv:
            from django.contrib.auth.models import User

            self.user_count = User.objects.count()
