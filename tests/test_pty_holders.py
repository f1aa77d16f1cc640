"""A process that holds both ends of a pseudo-terminal is the device behind it (Klipper's Linux MCU,
`/tmp/klipper_host_mcu`; a board emulator), not a program competing for the port (issue 11). A second
process that opens the follower is a holder."""

from __future__ import annotations

import os
import subprocess
import sys

from checks.serial import holders, port_holders

# The child opens a pty pair and keeps both ends, as klipper_mcu does; prints the follower's name.
SERVER = "import os, sys, time; m, s = os.openpty(); print(os.ttyname(s), flush=True); time.sleep(60)"
CLIENT = "import os, sys, time; fd = os.open(sys.argv[1], os.O_RDWR | os.O_NOCTTY); print('open', flush=True); time.sleep(60)"


def test_the_process_behind_a_pty_is_not_its_holder() -> None:
    server = subprocess.Popen([sys.executable, "-c", SERVER], stdout=subprocess.PIPE, text=True)
    client = None
    try:
        assert server.stdout is not None
        pts = server.stdout.readline().strip()
        assert pts.startswith("/dev/pts/")
        assert port_holders(pts) == []  # only the device end: nobody competes for it
        client = subprocess.Popen([sys.executable, "-c", CLIENT, pts], stdout=subprocess.PIPE, text=True)
        assert client.stdout is not None and client.stdout.readline().strip() == "open"
        found = holders({pts})
        assert [h["pid"] for h in found.get(pts, [])] == [client.pid]
    finally:
        for p in (server, client):
            if p is not None:
                p.kill()
                p.wait()
                if p.stdout is not None:
                    p.stdout.close()


def test_fdinfo_tty_index_is_what_the_kernel_prints() -> None:
    master, follower = os.openpty()
    try:
        with open(f"/proc/self/fdinfo/{master}") as fh:
            info = fh.read()
        assert f"tty-index:\t{os.ttyname(follower).rsplit('/', 1)[1]}" in info
    finally:
        os.close(master)
        os.close(follower)
