#!/usr/bin/env bash
# Regenerate docs/images/sample-page-1.png: page 1 of a rendered example, as office staff see it.
# Needs LibreOffice (soffice), pdftoppm (poppler-utils) and free Chinese fonts, which stand in
# for the office faces through a temporary fontconfig file (仿宋/小标宋 → Noto Serif CJK,
# 黑体 → Noto Sans CJK, 楷体 → AR PL UKai):
#   apt-get install libreoffice-writer-nogui poppler-utils fonts-noto-cjk fonts-arphic-ukai
# Run from the project root:  bash docs/sample-page.sh [facts.yaml]
set -euo pipefail
facts=${1:-data_examples/shisidaogou-2019-special.yaml}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
zongjie=${ZONGJIE:-.venv/bin/zongjie}
alias() { printf '  <alias binding="same"><family>%s</family><prefer><family>%s</family></prefer></alias>\n' "$1" "$2"; }
{
  echo '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
  echo '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
  alias "仿宋_GB2312" "Noto Serif CJK SC"; alias "仿宋" "Noto Serif CJK SC"
  alias "方正小标宋简体" "Noto Serif CJK SC"; alias "黑体" "Noto Sans CJK SC"
  alias "楷体_GB2312" "AR PL UKai CN"; alias "楷体" "AR PL UKai CN"; alias "宋体" "Noto Serif CJK SC"
  echo '</fontconfig>'
} > "$work/fonts.conf"
export FONTCONFIG_FILE="$work/fonts.conf"
"$zongjie" render "$facts" -o "$work/sample.docx"
soffice --headless "-env:UserInstallation=file://$work/lo" --convert-to pdf --outdir "$work" "$work/sample.docx" >/dev/null
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/sample.pdf" docs/images/sample-page-1
echo "wrote docs/images/sample-page-1.png"
