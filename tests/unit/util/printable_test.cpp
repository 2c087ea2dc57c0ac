// printable and display_width (statecraft/util/printable.hpp): text made safe for a terminal, and its columns.
#include <gtest/gtest.h>

#include "statecraft/util/printable.hpp"

namespace statecraft {
namespace {

TEST(DisplayWidth, CountsColumnsNotBytes) {
  EXPECT_EQ(display_width(""), 0u);
  EXPECT_EQ(display_width("Beta"), 4u);
  EXPECT_EQ(display_width("Ça va"), 5u);                  // Ç is two bytes, one column
  EXPECT_EQ(display_width("Vi\xe1\xbb\x87t Nam"), 8u);   // Việt Nam: ệ is three bytes, one column
  EXPECT_EQ(display_width("e\xcc\x81"), 1u);             // e and a combining acute accent
  EXPECT_EQ(display_width("\xe4\xb8\xad\xe5\x9b\xbd"), 4u);  // 中国: two wide characters
  EXPECT_EQ(display_width("\xed\x95\x9c\xea\xb5\xad"), 4u);  // 한국
  EXPECT_EQ(display_width("\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8"), 2u);  // 각 as conjoining jamo: one syllable
  EXPECT_EQ(display_width("\xe6\x97\xa5\xe6\x9c\xac"), 4u);  // 日本
  EXPECT_EQ(display_width("\xef\xbc\xa1"), 2u);          // a full-width A
  EXPECT_EQ(display_width(printable("Al\x1b[2Jpha")), 12u);  // as printed: Al\x1b[2Jpha
}

// Characters that take no place or turn the rest of a line around are shown by their number, so that a name cannot
// hide them and a table stays aligned; letters of any script are kept.
TEST(Printable, InvisibleAndDirectionCharactersAreShownByTheirNumber) {
  EXPECT_EQ(printable("Zero\xe2\x80\x8bWidth"), "Zero\\u200bWidth");
  EXPECT_EQ(printable("Evil\xe2\x80\xaeSREVER"), "Evil\\u202eSREVER");           // right-to-left override
  EXPECT_EQ(printable("a\xe2\x81\xa6" "b\xe2\x81\xa9"), "a\\u2066b\\u2069");      // isolates
  EXPECT_EQ(printable("\xef\xbb\xbfname"), "\\ufeffname");                        // a byte order mark
  EXPECT_EQ(printable("line\xe2\x80\xa8sep"), "line\\u2028sep");
  EXPECT_EQ(printable("\xe4\xb8\xad\xe5\x9b\xbd \xc3\x87" "a"), "\xe4\xb8\xad\xe5\x9b\xbd \xc3\x87" "a");  // kept
  EXPECT_EQ(display_width(printable("Zero\xe2\x80\x8bWidth")), 15u);
}

}  // namespace
}  // namespace statecraft
