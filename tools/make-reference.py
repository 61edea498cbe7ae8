#!/usr/bin/env python3
"""make-reference.py — derive Hamahang's reference tables from the shared data.

Usage (from the repository root; this is what `make data` runs):

    python3 tools/make-reference.py ../shared/data

The argument is the shared data folder; without it, ../shared/data next to
the repository root is used. Python 3 standard library only.

Reads (under the shared data folder):
    gazetteer/af-admin.csv, af-admin-altnames.csv, af-admin1-crosswalk.csv
    gazetteer/source/ocha-global-pcodes-afg.csv
    gazetteer/source/agcho-2018-adm1-attributes.csv, agcho-2018-adm2-attributes.csv
    gazetteer/source/iec-province-key-2019.csv, iec-district-key-2019.csv,
                     iec-district-code-keyfile-2019.csv
    gazetteer/source/abubaker47-provinces-and-districts.json
    coordination/afg/afg-clusters.csv, coordination/organization-types.csv
    iati/codelists/csv/Sector.csv, Currency.csv

Writes (under data/ of this repository; UTF-8, comma-separated, header row,
quotes only where needed, LF line ends, rows sorted by code):
    regions.csv, places.csv, sectors.csv, org_kinds.csv, currencies.csv,
    target_groups.csv, relation_kinds.csv

Where each table comes from is described in data/SOURCES.md. The program
never reads the shared folder at run time; only this script does. The output
is deterministic: running the script twice gives identical files. It stops
with a message and exit status 1 when a source does not look as expected
(for example a chosen DAC purpose code missing from the IATI codelist).
"""

import csv
import json
import os
import sys
import unicodedata

# ---------------------------------------------------------------------------
# CHOSEN BY THE PROJECT
#
# Everything in this section is a choice made by the Hamahang project, not
# something read from a source file: the Dari (prs) and Pashto (pus) names of
# sectors, organization kinds, target groups, relation kinds and regions, the
# thematic sectors, the DAC purpose codes assigned to each sector, and the
# OCHA organization type matched to each organization kind. The script
# checks every DAC code and OCHA type id against the source codelists.
# An empty string means "no name chosen" (the program falls back to English).
# Pashto is given only where the term is standard and certain.
# ---------------------------------------------------------------------------

ZWNJ = "\u200c"  # zero-width non-joiner, part of Dari spelling (e.g. ماین‌پاکی)

# Clusters, areas of responsibility and common services: the codes and English
# names come from coordination/afg/afg-clusters.csv; the names in Dari and
# Pashto and the DAC purpose codes (primary code first) are chosen here.
CLUSTER_CHOICES = {
    # code: (name_prs, name_pus, dac_codes)
    "EiE": ("تعلیم در حالات اضطرار", "", ["72012", "11220", "11260"]),
    "ESNFI": ("سرپناه اضطراری و مواد غیرغذایی", "", ["72010", "73010"]),
    "FSAC": ("امنیت غذایی و زراعت", "د خوړو امنیت او کرنه",
             ["72040", "52010", "43072", "31161", "31163"]),
    "HEALTH": ("صحت", "روغتیا", ["72011", "12220", "12230", "12250", "13020"]),
    "NUTRITION": ("تغذیه", "تغذیه", ["12240", "72011"]),
    "PROTECTION": ("حمایت", "", ["72010", "15160"]),
    "WASH": ("آب، حفظ" + ZWNJ + "الصحه و بهداشت", "",
             ["14030", "14031", "14032", "14021", "14022", "12261"]),
    "CP": ("حمایت از اطفال", "د ماشومانو ساتنه", ["72010", "15160", "15261"]),
    "GBV": ("خشونت مبتنی بر جندر", "", ["15180"]),
    "HLP": ("مسکن، زمین و ملکیت", "", ["43031", "43041", "16030"]),
    "MA": ("ماین" + ZWNJ + "پاکی", "", ["15250"]),
    "AVIATION": ("خدمات هوایی", "", ["72050"]),
    "COORDINATION": ("هماهنگی", "همغږي", ["72050"]),
}

