from django.apps import AppConfig


class ShopConfig(AppConfig):
    name = "shop"

    def ready(self):
        from shop.defaults import load_defaults

        self.defaults = load_defaults()
