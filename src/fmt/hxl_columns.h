/*
 * hxl_columns.h — the columns of Hamahang's CSV files, with their HXL
 * hashtags: the one table that the exporter writes and an importer reads,
 * so that a file exported and imported again gives the same records.
 *
 * Projects are written one row per project x place x sector, the long
 * form of a 3W (who does what where): a coordination officer filters and
 * pivots it by district and cluster as the OCHA 3W is used. The columns
 * of the project itself repeat on each of its rows, and PROJECT_ID
 * (#activity+code) keys the rows back into one project. A project with no
 * place or no sector still has one row, with those cells empty. After
 * them comes one row per result of the project (every indicator, "people
 * reached" too), its place and sector cells empty and its RESULT_ cells
 * filled: filtered on RESULT_INDICATOR the sheet is the table of results.
 * The REACHED_ columns repeat the project's first "people reached" on
 * every row, as the 3W shows it; a reader that finds result rows takes
 * the results from them. Several
 * organizations in one role (two implementers, two donors) share one
 * cell, joined by HXL_LIST_SEPARATOR, in the same order in the id, name,
 * acronym and kind cells; the id cell, whose entries are numbers, says
 * how many there are (a name may hold the separator itself: "Action
 * Against Hunger | ACF-USA").
 *
 * Organizations are written one row per organization; their other names,
 * sectors and office places share a cell each in the same way, the head
 * office first among the offices. ORG_ID (#org+code) keys a row back to
 * the organization in the database it came from; a file imported into
 * another database finds its organizations by registration number, then
 * by name and acronym. The registering authority is written by its
 * English name, as it is found again on import. The parent organization
 * (a ministry's provincial department, a network's agency) is written by
 * its id, the ORG_ID of its own row in the same file, and its English
 * name: an import takes the organization that row became, else the one
 * with that id when it has that name, else the one with that name.
 * Relations between organizations, awards and memberships are records of
 * their own (dates, notes, sources on each) and are not in this table.
 *
 * A cell that begins with = + - or @ and is not a number is written with
 * an apostrophe before it, so that a spreadsheet shows it instead of
 * running it as a formula; a reader drops that apostrophe
 * (HXL_FORMULA_GUARD). No I/O here.
 */
#ifndef HAMAHANG_HXL_COLUMNS_H
#define HAMAHANG_HXL_COLUMNS_H

#include <stddef.h>

/* Put before a cell a spreadsheet would take for a formula. */
#define HXL_FORMULA_GUARD '\''

/* Between several values in one cell. */
#define HXL_LIST_SEPARATOR " | "

typedef enum HxlField {
	/* a project row */
	HXL_PROJECT_ID,
	HXL_PROJECT_TITLE_EN,
	HXL_PROJECT_TITLE_PRS,
	HXL_PROJECT_TITLE_PUS,
	HXL_PROJECT_DESCRIPTION_EN,
	HXL_PROJECT_DESCRIPTION_PRS,
	HXL_PROJECT_DESCRIPTION_PUS,
	HXL_PROJECT_STATUS,
	HXL_PROJECT_START,
	HXL_PROJECT_END,
	HXL_PROJECT_IMPL_ID,        /* implementing organizations' registry ids */
	HXL_PROJECT_IMPL_NAME,
	HXL_PROJECT_IMPL_ACRONYM,
	HXL_PROJECT_IMPL_TYPE_CODE, /* org_kinds code */
	HXL_PROJECT_IMPL_TYPE,      /* its English name */
	HXL_PROJECT_DONOR_ID,       /* funding organizations */
	HXL_PROJECT_DONOR_NAME,
	HXL_PROJECT_DONOR_TYPE_CODE, /* their org_kinds codes */
	HXL_PROJECT_ADM1_CODE,      /* the row's place: its province */
	HXL_PROJECT_ADM1_NAME,
	HXL_PROJECT_ADM1_NAME_PRS,
	HXL_PROJECT_ADM2_CODE,      /* the row's district; empty for a whole province */
	HXL_PROJECT_ADM2_NAME,
	HXL_PROJECT_ADM2_NAME_PRS,
	HXL_PROJECT_VILLAGES,
	HXL_PROJECT_SECTOR_CODE,    /* the row's sector */
	HXL_PROJECT_SECTOR_NAME,
	HXL_PROJECT_BUDGET,
	HXL_PROJECT_CURRENCY,
	HXL_PROJECT_REACHED_F,      /* the project's "people reached" result */
	HXL_PROJECT_REACHED_M,
	HXL_PROJECT_REACHED_TOTAL,
	HXL_PROJECT_RESULT_INDICATOR, /* a result row: the result's indicator */
	HXL_PROJECT_RESULT_VALUE,
	HXL_PROJECT_RESULT_QUALIFIER, /* "", "more_than" or "about" */
	HXL_PROJECT_RESULT_UNIT,
	HXL_PROJECT_RESULT_FEMALE,    /* the sex (and age) dimension */
	HXL_PROJECT_RESULT_MALE,
	HXL_PROJECT_RESULT_GIRLS,
	HXL_PROJECT_RESULT_BOYS,
	HXL_PROJECT_RESULT_START,     /* the period the figure covers */
	HXL_PROJECT_RESULT_END,
	HXL_PROJECT_RESULT_SOURCE,    /* the report or document that said it */
	HXL_PROJECT_RESULT_NOTE,
	HXL_PROJECT_VISIBILITY,
	HXL_PROJECT_SOURCE,
	/* an organization row */
	HXL_ORG_ID,
	HXL_ORG_NAME_EN,
	HXL_ORG_NAME_PRS,
	HXL_ORG_NAME_PUS,
	HXL_ORG_ACRONYM,
	HXL_ORG_ALIASES,            /* other names and spellings */
	HXL_ORG_TYPE_CODE,
	HXL_ORG_TYPE,
	HXL_ORG_STATUS,
	HXL_ORG_HQ_ADM1_CODE,       /* the head office's province */
	HXL_ORG_HQ_ADM1_NAME,
	HXL_ORG_OFFICE_CODES,       /* every office's P-code */
	HXL_ORG_SECTOR_CODES,
	HXL_ORG_SECTOR_NAMES,
	HXL_ORG_REG_NUMBER,         /* registration number */
	HXL_ORG_REG_AUTHORITY,      /* the registering organization's English name */
	HXL_ORG_REG_DATE,           /* partial date */
	HXL_ORG_TIN,                /* tax identification number */
	HXL_ORG_WEBSITE,
	HXL_ORG_DESCRIPTION,
	HXL_ORG_STAFF_TOTAL,        /* staff, all */
	HXL_ORG_STAFF_FEMALE,       /* of which women */
	HXL_ORG_WOMEN_LED,          /* "yes", "no", or empty when not known */
	HXL_ORG_PARENT_ID,          /* the parent organization's id (in the same file) */
	HXL_ORG_PARENT_NAME,        /* its English name */
	HXL_ORG_VISIBILITY,
	HXL_ORG_SOURCE
} HxlField;

typedef struct HxlColumn {
	const char *header; /* the first row: "ADM2_CODE" */
	const char *tag;    /* the HXL row: "#adm2+code" */
	HxlField field;     /* what the cell holds */
} HxlColumn;

/* The columns in file order. */
extern const HxlColumn HXL_PROJECT_COLUMNS[];
extern const size_t HXL_PROJECT_COLUMN_COUNT;
extern const HxlColumn HXL_ORG_COLUMNS[];
extern const size_t HXL_ORG_COLUMN_COUNT;

/* The indicator whose figures fill the #reached columns. */
#define HXL_REACHED_INDICATOR "people reached"

#endif
