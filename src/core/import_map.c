/*
 * import_map.c — HXL hashtags and header names to import fields (see
 * import_map.h). No I/O.
 */
#include "core/import_map.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>

static const struct {
	ImportField field;
	const char *name;
	const char *help;
} FIELDS[] = {
    {IF_NONE, "", "not imported"},
    {IF_ROW_KEY, "row.key", "a stable id of the row in its source"},
    {IF_ORG_NAME, "org.name", "implementing organization: name"},
    {IF_ORG_ACRONYM, "org.acronym", "implementing organization: acronym"},
    {IF_ORG_KIND, "org.kind", "implementing organization: kind (National NGO, UN agency...)"},
    {IF_DONOR_NAME, "donor.name", "funding organization: name"},
    {IF_DONOR_ACRONYM, "donor.acronym", "funding organization: acronym"},
    {IF_DONOR_KIND, "donor.kind", "funding organization: kind"},
    {IF_TITLE, "project.title", "project title (English)"},
    {IF_TITLE_PRS, "project.title_prs", "project title (Dari)"},
    {IF_TITLE_PUS, "project.title_pus", "project title (Pashto)"},
    {IF_DESCRIPTION, "project.description", "project description (English)"},
    {IF_STATUS, "project.status", "planned, ongoing, completed or cancelled"},
    {IF_START, "project.start", "start date (2024, 2024-03 or 2024-03-31)"},
    {IF_END, "project.end", "end date"},
    {IF_BUDGET, "project.budget", "budget, in the currency column"},
    {IF_BUDGET_USD, "project.budget_usd", "budget in US dollars"},
    {IF_CURRENCY, "project.currency", "currency code (USD, AFN...)"},
    {IF_ADM1_CODE, "adm1.code", "province P-code (AF24)"},
    {IF_ADM1_NAME, "adm1.name", "province name"},
    {IF_ADM2_CODE, "adm2.code", "district P-code (AF2401)"},
    {IF_ADM2_NAME, "adm2.name", "district name"},
    {IF_SECTOR_CODE, "sector.code", "sector or cluster code(s)"},
    {IF_SECTOR_NAME, "sector.name", "sector or cluster name(s)"},
    {IF_REACHED, "reached", "people reached, all"},
    {IF_REACHED_FEMALE, "reached.female", "people reached, female"},
    {IF_REACHED_MALE, "reached.male", "people reached, male"},
    {IF_NOTE, "note", "a note kept with the project"},
    {IF_ORG_IDS, "org.ids", "implementing organizations' ids in the source file (a list says how many)"},
    {IF_DONOR_IDS, "donor.ids", "funding organizations' ids in the source file (a list says how many)"},
    {IF_VILLAGES, "place.villages", "villages reached at the row's place"},
    {IF_VISIBILITY, "visibility", "public, members or restricted"},
    {IF_SOURCE, "source", "where the record comes from"},
    {IF_ORG_NAME_PRS, "org.name_prs", "organization: name in Dari"},
    {IF_ORG_NAME_PUS, "org.name_pus", "organization: name in Pashto"},
    {IF_ORG_ALIASES, "org.aliases", "organization: other names (A | B)"},
    {IF_ORG_REG_NUMBER, "org.reg_number", "organization: registration number"},
    {IF_ORG_REG_AUTHORITY, "org.reg_authority", "organization: who registered it (a name in the registry)"},
    {IF_ORG_REG_DATE, "org.reg_date", "organization: registration date"},
    {IF_ORG_TIN, "org.tin", "organization: tax identification number"},
    {IF_ORG_WEBSITE, "org.website", "organization: website"},
    {IF_ORG_OFFICES, "org.offices", "organization: its offices' P-codes (A | B)"},
    {IF_DESCRIPTION_PRS, "project.description_prs", "project description (Dari)"},
    {IF_DESCRIPTION_PUS, "project.description_pus", "project description (Pashto)"},
    {IF_RESULT_INDICATOR, "result.indicator", "a result row: its indicator"},
    {IF_RESULT_VALUE, "result.value", "a result row: its figure"},
    {IF_RESULT_QUALIFIER, "result.qualifier", "a result row: more_than or about"},
    {IF_RESULT_UNIT, "result.unit", "a result row: its unit (people, families...)"},
    {IF_RESULT_FEMALE, "result.female", "a result row: of which female"},
    {IF_RESULT_MALE, "result.male", "a result row: of which male"},
    {IF_RESULT_GIRLS, "result.girls", "a result row: of which girls"},
    {IF_RESULT_BOYS, "result.boys", "a result row: of which boys"},
    {IF_RESULT_START, "result.start", "a result row: start of its period"},
    {IF_RESULT_END, "result.end", "a result row: end of its period"},
    {IF_RESULT_SOURCE, "result.source", "a result row: the report that said it"},
    {IF_RESULT_NOTE, "result.note", "a result row: its note"},
    {IF_ORG_DESCRIPTION, "org.description", "organization: description"},
    {IF_ORG_STAFF_TOTAL, "org.staff_total", "organization: staff, all"},
    {IF_ORG_STAFF_FEMALE, "org.staff_female", "organization: staff, of which women"},
    {IF_ORG_WOMEN_LED, "org.women_led", "organization: women-led (yes or no)"},
    {IF_ORG_PARENT_ID, "org.parent_id", "organization: its parent's id in the source file"},
    {IF_ORG_PARENT_NAME, "org.parent_name", "organization: its parent's name"},
};

