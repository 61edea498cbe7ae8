#!/usr/bin/env python3
"""check-demo.py — check the demo data set against its format.

Usage (from the repository root):

    python3 tools/check-demo.py [data/demo.json]

Checks data/demo.json (or the file given) before it is compiled into the
program, with the same rules the demo loader and the service layer apply:

  - UTF-8 JSON, indented with spaces in steps of two;
  - every record has its required keys and no key the loader does not know;
  - organization keys are unique, and every reference to one (parent,
    registering authority, relation ends, award giver, project roles,
    meeting convener, recommendation addressee) names a defined key;
  - organization kinds, relation kinds, sector codes, target groups and
    currencies are codes of the reference tables in data/; project roles,
    statuses, visibilities and result qualifiers are from their closed lists;
  - dates are "YYYY", "YYYY-MM" or "YYYY-MM-DD" (a real calendar day) and an
    end is not before its start;
  - in a result, female + male never exceed the value, and equal it unless a
    qualifier ("more_than", "about", "at_least") says the value is not exact;
    attendance by sex adds up to the total;
  - every place is a province or district of data/places.csv (by its English
    or Dari name, an alternate spelling, or a plain spelling variant), inside
    the province given as "within".

Prints every problem and exits 1 if there is any, else prints the counts and
exits 0. Python 3 standard library only.
"""

import csv
import json
import os
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "data")

# Closed lists of the program (src/core/validate.c, src/store/store.h).
ORG_STATUSES = {"active", "inactive", "suspended", "dissolved"}
PROJECT_STATUSES = {"planned", "ongoing", "completed", "cancelled"}
ROLES = {"implementing", "funding", "intermediary"}
VISIBILITIES = {"public", "members", "restricted"}
QUALIFIERS = {"more_than", "about", "at_least"}
REC_STATUSES = {"open", "in_progress", "done", "dropped"}

# Length caps in code points (src/core/model.h).
NAME_MAX, TITLE_MAX, TEXT_MAX, CODE_MAX = 300, 500, 20000, 64

# Keys the loader accepts, per record; "required" ones must be present.
ORG_KEYS = {"key", "name_en", "name_prs", "name_pus", "acronym", "aliases", "kind", "parent",
            "registration", "tin", "website", "description", "staff_total", "staff_female",
            "women_led", "status", "visibility", "source", "offices", "sectors"}
ORG_REQUIRED = {"key", "name_en", "kind"}
REG_KEYS = {"authority", "number", "date"}
OFFICE_KEYS = {"place", "within", "main", "note"}
REL_KEYS = {"from", "kind", "to", "start", "end", "note", "source"}
REL_REQUIRED = {"from", "kind", "to"}
AWARD_KEYS = {"org", "title", "by", "by_name", "year", "note", "source"}
AWARD_REQUIRED = {"org", "title"}
PROJECT_KEYS = {"key", "title_en", "title_prs", "title_pus", "description_en", "description_prs",
                "description_pus", "orgs", "status", "start", "end", "budget", "currency",
                "sectors", "places", "targets", "visibility", "results", "source",
                "conflicts_note"}
PROJECT_REQUIRED = {"key", "title_en", "orgs", "visibility"}
PORG_KEYS = {"org", "role"}
PLACE_KEYS = {"place", "within", "villages", "note"}
RESULT_KEYS = {"indicator", "value", "qualifier", "unit", "female", "male", "girls", "boys",
               "period_start", "period_end", "source", "note"}
RESULT_REQUIRED = {"indicator", "value", "source"}
MEETING_KEYS = {"key", "convened_by", "date", "place", "topic", "attendance_total",
                "attendance_male", "attendance_female", "participants_note", "agenda", "notes",
                "source", "recommendations"}
MEETING_REQUIRED = {"key", "topic"}
REC_KEYS = {"text", "addressed_to", "addressed_org", "status", "due_date"}
REC_REQUIRED = {"text"}

KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class Checker:
    def __init__(self):
        self.errors = []
        self.notes = []

    def err(self, where, message):
        self.errors.append("%s: %s" % (where, message))

    def note(self, where, message):
        self.notes.append("%s: %s" % (where, message))


