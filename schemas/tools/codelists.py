#!/usr/bin/env python3
"""Write schemas/codelists/*.tsv (run by the project 2026-11-28; Python 3.11 standard library only).

    python3 schemas/tools/codelists.py [SHARED] [OUT]

SHARED is the folder that holds reference/codelists/ (default ../shared beside the repository,
i.e. /work/shared); OUT defaults to schemas/codelists/. The script is not run by the build: the
TSV files it writes are committed and embedded by src/codelists.rs.

Two kinds of list:
- DERIVED from files in Apache-2.0 or MIT repositories, read from SHARED at the commits named in
  SRC below (the commit, path and licence go into each file's header): HMRC's code lists
  (hmrc/wco-dec, hmrc/customs-declare-exports-frontend) and zbrox/iso_currency's isodata.tsv.
- AUTHORED here from the public standards (ISO 3166-1 alpha-2 codes and English short names,
  UN/ECE Recommendations 19 and 20, UN/EDIFACT 1225, the Incoterms rule names), cross-checked
  against the HMRC lists where HMRC has one (the asserts below).
Every file states per code where it comes from and how it differs from the standard (note column).
"""
import csv, json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SH = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "../../../shared")
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "../codelists")
REF = os.path.join(SH, "reference/codelists")
DATE = "2026-11-28"

WCODEC = ("hmrc/wco-dec", "d276808f97c1a3b8c3491b24c40a24974c622382", "Apache-2.0",
          "src/main/resources/uk/gov/hmrc/wco/dec/")
EXFE = ("hmrc/customs-declare-exports-frontend", "4d58275efeaa1dbef30d40c220b45c12419f17cd", "Apache-2.0",
        "conf/code-lists/")
ISOCUR = ("zbrox/iso_currency", "667b5848dc6f053ac9b67d4750168e53ed6eadf5", "MIT", "")
LOCAL = {WCODEC[0]: "hmrc__wco-dec", EXFE[0]: "hmrc__customs-declare-exports-frontend",
         ISOCUR[0]: "zbrox__iso_currency"}


def src(repo, path):
    return f"{repo[0]} @ {repo[1][:7]} {repo[3]}{path} ({repo[2]})"


def load(repo, path):
    return os.path.join(REF, LOCAL[repo[0]], repo[3], path)


def wcodec(name):
    """HMRC wco-dec list: {code: display}, cells stripped of no-break spaces."""
    rows = json.load(open(load(WCODEC, name + ".json"), encoding="utf-8"))
    return {r["value"].replace("\u00a0", " ").strip(): r["display"].replace("\u00a0", " ").strip() for r in rows}


def exfe(name):
    rows = json.load(open(load(EXFE, name + ".json"), encoding="utf-8"))
    return {r["code"].strip(): r["en"].strip() for r in rows}


