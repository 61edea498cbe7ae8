/*
 * hxl_columns.c — the column table of Hamahang's CSV files (see
 * hxl_columns.h). Headers follow the OCHA Afghanistan 3W's (PROV_CODE
 * became ADM1_CODE to match its tag); hashtags follow HXL 1.1 as the 3W
 * uses them, with +i_fa / +i_ps for Dari and Pashto text and
 * +impl / +funder for the organizations' roles.
 *
 * A project's descriptions are #activity+description with the language
 * attributes; a result row's cells are #indicator+name, +value+num,
 * +qualifier, +unit, +f, +m, +f+children (girls), +m+children (boys),
 * +period+start, +period+end, +source and +description (its note).
 *
 * The organization table's own tags: #org+code (its id in the database
 * written from), #org+name+i_en / +i_fa / +i_ps (its names in English,
 * Dari, Pashto), #org+name+alt (other names), #org+code+reg and
 * #org+name+registrar and #date+registered (its registration: number,
 * authority, date), #org+code+tin (tax number), #adm1+code+main (the head
 * office's province), #loc+code+office (every office's P-code),
 * #contact+url (website), #org+description (its description, one text
 * as the registry keeps it), #org+staff+num and #org+staff+f+num (staff,
 * all and women), #org+women_led (yes or no), #org+parent+code and
 * #org+parent+name (the organization it is part of: its id in the same
 * file and its English name).
 */
#include "fmt/hxl_columns.h"

const HxlColumn HXL_PROJECT_COLUMNS[] = {
	{"PROJECT_ID",        "#activity+code",            HXL_PROJECT_ID},
	{"TITLE_EN",          "#activity+title+i_en",      HXL_PROJECT_TITLE_EN},
	{"TITLE_PRS",         "#activity+title+i_fa",      HXL_PROJECT_TITLE_PRS},
	{"TITLE_PUS",         "#activity+title+i_ps",      HXL_PROJECT_TITLE_PUS},
	{"DESCRIPTION_EN",    "#activity+description+i_en", HXL_PROJECT_DESCRIPTION_EN},
	{"DESCRIPTION_PRS",   "#activity+description+i_fa", HXL_PROJECT_DESCRIPTION_PRS},
	{"DESCRIPTION_PUS",   "#activity+description+i_ps", HXL_PROJECT_DESCRIPTION_PUS},
	{"PROJECT_STATUS",    "#status+code",              HXL_PROJECT_STATUS},
	{"START_DATE",        "#date+start",               HXL_PROJECT_START},
	{"END_DATE",          "#date+end",                 HXL_PROJECT_END},
	{"ORG_ID",            "#org+impl+code",            HXL_PROJECT_IMPL_ID},
	{"ORG_NAME",          "#org+name",                 HXL_PROJECT_IMPL_NAME},
	{"ORG_ACRONYM",       "#org+acronym",              HXL_PROJECT_IMPL_ACRONYM},
	{"ORG_TYPE_CODE",     "#org+type+code",            HXL_PROJECT_IMPL_TYPE_CODE},
	{"ORG_TYPE",          "#org+type+name",            HXL_PROJECT_IMPL_TYPE},
	{"DONOR_ID",          "#org+funder+code",          HXL_PROJECT_DONOR_ID},
	{"DONOR_NAME",        "#org+funder+name",          HXL_PROJECT_DONOR_NAME},
	{"DONOR_TYPE_CODE",   "#org+funder+type+code",     HXL_PROJECT_DONOR_TYPE_CODE},
	{"ADM1_CODE",         "#adm1+code",                HXL_PROJECT_ADM1_CODE},
	{"ADM1_NAME",         "#adm1+name",                HXL_PROJECT_ADM1_NAME},
	{"ADM1_NAME_PRS",     "#adm1+name+i_fa",           HXL_PROJECT_ADM1_NAME_PRS},
	{"ADM2_CODE",         "#adm2+code",                HXL_PROJECT_ADM2_CODE},
	{"ADM2_NAME",         "#adm2+name",                HXL_PROJECT_ADM2_NAME},
	{"ADM2_NAME_PRS",     "#adm2+name+i_fa",           HXL_PROJECT_ADM2_NAME_PRS},
	{"VILLAGES",          "#loc+num",                  HXL_PROJECT_VILLAGES},
	{"SECTOR_CODE",       "#sector+cluster+code",      HXL_PROJECT_SECTOR_CODE},
	{"SECTOR_NAME",       "#sector+name",              HXL_PROJECT_SECTOR_NAME},
	{"BUDGET",            "#value+budget",             HXL_PROJECT_BUDGET},
	{"CURRENCY",          "#currency",                 HXL_PROJECT_CURRENCY},
	{"REACHED_FEMALE",    "#reached+f",                HXL_PROJECT_REACHED_F},
	{"REACHED_MALE",      "#reached+m",                HXL_PROJECT_REACHED_M},
	{"REACHED_TOTAL",     "#reached+total",            HXL_PROJECT_REACHED_TOTAL},
	{"RESULT_INDICATOR",  "#indicator+name",           HXL_PROJECT_RESULT_INDICATOR},
	{"RESULT_VALUE",      "#indicator+value+num",      HXL_PROJECT_RESULT_VALUE},
	{"RESULT_QUALIFIER",  "#indicator+qualifier",      HXL_PROJECT_RESULT_QUALIFIER},
	{"RESULT_UNIT",       "#indicator+unit",           HXL_PROJECT_RESULT_UNIT},
	{"RESULT_FEMALE",     "#indicator+f",              HXL_PROJECT_RESULT_FEMALE},
	{"RESULT_MALE",       "#indicator+m",              HXL_PROJECT_RESULT_MALE},
	{"RESULT_GIRLS",      "#indicator+f+children",     HXL_PROJECT_RESULT_GIRLS},
	{"RESULT_BOYS",       "#indicator+m+children",     HXL_PROJECT_RESULT_BOYS},
	{"RESULT_START",      "#indicator+period+start",   HXL_PROJECT_RESULT_START},
	{"RESULT_END",        "#indicator+period+end",     HXL_PROJECT_RESULT_END},
	{"RESULT_SOURCE",     "#indicator+source",         HXL_PROJECT_RESULT_SOURCE},
	{"RESULT_NOTE",       "#indicator+description",    HXL_PROJECT_RESULT_NOTE},
	{"VISIBILITY",        "#meta+visibility",          HXL_PROJECT_VISIBILITY},
	{"SOURCE",            "#meta+source",              HXL_PROJECT_SOURCE},
};
const size_t HXL_PROJECT_COLUMN_COUNT = sizeof HXL_PROJECT_COLUMNS / sizeof *HXL_PROJECT_COLUMNS;

