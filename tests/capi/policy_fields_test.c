/* The policy calls beyond limits from C99: seccomp mode, breach response, the string lists,
 * the host pins and the getters, with every error path (NULL, invalid handle, out-of-range enum, a bad
 * value named in the message), and the round trip through the policy JSON. */
#include <sandbox/sandbox.h>

#include <stdlib.h>
#include <string.h>

#include "check.h"

static void test_names(void) {
    const char *name = NULL;
    rsb_seccomp mode;
    rsb_breach_response response;

    CHECK_OK(rsb_seccomp_name(RSB_SECCOMP_ALLOWLIST_KILL, &name));
    CHECK(name != NULL && strcmp(name, "allowlist_kill") == 0);
    CHECK_OK(rsb_seccomp_from_name("allowlist", &mode));
    CHECK(mode == RSB_SECCOMP_ALLOWLIST);
    CHECK_ERR(rsb_seccomp_from_name("blocklist", &mode), RSB_ERR_POLICY, "'blocklist'");
    CHECK_ERR(rsb_seccomp_name((rsb_seccomp)4, &name), RSB_ERR_INVALID_ARGUMENT, "rsb_seccomp");
    CHECK_ERR(rsb_seccomp_name(RSB_SECCOMP_NONE, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_seccomp_from_name(NULL, &mode), RSB_ERR_NULL_ARGUMENT, "name");

    CHECK_OK(rsb_breach_response_name(RSB_BREACH_TERMINATE_ON_CRITICAL, &name));
    CHECK(name != NULL && strcmp(name, "terminate_on_critical") == 0);
    CHECK_OK(rsb_breach_response_from_name("terminate", &response));
    CHECK(response == RSB_BREACH_TERMINATE);
    CHECK_ERR(rsb_breach_response_from_name("panic", &response), RSB_ERR_POLICY, "on_breach");
    CHECK_ERR(rsb_breach_response_name((rsb_breach_response)-1, &name), RSB_ERR_INVALID_ARGUMENT,
              "rsb_breach_response");
    CHECK_ERR(rsb_breach_response_from_name("report", NULL), RSB_ERR_NULL_ARGUMENT, "out");
}

static void test_enums(rsb_policy *policy) {
    rsb_seccomp mode;
    rsb_breach_response response;

    CHECK_OK(rsb_policy_set_seccomp(policy, RSB_SECCOMP_ALLOWLIST));
    CHECK_OK(rsb_policy_get_seccomp(policy, &mode));
    CHECK(mode == RSB_SECCOMP_ALLOWLIST);
    CHECK_ERR(rsb_policy_set_seccomp(policy, (rsb_seccomp)7), RSB_ERR_INVALID_ARGUMENT,
              "7 is not a valid rsb_seccomp");
    CHECK_ERR(rsb_policy_get_seccomp(policy, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_policy_set_seccomp(NULL, RSB_SECCOMP_NONE), RSB_ERR_INVALID_HANDLE, "policy");
    CHECK_ERR(rsb_policy_get_seccomp(NULL, &mode), RSB_ERR_INVALID_HANDLE, "policy");

    CHECK_OK(rsb_policy_set_on_breach(policy, RSB_BREACH_TERMINATE_ON_CRITICAL));
    CHECK_OK(rsb_policy_get_on_breach(policy, &response));
    CHECK(response == RSB_BREACH_TERMINATE_ON_CRITICAL);
    CHECK_ERR(rsb_policy_set_on_breach(policy, (rsb_breach_response)3), RSB_ERR_INVALID_ARGUMENT,
              "rsb_breach_response");
    CHECK_ERR(rsb_policy_get_on_breach(policy, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_policy_get_on_breach(NULL, &response), RSB_ERR_INVALID_HANDLE, "policy");
}

static void test_scalars(rsb_policy *policy) {
    const char *text = NULL;
    uint32_t uid = 0, gid = 0;

    CHECK_OK(rsb_policy_set_hostname(policy, "grader"));
    CHECK_OK(rsb_policy_get_hostname(policy, &text));
    CHECK(text != NULL && strcmp(text, "grader") == 0);
    CHECK_OK(rsb_policy_set_workdir(policy, "/task"));
    CHECK_OK(rsb_policy_get_workdir(policy, &text));
    CHECK(text != NULL && strcmp(text, "/task") == 0);
    CHECK_OK(rsb_policy_set_host_ids(policy, 60001, 60002));
    CHECK_OK(rsb_policy_get_host_ids(policy, &uid, &gid));
    CHECK(uid == 60001 && gid == 60002);
    CHECK_ERR(rsb_policy_get_hostname(policy, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_policy_get_workdir(NULL, &text), RSB_ERR_INVALID_HANDLE, "policy");
    CHECK_ERR(rsb_policy_get_host_ids(policy, &uid, NULL), RSB_ERR_NULL_ARGUMENT, "gid");
    CHECK_ERR(rsb_policy_get_host_ids(policy, NULL, &gid), RSB_ERR_NULL_ARGUMENT, "uid");
}

/* Adds `value` to `list` and checks it is the last entry. */
static void add_and_read(rsb_policy *policy, rsb_policy_list list, const char *value) {
    size_t count = 0;
    const char *got = NULL;
    CHECK_OK(rsb_policy_list_add(policy, list, value));
    CHECK_OK(rsb_policy_list_count(policy, list, &count));
    CHECK(count > 0);
    if (count == 0) return;
    CHECK_OK(rsb_policy_list_get(policy, list, count - 1, &got));
    CHECK(got != NULL && strcmp(got, value) == 0);
}

static void check_count(const rsb_policy *policy, rsb_policy_list list, size_t want) {
    size_t count = 99;
    CHECK_OK(rsb_policy_list_count(policy, list, &count));
    CHECK(count == want);
}

static void test_lists(rsb_policy *policy) {
    const char *got = NULL;
    size_t count = 0;

    add_and_read(policy, RSB_LIST_READONLY_PATHS, "/opt/data");
    add_and_read(policy, RSB_LIST_FILES_READ, "/srv/models");
    add_and_read(policy, RSB_LIST_FILES_WRITE, "/srv/out");
    add_and_read(policy, RSB_LIST_FILES_EXEC, "/opt/tool");
    add_and_read(policy, RSB_LIST_ALLOWED_HOSTS, "pypi.org:443");
    add_and_read(policy, RSB_LIST_KEEP_CAPABILITIES, "CAP_NET_BIND_SERVICE");

    /* Bad values are refused naming the entry and the value; the list stays as it was. */
    CHECK_ERR(rsb_policy_list_add(policy, RSB_LIST_FILES_READ, "relative/path"), RSB_ERR_POLICY,
              "files.read[1]: 'relative/path' must be an absolute path");
    CHECK_ERR(rsb_policy_list_add(policy, RSB_LIST_FILES_WRITE, "/srv/../etc"), RSB_ERR_POLICY,
              "files.write[1]");
    CHECK_ERR(rsb_policy_list_add(policy, RSB_LIST_FILES_READ, "/srv/models/"), RSB_ERR_POLICY,
              "repeats files.read[0]");
    CHECK_ERR(rsb_policy_list_add(policy, RSB_LIST_READONLY_PATHS, "data"), RSB_ERR_POLICY,
              "readonly_paths[1]");
    CHECK_ERR(rsb_policy_list_add(policy, RSB_LIST_KEEP_CAPABILITIES, "CAP_FLY"), RSB_ERR_POLICY,
              "keep_capabilities[1]: unknown capability 'CAP_FLY'");
    CHECK_ERR(rsb_policy_list_add(policy, RSB_LIST_KEEP_CAPABILITIES, "net_raw"), RSB_ERR_POLICY,
              "did you mean CAP_NET_RAW?");
    CHECK_ERR(rsb_policy_list_add(policy, RSB_LIST_ALLOWED_HOSTS, "example.com:99999"),
              RSB_ERR_POLICY, "allowed_hosts[1]");
    CHECK_ERR(rsb_policy_list_add(policy, RSB_LIST_ALLOWED_HOSTS, "pypi.org:443"), RSB_ERR_POLICY,
              "repeats allowed_hosts[0]");
    check_count(policy, RSB_LIST_FILES_READ, 1);
    check_count(policy, RSB_LIST_KEEP_CAPABILITIES, 1);
    check_count(policy, RSB_LIST_ALLOWED_HOSTS, 1);

    CHECK_ERR(rsb_policy_list_add(policy, (rsb_policy_list)6, "/x"), RSB_ERR_INVALID_ARGUMENT,
              "6 is not a valid rsb_policy_list");
    CHECK_ERR(rsb_policy_list_add(policy, RSB_LIST_FILES_READ, NULL), RSB_ERR_NULL_ARGUMENT,
              "value");
    CHECK_ERR(rsb_policy_list_add(NULL, RSB_LIST_FILES_READ, "/x"), RSB_ERR_INVALID_HANDLE,
              "policy");
    CHECK_ERR(rsb_policy_list_get(policy, RSB_LIST_FILES_EXEC, 1, &got), RSB_ERR_INVALID_ARGUMENT,
              "index 1 is past the 1 entries of files.exec");
    CHECK_ERR(rsb_policy_list_get(policy, RSB_LIST_FILES_EXEC, 0, NULL), RSB_ERR_NULL_ARGUMENT,
              "out");
    CHECK_ERR(rsb_policy_list_get(policy, (rsb_policy_list)-1, 0, &got), RSB_ERR_INVALID_ARGUMENT,
              "rsb_policy_list");
    CHECK_ERR(rsb_policy_list_count(policy, RSB_LIST_FILES_EXEC, NULL), RSB_ERR_NULL_ARGUMENT,
              "out");
    CHECK_ERR(rsb_policy_list_count(NULL, RSB_LIST_FILES_EXEC, &count), RSB_ERR_INVALID_HANDLE,
              "policy");
    CHECK_ERR(rsb_policy_list_clear(policy, (rsb_policy_list)9), RSB_ERR_INVALID_ARGUMENT,
              "rsb_policy_list");
    CHECK_ERR(rsb_policy_list_clear(NULL, RSB_LIST_FILES_EXEC), RSB_ERR_INVALID_HANDLE, "policy");

    /* The old readonly-path calls see the same list. */
    CHECK_OK(rsb_policy_readonly_path_count(policy, &count));
    CHECK(count == 1);
}

static void test_host_resolution(rsb_policy *policy) {
    char *json = NULL;
    CHECK_OK(rsb_policy_add_host_address(policy, "pypi.org", "151.101.0.223"));
    CHECK_OK(rsb_policy_add_host_address(policy, "pypi.org", "2a04:4e42::223"));
    CHECK_OK(rsb_policy_host_resolution_json(policy, &json));
    CHECK(contains(json, "{\"pypi.org\":[\"151.101.0.223\",\"2a04:4e42::223\"]}"));
    rsb_free(json);
    CHECK_ERR(rsb_policy_add_host_address(policy, "pypi.org", "not-an-ip"), RSB_ERR_POLICY,
              "host_resolution.pypi.org[2]: 'not-an-ip' is not an IPv4 or IPv6 address");
    CHECK_ERR(rsb_policy_add_host_address(policy, "example.com", "192.0.2.1"), RSB_ERR_POLICY,
              "not named by any allowed_hosts entry");
    CHECK_ERR(rsb_policy_add_host_address(policy, NULL, "192.0.2.1"), RSB_ERR_NULL_ARGUMENT, "name");
    CHECK_ERR(rsb_policy_add_host_address(policy, "pypi.org", NULL), RSB_ERR_NULL_ARGUMENT,
              "address");
    CHECK_ERR(rsb_policy_host_resolution_json(policy, NULL), RSB_ERR_NULL_ARGUMENT, "out");
    CHECK_ERR(rsb_policy_clear_host_resolution(NULL), RSB_ERR_INVALID_HANDLE, "policy");
    CHECK_OK(rsb_policy_host_resolution_json(policy, &json));
    CHECK(contains(json, "2a04:4e42::223") && !contains(json, "not-an-ip"));
    rsb_free(json);
}

/* Every field set above reaches the policy JSON and comes back from it. */
static void test_json_round_trip(const rsb_policy *policy) {
    char *json = NULL;
    rsb_policy *parsed = NULL;
    rsb_seccomp mode;
    const char *got = NULL;

    CHECK_OK(rsb_policy_to_json(policy, &json));
    CHECK(contains(json, "\"seccomp\":\"allowlist\""));
    CHECK(contains(json, "\"on_breach\":\"terminate_on_critical\""));
    CHECK(contains(json, "\"read\":[\"/srv/models\"]") && contains(json, "\"exec\":[\"/opt/tool\"]"));
    CHECK(contains(json, "\"allowed_hosts\":[\"pypi.org:443\"]"));
    CHECK(contains(json, "\"keep_capabilities\":[\"CAP_NET_BIND_SERVICE\"]"));
    CHECK(contains(json, "\"host_resolution\":{\"pypi.org\":"));
    CHECK_OK(rsb_policy_from_json(json, &parsed));
    rsb_free(json);
    CHECK_OK(rsb_policy_get_seccomp(parsed, &mode));
    CHECK(mode == RSB_SECCOMP_ALLOWLIST);
    CHECK_OK(rsb_policy_list_get(parsed, RSB_LIST_FILES_WRITE, 0, &got));
    CHECK(got != NULL && strcmp(got, "/srv/out") == 0);
    CHECK_OK(rsb_policy_validate(parsed));
    CHECK_OK(rsb_policy_free(parsed));
}

/* Rules across fields are left to validation, which names them. */
static void test_cross_field_validation(rsb_policy *policy) {
    CHECK_OK(rsb_policy_set_level(policy, RSB_LEVEL_MAXIMUM));
    CHECK_ERR(rsb_policy_validate(policy), RSB_ERR_POLICY, "allowed_hosts: level maximum");
    CHECK_OK(rsb_policy_set_level(policy, RSB_LEVEL_ENHANCED));
    CHECK_OK(rsb_policy_clear_host_resolution(policy));
    CHECK_OK(rsb_policy_list_clear(policy, RSB_LIST_ALLOWED_HOSTS));
    check_count(policy, RSB_LIST_ALLOWED_HOSTS, 0);
}

int main(void) {
    rsb_policy *policy = NULL;
    test_names();
    CHECK_OK(rsb_policy_new(RSB_LEVEL_ENHANCED, &policy));
    test_enums(policy);
    test_scalars(policy);
    test_lists(policy);
    test_host_resolution(policy);
    test_json_round_trip(policy);
    test_cross_field_validation(policy);
    CHECK_OK(rsb_policy_free(policy));
    CHECK_ERR(rsb_policy_list_count(policy, RSB_LIST_FILES_READ, NULL), RSB_ERR_INVALID_HANDLE,
              "freed");
    if (failures > 0) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return EXIT_FAILURE;
    }
    printf("C ABI policy fields: all checks passed\n");
    return EXIT_SUCCESS;
}