# Thematic areas: codes, names and DAC purpose codes all chosen here.
THEMES = [
    # (code, name_en, name_prs, name_pus, dac_codes)
    ("WOMEN_RIGHTS", "Women's rights and gender equality",
     "حقوق زنان و برابری جنسیتی", "د ښځو حقونه", ["15170", "15180"]),
    ("GOVERNANCE", "Governance and anti-corruption",
     "حکومتداری و مبارزه با فساد", "", ["15113", "15150", "15110", "15185"]),
    ("PEACEBUILDING", "Peacebuilding and social cohesion",
     "صلح" + ZWNJ + "سازی و انسجام اجتماعی", "سوله جوړونه", ["15220"]),
    ("ENVIRONMENT", "Environment and natural resources",
     "محیط زیست و منابع طبیعی", "چاپېریال",
     ["41010", "41020", "41030", "31220", "14015"]),
    ("LIVELIHOODS", "Livelihoods and economic empowerment",
     "معیشت و توانمندسازی اقتصادی", "", ["16020", "32130", "32140", "24040"]),
    ("AGRICULTURE", "Agriculture", "زراعت", "کرنه",
     ["31120", "31161", "31163", "31166", "31195"]),
    ("LEGAL_AID", "Legal aid and access to justice",
     "کمک" + ZWNJ + "های حقوقی و دسترسی به عدالت", "", ["15130"]),
    ("CAPACITY_BUILDING", "Capacity building of civil society",
     "ظرفیت" + ZWNJ + "سازی جامعه مدنی", "", ["15150"]),
    ("HUMAN_RIGHTS", "Human rights", "حقوق بشر", "بشري حقونه", ["15160"]),
    ("VOCATIONAL_TRAINING", "Vocational and skills training",
     "آموزش" + ZWNJ + "های حرفه" + ZWNJ + "ای و مهارتی", "مسلکي روزنه", ["11330"]),
]

# The afg-clusters.csv `type` column, as a sector kind.
CLUSTER_KIND = {
    "cluster": "cluster",
    "area of responsibility": "aor",
    "common service": "service",
}

# Organization kinds. ocha is the HR.info id in coordination/organization-types.csv,
# or "" where no OCHA type fits.
ORG_KINDS = [
    # (code, name_en, name_prs, name_pus, ocha)
    ("ngo_national", "National NGO", "موسسه غیر دولتی ملی", "ملي نادولتي موسسه", "441"),
    ("ngo_international", "International NGO",
     "موسسه غیر دولتی بین" + ZWNJ + "المللی", "نړیواله نادولتي موسسه", "437"),
    ("cso", "Civil society organization / association",
     "نهاد جامعه مدنی / انجمن", "د مدني ټولنې بنسټ", ""),
    ("network", "Network", "شبکه", "شبکه", ""),
    ("coordination_body", "Coordination body", "نهاد هماهنگ" + ZWNJ + "کننده", "", ""),
    ("cluster", "Cluster", "کلستر", "کلستر", ""),
    ("working_group", "Working group", "گروه کاری", "کاري ډله", ""),
    ("un_agency", "UN agency", "اداره ملل متحد", "د ملګرو ملتونو اداره", "447"),
    ("donor_government", "Donor government / embassy",
     "دولت تمویل" + ZWNJ + "کننده / سفارت", "", "433"),
    ("foundation", "Foundation", "بنیاد", "بنسټ", ""),
    ("ministry", "Ministry", "وزارت", "وزارت", "435"),
    ("provincial_department", "Provincial department", "ریاست ولایتی", "ولایتي ریاست", "435"),
    ("private", "Private sector", "سکتور خصوصی", "خصوصي سکتور", "444"),
    ("academic", "Academic / research", "نهاد علمی و تحقیقاتی", "", "431"),
    ("media", "Media", "رسانه", "رسنۍ", "439"),
    ("red_cross", "Red Cross / Red Crescent", "صلیب سرخ / هلال احمر", "سور صلیب / سره میاشت", "445"),
    ("other", "Other", "سایر", "نور", "443"),
]

