from django.apps import AppConfig


class ShopConfig(AppConfig):
    name = "shop"

    def ready(self):
        from django.contrib.auth.models import User

        self.active_users = User.objects.filter(is_active=True).order_by("username")
