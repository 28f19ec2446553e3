// Small helpers shared by the integration suites.
#pragma once

#include <sandbox/sandbox.hpp>

#include <string>
#include <vector>

namespace test_support {

sandbox::SecurityPolicy policy(sandbox::SecurityLevel level = sandbox::SecurityLevel::standard);
// Runs argv in a box with `policy`.
sandbox::Result run(const std::vector<std::string>& argv,
                    const sandbox::SecurityPolicy& p = policy(), const std::string& stdin_data = "");
// Runs a shell script in a box.
sandbox::Result sh(const std::string& script, const sandbox::SecurityPolicy& p = policy());
// Runs a Python program in a box.
sandbox::Result py(const std::string& source, const sandbox::SecurityPolicy& p = policy());

}  // namespace test_support
