// display_width (statecraft/util/printable.hpp): the columns a terminal gives a printable text.
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
  EXPECT_EQ(display_width("\xe6\x97\xa5\xe6\x9c\xac"), 4u);  // 日本
  EXPECT_EQ(display_width("\xef\xbc\xa1"), 2u);          // a full-width A
  EXPECT_EQ(display_width(printable("Al\x1b[2Jpha")), 12u);  // as printed: Al\x1b[2Jpha
}

}  // namespace
}  // namespace statecraft