const char *import_field_name(ImportField f)
{
	for (size_t i = 0; i < sizeof FIELDS / sizeof *FIELDS; i++)
		if (FIELDS[i].field == f)
			return FIELDS[i].name;
	return "";
}

const char *import_field_help(ImportField f)
{
	for (size_t i = 0; i < sizeof FIELDS / sizeof *FIELDS; i++)
		if (FIELDS[i].field == f)
			return FIELDS[i].help;
	return "";
}

bool import_field_parse(const char *name, ImportField *out)
{
	if (!name || !*name || strcmp(name, "none") == 0) {
		*out = IF_NONE;
		return true;
	}
	for (size_t i = 0; i < sizeof FIELDS / sizeof *FIELDS; i++)
		if (strcmp(FIELDS[i].name, name) == 0) {
			*out = FIELDS[i].field;
			return true;
		}
	return false;
}

bool import_is_hxl_tag(const char *cell)
{
	while (*cell == ' ')
		cell++;
	return cell[0] == '#' && isalpha((unsigned char)cell[1]);
}

#define HXL_MAX_ATTRS 12
#define HXL_WORD      32

/* An HXL tag split into its hashtag and attributes, lower case. */
typedef struct HxlTag {
	char hashtag[HXL_WORD];
	char attrs[HXL_MAX_ATTRS][HXL_WORD];
	int attr_count;
} HxlTag;

/* Reads one word of letters, digits, '_' and '-' into out (lower case). */
static const char *hxl_word(const char *p, char out[HXL_WORD])
{
	size_t n = 0;
	while (*p && (isalnum((unsigned char)*p) || *p == '_' || *p == '-')) {
		if (n + 1 < HXL_WORD)
			out[n++] = (char)tolower((unsigned char)*p);
		p++;
	}
	out[n] = '\0';
	return p;
}

static bool hxl_parse(const char *tag, HxlTag *t)
{
	memset(t, 0, sizeof *t);
	const char *p = tag;
	while (*p == ' ')
		p++;
	if (*p != '#')
		return false;
	p = hxl_word(p + 1, t->hashtag);
	while (*p) {
		if (*p == '+') {
			p++;
			while (*p == ' ')
				p++;
			char word[HXL_WORD];
			p = hxl_word(p, word);
			if (word[0] && t->attr_count < HXL_MAX_ATTRS)
				memcpy(t->attrs[t->attr_count++], word, HXL_WORD);
		} else {
			p++;
		}
	}
	return t->hashtag[0] != '\0';
}

static bool has(const HxlTag *t, const char *attr)
{
	for (int i = 0; i < t->attr_count; i++)
		if (strcmp(t->attrs[i], attr) == 0)
			return true;
	return false;
}

