// Exceptions thrown by the C++ API. Every message names what was wrong.
#pragma once

#include <sandbox/export.hpp>

#include <stdexcept>
#include <string>

namespace sandbox {

// Base of every error libsandbox throws.
class SANDBOX_API Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A policy or command that cannot be honoured as written (bad value, unknown key, empty argv).
class SANDBOX_API PolicyError : public Error {
public:
    using Error::Error;
};

// The host could not build the box (missing interpreter, kernel refused a namespace, ...).
class SANDBOX_API SetupError : public Error {
public:
    using Error::Error;
};

}  // namespace sandbox