const HxlColumn HXL_ORG_COLUMNS[] = {
	{"ORG_ID",            "#org+code",                 HXL_ORG_ID},
	{"ORG_NAME",          "#org+name+i_en",            HXL_ORG_NAME_EN},
	{"ORG_NAME_PRS",      "#org+name+i_fa",            HXL_ORG_NAME_PRS},
	{"ORG_NAME_PUS",      "#org+name+i_ps",            HXL_ORG_NAME_PUS},
	{"ORG_ACRONYM",       "#org+acronym",              HXL_ORG_ACRONYM},
	{"ALT_NAMES",         "#org+name+alt",             HXL_ORG_ALIASES},
	{"ORG_TYPE_CODE",     "#org+type+code",            HXL_ORG_TYPE_CODE},
	{"ORG_TYPE",          "#org+type+name",            HXL_ORG_TYPE},
	{"ORG_STATUS",        "#status+code",              HXL_ORG_STATUS},
	{"HQ_ADM1_CODE",      "#adm1+code+main",           HXL_ORG_HQ_ADM1_CODE},
	{"HQ_ADM1_NAME",      "#adm1+name+main",           HXL_ORG_HQ_ADM1_NAME},
	{"OFFICE_PCODES",     "#loc+code+office",          HXL_ORG_OFFICE_CODES},
	{"SECTOR_CODES",      "#sector+cluster+code",      HXL_ORG_SECTOR_CODES},
	{"SECTOR_NAMES",      "#sector+name",              HXL_ORG_SECTOR_NAMES},
	{"REG_NUMBER",        "#org+code+reg",             HXL_ORG_REG_NUMBER},
	{"REG_AUTHORITY",     "#org+name+registrar",       HXL_ORG_REG_AUTHORITY},
	{"REG_DATE",          "#date+registered",          HXL_ORG_REG_DATE},
	{"TIN",               "#org+code+tin",             HXL_ORG_TIN},
	{"WEBSITE",           "#contact+url",              HXL_ORG_WEBSITE},
	{"ORG_DESCRIPTION",   "#org+description",          HXL_ORG_DESCRIPTION},
	{"STAFF_TOTAL",       "#org+staff+num",            HXL_ORG_STAFF_TOTAL},
	{"STAFF_FEMALE",      "#org+staff+f+num",          HXL_ORG_STAFF_FEMALE},
	{"WOMEN_LED",         "#org+women_led",            HXL_ORG_WOMEN_LED},
	{"PARENT_ID",         "#org+parent+code",          HXL_ORG_PARENT_ID},
	{"PARENT_NAME",       "#org+parent+name",          HXL_ORG_PARENT_NAME},
	{"VISIBILITY",        "#meta+visibility",          HXL_ORG_VISIBILITY},
	{"SOURCE",            "#meta+source",              HXL_ORG_SOURCE},
};
const size_t HXL_ORG_COLUMN_COUNT = sizeof HXL_ORG_COLUMNS / sizeof *HXL_ORG_COLUMNS;