def write(name, header, rows, example):
    """header: dict with title, source, commit, licence, derived, and a list of free comment lines."""
    rows = sorted(rows)
    codes = [r[0] for r in rows]
    assert len(codes) == len(set(codes)), (name, [c for c in codes if codes.count(c) > 1])
    assert example in codes, (name, example)
    for r in rows:
        assert r[0] and not any(ch.isspace() for ch in r[0]), (name, r)
        assert all("\t" not in c and "\n" not in c and not c.startswith('"') for c in r), (name, r)
    lines = []
    for key in ("title", "source", "commit", "licence", "date", "derived", "example"):
        value = {"date": DATE, "example": example}.get(key, header.get(key))
        lines.append(f"# {key}: {value}")
    lines += [f"# {l}" if l else "#" for l in header.get("notes", [])]
    lines.append("code\tname\tnote")
    lines += ["\t".join(r) for r in rows]
    with open(os.path.join(OUT, name + ".tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{name}: {len(rows)}")
    return len(rows)


# ---------------------------------------------------------------------------------------------
# country: ISO 3166-1 alpha-2 (authored: codes and English short names as the standard gives
# them, "(the)" dropped) plus the customs codes HMRC's lists carry.
ISO3166 = """AD Andorra|AE United Arab Emirates|AF Afghanistan|AG Antigua and Barbuda|AI Anguilla|AL Albania|
AM Armenia|AO Angola|AQ Antarctica|AR Argentina|AS American Samoa|AT Austria|AU Australia|AW Aruba|
AX Åland Islands|AZ Azerbaijan|BA Bosnia and Herzegovina|BB Barbados|BD Bangladesh|BE Belgium|
BF Burkina Faso|BG Bulgaria|BH Bahrain|BI Burundi|BJ Benin|BL Saint Barthélemy|BM Bermuda|
BN Brunei Darussalam|BO Bolivia (Plurinational State of)|BQ Bonaire, Sint Eustatius and Saba|BR Brazil|
BS Bahamas|BT Bhutan|BV Bouvet Island|BW Botswana|BY Belarus|BZ Belize|CA Canada|CC Cocos (Keeling) Islands|
CD Congo (Democratic Republic of the)|CF Central African Republic|CG Congo|CH Switzerland|CI Côte d'Ivoire|
CK Cook Islands|CL Chile|CM Cameroon|CN China|CO Colombia|CR Costa Rica|CU Cuba|CV Cabo Verde|CW Curaçao|
CX Christmas Island|CY Cyprus|CZ Czechia|DE Germany|DJ Djibouti|DK Denmark|DM Dominica|DO Dominican Republic|
DZ Algeria|EC Ecuador|EE Estonia|EG Egypt|EH Western Sahara|ER Eritrea|ES Spain|ET Ethiopia|FI Finland|
FJ Fiji|FK Falkland Islands (Malvinas)|FM Micronesia (Federated States of)|FO Faroe Islands|FR France|
GA Gabon|GB United Kingdom of Great Britain and Northern Ireland|GD Grenada|GE Georgia|GF French Guiana|
GG Guernsey|GH Ghana|GI Gibraltar|GL Greenland|GM Gambia|GN Guinea|GP Guadeloupe|GQ Equatorial Guinea|
GR Greece|GS South Georgia and the South Sandwich Islands|GT Guatemala|GU Guam|GW Guinea-Bissau|GY Guyana|
HK Hong Kong|HM Heard Island and McDonald Islands|HN Honduras|HR Croatia|HT Haiti|HU Hungary|ID Indonesia|
IE Ireland|IL Israel|IM Isle of Man|IN India|IO British Indian Ocean Territory|IQ Iraq|
IR Iran (Islamic Republic of)|IS Iceland|IT Italy|JE Jersey|JM Jamaica|JO Jordan|JP Japan|KE Kenya|
KG Kyrgyzstan|KH Cambodia|KI Kiribati|KM Comoros|KN Saint Kitts and Nevis|
KP Korea (Democratic People's Republic of)|KR Korea (Republic of)|KW Kuwait|KY Cayman Islands|
KZ Kazakhstan|LA Lao People's Democratic Republic|LB Lebanon|LC Saint Lucia|LI Liechtenstein|LK Sri Lanka|
LR Liberia|LS Lesotho|LT Lithuania|LU Luxembourg|LV Latvia|LY Libya|MA Morocco|MC Monaco|
MD Moldova (Republic of)|ME Montenegro|MF Saint Martin (French part)|MG Madagascar|MH Marshall Islands|
MK North Macedonia|ML Mali|MM Myanmar|MN Mongolia|MO Macao|MP Northern Mariana Islands|MQ Martinique|
MR Mauritania|MS Montserrat|MT Malta|MU Mauritius|MV Maldives|MW Malawi|MX Mexico|MY Malaysia|MZ Mozambique|
NA Namibia|NC New Caledonia|NE Niger|NF Norfolk Island|NG Nigeria|NI Nicaragua|NL Netherlands|NO Norway|
NP Nepal|NR Nauru|NU Niue|NZ New Zealand|OM Oman|PA Panama|PE Peru|PF French Polynesia|PG Papua New Guinea|
PH Philippines|PK Pakistan|PL Poland|PM Saint Pierre and Miquelon|PN Pitcairn|PR Puerto Rico|
PS Palestine, State of|PT Portugal|PW Palau|PY Paraguay|QA Qatar|RE Réunion|RO Romania|RS Serbia|
RU Russian Federation|RW Rwanda|SA Saudi Arabia|SB Solomon Islands|SC Seychelles|SD Sudan|SE Sweden|
SG Singapore|SH Saint Helena, Ascension and Tristan da Cunha|SI Slovenia|SJ Svalbard and Jan Mayen|
SK Slovakia|SL Sierra Leone|SM San Marino|SN Senegal|SO Somalia|SR Suriname|SS South Sudan|
ST Sao Tome and Principe|SV El Salvador|SX Sint Maarten (Dutch part)|SY Syrian Arab Republic|SZ Eswatini|
TC Turks and Caicos Islands|TD Chad|TF French Southern Territories|TG Togo|TH Thailand|TJ Tajikistan|
TK Tokelau|TL Timor-Leste|TM Turkmenistan|TN Tunisia|TO Tonga|TR Türkiye|TT Trinidad and Tobago|TV Tuvalu|
TW Taiwan (Province of China)|TZ Tanzania, United Republic of|UA Ukraine|UG Uganda|
UM United States Minor Outlying Islands|US United States of America|UY Uruguay|UZ Uzbekistan|VA Holy See|
VC Saint Vincent and the Grenadines|VE Venezuela (Bolivarian Republic of)|VG Virgin Islands (British)|
VI Virgin Islands (U.S.)|VN Viet Nam|VU Vanuatu|WF Wallis and Futuna|WS Samoa|YE Yemen|YT Mayotte|
ZA South Africa|ZM Zambia|ZW Zimbabwe"""
iso3166 = dict(e.strip().split(" ", 1) for e in ISO3166.replace("\n", "").split("|"))
assert len(iso3166) == 249, len(iso3166)

# Customs codes (not ISO 3166-1 country codes), each with the list(s) that carry it.
SHELF = "Continental Shelf (North-West European), {} sector"
CUSTOMS = {
    "EU": ("European Union", "exceptionally reserved in ISO 3166-1, not a country code; CDS: wco-dec"),
    "XC": ("Ceuta", "EU geonomenclature code, not ISO 3166-1 (ISO: part of ES); CDS: exports-frontend"),
    "XI": ("United Kingdom (Northern Ireland)", "EU geonomenclature code since 2021 (Commission Implementing "
           "Regulation (EU) 2020/1470), also the prefix of Northern Ireland EORIs; not ISO 3166-1; "
           "in neither HMRC list: authored"),
    "XK": ("Kosovo", "user-assigned code used by the EU for Kosovo (UNSCR 1244), not ISO 3166-1; CDS: wco-dec, "
           "exports-frontend"),
    "XL": ("Melilla", "EU geonomenclature code, not ISO 3166-1 (ISO: part of ES); CDS: wco-dec, exports-frontend"),
    "XS": ("Serbia (former EU code)", "former EU geonomenclature code for Serbia, now RS; not ISO 3166-1; "
           "CDS: wco-dec, exports-frontend"),
}
for code, sector in [("ZB", "Belgian"), ("ZC", "Greek"), ("ZD", "Danish"), ("ZE", "Irish"), ("ZF", "French"),
                     ("ZG", "German"), ("ZH", "Netherlands"), ("ZJ", "Cyprus"), ("ZK", "Finnish"),
                     ("ZL", "Italian"), ("ZN", "Norwegian"), ("ZS", "Swedish"), ("ZU", "United Kingdom")]:
    CUSTOMS[code] = (SHELF.format(sector), "UK customs code for a continental-shelf sector, unassigned in "
                     "ISO 3166-1; CDS: exports-frontend")

wc_country, fe_country = wcodec("country-codes"), exfe("countryCodes")
for code in set(wc_country) | set(fe_country):
    assert code in iso3166 or code in CUSTOMS, f"HMRC country {code} neither ISO nor a known customs code"
assert not set(CUSTOMS) & set(iso3166)
rows = [(c, n, "") for c, n in iso3166.items()] + [(c, n, note) for c, (n, note) in CUSTOMS.items()]
write("country", {
    "title": "Countries and territories: ISO 3166-1 alpha-2 plus customs codes",
    "source": "ISO 3166-1 alpha-2 (authored from the standard); customs codes from "
              f"{src(WCODEC, 'country-codes.json')} and {src(EXFE, 'countryCodes.json')}",
    "commit": f"{WCODEC[0]} {WCODEC[1]}; {EXFE[0]} {EXFE[1]}",
    "licence": "codes and short names of ISO 3166-1 are published facts (authored here); HMRC lists Apache-2.0",
    "derived": "schemas/tools/codelists.py: the 249 ISO 3166-1 alpha-2 codes with English short names "
               "(authored), plus every non-ISO code found in the two HMRC lists and XI",
    "notes": [
        "Rows with an empty note are ISO 3166-1 alpha-2 codes. A note marks a customs code that is not",
        "an ISO country code and names the HMRC list(s) that carry it (CDS: wco-dec / exports-frontend).",
        "Differences from HMRC: wco-dec (251 codes) lacks AF, NG, UM and every Z code; exports-frontend",
        "(257) lacks AX, EU, GF, MC, MF, MQ, PR, RE, RS, SJ. This list is their union plus ISO codes",
        "neither carries, plus XI (Northern Ireland), which CDS uses in EORIs and NI movements.",
        "XU (United Kingdom excluding Northern Ireland, EU geonomenclature) is in neither source: left out.",
    ],
}, rows, "GB")

# ---------------------------------------------------------------------------------------------
# currency: ISO 4217 alpha-3 from zbrox/iso_currency isodata.tsv (MIT), plus withdrawn codes
# that CDS still lists.
iso_rows = list(csv.DictReader(open(load(ISOCUR, "isodata.tsv"), encoding="utf-8"), delimiter="\t"))
wc_cur, fe_cur = wcodec("currency-codes"), exfe("currencyCodes")


def flag_note(flags):
    if not flags:
        return ""
    if flags.startswith("superseded("):
        return f"superseded by {flags[11:-1]} (iso_currency flag); kept: older declarations carry it"
    return {"fund": "ISO 4217 fund code", "special": "ISO 4217 special code (X..)"}[flags]


rows = [(r["alpha3"], r["name"], flag_note(r["flags"])) for r in iso_rows]
iso_codes = {r[0] for r in rows}
WITHDRAWN = {"ANG": "XCG", "MRO": "MRU", "STD": "STN", "VEF": "VES", "YUM": "CSD, then RSD"}
for code, by in WITHDRAWN.items():
    assert code not in iso_codes and code in wc_cur and code in fe_cur, code
    rows.append((code, wc_cur[code], f"withdrawn from ISO 4217 (replaced by {by}); still listed by CDS "
                 "(wco-dec and exports-frontend)"))
NOT_TAKEN = {"ZIG": "exports-frontend only; not an ISO 4217 code (Zimbabwe Gold is ZWG, which is here)"}
for code in set(wc_cur) | set(fe_cur):
    assert code in iso_codes or code in WITHDRAWN or code in NOT_TAKEN, code
write("currency", {
    "title": "Currencies: ISO 4217 alpha-3, plus withdrawn codes CDS still lists",
    "source": f"{src(ISOCUR, 'isodata.tsv')}; withdrawn codes from {src(WCODEC, 'currency-codes.json')}",
    "commit": f"{ISOCUR[0]} {ISOCUR[1]}; {WCODEC[0]} {WCODEC[1]}; {EXFE[0]} {EXFE[1]}",
    "licence": "iso_currency data MIT; HMRC lists Apache-2.0; ISO 4217 codes are published facts",
    "derived": "schemas/tools/codelists.py: every row of isodata.tsv (alpha3, name; its flags column "
               "becomes the note), plus the codes both HMRC lists carry that ISO 4217 has withdrawn",
    "notes": [
        "A note marks a fund code, a special X code, a code iso_currency flags as superseded, or a",
        "withdrawn code that CDS's lists still carry (name from HMRC's wco-dec list).",
        "Left out: ZIG, which HMRC's exports-frontend list carries for the Zimbabwe Gold; it is not an",
        "ISO 4217 code (the ISO code, ZWG, is here). HMRC's lists lack ISO's BOV, BTN, CHE, CHW, CLF,",
        "COU, CUC, LSL, MRU, MXV, SLE, STN, USN, UYW, VED, VES, XCG, ZWG and the X codes; they are here.",
    ],
}, rows, "GBP")

# ---------------------------------------------------------------------------------------------
# unit: UN/ECE Recommendation 20 codes in customs use (authored: Rec 20 common codes and names).
REC20 = """C62 one|H87 piece|NAR number of articles|NPR number of pairs|PR pair|DZN dozen|GRO gross|SET set|
CEN hundred|MIL thousand|NCL number of cells|NIU number of international units|
KGM kilogram|GRM gram|MGM milligram|DTN decitonne|TNE tonne (metric ton)|KTN kilotonne|CTM metric carat|
LBR pound|ONZ ounce (avoirdupois)|APZ troy ounce or apothecary ounce|GFI gram of fissile isotope|
KCC kilogram of choline chloride|KHY kilogram of hydrogen peroxide|KMA kilogram of methylamine|
KNI kilogram of nitrogen|KNS kilogram named substance|KPH kilogram of potassium hydroxide (caustic potash)|
KPO kilogram of potassium oxide|KPP kilogram of phosphorus pentoxide (phosphoric anhydride)|
KSD kilogram of substance 90 % dry|KSH kilogram of sodium hydroxide (caustic soda)|KUR kilogram of uranium|
LTR litre|MLT millilitre|CLT centilitre|DLT decilitre|HLT hectolitre|LPA litre of pure alcohol|
GLI gallon (UK)|GLL gallon (US)|MTQ cubic metre|DMQ cubic decimetre|CMQ cubic centimetre|MMQ cubic millimetre|
FTQ cubic foot|MTR metre|KMT kilometre|HMT hectometre|DMT decimetre|CMT centimetre|MMT millimetre|
INH inch|FOT foot|YRD yard|MTK square metre|KMK square kilometre|DMK square decimetre|CMK square centimetre|
MMK square millimetre|FTK square foot|HAR hectare|KWH kilowatt hour|MWH megawatt hour (1000 kW.h)|
GWH gigawatt hour|WTT watt|KWT kilowatt|JOU joule|KJO kilojoule|CCT carrying capacity in metric ton|
GRT gross register ton"""
rec20 = dict(e.strip().split(" ", 1) for e in REC20.replace("\n", "").split("|"))
mu = wcodec("measure-unit-types")
# The 16 base codes of HMRC's list that are TARIC measurement units, not Rec 20 codes
# (business-rules.md (c), counted against the Rec 20 code list).
TARIC_ONLY = {"ASV", "DAP", "DHS", "EUR", "FC1", "GBP", "GP1", "KAC", "KCL", "KLT", "KW1", "LHC", "RET", "TCE",
              "TJO", "WAT"}


def unit_base(value):
    return value.split("#")[0].rstrip("*")


bases = {unit_base(v) for v in mu}
assert len(bases) == 48 and TARIC_ONLY <= bases, sorted(bases)
assert bases - TARIC_ONLY <= set(rec20), sorted(bases - TARIC_ONLY - set(rec20))
assert not TARIC_ONLY & set(rec20)
UNIT_NOTE = {"KNS": "TARIC/CDS use KNS for kilogram of hydrogen peroxide (Rec 20: KHY)",
             "MWH": "HMRC's list names it '100 kilowatt hours'; Rec 20: 1000 kW.h",
             "GRT": "HMRC's list names it 'Gross tonnage'"}
rows = [(c, n, UNIT_NOTE.get(c, "CDS: in HMRC's measure-unit-types" if c in bases else ""))
        for c, n in rec20.items()]
write("unit", {
    "title": "Units of measure: UN/ECE Recommendation 20 codes in customs use",
    "source": "UN/ECE Recommendation 20 (authored from the standard); selection cross-checked against "
              f"{src(WCODEC, 'measure-unit-types.json')}",
    "commit": f"{WCODEC[0]} {WCODEC[1]}",
    "licence": "Rec 20 codes and names are published by UNECE free of charge (authored here)",
    "derived": "schemas/tools/codelists.py: every Rec 20 base code HMRC's measure-unit-types lists (32), "
               "plus common Rec 20 codes for counts, mass, volume, length, area and energy",
    "notes": [
        "Only Rec 20 codes. The note says which ones CDS lists and where HMRC's name differs.",
        "Left out on purpose, because they are not Rec 20 codes: the 16 TARIC measurement units HMRC",
        "lists (ASV, DAP, DHS, EUR, FC1, GBP, GP1, KAC, KCL, KLT, KW1, LHC, RET, TCE, TJO, WAT) and the",
        "TARIC qualifier suffix (KGM#G). CDS's unitCode takes those: see the cds-unit list.",
    ],
}, rows, "KGM")

# cds-unit: HMRC's measure-unit-types as CDS writes unitCode (BASE or BASE#QUALIFIER).
QUAL_FIX = {"CTM": "Carats (one metric carat = 2 × 10^-4 kg)"}  # source has a mangled exponent
rows = []
for value, name in mu.items():
    code = value.replace("*", "").rstrip("# ")
    base = unit_base(value)
    note = "TARIC unit, not UN/ECE Rec 20" if base in TARIC_ONLY else ""
    if "*" in value:
        note += "; written GBP* in HMRC's list"
    if "#" in code:
        note = (note + "; " if note else "") + f"TARIC qualifier {code.split('#')[1]}"
    rows.append((code, QUAL_FIX.get(code, name), note))
write("cds-unit", {
    "title": "Units as UK CDS takes them in unitCode: TARIC measurement units with optional qualifier",
    "source": src(WCODEC, "measure-unit-types.json"),
    "commit": f"{WCODEC[0]} {WCODEC[1]}",
    "licence": "Apache-2.0 (HM Revenue & Customs)",
    "derived": "schemas/tools/codelists.py: every value of measure-unit-types.json; the trailing '#' and "
               "no-break space of unqualified units removed (KGM#\\u00a0 -> KGM), GBP* -> GBP",
    "notes": [
        "A national list: CDS's unitCode is a TARIC measurement unit (most are Rec 20 codes, 16 are",
        "not) optionally followed by '#' and a TARIC qualifier letter (KGM#G kilogram gross).",
        "Names are HMRC's (CTM's mangled exponent fixed). Known gap: a UK sample uses KTC (kilogram",
        "of tobacco, tax type 633; TT_IM189a, accepted: DMSACC); HMRC's list does not carry it, and",
        "it is not a Rec 20 code, so it is in neither list (a finding, reported by tests/codelists.rs).",
    ],
}, rows, "KGM")

# ---------------------------------------------------------------------------------------------
# package: UN/ECE Rec 21 package type codes HMRC uses (all present in Rec 21).
wc_pkg, fe_pkg = wcodec("package-types"), exfe("packageTypes")
assert set(wc_pkg) == set(fe_pkg) and len(wc_pkg) == 378
write("package", {
    "title": "Package types: UN/ECE Recommendation 21 codes used by UK CDS",
    "source": src(WCODEC, "package-types.json"),
    "commit": f"{WCODEC[0]} {WCODEC[1]}; same 378 codes in {EXFE[0]} {EXFE[1]} {EXFE[3]}packageTypes.json",
    "licence": "Apache-2.0 (HM Revenue & Customs); Rec 21 codes are published by UNECE",
    "derived": "schemas/tools/codelists.py: every value and display name of package-types.json",
    "notes": [
        "All 378 codes are UN/ECE Rec 21 codes (business-rules.md (c)); Rec 21 has about 406 current",
        "codes, the rest are not listed by CDS and are not here.",
    ],
}, [(c, n, "") for c, n in wc_pkg.items()], "BX")

# ---------------------------------------------------------------------------------------------
# transport-mode: UN/ECE Rec 19 (authored), with the UCC / CDS use of each code.
REC19 = {"0": "Transport mode not specified", "1": "Maritime transport", "2": "Rail transport",
         "3": "Road transport", "4": "Air transport", "5": "Mail", "6": "Multimodal transport",
         "7": "Fixed transport installations", "8": "Inland water transport", "9": "Transport mode not applicable"}
wc_mode = wcodec("transport-mode-types")
assert set(wc_mode) == set("12345789")
rows = []
for c, n in REC19.items():
    if c in wc_mode:
        note = f"CDS: listed (UCC: {wc_mode[c]})"
    elif c == "6":
        note = ("not in HMRC's list; five UK CDS samples use 6 for roll-on roll-off (RoRo) at the border "
                "(DE 7/4), and CDS accepted one of them (TT_EX011a: DMSACC)")
    else:
        note = "not used by CDS"
    rows.append((c, n, note))
write("transport-mode", {
    "title": "Modes of transport: UN/ECE Recommendation 19 (WCO T020, T021, T022: .../ModeCode; UCC DE 7/4)",
    "source": f"UN/ECE Recommendation 19 (authored from the standard); CDS use from {src(WCODEC, 'transport-mode-types.json')}",
    "commit": f"{WCODEC[0]} {WCODEC[1]}",
    "licence": "Rec 19 codes and names are published by UNECE (authored here); HMRC list Apache-2.0",
    "derived": "schemas/tools/codelists.py: the ten Rec 19 codes; the note gives HMRC's name where CDS lists it",
    "notes": [
        "HMRC's list (8 codes: 1 2 3 4 5 7 8 9) follows the Union Customs Code, where 5 is postal",
        "consignment and 9 is own propulsion. 0 is not used by CDS; 6 is discussed in its note.",
    ],
}, rows, "1")

# ---------------------------------------------------------------------------------------------
# incoterms: Incoterms 2010 and 2020 rules (authored: three-letter codes and rule names), XXX.
INCO = {"EXW": ("Ex Works", "2010 2020"), "FCA": ("Free Carrier", "2010 2020"),
        "CPT": ("Carriage Paid To", "2010 2020"), "CIP": ("Carriage and Insurance Paid To", "2010 2020"),
        "DAT": ("Delivered at Terminal", "2010"), "DAP": ("Delivered at Place", "2010 2020"),
        "DPU": ("Delivered at Place Unloaded", "2020"), "DDP": ("Delivered Duty Paid", "2010 2020"),
        "FAS": ("Free Alongside Ship", "2010 2020"), "FOB": ("Free on Board", "2010 2020"),
        "CFR": ("Cost and Freight", "2010 2020"), "CIF": ("Cost, Insurance and Freight", "2010 2020")}
wc_inco = wcodec("incoterm-codes")
OLDER = {"DAF", "DDU", "DEQ", "DES"}  # Incoterms 2000 terms HMRC still lists
assert set(wc_inco) == (set(INCO) - {"DPU"}) | OLDER | {"XXX"}, sorted(wc_inco)
rows = []
for c, (n, ed) in INCO.items():
    eds = ed.split()
    note = "Incoterms " + " and ".join(eds) + (" only" if len(eds) == 1 else "")
    note += "; CDS: listed" if c in wc_inco else "; not in HMRC's list (predates Incoterms 2020)"
    rows.append((c, n, note))
rows.append(("XXX", wc_inco["XXX"], "not an Incoterm: CDS's code for other delivery terms"))
write("incoterms", {
    "title": "Delivery terms: Incoterms 2010 and 2020 rules, plus XXX (other) as CDS uses it",
    "source": f"Incoterms 2010 and 2020 rule codes and names (ICC; authored); XXX from {src(WCODEC, 'incoterm-codes.json')}",
    "commit": f"{WCODEC[0]} {WCODEC[1]}",
    "licence": "three-letter rule codes and names are published facts (authored here); HMRC list Apache-2.0",
    "derived": "schemas/tools/codelists.py: the union of the 11 Incoterms 2010 and 11 Incoterms 2020 rules "
               "(the note gives the edition(s)), plus XXX",
    "notes": [
        "DAT exists only in Incoterms 2010, DPU only in Incoterms 2020; the other ten are in both.",
        "Left out: DAF, DDU, DEQ, DES (Incoterms 2000, withdrawn by the 2010 edition), which HMRC's",
        "wco-dec list still carries; a national pack that must accept them needs its own list.",
    ],
}, rows, "CIF")

# ---------------------------------------------------------------------------------------------
# function-code: UN/EDIFACT 1225 message function, the subset a declaration uses.
write("function-code", {
    "title": "Declaration function codes (WCO 017 Declaration/FunctionCode): UN/EDIFACT 1225, subset 9, 13, 14",
    "source": "UN/EDIFACT data element 1225 (UNTDED; authored); subset as enumerated by the UK DMS 2.15 "
              "schema (WCO_DEC_DS_2_DMS.xsd DeclarationFunctionCodeType)",
    "commit": "hmrc/customs-declarations 3d058369 (schema where the subset is enumerated)",
    "licence": "UN/EDIFACT code values are published by UNECE (authored here)",
    "derived": "schemas/tools/codelists.py: the three 1225 codes with their EDIFACT names",
    "notes": ["Other 1225 codes are not used for declarations. The UK's cancellation schema allows 13 only."],
}, [("9", "Original", "a new declaration"),
    ("13", "Request", "an additional message on a declaration (e.g. amendment or cancellation request)"),
    ("14", "Advance notification", "")], "9")

# ---------------------------------------------------------------------------------------------
# Small UCC / CDS lists taken as they are.
for name, file, title, example, notes in [
    ("transport-means-id-type", "transport-means-identification-types",
     "Identification types of the means of transport (WCO T018, T029, T034: .../IdentificationTypeCode)", "10", []),
    ("document-category", "document-category",
     "Previous document categories (WCO D031 PreviousDocument/CategoryCode; UCC DE 2/1)", "Z", []),
    ("representative-status", "party-role-status-types",
     "Representative status codes (WCO 102 Agent/FunctionCode; UCC DE 3/21)", "2", []),
]:
    rows = wcodec(file)
    write(name, {
        "title": title,
        "source": src(WCODEC, file + ".json"),
        "commit": f"{WCODEC[0]} {WCODEC[1]}",
        "licence": "Apache-2.0 (HM Revenue & Customs)",
        "derived": f"schemas/tools/codelists.py: every value and display name of {file}.json",
        "notes": notes,
    }, [(c, n, "") for c, n in rows.items()], example)
