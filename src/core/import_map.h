/*
 * import_map.h — what the columns of an imported table mean.
 *
 * A spreadsheet from the field names its columns in one of two ways: an
 * HXL hashtag row (#org+acronym, #adm2+code, #reached+f ...) or a plain
 * header ("ORG_NAME", "destOrganization", "Province"). Both are mapped here
 * to the fields an import fills (ImportField); a mapping a user edits is
 * written with the fields' names ("org.name"). Pure functions over strings:
 * no I/O, nothing about how the rows are then resolved or stored.
 */
#ifndef HAMAHANG_IMPORT_MAP_H
#define HAMAHANG_IMPORT_MAP_H

#include <stdbool.h>

typedef enum ImportField {
	IF_NONE = 0, /* the column is not imported */
	IF_ROW_KEY,  /* a stable id of the row in its source (an FTS flow id) */
	IF_ORG_NAME, /* the implementing organization's name */
	IF_ORG_ACRONYM,
	IF_ORG_KIND,   /* its kind in words or as a code ("National NGO") */
	IF_DONOR_NAME, /* the funding organization's name */
	IF_DONOR_ACRONYM,
	IF_DONOR_KIND,
	IF_TITLE, /* the project's title in English */
	IF_TITLE_PRS,
	IF_TITLE_PUS,
	IF_DESCRIPTION,
	IF_STATUS,
	IF_START, /* partial dates: "2024", "2024-03", "2024-03-31" */
	IF_END,
	IF_BUDGET,     /* a number, in IF_CURRENCY */
	IF_BUDGET_USD, /* a number in US dollars */
	IF_CURRENCY,
	IF_ADM1_CODE, /* province P-code */
	IF_ADM1_NAME,
	IF_ADM2_CODE, /* district P-code */
	IF_ADM2_NAME,
	IF_SECTOR_CODE, /* one or more, separated by , ; or | */
	IF_SECTOR_NAME,
	IF_REACHED, /* people reached in all */
	IF_REACHED_FEMALE,
	IF_REACHED_MALE,
	IF_NOTE,
	/* read since the export's own files are imported again */
	IF_ORG_IDS,     /* the implementing organizations' ids in their source: how many */
	IF_DONOR_IDS,   /* the funding organizations' ids in their source */
	IF_VILLAGES,    /* villages reached at the row's place */
	IF_VISIBILITY,  /* public, members or restricted */
	IF_SOURCE,      /* where the record's figures come from */
	/* a table of organizations (`export --kind orgs`): one row each, its
	 * id in IF_ORG_IDS, its head office province in IF_ADM1_CODE/NAME,
	 * its sectors in IF_SECTOR_CODE/NAME, its status in IF_STATUS */
	IF_ORG_NAME_PRS,      /* the organization's Dari name */
	IF_ORG_NAME_PUS,      /* its Pashto name */
	IF_ORG_ALIASES,       /* other names, joined by " | " */
	IF_ORG_REG_NUMBER,    /* registration number */
	IF_ORG_REG_AUTHORITY, /* the registering organization's name */
	IF_ORG_REG_DATE,      /* registration date (partial) */
	IF_ORG_TIN,           /* tax identification number */
	IF_ORG_WEBSITE,
	IF_ORG_OFFICES,       /* offices' P-codes, joined by " | " */
	/* a project's descriptions, and a result row of a project (see
	 * hxl_columns.h): one result of the project */
	IF_DESCRIPTION_PRS,
	IF_DESCRIPTION_PUS,
	IF_RESULT_INDICATOR,
	IF_RESULT_VALUE,
	IF_RESULT_QUALIFIER, /* more_than or about */
	IF_RESULT_UNIT,
	IF_RESULT_FEMALE,
	IF_RESULT_MALE,
	IF_RESULT_GIRLS,
	IF_RESULT_BOYS,
	IF_RESULT_START,
	IF_RESULT_END,
	IF_RESULT_SOURCE,
	IF_RESULT_NOTE,
	/* more of a table of organizations */
	IF_ORG_DESCRIPTION,   /* the organization's description */
	IF_ORG_STAFF_TOTAL,   /* staff, all: a whole number */
	IF_ORG_STAFF_FEMALE,  /* of which women */
	IF_ORG_WOMEN_LED,     /* yes or no */
	IF_ORG_PARENT_ID,     /* the parent organization's id in the source file */
	IF_ORG_PARENT_NAME,   /* its English name */
	IF_FIELD_COUNT
} ImportField;

/* The field's name in a mapping ("org.name"); "" for IF_NONE. */
const char *import_field_name(ImportField f);
/* The field of a name; "" and "none" give IF_NONE. False for an unknown name. */
bool import_field_parse(const char *name, ImportField *out);
/* A short English description of the field, for the mapping page. */
const char *import_field_help(ImportField f);

/* Whether a table whose columns give the fields marked in present[] is a
 * table of organizations (one row per organization) rather than of
 * projects or presences: it names organizations, gives at least one
 * field only an organization has (its Dari name, registration, offices,
 * website...), and no field of a project or a place below a province. */
bool import_fields_are_orgs(const bool present[IF_FIELD_COUNT]);

/* True when the text of a cell is an HXL hashtag ("#org +name"). */
bool import_is_hxl_tag(const char *cell);
/* The field of an HXL hashtag with its attributes, in any order and case
 * ("#org +acronym", "#ORG+Acronym", "#adm2+code", "#reached+f",
 * "#org+funding+name"); IF_NONE when the tag is not one imported. */
ImportField import_map_hxl(const char *tag);
/* The field of a plain header by its usual names (the 3W's "ORG_ACRONYM",
 * FTS's "destOrganization", "Province", "District"...), ignoring case,
 * spaces and punctuation; IF_NONE when none fits. */
ImportField import_map_header(const char *header);

#endif
