#!/bin/sh
# Fails when libsandbox.so exports a symbol that is neither a C ABI function (rsb_*) nor
# part of the C++ API in namespace sandbox (functions, typeinfo, vtables). Usage: $0 lib.so
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
    -e '^LIBSANDBOX' || true)
count=$(printf '%s\n' "$exports" | wc -l)
rsb=$(printf '%s\n' "$exports" | grep -c '^rsb_' || true)
if [ -n "$bad" ]; then
    echo "libsandbox exports symbols outside rsb_* and namespace sandbox:"
    printf '%s\n' "$bad"
    exit 1
fi
echo "$count exported symbols, $rsb of them rsb_*, all rsb_* or namespace sandbox"
