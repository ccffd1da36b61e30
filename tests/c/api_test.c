/* The whole C API and every error path. Built by tests/c_api.rs with
 * -Wall -Wextra -Werror -fsanitize=address,undefined and run from the repository root. */
#include "wcodm.h"
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(2); }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (fread(buf, 1, (size_t)n, f) != (size_t)n) { perror(path); exit(2); }
    buf[n] = 0;
    fclose(f);
    *len = (size_t)n;
    return buf;
}

#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); return 1; } } while (0)

int main(void) {
    char msg[512];
    size_t written = 0;
    CHECK(strlen(wcodm_version()) > 0);

    /* Null and bad arguments. */
    wcodm_validator *v = NULL;
    CHECK(wcodm_validator_new_builtin(NULL, NULL, &v) == WCODM_ERR_NULL_ARGUMENT);
    CHECK(wcodm_validator_new_builtin("auto", NULL, NULL) == WCODM_ERR_NULL_ARGUMENT);
    CHECK(wcodm_validator_new_builtin("9.9", NULL, &v) == WCODM_ERR_UNKNOWN_VERSION);
    CHECK(wcodm_last_error(msg, sizeof msg, &written) == WCODM_OK);
    CHECK(strstr(msg, "3.6, 3.7, 4.0-draft") != NULL && written == strlen(msg));
    CHECK(wcodm_last_error(msg, 4, &written) == WCODM_ERR_BUFFER_TOO_SMALL && strlen(msg) == 3);
    CHECK(wcodm_validator_new_builtin("\xff", NULL, &v) == WCODM_ERR_INVALID_UTF8);
    CHECK(wcodm_validator_new_xsd_path("no/such/schema.xsd", NULL, &v) == WCODM_ERR_IO);
    const char *names[] = {"bad.xsd"};
    const char *texts[] = {"<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:redefine/></xs:schema>"};
    CHECK(wcodm_validator_new_xsd_memory("bad.xsd", names, texts, 1, NULL, &v) == WCODM_ERR_SCHEMA);
    CHECK(wcodm_validator_new_xsd_memory("bad.xsd", NULL, texts, 1, NULL, &v) == WCODM_ERR_NULL_ARGUMENT);
    wcodm_options *o = wcodm_options_new();
    CHECK(wcodm_options_add_rules_file(o, "no/such/pack.json") == WCODM_ERR_IO);
    CHECK(wcodm_options_add_rules_file(NULL, "x") == WCODM_ERR_NULL_ARGUMENT);
    CHECK(wcodm_options_set_max_errors(NULL, 3) == WCODM_ERR_NULL_ARGUMENT);
    CHECK(wcodm_validate(NULL, (const uint8_t *)"x", 1, NULL) == WCODM_ERR_NULL_ARGUMENT);
    CHECK(wcodm_report_is_valid(NULL) == false && wcodm_report_count(NULL) == 0);
    wcodm_validator_free(NULL);
    wcodm_report_free(NULL);
    wcodm_string_free(NULL);

    /* A built-in validator with options: a valid and an invalid example. */
    CHECK(wcodm_options_set_max_errors(o, 10) == WCODM_OK);
    CHECK(wcodm_options_set_mask_values(o, false) == WCODM_OK);
    CHECK(wcodm_validator_new_builtin("auto", o, &v) == WCODM_OK);
    wcodm_options_free(o);
    size_t len;
    char *xml = slurp("examples/3.6/import-3-items.xml", &len);
    wcodm_report *r = NULL;
    CHECK(wcodm_validate(v, (const uint8_t *)xml, len, &r) == WCODM_OK);
    CHECK(wcodm_report_is_valid(r) && wcodm_report_count(r) == 0);
    CHECK(strcmp(wcodm_report_version(r), "3.6") == 0);
    wcodm_report_free(r);
    free(xml);

    xml = slurp("examples/3.6/invalid-letters-in-gross-mass.xml", &len);
    CHECK(wcodm_validate(v, (const uint8_t *)xml, len, &r) == WCODM_OK);
    CHECK(!wcodm_report_is_valid(r) && wcodm_report_count(r) == 1);
    wcodm_diagnostic d;
    CHECK(wcodm_report_diagnostic(r, 0, &d) == WCODM_OK);
    CHECK(strcmp(d.code, "invalid-value") == 0 && d.rule == NULL && strcmp(d.severity, "error") == 0);
    CHECK(strstr(d.path, "/GoodsMeasure/GrossMassMeasure") != NULL);
    CHECK(strcmp(d.wco_pointer, "42A/67A[1]/68A[1]/23A/65A#126") == 0 && d.line == 44 && d.column == 13);
    CHECK(wcodm_report_diagnostic(r, 1, &d) == WCODM_ERR_INDEX_OUT_OF_RANGE);
    CHECK(wcodm_report_diagnostic(r, 0, NULL) == WCODM_ERR_NULL_ARGUMENT);
    char *json = NULL;
    CHECK(wcodm_report_to_json(r, &json) == WCODM_OK && strstr(json, "\"valid\":false") != NULL);
    wcodm_string_free(json);
    wcodm_report_free(r);
    free(xml);

    /* Garbage and empty input get a report, never a crash. */
    CHECK(wcodm_validate(v, (const uint8_t *)"\x00\x01junk", 6, &r) == WCODM_OK && !wcodm_report_is_valid(r));
    CHECK(wcodm_report_version(r) == NULL);
    wcodm_report_free(r);
    CHECK(wcodm_validate(v, NULL, 0, &r) == WCODM_OK && !wcodm_report_is_valid(r));
    wcodm_report_free(r);
    wcodm_validator_free(v);

    /* An XSD schema set on disk with a business-rule pack. */
    o = wcodm_options_new();
    CHECK(wcodm_options_add_rules_file(o, "tests/c/fixtures/pack.json") == WCODM_OK);
    CHECK(wcodm_validator_new_xsd_path("fuzz/schema/customs.xsd", o, &v) == WCODM_OK);
    wcodm_options_free(o);
    xml = slurp("tests/cli/inputs/valid.xml", &len);
    CHECK(wcodm_validate(v, (const uint8_t *)xml, len, &r) == WCODM_OK);
    CHECK(wcodm_report_count(r) == 1 && !wcodm_report_is_valid(r));
    CHECK(wcodm_report_diagnostic(r, 0, &d) == WCODM_OK);
    CHECK(strcmp(d.code, "business-rule") == 0 && strcmp(d.rule, "C-1") == 0 && strcmp(d.national_code, "XX001") == 0);
    wcodm_report_free(r);
    free(xml);
    wcodm_validator_free(v);

    /* In memory. */
    const char *n2[] = {"s.xsd"};
    const char *t2[] = {"<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:element name=\"n\" type=\"xs:decimal\"/></xs:schema>"};
    CHECK(wcodm_validator_new_xsd_memory("s.xsd", n2, t2, 1, NULL, &v) == WCODM_OK);
    CHECK(wcodm_validate(v, (const uint8_t *)"<n>1.5</n>", 10, &r) == WCODM_OK && wcodm_report_is_valid(r));
    wcodm_report_free(r);
    wcodm_validator_free(v);
    puts("api_test: ok");
    return 0;
}
