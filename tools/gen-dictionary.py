#!/usr/bin/env python3
"""Generate ResLens's DICOM data dictionary resource from dcmtk's dicom.dic.

Usage:
    python3 tools/gen-dictionary.py [--source /usr/share/libdcmtk17/dicom.dic]
        [--output src/main/resources/org/reslens/dicom/dictionary.tsv] [--date YYYY-MM-DD]

Run from the repository root with any python3 (standard library only). The source is dicom.dic from the Debian
package libdcmtk17 (apt-get install libdcmtk17); private.dic is deliberately not used: private tags are not PS3.6
facts and the runtime treats odd groups by rule instead. --date fixes the date written into the resource so a rerun
on an unchanged source can reproduce the file byte for byte; it defaults to today (UTC).

Output, one line per entry, sorted by tag then mask, fields separated by one TAB:
    tag  mask  VR  VM  keyword  name  retired
  tag      8 hex digits, (group << 16) | element, with the repeating ('x') digits set to 0
  mask     8 hex digits, 0 nibbles where PS3.6 writes 'x': (60xx,3000) is 60003000 / FF00FFFF
  VR       one VR, or alternatives joined with '|' in PS3.6 order ("US|SS", "OB|OW", "US|SS|OW")
  VM       as in PS3.6 ("1", "1-n", "2-2n")
  keyword  PS3.6 keyword (dcmtk's RETIRED_ prefix removed; the retired column says it instead)
  name     words of the keyword (see "Names" below)
  retired  1 when PS3.6 marks the attribute retired, else 0
Lines starting with '#' are comments.

Decisions:
  * dcmtk pseudo-VRs become the VRs PS3.6 lists: xs -> US|SS, ox and px -> OB|OW, lt -> US|OW (LUT Data) except
    Gray Lookup Table Data, which PS3.6 gives as US|SS|OW, up -> UL, na (Item and the delimiters, which have no VR in
    PS3.6 and are handled structurally by the parser) -> UN.
  * dcmtk lists a few PS3.6 repeating-element attributes as one concrete tag: (0028,04x0..3), (0028,08x0..8),
    (1000,xxx0..5) and (1010,xxxx). They are written here with PS3.6's masks.
  * dcmtk's PRIVATE, ILLEGAL and GENERIC lines (private creators, group lengths) are rules, not attributes: they
    are skipped and DataDictionary applies the rules itself.
  * Names: dicom.dic carries keywords only, not PS3.6's display names. The name column splits the keyword into
    words ("SOPClassUID" -> "SOP Class UID"); it lacks PS3.6's punctuation ("Patient's Name", "(Patient)").

Licence of the source (dicom.dic is part of DCMTK; /usr/share/doc/libdcmtk17/copyright, "Files: *", licence
OFFISeV; dicom.dic's own header: "Copyright (C) 1994-2022, OFFIS e.V. All rights reserved."). The generated
resource is a derived work and carries this notice as well:

  Copyright (C) 1994-2022, OFFIS e.V.
  All rights reserved.

  This software and supporting documentation were developed by

    OFFIS e.V.
    R&D Division Health
    Escherweg 2
    26121 Oldenburg, Germany

  Redistribution and use in source and binary forms, with or without
  modification, are permitted provided that the following conditions
  are met:
  - Redistributions of source code must retain the above copyright
    notice, this list of conditions and the following disclaimer.
  - Redistributions in binary form must reproduce the above copyright
    notice, this list of conditions and the following disclaimer in the
    documentation and/or other materials provided with the distribution.
  - Neither the name of OFFIS nor the names of its contributors may be
    used to endorse or promote products derived from this software
    without specific prior written permission.

  THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS
  "AS IS" AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT
  LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR
  A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT
  HOLDER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL,
  SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT
  LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE,
  DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY
  THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT
  (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
  OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
"""

import argparse
import datetime
import re
import sys

DEFAULT_SOURCE = "/usr/share/libdcmtk17/dicom.dic"
DEFAULT_OUTPUT = "src/main/resources/org/reslens/dicom/dictionary.tsv"

LICENCE_NOTICE = __doc__[__doc__.index("  Copyright (C) 1994-2022"):].rstrip("\n").split("\n")