TARGET_GROUPS = [
    # (code, name_en, name_prs, name_pus)
    ("women", "Women", "زنان", "ښځې"),
    ("girls", "Girls", "دختران", "نجونې"),
    ("men", "Men", "مردان", "نارینه"),
    ("boys", "Boys", "پسران", "هلکان"),
    ("youth", "Youth", "جوانان", "ځوانان"),
    ("children", "Children", "اطفال", "ماشومان"),
    ("idps", "Internally displaced people (IDPs)", "بیجاشدگان داخلی", "کورني بې ځایه شوي"),
    ("returnees", "Returnees", "عودت" + ZWNJ + "کنندگان", "راستانه شوي"),
    ("host_community", "Host community", "جامعه میزبان", "کوربه ټولنه"),
    ("pwd", "People with disabilities", "اشخاص دارای معلولیت", ""),
    ("widows", "Widows", "بیوه" + ZWNJ + "زنان", "کونډې"),
    ("survivors_violence", "Survivors of violence", "بازماندگان خشونت", ""),
    ("farmers", "Farmers", "دهقانان", "بزګران"),
    ("community_leaders", "Community leaders and elders", "بزرگان و رهبران محلی", "محلي مشران"),
    ("students", "Students", "شاگردان و محصلان", "زده کوونکي او محصلین"),
    ("csos", "Civil society activists and organizations",
     "فعالان و نهادهای جامعه مدنی", "د مدني ټولنې فعالان او بنسټونه"),
    ("government_staff", "Government staff", "کارمندان دولت", "دولتي کارکوونکي"),
    ("rangers", "Rangers", "", ""),
    ("refugees", "Refugees", "مهاجرین", "کډوال"),
    ("nomads", "Nomads (Kuchis)", "کوچی" + ZWNJ + "ها", "کوچیان"),
]

RELATION_KINDS = [
    # (code, name_en, name_prs, name_pus)
    ("member_of", "Member of", "عضو", "غړی"),
    ("certified_member_of", "Certified member of", "عضو تأییدشده", ""),
    ("partner", "Partner of", "شریک", ""),
    ("funded_by", "Funded by", "تمویل" + ZWNJ + "شده توسط", ""),
    ("mentored_by", "Mentored by", "تحت رهنمایی", ""),
    ("advised_by", "Advised by", "", ""),
    ("mou_with", "Memorandum of understanding with", "تفاهم" + ZWNJ + "نامه با", ""),
    ("recognized_by", "Recognized by", "به رسمیت شناخته" + ZWNJ + "شده توسط", ""),
]

# Regions: the English names come from the crosswalk. Its `region_prs`
# column (from AGCHO's REG_DA) is written in Pashto, not Dari (ختیځه, لویدیځه,
# سهیل, لوړه are Pashto words), so it becomes name_pus, and the Dari names
# below are chosen here.
REGION_PRS = {
    "CR": "حوزه مرکزی",
    "CH": "حوزه ارتفاعات مرکزی",
    "ER": "حوزه شرقی",
    "NE": "حوزه شمال" + ZWNJ + "شرقی",
    "NR": "حوزه شمالی",
    "SE": "حوزه جنوب" + ZWNJ + "شرقی",
    "SR": "حوزه جنوبی",
    "WR": "حوزه غربی",
}

COUNTRY = ("AF", "Afghanistan", "افغانستان")

# The district p-codes of the 2018 AGCHO/OCHA boundaries (the `2018_UNOCHA`
# codes of the IEC keyfile, ADM2_PCODE of the 2018 attributes) that mean a
# different district in the 2021 p-code list. Shared README, "Caveats":
# 2018 AF2409 was Gizab, which is AF2507 in 2021.
CODE_2018_TO_2021 = {"AF2409": "AF2507"}
# 2018 districts whose English name changed spelling in 2021 (same district).
RESPELLED_2018 = {"AF1722", "AF1727"}

# Dari alternates found in a source but left out, as plain errors of that
# source (p-code, name).
REJECTED_DARI_ALTERNATES = {
    ("AF2101", "مزار شریفد"),  # IEC 2019: a stray final letter after "Mazar-e-Sharif"
    ("AF1713", "شهری بزگ"),  # abubaker47: "Shahr-e-Buzorg" with a letter missing (بزرگ)
    ("AF3309", "دلاش و جواین"),  # abubaker47: a stray letter before "Lash"
}

# Spot checks of the result (p-code, an alternate name that must be present).
SPOT_CHECKS = [
    ("AF24", "Daikundi"),
    ("AF2802", "Khwaja Dokoh"),
    ("AF2801", "Sheberghan"),
]

EXPECTED_PROVINCES = 34
EXPECTED_DISTRICTS = 401
EXPECTED_REGIONS = 8

# ---------------------------------------------------------------------------


