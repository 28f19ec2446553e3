// Boost.JSON compiled into the fuzzer (instead of linking Debian's libboost_json) so that
// its parser carries the coverage and sanitizer instrumentation too.
#include <boost/json/src.hpp>
