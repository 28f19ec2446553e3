#include "call.hpp"

#include <cstdlib>

namespace sandbox::capi {
namespace {
thread_local std::string last_error;
}

rsb_code fail(const char* function, rsb_code code, std::string_view message) {
    try {
        last_error = std::string(function) + ": " + std::string(message);
    } catch (...) {
        last_error.clear();  // out of memory while reporting: the code still tells
    }
    return code;
}

char* owned_copy(std::string_view text) {
    auto* copy = static_cast<char*>(std::malloc(text.size() + 1));
    if (copy == nullptr) throw std::bad_alloc();
    std::memcpy(copy, text.data(), text.size());
    copy[text.size()] = '\0';
    return copy;
}

}  // namespace sandbox::capi

extern "C" const char* rsb_last_error(void) {
    return sandbox::capi::last_error.c_str();
}

extern "C" void rsb_free(void* string) {
    std::free(string);
}