class SourceError(Exception):
    """A source file is missing or does not look as expected."""


def fail(msg):
    raise SourceError(msg)


def read_csv(path, skip_hxl=False):
    """Rows of a CSV file as dicts (a leading BOM is dropped)."""
    if not os.path.isfile(path):
        fail(f"missing source file: {path}")
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    if skip_hxl and rows and next(iter(rows[0].values()), "").startswith("#"):
        rows = rows[1:]
    return rows


def need_columns(rows, path, cols):
    if not rows:
        fail(f"{path}: no rows")
    missing = [c for c in cols if c not in rows[0]]
    if missing:
        fail(f"{path}: missing column(s) {', '.join(missing)}")


# -- text --------------------------------------------------------------------

BIDI_CONTROLS = {"\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d",
                 "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff"}


def clean(s):
    """NFC, bidi controls removed, spaces trimmed and collapsed."""
    s = unicodedata.normalize("NFC", s or "")
    s = "".join(c for c in s if c not in BIDI_CONTROLS)
    return " ".join(s.split())


def is_arabic_script(s):
    return any("\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufefc" for c in s)


# Letters that are spelling variants of one another in Dari writing (the
# same equivalences as the program's place-name folding).
ARABIC_VARIANTS = {
    "\u064a": "\u06cc", "\u0649": "\u06cc", "\u0626": "\u06cc", "\u06cd": "\u06cc",
    "\u06d0": "\u06cc", "\u06d2": "\u06cc",
    "\u0643": "\u06a9", "\u06aa": "\u06a9", "\u06ab": "\u06af",
    "\u0629": "\u0647", "\u06c0": "\u0647", "\u06c1": "\u0647", "\u06c2": "\u0647",
    "\u06c3": "\u0647", "\u06d5": "\u0647", "\u06be": "\u0647",
    "\u0622": "\u0627", "\u0623": "\u0627", "\u0625": "\u0627", "\u0671": "\u0627",
    "\u0624": "\u0648",
}
ARABIC_DROPPED = {"\u0621", "\u0640", "\u200c", "\u200d"}


def fold_arabic(s):
    """A key under which two Dari spellings count as the same: letter
    variants unified, harakat, tatweel and ZWNJ dropped, punctuation and
    spacing reduced to single spaces."""
    s = unicodedata.normalize("NFKD", clean(s))
    out = []
    for c in s:
        if unicodedata.combining(c) or c in ARABIC_DROPPED:
            continue
        c = ARABIC_VARIANTS.get(c, c)
        out.append(" " if unicodedata.category(c)[0] in "PSZ" else c)
    return " ".join("".join(out).split())


def name_key(s):
    """Dedup key: case-insensitive for Latin names, folded for Dari ones."""
    s = clean(s)
    return ("a", fold_arabic(s)) if is_arabic_script(s) else ("l", s.casefold())


def latin_key(s):
    """Loose key for matching English spellings across sources."""
    s = unicodedata.normalize("NFKD", clean(s).casefold())
    return "".join(c for c in s if c.isalnum())


# -- output ------------------------------------------------------------------

def csv_field(v):
    v = "" if v is None else str(v)
    if any(c in v for c in ',"\r\n'):
        return '"' + v.replace('"', '""') + '"'
    return v


def write_csv(path, header, rows):
    """Writes header and rows (already sorted) to path, atomically."""
    for r in rows:
        if len(r) != len(header):
            fail(f"{os.path.basename(path)}: row {r!r} has {len(r)} fields, expected {len(header)}")
    text = "".join(",".join(csv_field(v) for v in r) + "\n" for r in [header] + rows)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    os.replace(tmp, path)


# -- places ------------------------------------------------------------------

class AltNames:
    """An ordered list of alternates, deduplicated against each other and
    against the names of the place itself."""

    def __init__(self, name_en, name_prs):
        self.names = []
        self.seen = {name_key(name_en), name_key(name_prs)} - {("l", ""), ("a", "")}

    def add(self, name):
        name = clean(name)
        if not name:
            return False
        if "|" in name:
            fail(f"alternate name {name!r} contains '|'")
        k = name_key(name)
        if k in self.seen:
            return False
        self.seen.add(k)
        self.names.append(name)
        return True

    def joined(self):
        return "|".join(self.names)


