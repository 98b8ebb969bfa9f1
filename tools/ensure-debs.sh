#!/bin/sh
# Install the Debian packages given as arguments when any is missing.
# As root with apt-get it installs them; otherwise it prints the exact command to run.
missing=""
for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $pkg"
    fi
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing system packages:$missing (install them with your package manager)" >&2
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages. Run:" >&2
    echo "    sudo apt-get install -y$missing" >&2
    exit 1
fi
echo "Installing Debian packages:$missing"
apt-get update -qq || exit 1
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null || exit 1
