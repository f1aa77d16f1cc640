#!/usr/bin/env bash
# Runs tests/test_entry_commands.py against the tool versions of another Debian release: `bash tests/old_tools.sh`
# (or `bullseye`) takes Debian 11 / Raspberry Pi OS Bullseye's dfu-util 0.9, avrdude 6.3, stlink-tools 1.6.1,
# OpenOCD 0.11, stm32flash 0.5, dfu-programmer 0.6.1 and util-linux 2.36.1's lsblk; `bash tests/old_tools.sh trixie`
# Debian 13's stlink-tools 1.8.0. The commands the knowledge entries print must work there too. Optional (CI runs
# the installed versions); needs apt and network. Extra arguments after the suite go to pytest.
# The packages are downloaded with apt into a temporary directory and unpacked there: nothing is installed, the
# system's apt sources and lists are not touched.
set -euo pipefail
cd "$(dirname "$0")/.."
suite=${1:-bullseye}
[[ $# -gt 0 ]] && shift
case $suite in
  bullseye) want=(dfu-util avrdude stlink-tools libstlink1 openocd libjim0.79 util-linux libsmartcols1 libmount1 libblkid1
                  stm32flash dfu-programmer) ;;
  trixie) want=(stlink-tools libstlink1) ;;
  *) echo "usage: $0 [bullseye|trixie] [pytest arguments]" >&2; exit 4 ;;
esac
work=$(mktemp -d /tmp/doctor-old-tools.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/debs" "$work/root" "$work/bin"
echo "deb http://deb.debian.org/debian $suite main" > "$work/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null -o "Dir::State::Lists=$work/lists"
          -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= -o APT::Sandbox::User=root)
apt-get "${apt_opts[@]}" update -qq
versions() { apt-cache "${apt_opts[@]}" madison "$1" | awk -v s="$2" '$0 ~ s {print $3; exit}'; }
pkgs=()
for p in "${want[@]}"; do
  v=$(versions "$p" "$suite")
  [[ -n $v ]] || { echo "no $suite version of $p" >&2; exit 1; }
  pkgs+=("$p=$v")
done
(cd "$work/debs" && apt-get "${apt_opts[@]}" download -qq "${pkgs[@]}")
for d in "$work"/debs/*.deb; do dpkg-deb -x "$d" "$work/root"; done
r=$work/root
lib="$r/usr/lib/x86_64-linux-gnu:$r/lib/x86_64-linux-gnu:$r/usr/lib/$(uname -m)-linux-gnu:$r/lib/$(uname -m)-linux-gnu"
wrap() { printf '#!/bin/sh\nLD_LIBRARY_PATH=%s exec %s %s "$@"\n' "$lib" "$2" "${3:-}" > "$work/bin/$1"; chmod +x "$work/bin/$1"; }
only=()
[[ -x $r/usr/bin/dfu-util ]] && { wrap dfu-util "$r/usr/bin/dfu-util"; only+=(dfu-util); }
[[ -x $r/usr/bin/st-flash ]] && { wrap st-flash "$r/usr/bin/st-flash"; wrap st-info "$r/usr/bin/st-info"; only+=(st-flash st-info); }
[[ -x $r/usr/bin/openocd ]] && { wrap openocd "$r/usr/bin/openocd" "-s $r/usr/share/openocd/scripts"; only+=(openocd); }
[[ -x $r/usr/bin/avrdude ]] && { wrap avrdude "$r/usr/bin/avrdude" "-C $r/etc/avrdude.conf"; only+=(avrdude); }
[[ -x $r/bin/lsblk ]] && { wrap lsblk "$r/bin/lsblk"; only+=(lsblk); }
[[ -x $r/usr/bin/stm32flash ]] && { wrap stm32flash "$r/usr/bin/stm32flash"; only+=(stm32flash); }
[[ -x $r/usr/bin/dfu-programmer ]] && { wrap dfu-programmer "$r/usr/bin/dfu-programmer"; only+=(dfu-programmer); }
for t in dfu-util st-flash openocd; do [[ -x $work/bin/$t ]] && { "$work/bin/$t" --version 2>&1 | head -1 || true; }; done
[[ -x $work/bin/avrdude ]] && { "$work/bin/avrdude" -? 2>&1 | tail -1 || true; }
filter=$(printf ' or %s' "${only[@]}"); filter=${filter# or }
DOCTOR_OLD_TOOLS=$suite PATH="$work/bin:$PATH" .venv/bin/python -m pytest -q -p no:cacheprovider tests/test_entry_commands.py \
  -k "$filter" "$@"
