/*
 * export_json.c — an export as one JSON document: a header object saying
 * what the file holds, then the records in the very shapes the API
 * answers (record_json.c), so a program that reads one reads the other:
 *
 *   {"header": {"format": "hamahang-export", "version": 1, "kind": ...,
 *               "filters": {...}, "counts": {"orgs": N, "projects": N}},
 *    "orgs": [...], "projects": [...]}
 *
 * Nothing in it changes with the clock, so the same records give the same
 * bytes.
 */
#include <stdlib.h>

#include <jansson.h>

#include "fmt/export.h"
#include "fmt/record_json.h"

bool export_json(const ExportSet *set, const RefData *ref, const ExportMeta *meta, Buf *out)
{
	json_t *doc = json_object();
	json_t *header = json_object();
	json_object_set_new(header, "format", json_string("hamahang-export"));
	json_object_set_new(header, "version", json_integer(1));
	json_object_set_new(header, "kind", json_string(export_kind_name(meta->kind)));
	json_t *filters = json_object();
	for (size_t i = 0; i < meta->filter_count; i++)
		json_object_set_new(filters, meta->filter_names[i], json_string(meta->filter_values[i]));
	json_object_set_new(header, "filters", filters);
	json_t *counts = json_object();
	if (meta->kind != EXPORT_PROJECTS)
		json_object_set_new(counts, "orgs", json_integer((json_int_t)set->org_count));
	if (meta->kind != EXPORT_ORGS)
		json_object_set_new(counts, "projects", json_integer((json_int_t)set->project_count));
	json_object_set_new(header, "counts", counts);
	json_object_set_new(doc, "header", header);
	if (meta->kind != EXPORT_PROJECTS) {
		json_t *orgs = json_array();
		for (size_t i = 0; i < set->org_count; i++)
			json_array_append_new(orgs, org_to_json(&set->orgs[i], ref));
		json_object_set_new(doc, "orgs", orgs);
	}
	if (meta->kind != EXPORT_ORGS) {
		json_t *projects = json_array();
		for (size_t i = 0; i < set->project_count; i++)
			json_array_append_new(projects, project_to_json(&set->projects[i], ref));
		json_object_set_new(doc, "projects", projects);
	}
	char *text = json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	bool ok = text && buf_puts(out, text) && buf_putc(out, '\n');
	free(text);
	return ok;
}
