"""Serve all demo sites until killed: ``python -m wellness_archiver.demo_site``.

Prints one ``KEY URL`` line per site, then ``READY``, so a parent process can
read the ports from stdout before it starts crawling.
"""

from __future__ import annotations

import signal
import sys
import threading

from wellness_archiver.demo_site.server import DemoSites
from wellness_archiver.demo_site.site import SITE_KEYS


def main(argv: list[str] | None = None) -> int:
    keys = tuple(argv) if argv else SITE_KEYS
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with DemoSites(keys) as sites:
        for key, url in sites.urls.items():
            print(key, url)
        print("READY", flush=True)
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
