def load_defaults():
    from shop.models import Setting

    return dict(Setting.objects.values_list("name", "value"))
