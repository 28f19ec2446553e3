/* CHECK macros shared by the C ABI test programs: each failed check prints one line and is
 * counted in `failures`; main() exits 1 when any failed. */
#ifndef RSB_TESTS_CAPI_CHECK_H
#define RSB_TESTS_CAPI_CHECK_H

#include <sandbox/sandbox.h>

#include <stdio.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            fprintf(stderr, "%s:%d: CHECK(%s) failed; last error: %s\n", __FILE__,     \
                    __LINE__, #cond, rsb_last_error());                                \
            ++failures;                                                                \
        }                                                                              \
    } while (0)

/* The call returned `code` and the last error mentions `text`. */
#define CHECK_ERR(call, code, text)                                                    \
    do {                                                                               \
        rsb_code got_ = (call);                                                        \
        if (got_ != (code) || strstr(rsb_last_error(), (text)) == NULL) {              \
            fprintf(stderr, "%s:%d: %s gave %d (want %d), last error \"%s\" lacks \"%s\"\n", \
                    __FILE__, __LINE__, #call, (int)got_, (int)(code), rsb_last_error(), \
                    (text));                                                           \
            ++failures;                                                                \
        }                                                                              \
    } while (0)

#define CHECK_OK(call) CHECK((call) == RSB_OK)

static inline int contains(const char *haystack, const char *needle) {
    return haystack != NULL && strstr(haystack, needle) != NULL;
}

#endif
