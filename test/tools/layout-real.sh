#!/usr/bin/env bash
# Lays out each test/fixtures/real/docs/*.txt as .docx and .pdf with LibreOffice Writer, as
# ../shared/eval/real was made, so the development set is scored in all three formats.
# A text with pipe rows (`县(区) | … |`) goes through HTML (text-to-html.ts) so that its tables
# are printed as ruled tables, as in shared/eval/real; the others are imported as plain text.
# Needs soffice and a CJK font (Debian: libreoffice-writer-nogui fonts-noto-cjk; without the font
# the PDF carries no CJK glyphs). Only missing files are made.
set -euo pipefail
tools="$(cd "$(dirname "$0")" && pwd)"
cd "$tools/../fixtures/real/docs"
profile=$(mktemp -d)
html=$(mktemp -d)
trap 'rm -rf "$profile" "$html"' EXIT
for ext in docx pdf; do
  plain=()
  for t in *.txt; do
    [ -f "${t%.txt}.$ext" ] && continue
    if grep -qE '\|.*\|' "$t"; then
      npx tsx "$tools/text-to-html.ts" "$t" "$html/${t%.txt}.html"
      soffice --headless "-env:UserInstallation=file://$profile" --infilter="HTML (StarWriter)" --convert-to "$ext" --outdir . "$html/${t%.txt}.html" >/dev/null
    else
      plain+=("$t")
    fi
  done
  [ ${#plain[@]} -eq 0 ] && continue
  soffice --headless "-env:UserInstallation=file://$profile" --infilter="Text (encoded):UTF8" --convert-to "$ext" --outdir . "${plain[@]}" >/dev/null
done
