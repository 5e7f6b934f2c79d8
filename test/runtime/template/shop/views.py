import os

from django.db import connection
from django.http import JsonResponse


def whoami(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid(), %s", [request.GET.get("nonce", "")])
        backend, nonce = cursor.fetchone()
    return JsonResponse({"worker": os.getpid(), "backend": backend, "nonce": nonce})
