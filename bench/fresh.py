"""Run a command in a fresh Python process and measure it: wall and CPU time, and its own peak RSS."""

import resource
import subprocess
import sys
import time

# The child reports its own peak RSS (VmHWM starts afresh at exec; getrusage would also count the fork
# of a big parent process).
CHILD = """
import atexit, runpy, sys
def peak():
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM"):
                print("PEAK_RSS_KB", line.split()[1], file=sys.stderr)
    except OSError:
        pass
atexit.register(peak)
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def run_fresh(script: str, args: list[str], env: dict, timeout: float | None = None) -> dict:
    """`python script args...` in a new process: {"seconds", "cpu", "peak_mb" (None without /proc), "stdout",
    "timed_out"}. Exits with the child's error output if it fails; a child still running after `timeout`
    seconds is killed, and only its time is known."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, script, *args], env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return {"seconds": time.perf_counter() - started, "cpu": None, "peak_mb": None, "stdout": "", "timed_out": True}
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(done.stderr)
    peak = next((line.split()[1] for line in done.stderr.splitlines() if line.startswith("PEAK_RSS_KB")), None)
    return {
        "seconds": seconds,
        "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "peak_mb": int(peak) / 1024 if peak else None,
        "stdout": done.stdout,
        "timed_out": False,
    }