REAL_VRS = set(
    "AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV".split())

PSEUDO_VRS = {"xs": "US|SS", "ox": "OB|OW", "px": "OB|OW", "lt": "US|OW", "up": "UL", "na": "UN"}

# Where PS3.6 says more than the pseudo-VR can: tag -> (expected keyword, VR alternatives).
VR_OVERRIDES = {0x00281200: ("GrayLookupTableData", "US|SS|OW")}

# PS3.6 repeating elements that dicom.dic lists as one concrete tag: tag -> (expected keyword, PS3.6 mask).
REPEATING_ELEMENTS = {
    0x00280410: ("RowsForNthOrderCoefficients", 0xFFFFFF0F),
    0x00280411: ("ColumnsForNthOrderCoefficients", 0xFFFFFF0F),
    0x00280412: ("CoefficientCoding", 0xFFFFFF0F),
    0x00280413: ("CoefficientCodingPointers", 0xFFFFFF0F),
    0x00280800: ("CodeLabel", 0xFFFFFF0F),
    0x00280802: ("NumberOfTables", 0xFFFFFF0F),
    0x00280803: ("CodeTableLocation", 0xFFFFFF0F),
    0x00280804: ("BitsForCodeWord", 0xFFFFFF0F),
    0x00280808: ("ImageDataLocation", 0xFFFFFF0F),
    0x10000010: ("EscapeTriplet", 0xFFFF000F),
    0x10000011: ("RunLengthTriplet", 0xFFFF000F),
    0x10000012: ("HuffmanTableSize", 0xFFFF000F),
    0x10000013: ("HuffmanTableTriplet", 0xFFFF000F),
    0x10000014: ("ShiftTableSize", 0xFFFF000F),
    0x10000015: ("ShiftTableTriplet", 0xFFFF000F),
    0x10100004: ("ZonalMap", 0xFFFF0000),
}

RULE_VERSIONS = {"PRIVATE", "ILLEGAL", "GENERIC"}
TAG_PART = re.compile(r"^([0-9A-Fa-f]{4})(?:-([ou])?-?([0-9A-Fa-f]{4}))?$")
# Break before a capital or digit that follows a small letter, and before the last capital of an acronym that starts
# a word ("SOPClass"), except for a plural acronym ("IDs", "UIDs").
WORD_BREAK = re.compile(r"(?<=[a-z])(?=[A-Z0-9])|(?<=[A-Z0-9])(?=[A-Z][a-z])(?![A-Z]s(?:[A-Z0-9]|$))")
# Mixed-case units and terms that the rule above tears apart.
WORD_FIXES = {"CTD Ivol": "CTDIvol", "d Bdt": "dBdt", "Inu S": "In uS"}


def fail(line_no, message):
    sys.exit(f"dicom.dic line {line_no}: {message}")


def parse_part(text, line_no):
    """One half of a tag, "6000" or "6000-60FF": returns (value with the 'x' nibbles zeroed, 16-bit mask)."""
    m = TAG_PART.match(text)
    if not m:
        fail(line_no, f"bad tag part {text!r}")
    low = int(m.group(1), 16)
    if m.group(3) is None:
        return low, 0xFFFF
    if m.group(2) is not None:
        # Only dcmtk's rule lines use -o-/-u- ranges, and those are skipped before this point.
        fail(line_no, f"odd/all range {text!r} outside a rule line")
    high = int(m.group(3), 16)
    varying = low ^ high
    mask = 0xFFFF
    for shift in (0, 4, 8, 12):
        if varying & (0xF << shift):
            mask &= ~(0xF << shift)
    # A mask only describes ranges that span whole hex digits, which is how PS3.6 writes them ("60xx").
    if low & ~mask or (high & ~mask & 0xFFFF) != (~mask & 0xFFFF):
        fail(line_no, f"range {text!r} is not a whole-digit 'xx' pattern")
    return low, mask


def parse_tag(text, line_no):
    if not (text.startswith("(") and text.endswith(")")) or text.count(",") != 1:
        fail(line_no, f"bad tag {text!r}")
    group_text, element_text = text[1:-1].split(",")
    group, group_mask = parse_part(group_text, line_no)
    element, element_mask = parse_part(element_text, line_no)
    return (group << 16) | element, (group_mask << 16) | element_mask