def read_codes(name, column="code"):
    with open(os.path.join(DATA, name), encoding="utf-8", newline="") as f:
        return {row[column] for row in csv.DictReader(f)}


# ---- places ----------------------------------------------------------------

def fold(text):
    """Case-folded, accents and punctuation dropped, single spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    text = text.replace("ي", "ی").replace("ك", "ک").replace("\u200c", " ")
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def loose(text):
    """A plain spelling key for Latin names: vowels, y, w and a silent final
    h dropped, q read as k, doubled letters once (Daikundi = Daykundi,
    Khawaja Dako = Khwaja Dukoh). Empty for other scripts."""
    words = fold(text).split()
    if not words or not all(re.fullmatch(r"[a-z0-9]+", w) for w in words):
        return ""
    out = []
    for w in words:
        if len(w) > 2 and w.endswith("h") and w[-2] in "aeiou":
            w = w[:-1]
        w = w.replace("q", "k")
        w = re.sub(r"[aeiouyw]", "", w)
        out.append(w)
    return re.sub(r"(.)\1+", r"\1", "".join(out))


class Gazetteer:
    def __init__(self):
        self.places = {}
        self.by_name = {}
        self.by_loose = {}
        with open(os.path.join(DATA, "places.csv"), encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                level = int(row["level"])
                if level == 0:
                    continue
                self.places[row["pcode"]] = row
                names = [row["name_en"], row["name_prs"], row["name_pus"]]
                names += row["alt_names"].split("|") if row["alt_names"] else []
                for n in names:
                    if not n:
                        continue
                    self.by_name.setdefault(fold(n), set()).add(row["pcode"])
                    k = loose(n)
                    if k:
                        self.by_loose.setdefault(k, set()).add(row["pcode"])

    def inside(self, pcode, ancestor):
        while pcode:
            if pcode == ancestor:
                return True
            pcode = self.places.get(pcode, {}).get("parent_pcode", "")
        return False

    def resolve(self, name, within=None):
        """(pcode, how) or (None, reason). within is a province P-code."""
        for how, found in (("name", self.by_name.get(fold(name), set())),
                           ("spelling variant", self.by_loose.get(loose(name), set()))):
            if within:
                found = {p for p in found if self.inside(p, within)}
            if not found:
                continue
            if len(found) == 2:
                # A province and its district of the same name (Kabul, Balkh):
                # the province, unless "within" names that province.
                a, b = sorted(found, key=lambda p: len(p))
                if self.places[b]["parent_pcode"] == a:
                    return (b if within == a else a), how
            if len(found) == 1:
                return next(iter(found)), how
            return None, "names more than one place: " + ", ".join(sorted(found))
        return None, "is not a province or district of data/places.csv"

    def province(self, name):
        pcode, how = self.resolve(name)
        if pcode and int(self.places[pcode]["level"]) == 1:
            return pcode
        return None

    def label(self, pcode):
        row = self.places[pcode]
        return "%s %s" % (row["name_en"], pcode)


# ---- field checks ------------------------------------------------------------

def parse_date(text):
    """(first_day, last_day) as ordinals, or None when not a partial date."""
    import datetime
    m = DATE_RE.match(text) if isinstance(text, str) else None
    if not m:
        return None
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    if not 1000 <= y <= 2999:
        return None
    try:
        if d:
            day = datetime.date(y, int(mo), int(d)).toordinal()
            return day, day
        if mo:
            first = datetime.date(y, int(mo), 1)
            nxt = datetime.date(y + (int(mo) == 12), int(mo) % 12 + 1, 1)
            return first.toordinal(), nxt.toordinal() - 1
        return datetime.date(y, 1, 1).toordinal(), datetime.date(y, 12, 31).toordinal()
    except ValueError:
        return None


def check_keys(c, where, obj, allowed, required):
    if not isinstance(obj, dict):
        c.err(where, "must be an object")
        return False
    for k in sorted(set(obj) - allowed):
        c.err(where, "unknown key '%s'" % k)
    for k in sorted(required - set(obj)):
        c.err(where, "missing required key '%s'" % k)
    return True


def check_text(c, where, obj, field, cap, required=False):
    v = obj.get(field)
    if v is None:
        if required:
            c.err(where, "'%s' is required" % field)
        return
    if not isinstance(v, str):
        c.err(where, "'%s' must be a string" % field)
    elif not v.strip():
        c.err(where, "'%s' is empty" % field)
    elif len(v) > cap:
        c.err(where, "'%s' is longer than %d characters" % (field, cap))


def check_date(c, where, obj, field):
    v = obj.get(field)
    if v is None:
        return None
    span = parse_date(v)
    if span is None:
        c.err(where, "'%s' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD: %r" % (field, v))
    return span


def check_span(c, where, obj, start, end):
    a, b = check_date(c, where, obj, start), check_date(c, where, obj, end)
    if a and b and b[1] < a[0]:
        c.err(where, "'%s' is before '%s'" % (end, start))


def check_count(c, where, obj, field):
    v = obj.get(field)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int) or v < 0:
        c.err(where, "'%s' must be a whole number not below zero" % field)
        return None
    return v


def check_codes(c, where, obj, field, codes, what):
    v = obj.get(field)
    if v is None:
        return
    if not isinstance(v, list):
        c.err(where, "'%s' must be a list" % field)
        return
    if len(set(map(str, v))) != len(v):
        c.err(where, "'%s' repeats an entry" % field)
    for item in v:
        if item not in codes:
            c.err(where, "'%s': %r is not a known %s" % (field, item, what))


def check_ref(c, where, obj, field, keys, required=False):
    v = obj.get(field)
    if v is None:
        if required:
            c.err(where, "'%s' is required" % field)
        return
    if v not in keys:
        c.err(where, "'%s' names no organization key: %r" % (field, v))


def check_place(c, where, item, gaz):
    place = item.get("place")
    if not isinstance(place, str) or not place.strip():
        c.err(where, "'place' is required")
        return
    within = None
    if "within" in item:
        within = gaz.province(item["within"]) if isinstance(item["within"], str) else None
        if not within:
            c.err(where, "'within' is not a province: %r" % item.get("within"))
            return
    pcode, how = gaz.resolve(place, within)
    if not pcode and within and gaz.resolve(place)[0]:
        c.err(where, "place %r is not inside %s" % (place, gaz.label(within)))
    elif not pcode:
        c.err(where, "place %r %s" % (place, how))
    elif how != "name":
        c.note(where, "%r read as %s (%s)" % (place, gaz.label(pcode), how))


# ---- records -----------------------------------------------------------------

def check_orgs(c, orgs, ref, gaz):
    keys = {}
    for i, o in enumerate(orgs):
        where = "orgs[%d]" % i
        if not check_keys(c, where, o, ORG_KEYS, ORG_REQUIRED):
            continue
        k = o.get("key")
        if not isinstance(k, str) or not KEY_RE.match(k):
            c.err(where, "'key' must be lowercase letters, digits, '_' or '-'")
        elif k in keys:
            c.err(where, "key %r repeated" % k)
        else:
            keys[k] = o
            where = "org %s" % k
        for f in ("name_en", "name_prs", "name_pus", "website"):
            check_text(c, where, o, f, NAME_MAX, f == "name_en")
        check_text(c, where, o, "acronym", CODE_MAX)
        check_text(c, where, o, "tin", CODE_MAX)
        check_text(c, where, o, "description", TEXT_MAX)
        check_text(c, where, o, "source", TITLE_MAX)
        if o.get("kind") not in ref["org_kinds"]:
            c.err(where, "'kind' %r is not a known kind of organization" % o.get("kind"))
        aliases = o.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            c.err(where, "'aliases' must be a list of names")
        if "status" in o and o["status"] not in ORG_STATUSES:
            c.err(where, "'status' %r is not one of %s" % (o["status"], sorted(ORG_STATUSES)))
        if o.get("visibility", "public") not in VISIBILITIES:
            c.err(where, "'visibility' %r is not one of %s" % (o.get("visibility"), sorted(VISIBILITIES)))
        if "women_led" in o and o["women_led"] is not None and not isinstance(o["women_led"], bool):
            c.err(where, "'women_led' must be true or false")
        total, female = check_count(c, where, o, "staff_total"), check_count(c, where, o, "staff_female")
        if total is not None and female is not None and female > total:
            c.err(where, "'staff_female' exceeds 'staff_total'")
        reg = o.get("registration")
        if reg is not None and check_keys(c, where + " registration", reg, REG_KEYS, set()):
            check_text(c, where + " registration", reg, "number", CODE_MAX)
            check_date(c, where + " registration", reg, "date")
        offices = o.get("offices", [])
        if not isinstance(offices, list):
            c.err(where, "'offices' must be a list")
            offices = []
        mains = 0
        for j, f in enumerate(offices):
            w = "%s offices[%d]" % (where, j)
            if check_keys(c, w, f, OFFICE_KEYS, {"place"}):
                if "main" in f and not isinstance(f["main"], bool):
                    c.err(w, "'main' must be true or false")
                mains += f.get("main") is True
                check_text(c, w, f, "note", TEXT_MAX)
                check_place(c, w, f, gaz)
        if mains > 1:
            c.err(where, "more than one main office")
        check_codes(c, where, o, "sectors", ref["sectors"], "sector")
    # Parents and registering authorities: defined, not the record itself, no cycle.
    for k, o in keys.items():
        where = "org %s" % k
        check_ref(c, where, o, "parent", keys)
        reg = o.get("registration")
        if isinstance(reg, dict):
            check_ref(c, where + " registration", reg, "authority", keys)
        seen, p = {k}, o.get("parent")
        while p in keys:
            if p in seen:
                c.err(where, "parents form a cycle")
                break
            seen.add(p)
            p = keys[p].get("parent")
    return keys


def check_relations(c, relations, ref, keys):
    seen = set()
    for i, r in enumerate(relations):
        where = "relations[%d]" % i
        if not check_keys(c, where, r, REL_KEYS, REL_REQUIRED):
            continue
        check_ref(c, where, r, "from", keys, True)
        check_ref(c, where, r, "to", keys, True)
        if r.get("from") == r.get("to"):
            c.err(where, "'from' and 'to' are the same organization")
        if r.get("kind") not in ref["relation_kinds"]:
            c.err(where, "'kind' %r is not a known kind of relation" % r.get("kind"))
        check_span(c, where, r, "start", "end")
        check_text(c, where, r, "note", TEXT_MAX)
        check_text(c, where, r, "source", TITLE_MAX)
        t = (r.get("from"), r.get("kind"), r.get("to"))
        if t in seen:
            c.err(where, "repeats the relation %s %s %s" % t)
        seen.add(t)


def check_awards(c, awards, keys):
    for i, a in enumerate(awards):
        where = "awards[%d]" % i
        if not check_keys(c, where, a, AWARD_KEYS, AWARD_REQUIRED):
            continue
        check_ref(c, where, a, "org", keys, True)
        check_ref(c, where, a, "by", keys)
        check_text(c, where, a, "title", TITLE_MAX, True)
        check_text(c, where, a, "by_name", NAME_MAX)
        check_text(c, where, a, "note", TEXT_MAX)
        check_text(c, where, a, "source", TITLE_MAX)
        y = a.get("year")
        if y is not None and (isinstance(y, bool) or not isinstance(y, int) or not 1900 <= y <= 2999):
            c.err(where, "'year' is not a plausible year")


def check_result(c, where, r):
    if not check_keys(c, where, r, RESULT_KEYS, RESULT_REQUIRED):
        return
    check_text(c, where, r, "indicator", TITLE_MAX, True)
    check_text(c, where, r, "unit", CODE_MAX)
    check_text(c, where, r, "source", TITLE_MAX, True)
    check_text(c, where, r, "note", TEXT_MAX)
    value = r.get("value")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        c.err(where, "'value' must be a number not below zero")
        value = None
    q = r.get("qualifier")
    if q is not None and q not in QUALIFIERS:
        c.err(where, "'qualifier' %r is not one of %s" % (q, sorted(QUALIFIERS)))
    parts = {f: check_count(c, where, r, f) for f in ("female", "male", "girls", "boys")}
    f, m = parts["female"], parts["male"]
    if value is not None:
        if f is not None and m is not None:
            if f + m > value:
                c.err(where, "female + male (%d) exceed the value %s" % (f + m, value))
            elif f + m < value and q is None:
                c.err(where, "female + male (%d) fall short of the value %s without a qualifier"
                      % (f + m, value))
        for name in ("female", "male"):
            if parts[name] is not None and parts[name] > value:
                c.err(where, "'%s' exceeds the value" % name)
    if parts["girls"] is not None and f is not None and parts["girls"] > f:
        c.err(where, "'girls' exceeds 'female'")
    if parts["boys"] is not None and m is not None and parts["boys"] > m:
        c.err(where, "'boys' exceeds 'male'")
    check_span(c, where, r, "period_start", "period_end")


def check_projects(c, projects, ref, keys, gaz):
    seen = set()
    results = 0
    for i, p in enumerate(projects):
        where = "projects[%d]" % i
        if not check_keys(c, where, p, PROJECT_KEYS, PROJECT_REQUIRED):
            continue
        k = p.get("key")
        if not isinstance(k, str) or not KEY_RE.match(k):
            c.err(where, "'key' must be lowercase letters, digits, '_' or '-'")
        elif k in seen:
            c.err(where, "key %r repeated" % k)
        else:
            seen.add(k)
            where = "project %s" % k
        for f in ("title_en", "title_prs", "title_pus"):
            check_text(c, where, p, f, TITLE_MAX, f == "title_en")
        for f in ("description_en", "description_prs", "description_pus", "conflicts_note"):
            check_text(c, where, p, f, TEXT_MAX)
        check_text(c, where, p, "source", TITLE_MAX)
        if "status" in p and p["status"] not in PROJECT_STATUSES:
            c.err(where, "'status' %r is not one of %s" % (p["status"], sorted(PROJECT_STATUSES)))
        if p.get("visibility") not in VISIBILITIES:
            c.err(where, "'visibility' %r is not one of %s" % (p.get("visibility"), sorted(VISIBILITIES)))
        check_span(c, where, p, "start", "end")
        budget, currency = p.get("budget"), p.get("currency")
        if budget is not None:
            if isinstance(budget, bool) or not isinstance(budget, (int, float)) or budget < 0:
                c.err(where, "'budget' must be a number not below zero")
            if currency is None:
                c.err(where, "'currency' is required with a budget")
        if currency is not None and currency not in ref["currencies"]:
            c.err(where, "'currency' %r is not a known currency code" % currency)
        porgs = p.get("orgs")
        if not isinstance(porgs, list) or not porgs:
            c.err(where, "'orgs' must list at least one organization")
            porgs = []
        pairs = set()
        for j, po in enumerate(porgs):
            w = "%s orgs[%d]" % (where, j)
            if check_keys(c, w, po, PORG_KEYS, PORG_KEYS):
                check_ref(c, w, po, "org", keys, True)
                if po.get("role") not in ROLES:
                    c.err(w, "'role' %r is not one of %s" % (po.get("role"), sorted(ROLES)))
                if (po.get("org"), po.get("role")) in pairs:
                    c.err(w, "repeats an organization in the same role")
                pairs.add((po.get("org"), po.get("role")))
        check_codes(c, where, p, "sectors", ref["sectors"], "sector")
        check_codes(c, where, p, "targets", ref["target_groups"], "target group")
        places = p.get("places", [])
        if not isinstance(places, list):
            c.err(where, "'places' must be a list")
            places = []
        for j, pl in enumerate(places):
            w = "%s places[%d]" % (where, j)
            if check_keys(c, w, pl, PLACE_KEYS, {"place"}):
                check_count(c, w, pl, "villages")
                check_text(c, w, pl, "note", TEXT_MAX)
                check_place(c, w, pl, gaz)
        res = p.get("results", [])
        if not isinstance(res, list):
            c.err(where, "'results' must be a list")
            res = []
        for j, r in enumerate(res):
            check_result(c, "%s results[%d]" % (where, j), r)
        results += len(res)
    return results


OBLIGATION_KEYS = {"org", "authority", "frequency", "calendar", "start_date", "grace_days", "source"}
REPORT_KEYS = {"org", "period_start", "period_end", "summary", "recipients", "lines", "steps"}
LINE_KEYS = {"project", "progress", "indicator", "value", "female", "male", "girls", "boys", "spending",
             "currency"}
STEP_NEXT = {None: {"submit"}, "submit": {"accept", "return"}, "return": {"submit"}, "accept": set()}


def check_reporting(c, rep, keys, project_keys, ref):
    """Obligations and reports: known organizations and projects, whole
    days, and steps in an order the service allows, each on a later day."""
    if not check_keys(c, "reporting", rep, {"obligations", "reports"}, set()):
        return 0, 0
    obligations, reports = rep.get("obligations", []), rep.get("reports", [])
    for i, o in enumerate(obligations):
        where = "reporting.obligations[%d]" % i
        check_keys(c, where, o, OBLIGATION_KEYS, {"org", "start_date"})
        for f in ("org", "authority"):
            if f in o and o[f] not in keys:
                c.err(where, "'%s' names no organization key: %r" % (f, o[f]))
        if o.get("frequency", "half_year") not in ("monthly", "quarterly", "half_year", "yearly"):
            c.err(where, "unknown frequency %r" % o.get("frequency"))
        if o.get("calendar", "gregorian") not in ("gregorian", "solar_hijri"):
            c.err(where, "unknown calendar %r" % o.get("calendar"))
        span = check_date(c, where, o, "start_date")
        if span and span[0] != span[1]:
            c.err(where, "'start_date' must be a whole day")
    for i, r in enumerate(reports):
        where = "reporting.reports[%d]" % i
        check_keys(c, where, r, REPORT_KEYS, {"org", "period_start", "period_end", "lines"})
        if r.get("org") not in keys:
            c.err(where, "'org' names no organization key: %r" % r.get("org"))
        check_span(c, where, r, "period_start", "period_end")
        for k in r.get("recipients", []):
            if k not in keys:
                c.err(where, "recipient names no organization key: %r" % k)
        for j, line in enumerate(r.get("lines", [])):
            lw = "%s.lines[%d]" % (where, j)
            check_keys(c, lw, line, LINE_KEYS, set())
            if "project" in line and line["project"] not in project_keys:
                c.err(lw, "'project' names no project key: %r" % line["project"])
            if "spending" in line and line.get("currency") not in ref["currencies"]:
                c.err(lw, "spending needs a known currency")
        last, last_day = None, None
        for j, step in enumerate(r.get("steps", [])):
            sw = "%s.steps[%d]" % (where, j)
            check_keys(c, sw, step, {"on", "do", "comments"}, {"on", "do"})
            if step.get("do") not in STEP_NEXT.get(last, set()):
                c.err(sw, "'%s' cannot follow %s" % (step.get("do"), last or "a draft"))
            if step.get("do") == "return" and not step.get("comments"):
                c.err(sw, "a return needs comments")
            day = check_date(c, sw, step, "on")
            if day and last_day and day[0] < last_day:
                c.err(sw, "steps must be in date order")
            last, last_day = step.get("do"), day[0] if day else last_day
    return len(obligations), len(reports)


def check_meetings(c, meetings, keys, gaz):
    seen = set()
    recs = 0
    for i, m in enumerate(meetings):
        where = "meetings[%d]" % i
        if not check_keys(c, where, m, MEETING_KEYS, MEETING_REQUIRED):
            continue
        k = m.get("key")
        if not isinstance(k, str) or not KEY_RE.match(k):
            c.err(where, "'key' must be lowercase letters, digits, '_' or '-'")
        elif k in seen:
            c.err(where, "key %r repeated" % k)
        else:
            seen.add(k)
            where = "meeting %s" % k
        check_ref(c, where, m, "convened_by", keys)
        check_date(c, where, m, "date")
        check_text(c, where, m, "topic", TITLE_MAX, True)
        for f in ("participants_note", "notes"):
            check_text(c, where, m, f, TEXT_MAX)
        check_text(c, where, m, "source", TITLE_MAX)
        if "place" in m:
            check_place(c, where, {"place": m["place"]}, gaz)
        t, f, ml = (check_count(c, where, m, x) for x in
                    ("attendance_total", "attendance_female", "attendance_male"))
        if t is not None and f is not None and ml is not None and f + ml != t:
            c.err(where, "attendance by sex (%d + %d) does not equal the total %d" % (f, ml, t))
        agenda = m.get("agenda", [])
        if not isinstance(agenda, list) or not all(isinstance(a, str) and a.strip() for a in agenda):
            c.err(where, "'agenda' must be a list of items")
        rl = m.get("recommendations", [])
        if not isinstance(rl, list):
            c.err(where, "'recommendations' must be a list")
            rl = []
        for j, r in enumerate(rl):
            w = "%s recommendations[%d]" % (where, j)
            if not check_keys(c, w, r, REC_KEYS, REC_REQUIRED):
                continue
            check_text(c, w, r, "text", TEXT_MAX, True)
            check_text(c, w, r, "addressed_to", TITLE_MAX)
            check_ref(c, w, r, "addressed_org", keys)
            if r.get("status", "open") not in REC_STATUSES:
                c.err(w, "'status' %r is not one of %s" % (r.get("status"), sorted(REC_STATUSES)))
            check_date(c, w, r, "due_date")
        recs += len(rl)
    return recs


def main(argv):
    path = argv[1] if len(argv) > 1 else os.path.join(DATA, "demo.json")
    c = Checker()
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        print("%s: not UTF-8 (%s)" % (path, e))
        return 1
    try:
        doc = json.loads(text)
    except ValueError as e:
        print("%s: not JSON (%s)" % (path, e))
        return 1
    for n, line in enumerate(text.split("\n"), 1):
        indent = len(line) - len(line.lstrip(" "))
        if line.startswith("\t") or indent % 2:
            c.err("line %d" % n, "indentation is not in steps of two spaces")
    if not text.endswith("\n"):
        c.err(path, "does not end with a newline")

    ref = {
        "org_kinds": read_codes("org_kinds.csv"),
        "relation_kinds": read_codes("relation_kinds.csv"),
        "sectors": read_codes("sectors.csv"),
        "target_groups": read_codes("target_groups.csv"),
        "currencies": read_codes("currencies.csv"),
    }
    gaz = Gazetteer()

    if not check_keys(c, "top level", doc, {"orgs", "relations", "awards", "projects", "meetings", "reporting"},
                      {"orgs", "relations", "awards", "projects", "meetings"}):
        doc = {}
    lists = {}
    for name in ("orgs", "relations", "awards", "projects", "meetings"):
        v = doc.get(name, [])
        if not isinstance(v, list):
            c.err("top level", "'%s' must be a list" % name)
            v = []
        lists[name] = v

    keys = check_orgs(c, lists["orgs"], ref, gaz)
    check_relations(c, lists["relations"], ref, keys)
    check_awards(c, lists["awards"], keys)
    results = check_projects(c, lists["projects"], ref, keys, gaz)
    recs = check_meetings(c, lists["meetings"], keys, gaz)
    project_keys = {p.get("key") for p in lists["projects"] if isinstance(p, dict)}
    n_obligations, n_reports = check_reporting(c, doc.get("reporting", {}), keys, project_keys, ref)

    for n in c.notes:
        print("note: " + n)
    if c.errors:
        for e in c.errors:
            print("error: " + e)
        print("%s: %d problem(s)" % (os.path.relpath(path), len(c.errors)))
        return 1
    print("%s: ok — %d organizations, %d relations, %d awards, %d projects, %d results, "
          "%d meetings, %d recommendations, %d reporting obligations, %d reports"
          % (os.path.relpath(path), len(lists["orgs"]), len(lists["relations"]), len(lists["awards"]),
             len(lists["projects"]), results, len(lists["meetings"]), recs, n_obligations, n_reports))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
