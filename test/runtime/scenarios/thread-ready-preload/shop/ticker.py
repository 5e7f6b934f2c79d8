# A background thread started while the app loads; the view asks whether it is alive.
import os
import threading
import time

THREAD = None
OWNER = 0


def tick():
    while True:
        time.sleep(0.5)


def start():
    global THREAD, OWNER
    OWNER = os.getpid()
    THREAD = threading.Thread(target=tick, daemon=True)
    THREAD.start()
