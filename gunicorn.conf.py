"""gunicorn's settings for the portal, read from the project's folder (`gunicorn config.wsgi` there).

The command line and GUNICORN_CMD_ARGS override them; WEB_CONCURRENCY sets the number of workers.
"""

import os

wsgi_app = "config.wsgi"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# Threads: a request waiting on PostgreSQL does not hold up the next one in its worker.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# Keep an idle connection open longer than people pause between clicks (and than a proxy's own
# idle timeout, 60 s for nginx): gunicorn's default, 2 s, closes it under the browser, whose next
# request then races the close and may fail without an answer.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
# A request longer than this is a bug or a stuck query: the worker is restarted (the biggest exports
# run in the background, not in a request).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))


def post_worker_init(worker):
    """Once a worker has loaded Django, move everything it holds out of the garbage collector's sight:
    the objects made at start-up live as long as the worker, and without this every full collection
    walks them all again (on a national dashboard, one request in ten took three times as long)."""
    import gc

    gc.collect()
    gc.freeze()
