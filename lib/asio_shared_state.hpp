// Force-included into every libsandbox source (see meson.build).
//
// Boost.Asio is header-only, and our public API hands an io_context across the library
// boundary: the caller runs it, our handlers complete on it. Asio keeps "which scheduler is
// this thread running" in a static thread-local (call_stack<...>::top_). Built with hidden
// visibility, libsandbox would get a private copy of it, so a handler completing inside the
// library would not find the caller's scheduler on the stack and crash (seen with many runs on
// one io_context). Declaring these templates with default visibility, and exporting them in
// capi/libsandbox.map, makes the dynamic linker bind the library to the one copy of the
// process.
#pragma once

#pragma GCC visibility push(default)
#include <boost/asio/detail/call_stack.hpp>
#include <boost/asio/detail/keyword_tss_ptr.hpp>
#include <boost/asio/detail/thread_context.hpp>
#include <boost/asio/detail/thread_info_base.hpp>
#include <boost/asio/detail/tss_ptr.hpp>
#pragma GCC visibility pop