def load_places(src):
    gz = os.path.join(src, "gazetteer")
    admin_path = os.path.join(gz, "af-admin.csv")
    admin = read_csv(admin_path)
    need_columns(admin, admin_path,
                 ["level", "pcode", "parent_pcode", "name_en", "name_prs", "name_pus", "alt_names"])

    cw_path = os.path.join(gz, "af-admin1-crosswalk.csv")
    crosswalk = read_csv(cw_path)
    need_columns(crosswalk, cw_path,
                 ["pcode", "name_en", "iso3166_2", "iso_name_en", "region_code", "region_en", "region_prs"])
    cw = {r["pcode"]: r for r in crosswalk}

    long_path = os.path.join(gz, "af-admin-altnames.csv")
    long_alts = read_csv(long_path)
    need_columns(long_alts, long_path, ["pcode", "alt_name", "sources"])

    provinces = {r["pcode"]: r for r in admin if r["level"] == "1"}
    districts = {r["pcode"]: r for r in admin if r["level"] == "2"}
    if len(provinces) != EXPECTED_PROVINCES:
        fail(f"{admin_path}: {len(provinces)} provinces, expected {EXPECTED_PROVINCES}")
    if len(districts) != EXPECTED_DISTRICTS:
        fail(f"{admin_path}: {len(districts)} districts, expected {EXPECTED_DISTRICTS}")
    if len(provinces) + len(districts) != len(admin):
        fail(f"{admin_path}: rows with a level other than 1 or 2")
    for p, r in districts.items():
        if r["parent_pcode"] not in provinces or not p.startswith(r["parent_pcode"]):
            fail(f"{admin_path}: district {p} has parent {r['parent_pcode']!r}, not a province")
    for p, r in provinces.items():
        if r["parent_pcode"]:
            fail(f"{admin_path}: province {p} has a parent")
        if p not in cw:
            fail(f"{cw_path}: no row for province {p}")
        if cw[p]["name_en"] != r["name_en"]:
            fail(f"{cw_path}: {p} is {cw[p]['name_en']!r} but {r['name_en']!r} in af-admin.csv")
    for r in admin:
        if r["name_pus"]:
            fail(f"{admin_path}: {r['pcode']} has a Pashto name; this script assumes none")

    # The 2021 OCHA p-code list must name the same places.
    ocha_path = os.path.join(gz, "source", "ocha-global-pcodes-afg.csv")
    ocha = {r["P-Code"]: r for r in read_csv(ocha_path)}
    for p, r in list(provinces.items()) + list(districts.items()):
        o = ocha.get(p)
        if not o or o["Name"] != r["name_en"]:
            fail(f"{ocha_path}: {p} {r['name_en']!r} is not in the OCHA p-code list as such")

    places = {}
    for p, r in {**provinces, **districts}.items():
        alts = AltNames(r["name_en"], r["name_prs"])
        for a in r["alt_names"].split("|"):
            alts.add(a)
        places[p] = {"row": r, "alts": alts}

    # The CLDR English name of the province's ISO 3166-2 code.
    for p in provinces:
        places[p]["alts"].add(cw[p]["iso_name_en"])
    # The long-form alternates, where af-admin.csv lacks one.
    for r in long_alts:
        if r["pcode"] not in places:
            fail(f"{long_path}: unknown p-code {r['pcode']}")
        places[r["pcode"]]["alts"].add(r["alt_name"])

    notes = []
    dari = collect_dari_alternates(src, provinces, districts, notes)
    dari_added = 0
    for p, name in dari:
        if (p, clean(name)) in REJECTED_DARI_ALTERNATES:
            continue
        if places[p]["alts"].add(name):
            dari_added += 1

    # Regions.
    regions = {}
    for r in crosswalk:
        code = r["region_code"]
        reg = (r["region_en"], r["region_prs"])
        if regions.setdefault(code, reg) != reg:
            fail(f"{cw_path}: region {code} has two different names")
    if len(regions) != EXPECTED_REGIONS:
        fail(f"{cw_path}: {len(regions)} regions, expected {EXPECTED_REGIONS}")
    if set(regions) != set(REGION_PRS):
        fail(f"{cw_path}: region codes {sorted(regions)} differ from the chosen Dari names {sorted(REGION_PRS)}")
    # The crosswalk's regions must agree with the AGCHO attribute table.
    a1_path = os.path.join(gz, "source", "agcho-2018-adm1-attributes.csv")
    for r in read_csv(a1_path):
        if r["ADM1_PCODE"] in cw and r["REG_PCODE"] != cw[r["ADM1_PCODE"]]["region_code"]:
            fail(f"{a1_path}: {r['ADM1_PCODE']} is in region {r['REG_PCODE']}, "
                 f"the crosswalk says {cw[r['ADM1_PCODE']]['region_code']}")

    region_rows = sorted([code, en, REGION_PRS[code], prs_as_pus]
                         for code, (en, prs_as_pus) in regions.items())

    place_rows = [[COUNTRY[0], "0", "", "", COUNTRY[1], COUNTRY[2], "", ""]]
    for p in sorted(places):
        r = places[p]["row"]
        prov = p if r["level"] == "1" else r["parent_pcode"]
        parent = COUNTRY[0] if r["level"] == "1" else r["parent_pcode"]
        place_rows.append([p, r["level"], parent, cw[prov]["region_code"], r["name_en"],
                           clean(r["name_prs"]), "", places[p]["alts"].joined()])
    place_rows.sort(key=lambda row: row[0])

    # Checks of the result.
    codes = {row[0] for row in place_rows}
    for row in place_rows:
        if row[2] and row[2] not in codes:
            fail(f"places: {row[0]} has parent {row[2]}, which is not a place")
    for p, alt in SPOT_CHECKS:
        if alt not in places[p]["alts"].names:
            fail(f"places: {p} lacks the alternate name {alt!r}")
    return region_rows, place_rows, dari_added, notes


