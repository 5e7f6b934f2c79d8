import os

from django.http import JsonResponse

from shop import ticker


def whoami(request):
    """`backend`: the process the startup thread runs in, if it is alive in this one; else 0."""
    alive = ticker.THREAD is not None and ticker.THREAD.is_alive()
    return JsonResponse({"worker": os.getpid(), "backend": ticker.OWNER if alive else 0, "nonce": request.GET.get("nonce", "")})
