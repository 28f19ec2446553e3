// What every part of rusty_sandbox._native shares: the exception types, the translation of
// an rsb_code into one, calls without the GIL, and caller-owned strings.
#pragma once

#include <sandbox/sandbox.h>

#include <pybind11/pybind11.h>

#include <string>

namespace rsb_py {

namespace py = pybind11;

// Created by the module's init (PyErr_NewExceptionWithDoc).
inline PyObject* sandbox_error = nullptr;
inline PyObject* policy_error = nullptr;
inline PyObject* setup_error = nullptr;
inline PyObject* no_process_error = nullptr;

[[noreturn]] inline void raise(PyObject* type, const std::string& message) {
    PyErr_SetString(type, message.c_str());
    throw py::error_already_set();
}

// Raises the Python exception matching a negative rsb_code, with rsb_last_error().
inline void check(rsb_code code) {
    if (code >= 0) return;
    PyObject* type = sandbox_error;
    if (code == RSB_ERR_POLICY || code == RSB_ERR_INVALID_ARGUMENT || code == RSB_ERR_NULL_ARGUMENT)
        type = policy_error;
    else if (code == RSB_ERR_SETUP)
        type = setup_error;
    else if (code == RSB_ERR_NO_PROCESS)
        type = no_process_error;
    raise(type, rsb_last_error());
}

// Calls an rsb_ function with the GIL released, then raises on error.
template <class Call>
rsb_code unlocked(Call call) {
    rsb_code code;
    {
        py::gil_scoped_release release;
        code = call();
    }
    check(code);
    return code;
}

struct OwnedString {
    char* text = nullptr;
    ~OwnedString() { rsb_free(text); }
    std::string str() const { return text != nullptr ? std::string(text) : std::string(); }
};

}  // namespace rsb_py
