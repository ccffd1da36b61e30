/* The whole C API and every error path. Built by tests/c_api.rs with
 * -Wall -Wextra -Werror -fsanitize=address,undefined (and -DWCODM_EXPECT_VERSION) and run from
 * the repository root. Schemas and messages: tests/c/fixtures/. */
#include "wcodm.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef WCODM_EXPECT_VERSION
#define WCODM_EXPECT_VERSION "0.1.0"
#endif

static int failures = 0;
#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                                \
        }                                                                              \
    } while (0)
#define STREQ(a, b) ((a) != NULL && strcmp((a), (b)) == 0)

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(2); }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) { perror(path); exit(2); }
    buf[n] = 0;
    fclose(f);
    if (len) *len = (size_t)n;
    return buf;
}

/* The calling thread's last error message (static buffer). */
static const char *last_error(void) {
    static char buf[1024];
    buf[0] = 0;
    wcodm_last_error(buf, sizeof buf, NULL);
    return buf;
}

/* Validate a file; the caller frees the report. */
static wcodm_report *validate_file(const wcodm_validator *v, const char *path) {
    size_t len;
    char *xml = slurp(path, &len);
    wcodm_report *r = NULL;
    if (wcodm_validate(v, (const uint8_t *)xml, len, &r) != WCODM_OK) {
        fprintf(stderr, "wcodm_validate failed on %s: %s\n", path, last_error());
        exit(1);
    }
    free(xml);
    return r;
}

static char *json_of(const wcodm_report *r) {
    char *json = NULL;
    if (wcodm_report_to_json(r, &json) != WCODM_OK) { fprintf(stderr, "to_json: %s\n", last_error()); exit(1); }
    return json;
}

#define SCHEMA "tests/c/fixtures/schema/declaration.xsd"
#define TYPES "tests/c/fixtures/schema/common/types.xsd"
#define VALID "tests/c/fixtures/valid.xml"
#define INVALID "tests/c/fixtures/invalid.xml"
#define RULE_BROKEN "tests/c/fixtures/rule-broken.xml"
#define PACK "tests/c/fixtures/pack.json"
/* A sentinel handle value: out-parameters must be reset to NULL on failure. */
#define POISON(T) ((T *)(void *)&failures)

static void test_version_and_result_texts(void) {
    CHECK(STREQ(wcodm_version(), WCODM_EXPECT_VERSION));
    const int codes[] = {WCODM_OK, WCODM_ERR_NULL_ARGUMENT, WCODM_ERR_INVALID_UTF8, WCODM_ERR_SCHEMA, WCODM_ERR_IO,
                         WCODM_ERR_UNKNOWN_VERSION, WCODM_ERR_RULE_PACK, WCODM_ERR_INDEX_OUT_OF_RANGE,
                         WCODM_ERR_BUFFER_TOO_SMALL, WCODM_ERR_INVALID_ARGUMENT, WCODM_ERR_PANIC};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        const char *t = wcodm_result_text(codes[i]);
        CHECK(t != NULL && strlen(t) > 0 && strcmp(t, "unknown result code") != 0);
    }
    CHECK(STREQ(wcodm_result_text(WCODM_OK), "success"));
    CHECK(STREQ(wcodm_result_text(12345), "unknown result code"));
    CHECK(STREQ(wcodm_result_text(-1), "unknown result code"));
}

static void test_last_error_buffer(void) {
    size_t written = 99;
    char buf[512];
    /* Nothing failed yet on this thread. */
    CHECK(wcodm_last_error(NULL, 0, &written) == WCODM_OK && written == 0);
    CHECK(wcodm_last_error(buf, sizeof buf, &written) == WCODM_OK && buf[0] == 0 && written == 0);

    wcodm_validator *v = POISON(wcodm_validator);
    CHECK(wcodm_validator_new_builtin("9.9", NULL, &v) == WCODM_ERR_UNKNOWN_VERSION && v == NULL);
    CHECK(wcodm_last_error(buf, sizeof buf, &written) == WCODM_OK);
    CHECK(strstr(buf, "'9.9'") != NULL && strstr(buf, "3.6, 3.7, 4.0-draft") != NULL);
    CHECK(written == strlen(buf));
    size_t full = written;
    /* Sizing call, then too small, then exactly big enough. */
    CHECK(wcodm_last_error(NULL, 0, &written) == WCODM_ERR_BUFFER_TOO_SMALL && written == full);
    CHECK(wcodm_last_error(buf, 0, NULL) == WCODM_ERR_BUFFER_TOO_SMALL);
    memset(buf, 'x', sizeof buf);
    CHECK(wcodm_last_error(buf, 4, &written) == WCODM_ERR_BUFFER_TOO_SMALL && written == full);
    CHECK(buf[3] == 0 && strlen(buf) == 3 && buf[4] == 'x');
    CHECK(wcodm_last_error(buf, full, NULL) == WCODM_ERR_BUFFER_TOO_SMALL && strlen(buf) == full - 1);
    CHECK(wcodm_last_error(buf, full + 1, NULL) == WCODM_OK && strlen(buf) == full);
    /* A success does not clear it. */
    CHECK(STREQ(wcodm_version(), WCODM_EXPECT_VERSION));
    CHECK(strstr(last_error(), "'9.9'") != NULL);
}

