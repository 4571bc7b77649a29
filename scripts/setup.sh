#!/usr/bin/env bash
# Installs every build, run and test dependency of cogov from Debian 12 packages.
# Safe to run again: apt-get skips what is already installed.
set -euo pipefail
packages=(
  build-essential cmake ninja-build git pkg-config clang-format clang-tidy clang libclang-rt-14-dev
  libboost-graph-dev libboost-program-options-dev libtbb-dev libhdf5-dev hdf5-tools
  less libfmt-dev catch2 libtomlplusplus-dev librandom123-dev
  python3-h5py python3-numpy python3-xarray python3-h5netcdf python3-pytest python3-matplotlib
  python3-pandas python3-scipy chromium libopenmpi-dev openmpi-bin
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages already installed"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