ImportField import_map_hxl(const char *tag)
{
	HxlTag t;
	if (!hxl_parse(tag, &t))
		return IF_NONE;
	const char *h = t.hashtag;
	if (strcmp(h, "org") == 0) {
		bool donor = has(&t, "funding") || has(&t, "donor") || has(&t, "funder");
		if (has(&t, "parent"))
			return donor ? IF_NONE
			             : has(&t, "code") || has(&t, "id") ? IF_ORG_PARENT_ID
			                                                : IF_ORG_PARENT_NAME;
		if (!donor && has(&t, "staff"))
			return has(&t, "f") || has(&t, "female") ? IF_ORG_STAFF_FEMALE
			                                         : IF_ORG_STAFF_TOTAL;
		if (!donor && has(&t, "women_led"))
			return IF_ORG_WOMEN_LED;
		if (!donor && has(&t, "description"))
			return IF_ORG_DESCRIPTION;
		if (has(&t, "reg") && (has(&t, "code") || has(&t, "id")))
			return IF_ORG_REG_NUMBER;
		if (has(&t, "registrar"))
			return IF_ORG_REG_AUTHORITY;
		if (has(&t, "tin"))
			return IF_ORG_TIN;
		if (has(&t, "alt"))
			return donor ? IF_NONE : IF_ORG_ALIASES;
		if (!donor && (has(&t, "i_fa") || has(&t, "i_prs")))
			return IF_ORG_NAME_PRS;
		if (!donor && (has(&t, "i_ps") || has(&t, "i_pus")))
			return IF_ORG_NAME_PUS;
		if (has(&t, "type"))
			return donor ? IF_DONOR_KIND : IF_ORG_KIND;
		if (has(&t, "acronym"))
			return donor ? IF_DONOR_ACRONYM : IF_ORG_ACRONYM;
		if (has(&t, "code") || has(&t, "id"))
			return donor ? IF_DONOR_IDS : IF_ORG_IDS;
		return donor ? IF_DONOR_NAME : IF_ORG_NAME;
	}
	if (strcmp(h, "adm1") == 0)
		return has(&t, "code") ? IF_ADM1_CODE : IF_ADM1_NAME;
	if (strcmp(h, "adm2") == 0)
		return has(&t, "code") ? IF_ADM2_CODE : IF_ADM2_NAME;
	if (strcmp(h, "sector") == 0 || strcmp(h, "cluster") == 0 || strcmp(h, "subsector") == 0)
		return has(&t, "code") ? IF_SECTOR_CODE : IF_SECTOR_NAME;
	if (strcmp(h, "reached") == 0 || strcmp(h, "beneficiary") == 0) {
		if (has(&t, "f") || has(&t, "female") || has(&t, "women") || has(&t, "girls"))
			return IF_REACHED_FEMALE;
		if (has(&t, "m") || has(&t, "male") || has(&t, "men") || has(&t, "boys"))
			return IF_REACHED_MALE;
		return IF_REACHED;
	}
	if (strcmp(h, "activity") == 0) {
		if (has(&t, "code") || has(&t, "id"))
			return IF_ROW_KEY;
		if (has(&t, "description") || has(&t, "desc")) {
			if (has(&t, "prs") || has(&t, "i_prs") || has(&t, "i_fa"))
				return IF_DESCRIPTION_PRS;
			if (has(&t, "pus") || has(&t, "i_pus") || has(&t, "i_ps"))
				return IF_DESCRIPTION_PUS;
			return IF_DESCRIPTION;
		}
		if (has(&t, "prs") || has(&t, "i_prs") || has(&t, "i_fa"))
			return IF_TITLE_PRS;
		if (has(&t, "pus") || has(&t, "i_pus") || has(&t, "i_ps"))
			return IF_TITLE_PUS;
		return IF_TITLE;
	}
	if (strcmp(h, "indicator") == 0) {
		bool children = has(&t, "children") || has(&t, "child");
		if (has(&t, "f") || has(&t, "female") || has(&t, "girls"))
			return children || has(&t, "girls") ? IF_RESULT_GIRLS : IF_RESULT_FEMALE;
		if (has(&t, "m") || has(&t, "male") || has(&t, "boys"))
			return children || has(&t, "boys") ? IF_RESULT_BOYS : IF_RESULT_MALE;
		if (has(&t, "start"))
			return IF_RESULT_START;
		if (has(&t, "end"))
			return IF_RESULT_END;
		if (has(&t, "value") || has(&t, "num"))
			return IF_RESULT_VALUE;
		if (has(&t, "qualifier"))
			return IF_RESULT_QUALIFIER;
		if (has(&t, "unit"))
			return IF_RESULT_UNIT;
		if (has(&t, "source"))
			return IF_RESULT_SOURCE;
		if (has(&t, "description") || has(&t, "note"))
			return IF_RESULT_NOTE;
		return IF_RESULT_INDICATOR;
	}
	if (strcmp(h, "date") == 0) {
		if (has(&t, "registered") || has(&t, "reg"))
			return IF_ORG_REG_DATE;
		if (has(&t, "start"))
			return IF_START;
		if (has(&t, "end"))
			return IF_END;
		return IF_NONE;
	}
	if (strcmp(h, "value") == 0 || strcmp(h, "budget") == 0)
		return has(&t, "usd") ? IF_BUDGET_USD : IF_BUDGET;
	if (strcmp(h, "currency") == 0)
		return IF_CURRENCY;
	if (strcmp(h, "status") == 0)
		return IF_STATUS;
	if (strcmp(h, "description") == 0)
		return IF_NOTE;
	if (strcmp(h, "loc") == 0 && has(&t, "num"))
		return IF_VILLAGES;
	if (strcmp(h, "loc") == 0 && has(&t, "office"))
		return IF_ORG_OFFICES;
	if (strcmp(h, "contact") == 0 && (has(&t, "url") || has(&t, "website")))
		return IF_ORG_WEBSITE;
	if (strcmp(h, "meta") == 0) {
		if (has(&t, "id") || has(&t, "key"))
			return IF_ROW_KEY;
		if (has(&t, "visibility"))
			return IF_VISIBILITY;
		if (has(&t, "source"))
			return IF_SOURCE;
	}
	return IF_NONE;
}