def collect_dari_alternates(src, provinces, districts, notes):
    """(p-code, Dari name) pairs from the source files, in a fixed order:
    AGCHO 2018 attributes, IEC 2019 province and district keys, abubaker47."""
    gz = os.path.join(src, "gazetteer", "source")
    out = []

    def matches_english(r, name):
        k = latin_key(name)
        return k and k in {latin_key(x) for x in [r["name_en"]] + r["alt_names"].split("|") if x}

    # AGCHO/OCHA COD-AB 2018: the Dari name and the Dari ALT fields.
    a1_path = os.path.join(gz, "agcho-2018-adm1-attributes.csv")
    a1 = read_csv(a1_path)
    need_columns(a1, a1_path, ["ADM1_PCODE", "ADM1_EN", "ADM1_DA", "ADM1ALT1DA", "ADM1ALT2DA"])
    for r in a1:
        p = r["ADM1_PCODE"]
        if p not in provinces:
            fail(f"{a1_path}: unknown province {p}")
        for col in ("ADM1_DA", "ADM1ALT1DA", "ADM1ALT2DA"):
            out.append((p, r[col]))

    a2_path = os.path.join(gz, "agcho-2018-adm2-attributes.csv")
    a2 = read_csv(a2_path)
    need_columns(a2, a2_path, ["ADM2_PCODE", "ADM2_EN", "ADM2_DA", "ADM2ALT1DA", "ADM2ALT2DA"])
    for r in a2:
        p = district_2021(r["ADM2_PCODE"], r["ADM2_EN"], districts, a2_path)
        for col in ("ADM2_DA", "ADM2ALT1DA", "ADM2ALT2DA"):
            out.append((p, r[col]))

    # IEC 2019 province key: codes are the OCHA province numbers.
    pk_path = os.path.join(gz, "iec-province-key-2019.csv")
    pk = read_csv(pk_path)
    need_columns(pk, pk_path, ["province_code", "province_name_eng", "province_name_dari"])
    for r in pk:
        p = "AF" + r["province_code"].zfill(2)
        if p not in provinces or not matches_english(provinces[p], r["province_name_eng"]):
            fail(f"{pk_path}: province {r['province_code']} {r['province_name_eng']!r} "
                 f"does not match {p}")
        out.append((p, r["province_name_dari"]))

    # IEC 2019 district key, through the keyfile's 2019 IEC -> 2018 OCHA codes.
    kf_path = os.path.join(gz, "iec-district-code-keyfile-2019.csv")
    kf = read_csv(kf_path)
    need_columns(kf, kf_path, ["2019_IEC_district_code", "2018_UNOCHA_district_code",
                               "2018_UNOCHA_district_name_eng"])
    iec_to_2018 = {}
    for r in kf:
        if r["2018_UNOCHA_district_code"].startswith("AF"):
            iec_to_2018[r["2019_IEC_district_code"]] = (r["2018_UNOCHA_district_code"],
                                                        r["2018_UNOCHA_district_name_eng"])
    dk_path = os.path.join(gz, "iec-district-key-2019.csv")
    dk = read_csv(dk_path)
    need_columns(dk, dk_path, ["district_code", "district_name_eng", "district_name_dari"])
    done = set()
    for r in dk:
        code = r["district_code"].zfill(4)
        if code in done:
            continue  # city nahias repeat their district
        done.add(code)
        if code not in iec_to_2018:
            continue  # an IEC district without an OCHA p-code
        p2018, name2018 = iec_to_2018[code]
        p = district_2021(p2018, name2018, districts, kf_path)
        if not matches_english(districts[p], r["district_name_eng"]):
            notes.append(f"IEC 2019 district {code} {r['district_name_eng']!r} is mapped to "
                         f"{p} {districts[p]['name_en']!r} but its English name is not among "
                         f"that district's names; its Dari name was not used")
            continue
        out.append((p, r["district_name_dari"]))

    # abubaker47: provinces and districts matched on their English name
    # (to exactly one place, within the province for districts).
    ab_path = os.path.join(gz, "abubaker47-provinces-and-districts.json")
    if not os.path.isfile(ab_path):
        fail(f"missing source file: {ab_path}")
    with open(ab_path, encoding="utf-8") as f:
        ab = json.load(f)
    for prov in ab:
        hits = [p for p, r in provinces.items() if matches_english(r, prov.get("name", ""))]
        if len(hits) != 1:
            notes.append(f"abubaker47 province {prov.get('name')!r} matches {hits or 'no province'}; skipped")
            continue
        pc = hits[0]
        out.append((pc, prov.get("nameFa", "")))
        for d in prov.get("districts", []):
            dh = [p for p, r in districts.items()
                  if r["parent_pcode"] == pc and matches_english(r, d.get("name", ""))]
            if len(dh) == 1:
                out.append((dh[0], d.get("nameFa", "")))
    return [(p, n) for p, n in out if clean(n) and is_arabic_script(n)]


