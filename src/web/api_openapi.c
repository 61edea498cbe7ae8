/*
 * api_openapi.c — GET /api/v1/openapi.json: the OpenAPI 3.1 description
 * of every route, kept in api/openapi.json and compiled into the binary.
 * tests/api/test_openapi.py checks it against the route table and every
 * answer against its schema.
 */
#include "store/embedded.h"
#include "web/api.h"

void api_openapi(Req *req, Resp *resp)
{
	(void)req;
	const EmbeddedFile *f = embedded_find("api/openapi.json");
	if (!f) {
		resp_error_json(resp, 500, "internal", "the API description is missing from this build");
		return;
	}
	resp_json_text(resp, 200, f->data);
}
