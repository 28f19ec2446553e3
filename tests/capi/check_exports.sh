#!/bin/sh
# Fails when libsandbox.so exports a symbol that is neither a C ABI function (rsb_*) nor
# part of the C++ API in namespace sandbox (functions, typeinfo, vtables). The one planned
# exception is Boost.Asio's per-thread scheduler stack, exported on purpose so the library
# and its caller share one copy (lib/asio_shared_state.hpp). Usage: $0 lib.so
set -eu
lib=$1
exports=$(nm -D --defined-only "$lib" | awk '{print $3}')
[ -n "$exports" ] || { echo "no exported symbols found in $lib"; exit 1; }
bad=$(printf '%s\n' "$exports" | c++filt | grep -v \
    -e '^rsb_' \
    -e '^sandbox::' \
    -e '^typeinfo for sandbox::' \
    -e '^typeinfo name for sandbox::' \
    -e '^vtable for sandbox::' \
    -e '^boost::asio::detail::call_stack<' \
    -e '^boost::asio::detail::keyword_tss_ptr<boost::asio::detail::call_stack<' \
    -e '^boost::asio::detail::posix_tss_ptr<boost::asio::detail::call_stack<' || true)
count=$(printf '%s\n' "$exports" | wc -l)
rsb=$(printf '%s\n' "$exports" | grep -c '^rsb_' || true)
if [ -n "$bad" ]; then
    echo "libsandbox exports symbols outside rsb_* and namespace sandbox:"
    printf '%s\n' "$bad"
    exit 1
fi
echo "$count exported symbols, $rsb of them rsb_*, all rsb_* or namespace sandbox"