def words_of(keyword):
    name = WORD_BREAK.sub(" ", keyword)
    for torn, whole in WORD_FIXES.items():
        name = name.replace(torn, whole)
    return name


def read_entries(path):
    entries = {}
    keywords = set()
    with open(path, encoding="latin-1") as f:
        for line_no, raw in enumerate(f, 1):
            line = raw.rstrip("\r\n")
            if not line.strip() or line.startswith("#"):
                continue
            fields = re.split(r"\t+", line.strip())
            if len(fields) != 5:
                fail(line_no, f"expected 5 fields, found {len(fields)}")
            tag_text, vr_text, keyword, vm, version = fields
            if version in RULE_VERSIONS:
                continue
            if not version.startswith("DICOM"):
                fail(line_no, f"unexpected version {version!r}")
            tag, mask = parse_tag(tag_text, line_no)
            retired = version.endswith("/retired")
            if keyword.startswith("RETIRED_") != retired:
                fail(line_no, "RETIRED_ prefix and /retired version disagree")
            keyword = keyword[len("RETIRED_"):] if retired else keyword
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", keyword):
                fail(line_no, f"bad keyword {keyword!r}")
            if vr_text in REAL_VRS:
                vr = vr_text
            elif vr_text in PSEUDO_VRS:
                vr = PSEUDO_VRS[vr_text]
            else:
                fail(line_no, f"unknown VR {vr_text!r}")
            if tag in VR_OVERRIDES:
                expected, vr = VR_OVERRIDES[tag]
                if expected != keyword:
                    fail(line_no, f"VR override expects {expected}, found {keyword}")
            if mask == 0xFFFFFFFF and tag in REPEATING_ELEMENTS:
                expected, mask = REPEATING_ELEMENTS[tag]
                if expected != keyword:
                    fail(line_no, f"repeating-element override expects {expected}, found {keyword}")
                tag &= mask
            if not re.fullmatch(r"[0-9]+(-([0-9]*n|[0-9]+))?", vm):
                fail(line_no, f"bad VM {vm!r}")
            if (tag, mask) in entries or keyword in keywords:
                fail(line_no, f"duplicate tag or keyword {keyword}")
            keywords.add(keyword)
            entries[(tag, mask)] = (vr, vm, keyword, words_of(keyword), retired)
    for tag, (expected, _) in list(VR_OVERRIDES.items()) + list(REPEATING_ELEMENTS.items()):
        if expected not in keywords:
            sys.exit(f"override for {expected} ({tag:08X}) matched nothing: has dicom.dic changed?")
    return entries


def source_edition(path):
    """dicom.dic's own 'Generated automatically from DICOM PS 3.6-...' line, for the provenance comment."""
    with open(path, encoding="latin-1") as f:
        for line in f:
            if line.startswith("# Generated automatically from"):
                return line[2:].strip().rstrip(".")
    return "unknown PS3.6 edition"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", default=DEFAULT_SOURCE)
    parser.add_argument("--output", default=DEFAULT_OUTPUT)
    parser.add_argument("--date", default=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d"))
    args = parser.parse_args()

    entries = read_entries(args.source)
    header = [
        f"# ResLens DICOM data dictionary: {len(entries)} entries, generated {args.date} by tools/gen-dictionary.py",
        f"# from {args.source} (dcmtk, Debian libdcmtk17; {source_edition(args.source)}).",
        "# Columns: tag mask VR VM keyword name retired (hex tag with 'x' digits 0, mask 0 where PS3.6 has 'x').",
        "# Source licence (OFFIS e.V., BSD-style, see tools/gen-dictionary.py):",
    ] + [("# " + line[2:]).rstrip() for line in LICENCE_NOTICE]
    with open(args.output, "w", encoding="utf-8", newline="\n") as out:
        out.write("\n".join(header) + "\n")
        for (tag, mask), (vr, vm, keyword, name, retired) in sorted(entries.items()):
            out.write(f"{tag:08X}\t{mask:08X}\t{vr}\t{vm}\t{keyword}\t{name}\t{1 if retired else 0}\n")
    print(f"wrote {len(entries)} entries to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
