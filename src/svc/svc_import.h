/*
 * svc_import.h — importing rows of a table (a 3W, an FTS export, any sheet
 * whose columns are mapped to ImportFields) into the registry.
 *
 * Each row is resolved — places to P-codes (districts within their
 * province), organizations to registry entries by name or acronym (or made
 * new), sectors to codes — and written through the same service calls as
 * the forms (svc_org_create, svc_project_create/update), so validation,
 * the actor's permissions and the audit trail apply unchanged. A row is
 * written whole or not at all (a savepoint per row); a rejected row says
 * every reason. Rows are keyed per source, so a run repeated changes
 * nothing it already did. A dry run does all of it and then undoes it.
 *
 * How a row becomes records:
 *   - a row with a project title (or a row key) is one project: its
 *     implementing organization, its donor as the funding organization,
 *     its sectors, its place, budget, dates and people reached. Rows with
 *     the same row key that come together (a CSV export writes a project
 *     as one row per place and sector) are one project, with the places,
 *     sectors and organizations of all of them; cells may list several
 *     organizations ("A | B"), as many as the ids cell lists. The row's
 *     visibility and source columns, when it has them, are the records';
 *   - a row without a title is a presence (the OCHA 3W's operational
 *     presence: an organization works in a cluster in a district). The
 *     presences of one organization in one sector in one province make one
 *     project, "Operational presence: ASCHIANA — Education in Emergencies —
 *     Kabul", whose places are the districts; each row adds its district.
 *     This keeps the 3W's 10,902 rows as 2,448 projects that the lists,
 *     the map and the sector figures already show, with every district.
 *
 * Not thread-safe: one Importer belongs to one unit of work (Ctx).
 */
#ifndef HAMAHANG_SVC_IMPORT_H
#define HAMAHANG_SVC_IMPORT_H

#include "core/activity.h"
#include "core/import_map.h"
#include "svc/svc.h"

typedef struct Importer Importer;

typedef enum RowOutcome {
	ROW_ACCEPTED,  /* written, nothing guessed */
	ROW_WARNED,    /* written, with warnings (what was guessed) */
	ROW_UNCHANGED, /* imported before (same key, same values): nothing to do */
	ROW_REJECTED   /* nothing written: see errs */
} RowOutcome;

typedef struct ImportRowResult {
	RowOutcome outcome;
	Errors errs;          /* why it was rejected */
	Errors warns;         /* what was guessed or left out */
	int64_t project_id;   /* the project the row became or joined; 0 if none */
	int64_t org_id;       /* an organization row: the organization; 0 if none */
	bool project_created; /* the row made a new project */
} ImportRowResult;

typedef struct ImportCounts {
	long long rows;     /* rows given to svc_import_row */
	long long accepted; /* accepted without warnings */
	long long warned;   /* accepted with warnings */
	long long unchanged;
	long long rejected;
	long long orgs_created;
	long long orgs_updated; /* organization rows that changed a registry entry */
	long long orgs_matched; /* rows whose organizations were found in the registry */
	long long projects_created;
	long long projects_updated;
	long long districts; /* distinct districts resolved */
	long long provinces; /* distinct provinces resolved */
} ImportCounts;

/* Starts an import from `source` (a name the source keeps between runs,
 * such as the file name) as ctx's actor, in one transaction. With dry_run,
 * svc_import_end undoes everything. SVC_FORBIDDEN for an anonymous actor;
 * SVC_INVALID for an empty or over-long source name. *out is freed by
 * svc_import_end. */
SvcStatus svc_import_begin(Ctx *ctx, const char *source, bool dry_run, Importer **out);

/* The visibility of records the import makes new (VIS_MEMBERS unless set:
 * nothing is public unless someone says so). */
void svc_import_set_visibility(Importer *im, Visibility v);

/* The mapping remembered for the source (JSON object: header -> field
 * name), borrowed until svc_import_end; NULL when none. */