def district_2021(p2018, name2018, districts, path):
    """The 2021 district p-code for a 2018 one, checked by name."""
    p = CODE_2018_TO_2021.get(p2018, p2018)
    r = districts.get(p)
    if r is None:
        fail(f"{path}: 2018 district {p2018} has no 2021 counterpart")
    names = {latin_key(x) for x in [r["name_en"]] + r["alt_names"].split("|") if x}
    if latin_key(name2018) not in names and p2018 not in RESPELLED_2018:
        fail(f"{path}: 2018 district {p2018} {name2018!r} does not look like 2021 {p} {r['name_en']!r}")
    return p


# -- vocabularies ------------------------------------------------------------

def load_sectors(src):
    sec_path = os.path.join(src, "iati", "codelists", "csv", "Sector.csv")
    dac = read_csv(sec_path)
    need_columns(dac, sec_path, ["code", "name", "status"])
    dac_status = {r["code"]: r["status"] for r in dac}

    def check_dac(sector, codes):
        if not codes:
            fail(f"sector {sector}: no DAC purpose code chosen")
        if len(set(codes)) != len(codes):
            fail(f"sector {sector}: a DAC purpose code is listed twice")
        for c in codes:
            if c not in dac_status:
                fail(f"sector {sector}: DAC purpose code {c} is not in {sec_path}")
            if dac_status[c] != "active":
                fail(f"sector {sector}: DAC purpose code {c} is {dac_status[c]} in {sec_path}")
        return "|".join(codes)

    cl_path = os.path.join(src, "coordination", "afg", "afg-clusters.csv")
    clusters = read_csv(cl_path)
    need_columns(clusters, cl_path, ["afg_code", "afg_name", "type", "global_code"])
    codes = [r["afg_code"] for r in clusters]
    if set(codes) != set(CLUSTER_CHOICES) or len(codes) != len(set(codes)):
        fail(f"{cl_path}: codes {sorted(codes)} differ from the chosen {sorted(CLUSTER_CHOICES)}")

    rows = []
    for r in clusters:
        kind = CLUSTER_KIND.get(r["type"])
        if kind is None:
            fail(f"{cl_path}: unknown type {r['type']!r} for {r['afg_code']}")
        prs, pus, dacs = CLUSTER_CHOICES[r["afg_code"]]
        rows.append([r["afg_code"], kind, r["afg_name"], prs, pus, r["global_code"],
                     check_dac(r["afg_code"], dacs)])
    for code, en, prs, pus, dacs in THEMES:
        if code in CLUSTER_CHOICES:
            fail(f"theme {code} clashes with a cluster code")
        rows.append([code, "theme", en, prs, pus, "", check_dac(code, dacs)])
    rows.sort(key=lambda row: row[0])
    return rows