static void test_null_arguments(void) {
    const char *names[] = {"declaration.xsd"};
    const char *texts[] = {"<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"/>"};
    const char *null_names[] = {NULL};
    wcodm_validator *v = POISON(wcodm_validator);
    wcodm_options *o = wcodm_options_new();
    CHECK(o != NULL);

    CHECK(wcodm_options_set_max_errors(NULL, 3) == WCODM_ERR_NULL_ARGUMENT);
    CHECK(strstr(last_error(), "options is NULL") != NULL);
    CHECK(wcodm_options_set_mask_values(NULL, true) == WCODM_ERR_NULL_ARGUMENT);
    CHECK(wcodm_options_set_locations(NULL, true) == WCODM_ERR_NULL_ARGUMENT);
    CHECK(wcodm_options_add_rules_file(NULL, PACK) == WCODM_ERR_NULL_ARGUMENT);
    CHECK(wcodm_options_add_rules_file(o, NULL) == WCODM_ERR_NULL_ARGUMENT);
    CHECK(strstr(last_error(), "path is NULL") != NULL);
    CHECK(wcodm_options_add_rules_json(NULL, "{}") == WCODM_ERR_NULL_ARGUMENT);
    CHECK(wcodm_options_add_rules_json(o, NULL) == WCODM_ERR_NULL_ARGUMENT);

    CHECK(wcodm_validator_new_builtin(NULL, NULL, &v) == WCODM_ERR_NULL_ARGUMENT && v == NULL);
    CHECK(strstr(last_error(), "version is NULL") != NULL);
    CHECK(wcodm_validator_new_builtin("auto", NULL, NULL) == WCODM_ERR_NULL_ARGUMENT);
    CHECK(strstr(last_error(), "out is NULL") != NULL);
    v = POISON(wcodm_validator);
    CHECK(wcodm_validator_new_xsd_path(NULL, o, &v) == WCODM_ERR_NULL_ARGUMENT && v == NULL);
    CHECK(wcodm_validator_new_xsd_path(SCHEMA, o, NULL) == WCODM_ERR_NULL_ARGUMENT);
    v = POISON(wcodm_validator);
    CHECK(wcodm_validator_new_xsd_memory(NULL, names, texts, 1, NULL, &v) == WCODM_ERR_NULL_ARGUMENT && v == NULL);
    CHECK(wcodm_validator_new_xsd_memory("declaration.xsd", NULL, texts, 1, NULL, &v) == WCODM_ERR_NULL_ARGUMENT);
    CHECK(wcodm_validator_new_xsd_memory("declaration.xsd", names, NULL, 1, NULL, &v) == WCODM_ERR_NULL_ARGUMENT);
    CHECK(wcodm_validator_new_xsd_memory("declaration.xsd", null_names, texts, 1, NULL, &v) == WCODM_ERR_NULL_ARGUMENT);
    CHECK(strstr(last_error(), "names[0] is NULL") != NULL);
    CHECK(wcodm_validator_new_xsd_memory("declaration.xsd", names, null_names, 1, NULL, &v) == WCODM_ERR_NULL_ARGUMENT);
    CHECK(strstr(last_error(), "texts[0] is NULL") != NULL);
    CHECK(wcodm_validator_new_xsd_memory("declaration.xsd", names, texts, 1, NULL, NULL) == WCODM_ERR_NULL_ARGUMENT);
    /* count 0 with NULL arrays is allowed: the root is then simply missing. */
    CHECK(wcodm_validator_new_xsd_memory("declaration.xsd", NULL, NULL, 0, NULL, &v) == WCODM_ERR_SCHEMA && v == NULL);

    CHECK(wcodm_validator_new_xsd_path(SCHEMA, NULL, &v) == WCODM_OK && v != NULL);
    wcodm_report *r = POISON(wcodm_report);
    CHECK(wcodm_validate(NULL, (const uint8_t *)"<x/>", 4, &r) == WCODM_ERR_NULL_ARGUMENT && r == NULL);
    CHECK(strstr(last_error(), "validator is NULL") != NULL);
    r = POISON(wcodm_report);
    CHECK(wcodm_validate(v, NULL, 4, &r) == WCODM_ERR_NULL_ARGUMENT && r == NULL);
    CHECK(strstr(last_error(), "data is NULL") != NULL);
    CHECK(wcodm_validate(v, (const uint8_t *)"<x/>", 4, NULL) == WCODM_ERR_NULL_ARGUMENT);

    CHECK(wcodm_validate(v, (const uint8_t *)"<x/>", 4, &r) == WCODM_OK && r != NULL);
    wcodm_diagnostic d;
    char *json = POISON(char);
    CHECK(wcodm_report_diagnostic(NULL, 0, &d) == WCODM_ERR_NULL_ARGUMENT);
    CHECK(wcodm_report_diagnostic(r, 0, NULL) == WCODM_ERR_NULL_ARGUMENT);
    CHECK(wcodm_report_to_json(NULL, &json) == WCODM_ERR_NULL_ARGUMENT && json == NULL);
    CHECK(wcodm_report_to_json(r, NULL) == WCODM_ERR_NULL_ARGUMENT);
    CHECK(wcodm_report_is_valid(NULL) == false);
    CHECK(wcodm_report_is_truncated(NULL) == false);
    CHECK(wcodm_report_count(NULL) == 0);
    CHECK(wcodm_report_version(NULL) == NULL);
    CHECK(wcodm_report_location(NULL, 0) == NULL);

    wcodm_report_free(r);
    wcodm_validator_free(v);
    wcodm_options_free(o);
    wcodm_options_free(NULL);
    wcodm_validator_free(NULL);
    wcodm_report_free(NULL);
    wcodm_string_free(NULL);
}

static void test_invalid_utf8(void) {
    const char *names[] = {"declaration.xsd"};
    const char *texts[] = {"<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"/>"};
    const char *bad[] = {"bad\xff.xsd"};
    wcodm_validator *v = NULL;
    wcodm_options *o = wcodm_options_new();
    CHECK(wcodm_validator_new_builtin("3.\xff", NULL, &v) == WCODM_ERR_INVALID_UTF8 && v == NULL);
    CHECK(strstr(last_error(), "version is not UTF-8") != NULL);
    CHECK(wcodm_validator_new_xsd_path("tests/c/fixtures/\xff\xfe.xsd", NULL, &v) == WCODM_ERR_INVALID_UTF8 && v == NULL);
    CHECK(strstr(last_error(), "root is not UTF-8") != NULL);
    CHECK(wcodm_validator_new_xsd_memory("\xc3", names, texts, 1, NULL, &v) == WCODM_ERR_INVALID_UTF8);
    CHECK(wcodm_validator_new_xsd_memory("declaration.xsd", bad, texts, 1, NULL, &v) == WCODM_ERR_INVALID_UTF8);
    CHECK(strstr(last_error(), "names[0] is not UTF-8") != NULL);
    CHECK(wcodm_validator_new_xsd_memory("declaration.xsd", names, bad, 1, NULL, &v) == WCODM_ERR_INVALID_UTF8);
    CHECK(strstr(last_error(), "texts[0] is not UTF-8") != NULL);
    CHECK(wcodm_options_add_rules_file(o, "pack\xff.json") == WCODM_ERR_INVALID_UTF8);
    CHECK(wcodm_options_add_rules_json(o, "{\"name\": \"\xff\"}") == WCODM_ERR_INVALID_UTF8);
    CHECK(v == NULL);
    wcodm_options_free(o);
}

static void test_schema_and_io_errors(void) {
    wcodm_validator *v = POISON(wcodm_validator);
    CHECK(wcodm_validator_new_xsd_path("tests/c/fixtures/no-such-schema.xsd", NULL, &v) == WCODM_ERR_IO && v == NULL);
    CHECK(strstr(last_error(), "no-such-schema.xsd") != NULL);
    /* Not well-formed, and well-formed but unsupported. */
    const char *names[] = {"bad.xsd"};
    const char *broken[] = {"<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:element"};
    const char *redefine[] = {"<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:redefine/></xs:schema>"};
    CHECK(wcodm_validator_new_xsd_memory("bad.xsd", names, broken, 1, NULL, &v) == WCODM_ERR_SCHEMA && v == NULL);
    CHECK(strstr(last_error(), "bad.xsd") != NULL);
    CHECK(wcodm_validator_new_xsd_memory("bad.xsd", names, redefine, 1, NULL, &v) == WCODM_ERR_SCHEMA && v == NULL);
    CHECK(strstr(last_error(), "bad.xsd") != NULL);
    /* An include that is not among the in-memory documents. */
    char *root = slurp(SCHEMA, NULL);
    const char *rn[] = {"declaration.xsd"};
    const char *rt[] = {root};
    CHECK(wcodm_validator_new_xsd_memory("declaration.xsd", rn, rt, 1, NULL, &v) == WCODM_ERR_SCHEMA && v == NULL);
    CHECK(strstr(last_error(), "common/types.xsd") != NULL);
    free(root);

    /* Rule packs: unreadable, not JSON, not a pack. */
    wcodm_options *o = wcodm_options_new();
    CHECK(wcodm_options_add_rules_file(o, "tests/c/fixtures/no-such-pack.json") == WCODM_ERR_IO);
    CHECK(strstr(last_error(), "no-such-pack.json") != NULL);
    CHECK(wcodm_options_add_rules_file(o, VALID) == WCODM_ERR_RULE_PACK);
    CHECK(strstr(last_error(), "valid.xml") != NULL);
    CHECK(wcodm_options_add_rules_json(o, "{\"name\": \"x\", \"rules\": [{\"id\": 1}]}") == WCODM_ERR_RULE_PACK);
    CHECK(wcodm_options_add_rules_json(o, "not json") == WCODM_ERR_RULE_PACK);
    /* The failed adds left the options unchanged: they still build a working validator. */
    CHECK(wcodm_validator_new_xsd_path(SCHEMA, o, &v) == WCODM_OK);
    wcodm_report *r = validate_file(v, VALID);
    CHECK(wcodm_report_is_valid(r) && wcodm_report_count(r) == 0);
    wcodm_report_free(r);
    wcodm_validator_free(v);
    wcodm_options_free(o);

    /* A pack naming a path the rule set lacks (here in a condition) does not build. */
    o = wcodm_options_new();
    CHECK(wcodm_options_add_rules_json(
              o, "{\"name\": \"typo\", \"rules\": [{\"id\": \"TYPO-1\", \"message\": \"m\", \"source\": \"s\", "
                 "\"scope\": \"Declaration\", \"check\": {\"kind\": \"presence\", \"field\": \"TypeCode\", "
                 "\"mode\": \"required\"}, \"when\": {\"field\": \"/Declaration/FunctionCod\", \"in\": [\"9\"]}}]}") == WCODM_OK);
    CHECK(wcodm_validator_new_builtin("3.6", o, &v) == WCODM_ERR_RULE_PACK && v == NULL);
    CHECK(strstr(last_error(), "rule TYPO-1") != NULL);
    CHECK(strstr(last_error(), "closest: Declaration/FunctionCode") != NULL);
    wcodm_options_free(o);

    /* A national profile: unknown names are refused, uk-cds names itself and the category. */
    o = wcodm_options_new();
    CHECK(wcodm_options_set_profile(o, "no-such-profile") == WCODM_ERR_RULE_PACK);
    CHECK(strstr(last_error(), "uk-cds") != NULL);
    CHECK(wcodm_options_set_profile(NULL, "uk-cds") == WCODM_ERR_NULL_ARGUMENT);
    CHECK(wcodm_options_set_profile(o, "uk-cds") == WCODM_OK);
    CHECK(wcodm_validator_new_builtin("3.6", o, &v) == WCODM_OK);
    wcodm_report *pr = validate_file(v, "examples/3.6/import-3-items.xml");
    char *json = NULL;
    CHECK(wcodm_report_to_json(pr, &json) == WCODM_OK);
    CHECK(strstr(json, "\"profile\":\"uk-cds\",\"category\":\"H1\"") != NULL);
    CHECK(strstr(json, "DE 5/8 Country of destination code is required on each goods item in category H1") != NULL);
    CHECK(strstr(json, "\"national_code\":\"CDS10001\"") != NULL);
    wcodm_string_free(json);
    wcodm_report_free(pr);
    wcodm_validator_free(v);
    wcodm_options_free(o);

    /* A profile for other messages' roots (uk-ics1: CC315A, CC313A) with the built-in WCO sets:
       refused as such, with the schema to use, not as a path of its first rule. */
    o = wcodm_options_new();
    CHECK(wcodm_options_set_profile(o, "uk-ics1") == WCODM_OK);
    CHECK(wcodm_validator_new_builtin("auto", o, &v) == WCODM_ERR_RULE_PACK && v == NULL);
    CHECK(strstr(last_error(), "profile uk-ics1 is for messages whose root is CC315A or CC313A") != NULL);
    CHECK(strstr(last_error(), "CC315A-v11-2.xsd") != NULL);
    CHECK(strstr(last_error(), "closest") == NULL);
    wcodm_options_free(o);
}

/* The three diagnostics of tests/c/fixtures/invalid.xml, field by field. */
static void check_invalid_report(const wcodm_report *r, const char *version) {
    wcodm_diagnostic d;
    CHECK(!wcodm_report_is_valid(r) && !wcodm_report_is_truncated(r));
    CHECK(wcodm_report_count(r) == 3);
    CHECK(STREQ(wcodm_report_version(r), version));

    CHECK(wcodm_report_diagnostic(r, 0, &d) == WCODM_OK);
    CHECK(STREQ(d.code, "length") && d.rule == NULL && STREQ(d.severity, "error"));
    CHECK(STREQ(d.message, "element TypeCode value 'IMZA' is not valid: expected exactly 3 characters (found 4)"));
    CHECK(STREQ(d.path, "/Declaration/TypeCode") && STREQ(d.wco_pointer, "42A#D013") && d.national_code == NULL);
    CHECK(d.line == 3 && d.column == 3);

    CHECK(wcodm_report_diagnostic(r, 1, &d) == WCODM_OK);
    CHECK(STREQ(d.code, "invalid-value") && d.rule == NULL && STREQ(d.severity, "error"));
    CHECK(STREQ(d.message, "element GrossMassMeasure value 'twelve' is not valid: expected an xs:decimal"));
    CHECK(STREQ(d.path, "/Declaration/GoodsItem[2]/GrossMassMeasure") && STREQ(d.wco_pointer, "42A/68A[2]#126"));
    CHECK(d.line == 9 && d.column == 5);

    CHECK(wcodm_report_diagnostic(r, 2, &d) == WCODM_OK);
    CHECK(STREQ(d.code, "unexpected-element") && STREQ(d.path, "/Declaration/Unknown"));
    CHECK(strstr(d.message, "Unknown is not allowed here") != NULL && STREQ(d.wco_pointer, "42A"));
    CHECK(d.line == 11 && d.column == 3);

    /* Out of range leaves the struct alone. */
    d.line = 777;
    CHECK(wcodm_report_diagnostic(r, 3, &d) == WCODM_ERR_INDEX_OUT_OF_RANGE && d.line == 777);
    CHECK(strstr(last_error(), "index 3 is out of range: the report has 3") != NULL);
    CHECK(wcodm_report_diagnostic(r, (size_t)-1, &d) == WCODM_ERR_INDEX_OUT_OF_RANGE);
}

static void test_xsd_on_disk_and_in_memory(void) {
    wcodm_validator *disk = NULL, *mem = NULL;
    CHECK(wcodm_validator_new_xsd_path(SCHEMA, NULL, &disk) == WCODM_OK && disk != NULL);
    char *root = slurp(SCHEMA, NULL), *types = slurp(TYPES, NULL);
    const char *names[] = {"common/types.xsd", "declaration.xsd"};
    const char *texts[] = {types, root};
    CHECK(wcodm_validator_new_xsd_memory("declaration.xsd", names, texts, 2, NULL, &mem) == WCODM_OK && mem != NULL);
    free(root); /* copied: the validator does not need them any more */
    free(types);

    wcodm_report *r = validate_file(disk, VALID);
    CHECK(wcodm_report_is_valid(r) && !wcodm_report_is_truncated(r) && wcodm_report_count(r) == 0);
    CHECK(STREQ(wcodm_report_version(r), SCHEMA));
    wcodm_diagnostic d;
    CHECK(wcodm_report_diagnostic(r, 0, &d) == WCODM_ERR_INDEX_OUT_OF_RANGE);
    char *json = json_of(r);
    CHECK(STREQ(json, "{\"valid\":true,\"truncated\":false,\"diagnostics\":[]}"));
    wcodm_string_free(json);
    wcodm_report_free(r);

    r = validate_file(disk, INVALID);
    check_invalid_report(r, SCHEMA);
    json = json_of(r);
    static const char head[] =
        "{\"valid\":false,\"truncated\":false,\"diagnostics\":[{\"code\":\"length\",\"rule\":null,"
        "\"severity\":\"error\",\"message\":\"element TypeCode value 'IMZA' is not valid: expected exactly 3 "
        "characters (found 4)\",\"path\":\"/Declaration/TypeCode\",\"line\":3,\"column\":3,"
        "\"wco_id\":\"D013\",\"wco_pointer\":\"42A#D013\",\"wco_names\":\"42A / D013\"},";
    CHECK(strncmp(json, head, strlen(head)) == 0);
    /* The fixture's annotations give IDs but no WCO names: the IDs stand in for them. */
    CHECK(STREQ(wcodm_report_wco_names(r, 0), "42A / D013"));
    CHECK(strstr(json, "\"wco_pointer\":\"42A/68A[2]#126\"") != NULL);

    /* The in-memory set gives the same report. */
    wcodm_report *r2 = validate_file(mem, INVALID);
    check_invalid_report(r2, "declaration.xsd");
    char *json2 = json_of(r2);
    CHECK(STREQ(json, json2));
    wcodm_string_free(json2);
    wcodm_string_free(json);

    /* Reports outlive their validator. */
    wcodm_validator_free(disk);
    wcodm_validator_free(mem);
    check_invalid_report(r, SCHEMA);
    wcodm_report_free(r);
    wcodm_report_free(r2);
}

/* wcodm_validate_file streams the file: the same reports as the bytes in memory. */
static void test_validate_file(void) {
    wcodm_validator *v = NULL;
    CHECK(wcodm_validator_new_xsd_path(SCHEMA, NULL, &v) == WCODM_OK);
    const char *files[] = {VALID, INVALID, RULE_BROKEN};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        wcodm_report *in_memory = validate_file(v, files[i]), *streamed = POISON(wcodm_report);
        CHECK(wcodm_validate_file(v, files[i], &streamed) == WCODM_OK && streamed != NULL);
        char *a = json_of(in_memory), *b = json_of(streamed);
        CHECK(STREQ(a, b));
        CHECK(STREQ(wcodm_report_version(streamed), SCHEMA));
        wcodm_string_free(a);
        wcodm_string_free(b);
        wcodm_report_free(in_memory);
        wcodm_report_free(streamed);
    }
    wcodm_report *r = POISON(wcodm_report);
    CHECK(wcodm_validate_file(v, "tests/c/fixtures/no-such-message.xml", &r) == WCODM_ERR_IO && r == NULL);
    CHECK(strstr(last_error(), "no-such-message.xml") != NULL);
    r = POISON(wcodm_report);
    CHECK(wcodm_validate_file(v, NULL, &r) == WCODM_ERR_NULL_ARGUMENT && r == NULL);
    CHECK(wcodm_validate_file(NULL, VALID, &r) == WCODM_ERR_NULL_ARGUMENT && r == NULL);
    CHECK(wcodm_validate_file(v, VALID, NULL) == WCODM_ERR_NULL_ARGUMENT);
    CHECK(wcodm_validate_file(v, "tests/c/fixtures/\xff.xml", &r) == WCODM_ERR_INVALID_UTF8 && r == NULL);
    wcodm_validator_free(v);

    /* A built-in rule set, chosen by the version the message claims. */
    CHECK(wcodm_validator_new_builtin("auto", NULL, &v) == WCODM_OK);
    wcodm_report *a = validate_file(v, "examples/3.6/invalid-rule-two-currencies.xml");
    CHECK(wcodm_validate_file(v, "examples/3.6/invalid-rule-two-currencies.xml", &r) == WCODM_OK);
    char *ja = json_of(a), *jr = json_of(r);
    CHECK(STREQ(ja, jr) && !wcodm_report_is_valid(r) && STREQ(wcodm_report_version(r), "3.6"));
    wcodm_string_free(ja);
    wcodm_string_free(jr);
    wcodm_report_free(a);
    wcodm_report_free(r);
    wcodm_validator_free(v);
}

static void test_options(void) {
    wcodm_options *o = wcodm_options_new();
    wcodm_validator *capped = NULL, *masked = NULL, *ruled = NULL, *uncapped = NULL, *located = NULL;

    CHECK(wcodm_options_set_max_errors(o, 1) == WCODM_OK);
    CHECK(wcodm_validator_new_xsd_path(SCHEMA, o, &capped) == WCODM_OK);
    CHECK(wcodm_options_set_max_errors(o, 0) == WCODM_OK); /* 0: no cap */
    CHECK(wcodm_validator_new_xsd_path(SCHEMA, o, &uncapped) == WCODM_OK);
    CHECK(wcodm_options_set_max_errors(o, 100) == WCODM_OK);
    CHECK(wcodm_options_set_mask_values(o, true) == WCODM_OK);
    CHECK(wcodm_validator_new_xsd_path(SCHEMA, o, &masked) == WCODM_OK);
    CHECK(wcodm_options_set_mask_values(o, false) == WCODM_OK);
    CHECK(wcodm_options_add_rules_file(o, PACK) == WCODM_OK);
    CHECK(wcodm_options_add_rules_json(
              o, "{\"name\": \"c-json\", \"rules\": [{\"id\": \"C-2\", \"severity\": \"warning\", "
                 "\"message\": \"Only imports are expected\", \"scope\": \"Declaration\", "
                 "\"check\": {\"kind\": \"value-in\", \"field\": \"TypeCode\", \"values\": [\"IMZ\"]}, "
                 "\"source\": \"C API test\"}]}") == WCODM_OK);
    CHECK(wcodm_validator_new_xsd_path(SCHEMA, o, &ruled) == WCODM_OK);
    CHECK(wcodm_options_set_locations(o, true) == WCODM_OK);
    CHECK(wcodm_validator_new_xsd_path(SCHEMA, o, &located) == WCODM_OK);
    wcodm_options_free(o); /* validators copied what they need */

    wcodm_diagnostic d;
    wcodm_report *r = validate_file(capped, INVALID);
    CHECK(!wcodm_report_is_valid(r) && wcodm_report_is_truncated(r) && wcodm_report_count(r) == 1);
    CHECK(wcodm_report_diagnostic(r, 0, &d) == WCODM_OK && STREQ(d.code, "length"));
    char *json = json_of(r);
    CHECK(strncmp(json, "{\"valid\":false,\"truncated\":true,", 32) == 0);
    wcodm_string_free(json);
    wcodm_report_free(r);

    r = validate_file(uncapped, INVALID);
    CHECK(!wcodm_report_is_truncated(r) && wcodm_report_count(r) == 3);
    wcodm_report_free(r);

    r = validate_file(masked, INVALID);
    CHECK(wcodm_report_count(r) == 3);
    for (size_t i = 0; i < wcodm_report_count(r); i++) {
        CHECK(wcodm_report_diagnostic(r, i, &d) == WCODM_OK);
        CHECK(strstr(d.message, "IMZA") == NULL && strstr(d.message, "twelve") == NULL);
    }
    wcodm_report_free(r);

    r = validate_file(ruled, RULE_BROKEN);
    CHECK(!wcodm_report_is_valid(r) && wcodm_report_count(r) == 2);
    CHECK(wcodm_report_diagnostic(r, 0, &d) == WCODM_OK);
    CHECK(STREQ(d.code, "business-rule") && STREQ(d.rule, "C-1") && STREQ(d.national_code, "XX001"));
    CHECK(STREQ(d.severity, "error") && STREQ(d.path, "/Declaration/TypeCode") && STREQ(d.wco_pointer, "42A#D013"));
    CHECK(strstr(d.message, "The declaration type must be IMZ or EXZ") != NULL && strstr(d.message, "COX") != NULL);
    CHECK(d.line == 3 && d.column == 3);
    CHECK(wcodm_report_diagnostic(r, 1, &d) == WCODM_OK);
    CHECK(STREQ(d.code, "business-rule") && STREQ(d.rule, "C-2") && d.national_code == NULL);
    CHECK(STREQ(d.severity, "warning") && strstr(d.message, "Only imports are expected") != NULL);
    json = json_of(r);
    CHECK(strstr(json, "\"rule\":\"C-1\"") != NULL && strstr(json, "\"national_code\":\"XX001\"") != NULL);
    CHECK(strstr(json, "\"location\"") == NULL && wcodm_report_location(r, 0) == NULL); /* not asked for */
    wcodm_string_free(json);
    wcodm_report_free(r);
    /* Locations asked for: every step indexed, as XPath-based engines report them. */
    r = validate_file(located, RULE_BROKEN);
    CHECK(wcodm_report_count(r) == 2);
    CHECK(STREQ(wcodm_report_location(r, 0), "/Declaration[1]/TypeCode[1]"));
    CHECK(STREQ(wcodm_report_location(r, 1), "/Declaration[1]/TypeCode[1]"));
    CHECK(wcodm_report_location(r, 2) == NULL); /* out of range */
    json = json_of(r);
    CHECK(strstr(json, "\"location\":\"/Declaration[1]/TypeCode[1]\"") != NULL);
    wcodm_string_free(json);
    wcodm_report_free(r);
    r = validate_file(ruled, VALID);
    CHECK(wcodm_report_is_valid(r) && wcodm_report_count(r) == 0);
    wcodm_report_free(r);

    wcodm_validator_free(capped);
    wcodm_validator_free(uncapped);
    wcodm_validator_free(masked);
    wcodm_validator_free(ruled);
    wcodm_validator_free(located);
}

static void test_hostile_input(void) {
    wcodm_validator *v = NULL;
    CHECK(wcodm_validator_new_xsd_path(SCHEMA, NULL, &v) == WCODM_OK);
    wcodm_report *r = NULL;
    wcodm_diagnostic d;
    /* Empty (NULL data with length 0 is allowed), binary, truncated, a DOCTYPE: a report each. */
    CHECK(wcodm_validate(v, NULL, 0, &r) == WCODM_OK && !wcodm_report_is_valid(r) && wcodm_report_count(r) >= 1);
    wcodm_report_free(r);
    const uint8_t binary[] = {0x00, 0x01, 0xff, 0xfe, 'j', 'u', 'n', 'k', 0x00};
    CHECK(wcodm_validate(v, binary, sizeof binary, &r) == WCODM_OK && !wcodm_report_is_valid(r));
    CHECK(wcodm_report_diagnostic(r, 0, &d) == WCODM_OK && d.message != NULL && d.code != NULL);
    wcodm_report_free(r);
    const char *truncated = "<Declaration xmlns=\"urn:wcodm:ctest\"><TypeCode>IM";
    CHECK(wcodm_validate(v, (const uint8_t *)truncated, strlen(truncated), &r) == WCODM_OK);
    CHECK(!wcodm_report_is_valid(r) && wcodm_report_diagnostic(r, wcodm_report_count(r) - 1, &d) == WCODM_OK);
    CHECK(STREQ(d.code, "xml-syntax"));
    wcodm_report_free(r);
    const char *doctype = "<!DOCTYPE d [<!ENTITY a \"aaaa\">]><Declaration xmlns=\"urn:wcodm:ctest\">&a;</Declaration>";
    CHECK(wcodm_validate(v, (const uint8_t *)doctype, strlen(doctype), &r) == WCODM_OK);
    CHECK(wcodm_report_count(r) == 1 && wcodm_report_diagnostic(r, 0, &d) == WCODM_OK && STREQ(d.code, "xml-doctype"));
    CHECK(d.line == 1 && d.column == 1 && STREQ(d.path, ""));
    wcodm_report_free(r);
    wcodm_validator_free(v);
}

static void test_builtin(void) {
    wcodm_validator *v = NULL;
    wcodm_options *o = wcodm_options_new();
    CHECK(wcodm_options_set_max_errors(o, 50) == WCODM_OK);
    CHECK(wcodm_validator_new_builtin("auto", o, &v) == WCODM_OK && v != NULL);
    wcodm_options_free(o);

    wcodm_report *r = validate_file(v, "examples/3.6/import-3-items.xml");
    CHECK(wcodm_report_is_valid(r) && wcodm_report_count(r) == 0 && STREQ(wcodm_report_version(r), "3.6"));
    wcodm_report_free(r);
    r = validate_file(v, "examples/3.7/import-2-items.xml");
    CHECK(wcodm_report_is_valid(r) && STREQ(wcodm_report_version(r), "3.7"));
    wcodm_report_free(r);

    r = validate_file(v, "examples/3.6/invalid-letters-in-gross-mass.xml");
    CHECK(!wcodm_report_is_valid(r) && wcodm_report_count(r) == 1);
    wcodm_diagnostic d;
    CHECK(wcodm_report_diagnostic(r, 0, &d) == WCODM_OK);
    CHECK(STREQ(d.code, "invalid-value") && d.rule == NULL && STREQ(d.severity, "error"));
    CHECK(strstr(d.message, "3520kg") != NULL);
    CHECK(d.path != NULL && strstr(d.path, "/GoodsMeasure/GrossMassMeasure") != NULL);
    CHECK(STREQ(d.wco_pointer, "42A/67A[1]/68A[1]/23A/65A#126") && d.line == 44 && d.column == 13);
    /* The same pointer in the WCO names of the built-in 3.6 table, beside the numbers. */
    CHECK(STREQ(wcodm_report_wco_names(r, 0),
                "Declaration / GoodsShipment[1] / GovernmentAgencyGoodsItem[1] / Commodity / GoodsMeasure / Gross weight item level"));
    CHECK(wcodm_report_wco_names(r, 1) == NULL); /* out of range */
    CHECK(wcodm_report_wco_names(NULL, 0) == NULL);
    wcodm_report_free(r);

    /* No version claimed: an unknown-version report, and no version chosen. */
    const char *plain = "<Declaration/>";
    CHECK(wcodm_validate(v, (const uint8_t *)plain, strlen(plain), &r) == WCODM_OK);
    CHECK(!wcodm_report_is_valid(r) && wcodm_report_version(r) == NULL);
    CHECK(wcodm_report_diagnostic(r, 0, &d) == WCODM_OK && STREQ(d.code, "unknown-version"));
    CHECK(d.wco_pointer == NULL && wcodm_report_wco_names(r, 0) == NULL); /* no pointer, no names */
    wcodm_report_free(r);
    wcodm_validator_free(v);

    /* A national pack added to the built-in rule sets runs on every version (regression: packs
       given with a built-in version were once ignored). */
    o = wcodm_options_new();
    CHECK(wcodm_options_add_rules_json(
              o, "{\"name\": \"nat\", \"rules\": [{\"id\": \"NAT-1\", \"message\": \"Exports only\", "
                 "\"scope\": \"Declaration\", \"check\": {\"kind\": \"pattern\", \"fields\": [\"TypeCode\"], "
                 "\"regex\": \"EX[A-Z]\", \"expected\": \"an export\", \"example\": \"EXA\"}, "
                 "\"source\": \"C API test\"}]}") == WCODM_OK);
    CHECK(wcodm_validator_new_builtin("auto", o, &v) == WCODM_OK);
    wcodm_options_free(o);
    r = validate_file(v, "examples/3.6/import-3-items.xml");
    CHECK(!wcodm_report_is_valid(r) && wcodm_report_count(r) == 1);
    CHECK(wcodm_report_diagnostic(r, 0, &d) == WCODM_OK && STREQ(d.rule, "NAT-1"));
    CHECK(strstr(d.message, "'IMZ' is not an export") != NULL);
    wcodm_report_free(r);
    wcodm_validator_free(v);

    /* A fixed version validates every message against it. */
    CHECK(wcodm_validator_new_builtin("4.0-draft", NULL, &v) == WCODM_OK);
    r = validate_file(v, "examples/3.6/import-3-items.xml");
    CHECK(STREQ(wcodm_report_version(r), "4.0-draft"));
    wcodm_report_free(r);
    wcodm_validator_free(v);
}

/* Date rules read the validator's clock: a day set in the options, or the system's. */
static void test_today(void) {
    wcodm_options *o = wcodm_options_new();
    wcodm_validator *sent = NULL, *early = NULL, *now = NULL;
    CHECK(wcodm_options_set_today(o, "2022-08-26") == WCODM_OK);
    CHECK(wcodm_validator_new_builtin("auto", o, &sent) == WCODM_OK);
    CHECK(wcodm_options_set_today(o, "2022-08-01") == WCODM_OK);
    CHECK(wcodm_validator_new_builtin("auto", o, &early) == WCODM_OK);
    CHECK(wcodm_options_set_today(o, "2022-02-30") == WCODM_ERR_INVALID_ARGUMENT);
    CHECK(strstr(last_error(), "2022-02-30") != NULL);
    CHECK(wcodm_options_set_today(o, "yesterday") == WCODM_ERR_INVALID_ARGUMENT);
    CHECK(wcodm_options_set_today(NULL, "2022-08-26") == WCODM_ERR_NULL_ARGUMENT);
    CHECK(wcodm_options_set_today(o, NULL) == WCODM_OK); /* back to the system clock */
    CHECK(wcodm_validator_new_builtin("auto", o, &now) == WCODM_OK);
    wcodm_options_free(o);

    /* Accepted on 2022-08-20 at noon UTC. */
    wcodm_report *r = validate_file(sent, "tests/c/fixtures/dated.xml");
    CHECK(wcodm_report_is_valid(r) && wcodm_report_count(r) == 0);
    wcodm_report_free(r);
    wcodm_diagnostic d;
    r = validate_file(early, "tests/c/fixtures/dated.xml");
    CHECK(!wcodm_report_is_valid(r) && wcodm_report_count(r) == 1);
    CHECK(wcodm_report_diagnostic(r, 0, &d) == WCODM_OK && STREQ(d.code, "business-rule"));
    CHECK(STREQ(d.national_code, "CDS12016") && strstr(d.message, "in the future") != NULL);
    CHECK(STREQ(d.wco_pointer, "42A/23A#023") || STREQ(d.wco_pointer, "42A#023"));
    wcodm_report_free(r);
    r = validate_file(now, "tests/c/fixtures/dated.xml"); /* years later: too old */
    CHECK(!wcodm_report_is_valid(r) && wcodm_report_diagnostic(r, 0, &d) == WCODM_OK);
    CHECK(STREQ(d.national_code, "CDS12016") && strstr(d.message, "at most 180") != NULL);
    wcodm_report_free(r);
    wcodm_validator_free(sent);
    wcodm_validator_free(early);
    wcodm_validator_free(now);
}

int main(void) {
    test_version_and_result_texts();
    test_last_error_buffer();
    test_null_arguments();
    test_invalid_utf8();
    test_schema_and_io_errors();
    test_xsd_on_disk_and_in_memory();
    test_validate_file();
    test_options();
    test_hostile_input();
    test_builtin();
    test_today();
    if (failures) {
        fprintf(stderr, "api_test: %d checks failed\n", failures);
        return 1;
    }
    puts("api_test: ok");
    return 0;
}
