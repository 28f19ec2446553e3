// libFuzzer entry point for the policy JSON loader: any input either is refused with a
// PolicyError, or loads into a policy that validates, serializes, and loads back equal, and
// whose allowed_hosts the egress proxy's HostAllowlist reads too.
// Anything else (another exception, a sanitizer report, a round trip that changes the
// policy) aborts, which libFuzzer records as a crash.
#include "linux/netproxy/host_allowlist.hpp"

#include <sandbox/error.hpp>
#include <sandbox/policy.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void round_trip_broken(const char* what, const std::string& first, const std::string& second) {
    std::fprintf(stderr, "policy round trip broken: %s\n  first:  %s\n  second: %s\n", what, first.c_str(),
                 second.c_str());
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using sandbox::SecurityPolicy;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    SecurityPolicy policy;
    try {
        policy = SecurityPolicy::from_json(input);
    } catch (const sandbox::PolicyError&) {
        return 0;  // refused with a message: the expected outcome for most inputs
    }
    std::string first;
    try {
        policy.validate();
        first = policy.to_json();
    } catch (const sandbox::PolicyError& e) {
        round_trip_broken("a loaded policy does not validate", e.what(), std::string(input));
    }
    SecurityPolicy again;
    try {
        again = SecurityPolicy::from_json(first);
    } catch (const sandbox::PolicyError& e) {
        round_trip_broken("to_json output is refused by from_json", first, e.what());
    }
    if (!(again == policy)) round_trip_broken("the reloaded policy differs", first, again.to_json());
    if (again.to_json() != first) round_trip_broken("to_json differs after reloading", first, again.to_json());
    try {
        sandbox::linux_netproxy::HostAllowlist allowlist(policy.allowed_hosts);
    } catch (const sandbox::PolicyError& e) {
        round_trip_broken("validated allowed_hosts refused by the proxy", first, e.what());
    }
    return 0;
}
