#!/usr/bin/env bash
# Regenerate docs/images/sample-page-1.png and sample-page-last.png: the first and the last page
# (signature and date) of a rendered example, as office staff see them.
# Needs LibreOffice (soffice), pdftoppm (poppler-utils) and free Chinese fonts:
#   apt-get install libreoffice-writer-nogui poppler-utils fonts-noto-cjk fonts-liberation2
# `zongjie render -o x.pdf` converts through LibreOffice with zongjie's font substitution table
# (zongjie/pdf.py: 仿宋_GB2312/方正小标宋简体 → Noto Serif CJK, 黑体 → Noto Sans CJK, 楷体 → AR PL UKai
# where installed; the office faces themselves wherever they are installed).
# Run from the project root:  bash docs/sample-page.sh [facts.yaml]
set -euo pipefail
facts=${1:-data_examples/shisidaogou-2019-special.yaml}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
zongjie=${ZONGJIE:-.venv/bin/zongjie}
"$zongjie" render "$facts" -o "$work/sample.pdf"
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/sample.pdf" docs/images/sample-page-1
last=$(pdfinfo "$work/sample.pdf" | awk '/^Pages:/ {print $2}')
pdftoppm -png -r 80 -f "$last" -l "$last" -singlefile "$work/sample.pdf" docs/images/sample-page-last
echo "wrote docs/images/sample-page-1.png, docs/images/sample-page-last.png"
# the formal parts: a report with 版头, 附件 (the built-in 党员结构 table) and 版记
formal=data_examples/zhengshi-gongwen-2024.yaml
"$zongjie" render "$formal" -o "$work/formal.pdf"
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$work/formal.pdf" docs/images/formal-page-1
last=$(pdfinfo "$work/formal.pdf" | awk '/^Pages:/ {print $2}')
pdftoppm -png -r 60 -f 3 -l 3 -singlefile "$work/formal.pdf" docs/images/formal-attachment
pdftoppm -png -r 60 -f "$last" -l "$last" -singlefile "$work/formal.pdf" docs/images/formal-page-last
echo "wrote docs/images/formal-page-1.png, formal-attachment.png, formal-page-last.png"