def load_org_kinds(src):
    path = os.path.join(src, "coordination", "organization-types.csv")
    types = read_csv(path, skip_hxl=True)
    need_columns(types, path, ["HR.info ID", "Preferred Term"])
    ids = {r["HR.info ID"] for r in types}
    rows = []
    for code, en, prs, pus, ocha in ORG_KINDS:
        if ocha and ocha not in ids:
            fail(f"org kind {code}: OCHA organization type {ocha} is not in {path}")
        rows.append([code, en, prs, pus, ocha])
    rows.sort(key=lambda row: row[0])
    return rows


def load_currencies(src):
    path = os.path.join(src, "iati", "codelists", "csv", "Currency.csv")
    rows = read_csv(path)
    need_columns(rows, path, ["code", "name", "status"])
    out = sorted([r["code"], clean(r["name"])] for r in rows if r["status"] == "active")
    if not any(r[0] == "AFN" for r in out) or not any(r[0] == "USD" for r in out):
        fail(f"{path}: AFN or USD is not an active currency")
    return out


def simple_rows(table):
    rows = sorted([list(r) for r in table], key=lambda row: row[0])
    if len({r[0] for r in rows}) != len(rows):
        fail("a code is listed twice in a chosen table")
    return rows


# -- main --------------------------------------------------------------------

def main(argv):
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        print(__doc__.strip())
        return 0 if len(argv) == 2 else 2
    src = argv[1] if len(argv) == 2 else os.path.join(repo, "..", "shared", "data")
    src = os.path.abspath(src)
    if not os.path.isdir(src):
        print(f"make-reference: {src} is not a folder", file=sys.stderr)
        return 1
    out = os.path.join(repo, "data")
    os.makedirs(out, exist_ok=True)

    try:
        region_rows, place_rows, dari_added, notes = load_places(src)
        tables = [
            ("regions.csv", ["code", "name_en", "name_prs", "name_pus"], region_rows),
            ("places.csv", ["pcode", "level", "parent_pcode", "region_code", "name_en",
                            "name_prs", "name_pus", "alt_names"], place_rows),
            ("sectors.csv", ["code", "kind", "name_en", "name_prs", "name_pus",
                             "global_code", "dac_codes"], load_sectors(src)),
            ("org_kinds.csv", ["code", "name_en", "name_prs", "name_pus", "ocha_type_id"],
             load_org_kinds(src)),
            ("currencies.csv", ["code", "name_en"], load_currencies(src)),
            ("target_groups.csv", ["code", "name_en", "name_prs", "name_pus"],
             simple_rows(TARGET_GROUPS)),
            ("relation_kinds.csv", ["code", "name_en", "name_prs", "name_pus"],
             simple_rows(RELATION_KINDS)),
        ]
        for name, header, rows in tables:
            write_csv(os.path.join(out, name), header, rows)
    except SourceError as e:
        print(f"make-reference: {e}", file=sys.stderr)
        return 1

    for n in notes:
        print(f"note: {n}")
    for name, _, rows in tables:
        extra = ""
        if name == "places.csv":
            levels = [r[1] for r in rows]
            extra = (f" ({levels.count('0')} country, {levels.count('1')} provinces, "
                     f"{levels.count('2')} districts; {dari_added} Dari alternates added)")
        elif name == "sectors.csv":
            kinds = [r[1] for r in rows]
            extra = " (" + ", ".join(f"{kinds.count(k)} {k}" for k in
                                     ("cluster", "aor", "service", "theme")) + ")"
        print(f"data/{name}: {len(rows)} rows{extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
