from django import forms
from django.contrib import admin
from django.contrib.auth.models import User

from shop.models import Setting


class SettingForm(forms.ModelForm):
    owner = forms.ChoiceField(choices=[(u.pk, u.username) for u in User.objects.all()])

    class Meta:
        model = Setting
        fields = ["name", "value"]


@admin.register(Setting)
class SettingAdmin(admin.ModelAdmin):
    form = SettingForm
