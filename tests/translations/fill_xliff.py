"""Fill an XLIFF 2 file as a translation tool would, with translate-toolkit (the library
Weblate and Pootle read XLIFF with): every unit's target becomes PREFIX + its source, marked
translated. Used by tests/translations.rs.

Usage: fill_xliff.py IN OUT PREFIX. Prints the number of units it read.
"""

import sys

from translate.storage import xliff2

source, target, prefix = sys.argv[1:4]
with open(source, "rb") as f:
    store = xliff2.Xliff2File.parsestring(f.read())
units = [u for u in store.units if not u.isheader()]
for unit in units:
    unit.target = prefix + unit.source
    unit.markfuzzy(False)
with open(target, "wb") as f:
    f.write(bytes(store))
print(len(units))
