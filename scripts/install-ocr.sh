#!/usr/bin/env bash
# install-ocr.sh installs what image OCR needs: the tesseract command with
# simplified and traditional Chinese language data, and Noto CJK fonts (the
# demo shop stamps its image claims with NotoSansCJK). Idempotent: it exits
# at once when tesseract already lists chi_sim and chi_tra and the font is
# there. Needs root (or sudo).
set -euo pipefail

FONT=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

present() {
	command -v tesseract >/dev/null 2>&1 || return 1
	[ -f "$FONT" ] || return 1
	local langs
	langs=$(tesseract --list-langs 2>&1) || return 1
	grep -qx chi_sim <<<"$langs" && grep -qx chi_tra <<<"$langs"
}

if present; then
	exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive

install() {
	$SUDO apt-get update
	$SUDO apt-get install -y --no-install-recommends \
		tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-chi-tra fonts-noto-cjk
}

# Mirrors hiccup; one retry, then give up loudly.
if ! install; then
	echo "install-ocr: first attempt failed, retrying once" >&2
	sleep 5
	install
fi

if ! present; then
	echo "install-ocr: tesseract or its chi_sim/chi_tra data is still missing" >&2
	exit 1
fi
tesseract --version 2>&1 | head -n 1
