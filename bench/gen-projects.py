#!/usr/bin/env python3
"""Writes a CSV of N made-up project rows for the import benchmark.

Usage: bench/gen-projects.py N OUT.csv

Each row is one project with a stable id, an organization (300 of them),
a province and a district (P-codes and names from data/places.csv), a sector,
a title, a budget and people reached, as a 3W with projects would have.
Deterministic: the same N gives the same file.
"""
import csv
import random
import sys

n = int(sys.argv[1])
out = sys.argv[2]
rnd = random.Random(20240401)
districts = []
provinces = {}
with open("data/places.csv", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        if row["level"] == "1":
            provinces[row["pcode"]] = row["name_en"]
        elif row["level"] == "2":
            districts.append((row["parent_pcode"], row["pcode"], row["name_en"]))
sectors = ["Health", "WASH", "Nutrition", "Protection", "Education in Emergencies",
           "Food Security and Agriculture", "Emergency Shelter and Non-Food Items"]
orgs = [("Benchmark Organization %03d" % i, "BO%03d" % i,
         "National NGO" if i % 3 else "International NGO") for i in range(300)]
words = ["community", "health", "water", "schools", "women", "returnees", "winter",
         "livelihoods", "nutrition", "protection", "cash", "shelter", "clinics"]
with open(out, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(["id", "Organization", "Acronym", "Org type", "Province code", "Province",
                "District code", "District", "Sector", "Project title", "Budget", "Currency",
                "Female reached", "Male reached"])
    for i in range(n):
        org = orgs[rnd.randrange(len(orgs))]
        prov, dist, dname = districts[rnd.randrange(len(districts))]
        title = "%s for %s in %s %d" % (" ".join(rnd.sample(words, 3)).capitalize(),
                                        rnd.choice(["families", "children", "villages"]),
                                        dname, i)
        w.writerow(["BENCH-%07d" % i, org[0], org[1], org[2], prov, provinces[prov], dist,
                    dname, rnd.choice(sectors), title, rnd.randrange(10000, 2000000), "USD",
                    rnd.randrange(0, 5000), rnd.randrange(0, 5000)])
