/* One shared validator, many threads. Every validator is built once; first every message is
 * validated on the main thread, then THREADS pthreads validate all of them concurrently (each
 * in its own order, ROUNDS times) with the same shared validators, and every report must equal
 * the single-threaded one: same verdict, same diagnostics field by field, same JSON.
 *
 * Usage: threads_test [--builtin VERSION | --xsd ROOT.xsd] FILE... [--builtin ... | --xsd ...] FILE...
 * Each --builtin/--xsd builds a validator for the files after it. Run from tests/c_api.rs. */
#include "wcodm.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 8
#define ROUNDS 3
#define MAX_VALIDATORS 8
#define MAX_JOBS 1024

struct job {
    const wcodm_validator *validator;
    const char *path;
    uint8_t *data;
    size_t len;
    /* The single-threaded result. */
    char *json;
    int valid;
    size_t count;
};

static struct job jobs[MAX_JOBS];
static int njobs;

static uint8_t *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(2); }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc(n > 0 ? (size_t)n : 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) { perror(path); exit(2); }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static const char *last_error(void) {
    static char buf[1024];
    buf[0] = 0;
    wcodm_last_error(buf, sizeof buf, NULL);
    return buf;
}

static int str_eq(const char *a, const char *b) {
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Whether two reports have the same diagnostics, field by field. */
static int same_diagnostics(const wcodm_report *a, const wcodm_report *b) {
    size_t n = wcodm_report_count(a);
    if (n != wcodm_report_count(b) || wcodm_report_is_valid(a) != wcodm_report_is_valid(b)) return 0;
    if (wcodm_report_is_truncated(a) != wcodm_report_is_truncated(b)) return 0;
    if (!str_eq(wcodm_report_version(a), wcodm_report_version(b))) return 0;
    for (size_t i = 0; i < n; i++) {
        wcodm_diagnostic x, y;
        if (wcodm_report_diagnostic(a, i, &x) != WCODM_OK || wcodm_report_diagnostic(b, i, &y) != WCODM_OK) return 0;
        if (!str_eq(x.code, y.code) || !str_eq(x.rule, y.rule) || !str_eq(x.severity, y.severity) ||
            !str_eq(x.message, y.message) || !str_eq(x.path, y.path) || !str_eq(x.wco_pointer, y.wco_pointer) ||
            !str_eq(x.national_code, y.national_code) || x.line != y.line || x.column != y.column)
            return 0;
    }
    return 1;
}

/* The single-threaded reports, kept for the field-by-field comparison. */
static wcodm_report *reference[MAX_JOBS];

static void *worker(void *arg) {
    long id = (long)arg, bad = 0;
    for (int round = 0; round < ROUNDS; round++) {
        for (int i = 0; i < njobs; i++) {
            /* Each thread walks the jobs in its own order. */
            int k = (int)((i * (id % 2 ? 1 : njobs - 1) + id * 7 + round) % njobs);
            if (k < 0) k += njobs;
            struct job *j = &jobs[k];
            wcodm_report *r = NULL;
            if (wcodm_validate(j->validator, j->data, j->len, &r) != WCODM_OK) {
                fprintf(stderr, "thread %ld: wcodm_validate failed on %s: %s\n", id, j->path, last_error());
                bad++;
                continue;
            }
            char *json = NULL;
            if (wcodm_report_to_json(r, &json) != WCODM_OK || strcmp(json, j->json) != 0 ||
                wcodm_report_is_valid(r) != j->valid || wcodm_report_count(r) != j->count ||
                !same_diagnostics(r, reference[k])) {
                fprintf(stderr, "thread %ld: %s differs from the single-threaded run\n", id, j->path);
                bad++;
            }
            wcodm_string_free(json);
            wcodm_report_free(r);
        }
    }
    return (void *)bad;
}

int main(int argc, char **argv) {
    wcodm_validator *validators[MAX_VALIDATORS];
    int nvalidators = 0;
    wcodm_validator *current = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--builtin") == 0 || strcmp(a, "--xsd") == 0) {
            if (i + 1 >= argc || nvalidators == MAX_VALIDATORS) { fprintf(stderr, "usage: see the source\n"); return 2; }
            wcodm_result rc = strcmp(a, "--xsd") == 0 ? wcodm_validator_new_xsd_path(argv[i + 1], NULL, &current)
                                                      : wcodm_validator_new_builtin(argv[i + 1], NULL, &current);
            if (rc != WCODM_OK) {
                fprintf(stderr, "cannot build a validator from %s: %s (%s)\n", argv[i + 1], wcodm_result_text(rc), last_error());
                return 1;
            }
            validators[nvalidators++] = current;
            i++;
            continue;
        }
        if (!current) { fprintf(stderr, "%s: name a validator first (--builtin or --xsd)\n", a); return 2; }
        if (njobs == MAX_JOBS) break;
        struct job *j = &jobs[njobs];
        j->validator = current;
        j->path = a;
        j->data = slurp(a, &j->len);
        if (wcodm_validate(current, j->data, j->len, &reference[njobs]) != WCODM_OK) {
            fprintf(stderr, "wcodm_validate failed on %s: %s\n", a, last_error());
            return 1;
        }
        if (wcodm_report_to_json(reference[njobs], &j->json) != WCODM_OK) return 1;
        j->valid = wcodm_report_is_valid(reference[njobs]);
        j->count = wcodm_report_count(reference[njobs]);
        njobs++;
    }
    if (njobs == 0) { fprintf(stderr, "usage: threads_test --builtin auto FILE... [--xsd ROOT.xsd FILE...]\n"); return 2; }

    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++) {
        if (pthread_create(&t[i], NULL, worker, (void *)i) != 0) { perror("pthread_create"); return 2; }
    }
    long bad = 0;
    for (int i = 0; i < THREADS; i++) {
        void *b;
        pthread_join(t[i], &b);
        bad += (long)b;
    }

    int valid = 0;
    for (int i = 0; i < njobs; i++) {
        valid += jobs[i].valid;
        free(jobs[i].data);
        wcodm_string_free(jobs[i].json);
        wcodm_report_free(reference[i]);
    }
    for (int i = 0; i < nvalidators; i++) wcodm_validator_free(validators[i]);
    if (bad) {
        fprintf(stderr, "threads_test: %ld results differ from the single-threaded run\n", bad);
        return 1;
    }
    printf("threads_test: ok (%d messages, %d valid, %d validators, %d threads x %d rounds)\n", njobs, valid,
           nvalidators, THREADS, ROUNDS);
    return 0;
}
