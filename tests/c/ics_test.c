/* HMRC's ICS1 cases through the C ABI: a validator of the ICS schema with the uk-ics1 profile
 * (a folder), each message streamed from its file. Prints one line per diagnostic,
 * "FILE<TAB>NUMBER<TAB>LOCATION" (the national code and the engine-style location), or
 * "FILE<TAB>accepted"; tests/c_api.rs compares them with the engine's .ctl answers. Built with
 * -Wall -Wextra -Werror -fsanitize=address,undefined.
 *
 * usage: ics_test SCHEMA.xsd PROFILE_DIR FILE.xml... */
#include "wcodm.h"
#include <stdio.h>

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: ics_test SCHEMA.xsd PROFILE_DIR FILE.xml...\n"); return 2; }
    char err[1024];
    wcodm_options *o = wcodm_options_new();
    wcodm_validator *v = NULL;
    if (wcodm_options_set_profile(o, argv[2]) != WCODM_OK || wcodm_validator_new_xsd_path(argv[1], o, &v) != WCODM_OK) {
        wcodm_last_error(err, sizeof err, NULL);
        fprintf(stderr, "ics_test: %s\n", err);
        wcodm_options_free(o);
        return 2;
    }
    wcodm_options_free(o);
    int status = 0;
    for (int i = 3; i < argc; i++) {
        wcodm_report *r = NULL;
        if (wcodm_validate_file(v, argv[i], &r) != WCODM_OK) {
            wcodm_last_error(err, sizeof err, NULL);
            fprintf(stderr, "ics_test: %s: %s\n", argv[i], err);
            status = 1;
            continue;
        }
        size_t n = wcodm_report_count(r);
        if (n == 0) printf("%s\taccepted\n", argv[i]);
        for (size_t k = 0; k < n; k++) {
            wcodm_diagnostic d;
            const char *location = wcodm_report_location(r, k);
            if (wcodm_report_diagnostic(r, k, &d) != WCODM_OK || location == NULL) { status = 1; continue; }
            printf("%s\t%s\t%s\n", argv[i], d.national_code ? d.national_code : d.code, location);
        }
        wcodm_report_free(r);
    }
    wcodm_validator_free(v);
    return status;
}