/* The header in lower-case letters and digits only: "ORG_NAME" -> "orgname". */
static void squash(const char *s, char *out, size_t size)
{
	size_t n = 0;
	for (; *s && n + 1 < size; s++)
		if (isalnum((unsigned char)*s))
			out[n++] = (char)tolower((unsigned char)*s);
	out[n] = '\0';
}

static const struct {
	const char *header; /* squashed */
	ImportField field;
} HEADERS[] = {
    /* the OCHA 3W */
    {"orgname", IF_ORG_NAME},
    {"organization", IF_ORG_NAME},
    {"organisation", IF_ORG_NAME},
    {"organizationname", IF_ORG_NAME},
    {"organisationname", IF_ORG_NAME},
    {"implementingpartner", IF_ORG_NAME},
    {"partner", IF_ORG_NAME},
    {"orgacronym", IF_ORG_ACRONYM},
    {"acronym", IF_ORG_ACRONYM},
    {"orgtype", IF_ORG_KIND},
    {"organizationtype", IF_ORG_KIND},
    {"provcode", IF_ADM1_CODE},
    {"provincecode", IF_ADM1_CODE},
    {"provincepcode", IF_ADM1_CODE},
    {"adm1pcode", IF_ADM1_CODE},
    {"province", IF_ADM1_NAME},
    {"provincename", IF_ADM1_NAME},
    {"adm1name", IF_ADM1_NAME},
    {"distcode", IF_ADM2_CODE},
    {"districtcode", IF_ADM2_CODE},
    {"districtpcode", IF_ADM2_CODE},
    {"adm2pcode", IF_ADM2_CODE},
    {"district", IF_ADM2_NAME},
    {"districtname", IF_ADM2_NAME},
    {"adm2name", IF_ADM2_NAME},
    {"clustersectorcode", IF_SECTOR_CODE},
    {"clustercode", IF_SECTOR_CODE},
    {"sectorcode", IF_SECTOR_CODE},
    {"cluster", IF_SECTOR_NAME},
    {"sector", IF_SECTOR_NAME},
    {"clustersectorname", IF_SECTOR_NAME},
    {"projecttitle", IF_TITLE},
    {"title", IF_TITLE},
    {"projectname", IF_TITLE},
    {"activity", IF_TITLE},
    {"startdate", IF_START},
    {"enddate", IF_END},
    {"budget", IF_BUDGET},
    {"currency", IF_CURRENCY},
    {"projectstatus", IF_STATUS},
    {"donor", IF_DONOR_NAME},
    {"reached", IF_REACHED},
    {"peoplereached", IF_REACHED},
    {"femalereached", IF_REACHED_FEMALE},
    {"reachedfemale", IF_REACHED_FEMALE},
    {"malereached", IF_REACHED_MALE},
    {"reachedmale", IF_REACHED_MALE},
    /* FTS flows (pooled-fund grants) */
    {"description", IF_TITLE},
    {"amountusd", IF_BUDGET_USD},
    {"srcorganization", IF_DONOR_NAME},
    {"srcorganizationtypes", IF_DONOR_KIND},
    {"destorganization", IF_ORG_NAME},
    {"destorganizationtypes", IF_ORG_KIND},
    {"destglobalclusters", IF_SECTOR_NAME},
    {"destusageyearstart", IF_START},
    {"destusageyearend", IF_END},
    {"id", IF_ROW_KEY},
    {"refcode", IF_NOTE},
    /* Hamahang's own files */
    {"villages", IF_VILLAGES},
    {"visibility", IF_VISIBILITY},
    {"source", IF_SOURCE},
    {"orgid", IF_ORG_IDS},
    {"projectid", IF_ROW_KEY},
    {"titleen", IF_TITLE},
    {"titleprs", IF_TITLE_PRS},
    {"titlepus", IF_TITLE_PUS},
    {"orgtypecode", IF_ORG_KIND},
    {"donorid", IF_DONOR_IDS},
    {"donorname", IF_DONOR_NAME},
    {"donortypecode", IF_DONOR_KIND},
    {"adm1code", IF_ADM1_CODE},
    {"adm2code", IF_ADM2_CODE},
    {"sectorname", IF_SECTOR_NAME},
    {"reachedtotal", IF_REACHED},
    {"descriptionen", IF_DESCRIPTION},
    {"descriptionprs", IF_DESCRIPTION_PRS},
    {"descriptionpus", IF_DESCRIPTION_PUS},
    {"resultindicator", IF_RESULT_INDICATOR},
    {"resultvalue", IF_RESULT_VALUE},
    {"resultqualifier", IF_RESULT_QUALIFIER},
    {"resultunit", IF_RESULT_UNIT},
    {"resultfemale", IF_RESULT_FEMALE},
    {"resultmale", IF_RESULT_MALE},
    {"resultgirls", IF_RESULT_GIRLS},
    {"resultboys", IF_RESULT_BOYS},
    {"resultstart", IF_RESULT_START},
    {"resultend", IF_RESULT_END},
    {"resultsource", IF_RESULT_SOURCE},
    {"resultnote", IF_RESULT_NOTE},
    {"orgnameprs", IF_ORG_NAME_PRS},
    {"orgnamepus", IF_ORG_NAME_PUS},
    {"altnames", IF_ORG_ALIASES},
    {"regnumber", IF_ORG_REG_NUMBER},
    {"regauthority", IF_ORG_REG_AUTHORITY},
    {"regdate", IF_ORG_REG_DATE},
    {"tin", IF_ORG_TIN},
    {"website", IF_ORG_WEBSITE},
    {"officepcodes", IF_ORG_OFFICES},
    {"hqadm1code", IF_ADM1_CODE},
    {"hqadm1name", IF_ADM1_NAME},
    {"sectorcodes", IF_SECTOR_CODE},
    {"sectornames", IF_SECTOR_NAME},
    {"orgstatus", IF_STATUS},
    {"orgdescription", IF_ORG_DESCRIPTION},
    {"stafftotal", IF_ORG_STAFF_TOTAL},
    {"stafffemale", IF_ORG_STAFF_FEMALE},
    {"womenled", IF_ORG_WOMEN_LED},
    {"parentid", IF_ORG_PARENT_ID},
    {"parentname", IF_ORG_PARENT_NAME},
};

