from django.urls import path

from shop.views import whoami

urlpatterns = [path("whoami", whoami)]
