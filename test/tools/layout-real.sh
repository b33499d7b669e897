#!/usr/bin/env bash
# Lays out each test/fixtures/real/docs/*.txt as .docx and .pdf with LibreOffice Writer, as
# ../shared/eval/real was made, so the development set is scored in all three formats.
# Needs soffice and a CJK font (Debian: libreoffice-writer-nogui fonts-noto-cjk; without the font
# the PDF carries no CJK glyphs). Only missing files are made.
set -euo pipefail
cd "$(dirname "$0")/../fixtures/real/docs"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
for ext in docx pdf; do
  todo=()
  for t in *.txt; do [ -f "${t%.txt}.$ext" ] || todo+=("$t"); done
  [ ${#todo[@]} -eq 0 ] && continue
  soffice --headless "-env:UserInstallation=file://$profile" --infilter="Text (encoded):UTF8" --convert-to "$ext" --outdir . "${todo[@]}" >/dev/null
done