ImportField import_map_header(const char *header)
{
	char key[64];
	squash(header, key, sizeof key);
	for (size_t i = 0; i < sizeof HEADERS / sizeof *HEADERS; i++)
		if (strcmp(HEADERS[i].header, key) == 0)
			return HEADERS[i].field;
	return IF_NONE;
}

bool import_fields_are_orgs(const bool present[IF_FIELD_COUNT])
{
	static const ImportField PROJECT_ONLY[] = {
	    IF_ROW_KEY, IF_DONOR_NAME, IF_DONOR_ACRONYM, IF_DONOR_KIND, IF_TITLE, IF_TITLE_PRS,
	    IF_TITLE_PUS, IF_DESCRIPTION, IF_START, IF_END, IF_BUDGET, IF_BUDGET_USD,
	    IF_CURRENCY, IF_ADM2_CODE, IF_ADM2_NAME, IF_REACHED, IF_REACHED_FEMALE,
	    IF_REACHED_MALE, IF_DONOR_IDS, IF_VILLAGES, IF_DESCRIPTION_PRS, IF_DESCRIPTION_PUS,
	    IF_RESULT_INDICATOR, IF_RESULT_VALUE};
	for (size_t i = 0; i < sizeof PROJECT_ONLY / sizeof *PROJECT_ONLY; i++)
		if (present[PROJECT_ONLY[i]])
			return false;
	if (!present[IF_ORG_NAME] && !present[IF_ORG_ACRONYM])
		return false;
	for (int f = IF_ORG_NAME_PRS; f <= IF_ORG_OFFICES; f++)
		if (present[f])
			return true;
	for (int f = IF_ORG_DESCRIPTION; f <= IF_ORG_PARENT_NAME; f++)
		if (present[f])
			return true;
	return false;
}
