#!/bin/sh
# Makes DejaVuSans-subset.ttf from Debian's fonts-dejavu-core (apt-get install fonts-dejavu-core) with
# fontTools' pyftsubset (pip install fonttools): Latin with its extensions and combining accents, Greek,
# Cyrillic, and the punctuation, arrows and symbols the app and its data use.
set -eu
pyftsubset /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
  --unicodes="U+0020-007E,U+00A0-036F,U+0370-03FF,U+0400-04FF,U+1E00-1EFF,U+2000-206F,U+2070-209F,U+20A0-20CF,U+2100-214F,U+2190-21FF,U+2200-22FF,U+2300-23FF,U+25A0-25FF,U+2600-26FF" \
  --layout-features='*' --no-hinting --desubroutinize \
  --output-file="$(dirname "$0")/DejaVuSans-subset.ttf"
