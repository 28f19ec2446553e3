#include "utf8.hpp"

#include <doctest/doctest.h>

using sandbox::to_valid_utf8;

TEST_CASE("valid UTF-8 passes unchanged") {
    CHECK(to_valid_utf8("plain ascii") == "plain ascii");
    CHECK(to_valid_utf8("h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80") == "h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80");
}

TEST_CASE("invalid sequences become U+FFFD, one per bad byte") {
    CHECK(to_valid_utf8("a\xFF" "b") == "a\xEF\xBF\xBD" "b");
    CHECK(to_valid_utf8("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");           // overlong
    CHECK(to_valid_utf8("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
    CHECK(to_valid_utf8("\xE2\x82") == "\xEF\xBF\xBD\xEF\xBF\xBD");           // cut short
}
