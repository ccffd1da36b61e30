/* One shared validator, many threads: every thread validates every file, and each verdict and
 * diagnostic count must equal the single-threaded run. Paths come from argv. */
#include "wcodm.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 4
#define MAXF 512

static const wcodm_validator *V;
static char *data[MAXF];
static size_t lens[MAXF];
static int nfiles;
static int expect_valid[MAXF];
static size_t expect_count[MAXF];

static void *worker(void *arg) {
    long bad = 0;
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < nfiles; i++) {
            int k = (i + (int)(long)arg * 7) % nfiles;
            wcodm_report *r = NULL;
            if (wcodm_validate(V, (const uint8_t *)data[k], lens[k], &r) != WCODM_OK) { bad++; continue; }
            if (wcodm_report_is_valid(r) != expect_valid[k] || wcodm_report_count(r) != expect_count[k]) bad++;
            wcodm_report_free(r);
        }
    }
    return (void *)bad;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: threads_test FILE...\n"); return 2; }
    wcodm_validator *v = NULL;
    if (wcodm_validator_new_builtin("auto", NULL, &v) != WCODM_OK) { fprintf(stderr, "no validator\n"); return 1; }
    V = v;
    for (int i = 1; i < argc && nfiles < MAXF; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) { perror(argv[i]); return 2; }
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        fseek(f, 0, SEEK_SET);
        data[nfiles] = malloc((size_t)n + 1);
        lens[nfiles] = fread(data[nfiles], 1, (size_t)n, f);
        fclose(f);
        wcodm_report *r = NULL;
        if (wcodm_validate(v, (const uint8_t *)data[nfiles], lens[nfiles], &r) != WCODM_OK) return 1;
        expect_valid[nfiles] = wcodm_report_is_valid(r);
        expect_count[nfiles] = wcodm_report_count(r);
        wcodm_report_free(r);
        nfiles++;
    }
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, worker, (void *)i);
    long bad = 0;
    for (int i = 0; i < THREADS; i++) {
        void *b;
        pthread_join(t[i], &b);
        bad += (long)b;
    }
    for (int i = 0; i < nfiles; i++) free(data[i]);
    wcodm_validator_free(v);
    if (bad) { fprintf(stderr, "threads_test: %ld results differ from the single-threaded run\n", bad); return 1; }
    printf("threads_test: ok (%d files x %d threads x 3 rounds)\n", nfiles, THREADS);
    return 0;
}
