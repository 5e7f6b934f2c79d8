from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_defaults(sender, **kwargs):
    from shop.models import Setting

    Setting.objects.get_or_create(name="currency", defaults={"value": "EUR"})


class ShopConfig(AppConfig):
    name = "shop"

    def ready(self):
        post_migrate.connect(create_defaults, sender=self)
