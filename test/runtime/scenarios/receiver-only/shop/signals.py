from django.contrib.auth.models import User
from django.db.models.signals import post_save
from django.dispatch import receiver

from shop.models import Setting


@receiver(post_save, sender=Setting)
def count_users(sender, instance, **kwargs):
    instance.user_count = User.objects.count()
