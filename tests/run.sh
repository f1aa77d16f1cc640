#!/usr/bin/env bash
# Sets up everything the test suite needs on a fresh Debian machine and runs it.
#   - Debian packages: umockdev (fake sysfs/udev/usbfs), usbutils, stlink-tools, dfu-util, avrdude, openocd, udev,
#     util-linux (setpriv, unshare), iproute2 (ip), tcl (tclsh: OpenOCD scripts checked in tests/test_hostile_actions.py), and for tests/test_entry_commands.py (the tools entries tell
#     people to run): ifupdown (ifquery), stm32flash, dfu-programmer, dosfstools (mkfs.vfat), kmod, psmisc (fuser); zsh, fish, groff-base, man-db (doctor's completion scripts and man page, tests/test_cli_conventions.py)
#   - a virtual environment in .venv with doctor installed editable and the test extras
# Extra arguments go to pytest (e.g. bash tests/run.sh -k cases).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(umockdev usbutils stlink-tools dfu-util avrdude openocd udev libusb-1.0-0 util-linux iproute2 ifupdown stm32flash dfu-programmer dosfstools kmod psmisc tcl zsh fish groff-base man-db)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=()
  if [[ $(id -u) != 0 ]]; then
    command -v sudo >/dev/null || { echo "need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  echo "installing Debian packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
export PATH="$PWD/.venv/bin:$PATH"
export DOCTOR_TEST_STRICT=1  # every tool is installed above: a test skipped for a missing one fails (tests/conftest.py)
set +e
# every core, at most four (pytest-xdist): one process left the second core of a 2-core machine idle (CI went
# from 547 s to about 300 s of tests); more than four workers only crowd the timing tests. DOCTOR_TEST_WORKERS=0
# runs the suite in one process.
workers=${DOCTOR_TEST_WORKERS:-$(nproc 2>/dev/null || echo 1)}
((workers > 4)) && workers=4
((workers < 2)) && workers=0  # one core: no worker processes at all
.venv/bin/python -m pytest -q -p no:cacheprovider -n "$workers" "$@"
rc=$?
set -e
if [[ $rc == 5 ]]; then
  echo "pytest collected no tests" >&2
  exit 1
fi
exit $rc
