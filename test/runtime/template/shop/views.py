import os

from django.db import connection
from django.http import JsonResponse


def whoami(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid(), pg_sleep(%s)", [float(request.GET.get("sleep", 0))])
        backend = cursor.fetchone()[0]
    return JsonResponse({"worker": os.getpid(), "backend": backend})
