"""Run every benchmark in turn; each prints JSON lines ({"name", "value", "unit", "size"}).

`make bench` calls this (after starting PostgreSQL and Redis if they are down). The
per-feature benchmarks (bench_*.py) come first, then the load test, which needs PostgreSQL and
wrk. A benchmark that fails is reported and the rest still run; the exit status says whether
all of them succeeded. BENCH_ONLY=load_test,bench_matching runs only the scripts named.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    scripts = sorted(HERE.glob("bench_*.py")) + [HERE / "load_test.py"]
    only = {name.strip() for name in os.environ.get("BENCH_ONLY", "").split(",") if name.strip()}
    unknown = only - {script.stem for script in scripts}
    if unknown:
        print(f"BENCH_ONLY names no benchmark: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    if only:
        scripts = [script for script in scripts if script.stem in only]
    failed = []
    for script in scripts:
        started = time.monotonic()
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent, check=False)
        elapsed = round(time.monotonic() - started, 1)
        print(
            json.dumps(
                {
                    "name": f"{script.stem}.exit_status",
                    "value": result.returncode,
                    "unit": "code",
                    "size": None,
                    "seconds": elapsed,
                }
            ),
            flush=True,
        )
        if result.returncode:
            failed.append(script.name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