const char *svc_import_mapping(const Importer *im);
/* Remembers a mapping for the source (written with the import; not in a
 * dry run). mapping is a JSON object text of header -> field name. */
SvcStatus svc_import_remember_mapping(Importer *im, const char *mapping);

/* Imports one row. values[f] is the text of field f (NULL or "" when the
 * row has none). Fills *out. Returns SVC_OK whether the row was accepted or
 * rejected (see out->outcome); SVC_ERROR when the store failed (the import
 * should stop: svc_error says why). */
SvcStatus svc_import_row(Importer *im, const char *const values[IF_FIELD_COUNT],
                         ImportRowResult *out);

/* Imports the rows of one project: consecutive rows with the same row key
 * (as import_table_next_group gives them; a CSV export has one row per
 * place and sector of a project). Rows with errors are rejected alone; the
 * others become one project, written once, with the places, sectors and
 * organizations of all of them. out[i] is rows[i]'s result (rows[i] holds
 * IF_FIELD_COUNT values). Returns as svc_import_row. */
SvcStatus svc_import_rows(Importer *im, const char *const *const rows[], size_t n,
                          ImportRowResult out[]);

/* Imports one IATI activity as a project, keyed by its iati-identifier:
 * participating organizations in their roles (found by name or ref, or
 * made), titles and descriptions in their languages, dates, DAC sectors
 * mapped to ours (the codes kept in the note), locations by P-code or
 * name, the budget, results with their female and male figures. warns
 * may already hold what the reader found (schema problems): they are
 * kept in out. Returns as svc_import_row. */
SvcStatus svc_import_activity(Importer *im, const ImportActivity *act, const Errors *read_errs,
                              const Errors *read_warns, ImportRowResult *out);

/* Imports one row of a table of organizations (`export --kind orgs`, or
 * any sheet import_fields_are_orgs takes for one): names, acronym, other
 * names, kind, status, registration, TIN, website, head office province,
 * offices and sectors, description, staff (all and female), women-led,
 * parent, visibility and source. The row is keyed in its
 * source (by its id column, else its registration number, else its
 * name); the organization it names is, strongest first, the one its key
 * became in an earlier run, the one with the row's id in this database
 * when the names agree, the one with its registration number, the one
 * with its name (English, Dari, Pashto or another). A found one whose
 * fields the row repeats is unchanged; one the row changes is updated
 * with the cells given (an empty cell keeps what is stored); none found
 * is made. An unknown kind, status, province or office P-code, a staff
 * figure that is not a whole number (or more women than staff), or a
 * women-led cell other than yes or no rejects the row. The parent is the
 * organization its own row in this file became, else the one with the
 * parent's id when it has the parent's name, else the one with that
 * name. An organization found by its acronym alone is not taken: the row
 * makes a new one, with a warning naming the stored one. Returns as
 * svc_import_row; out->org_id is the organization. */
SvcStatus svc_import_org_row(Importer *im, const char *const values[IF_FIELD_COUNT],
                             ImportRowResult *out);
/* After the last organization row: sets the registering authority and
 * the parent of the organizations whose authority or parent came later in
 * the file. What could still not be set (named nowhere, or refused) is
 * left empty and told in late: outcome ROW_WARNED with the warnings, each
 * detail naming the organization; ROW_ACCEPTED when nothing was left.
 * SVC_ERROR when the store failed. */
SvcStatus svc_import_orgs_finish(Importer *im, ImportRowResult *late);

/* The counts so far. */
const ImportCounts *svc_import_counts(const Importer *im);

/* Ends the import: commits (or undoes, for a dry run or when commit is
 * false) and frees im. SVC_ERROR when the commit failed. */
SvcStatus svc_import_end(Importer *im, bool commit);

/* The actor for an account's login, for `import --as LOGIN` (strings in
 * ctx->arena). SVC_NOT_FOUND when there is no such enabled account. */
SvcStatus svc_import_actor(Ctx *ctx, const char *login, Actor *out);

#endif
