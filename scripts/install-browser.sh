#!/usr/bin/env bash
# install-browser.sh installs what the reports package's browser test needs:
# Debian's chromium (headless rendering of the HTML report) and Noto CJK
# fonts (so Chinese text renders in screenshots). Idempotent: it exits at
# once when /usr/bin/chromium is already there. Needs root (or sudo).
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
	exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive

install() {
	$SUDO apt-get update
	$SUDO apt-get install -y chromium fonts-noto-cjk
}

# Mirrors hiccup; one retry, then give up loudly.
if ! install; then
	echo "install-browser: first attempt failed, retrying once" >&2
	sleep 5
	install
fi

/usr/bin/chromium --version
