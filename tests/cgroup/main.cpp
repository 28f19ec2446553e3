#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "cgroup_test_support.hpp"

int main(int argc, char** argv) {
    // Orphans of the fork-bomb and sleeper tests come back here to be reaped.
    cgroup_test::become_subreaper();
    doctest::Context context(argc, argv);
    return context.run();
}
