// The base protocol framing as a pure class: bytes in, message bodies (or errors) out.
#include "lsp/framing.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace slipbox::lsp {
namespace {

using ::testing::ElementsAreArray;

// Feeds the chunks one by one and renders what came out: a body as itself, an error as
// "ERROR".
std::vector<std::string> frame(const std::vector<std::string>& chunks,
                               size_t max_body = MessageFramer::kDefaultMaxBodyBytes) {
  MessageFramer framer(max_body);
  std::vector<std::string> out;
  for (const std::string& chunk : chunks) {
    framer.feed(chunk);
    while (auto event = framer.next())
      out.push_back(event->kind == MessageFramer::Event::Kind::Message ? event->text : "ERROR");
  }
  return out;
}

std::vector<std::string> bytewise(const std::string& stream) {
  std::vector<std::string> chunks;
  for (const char c : stream) chunks.emplace_back(1, c);
  return chunks;
}

const std::string kBody = R"({"jsonrpc":"2.0","method":"initialized","params":{}})";
const std::string kValid = frame_message(kBody);

struct Case {
  const char* name;
  std::vector<std::string> chunks;
  std::vector<std::string> expected;
};

class FramingCase : public ::testing::TestWithParam<Case> {};

TEST_P(FramingCase, ProducesExpectedMessages) {
  const Case& c = GetParam();
  EXPECT_THAT(frame(c.chunks), ElementsAreArray(c.expected)) << c.name;
  // The same stream one byte per read gives the same result.
  std::string joined;
  for (const auto& chunk : c.chunks) joined += chunk;
  EXPECT_THAT(frame(bytewise(joined)), ElementsAreArray(c.expected)) << c.name << " (byte by byte)";
}

INSTANTIATE_TEST_SUITE_P(
    Headers, FramingCase,
    ::testing::Values(
        Case{"plain", {"Content-Length: 2\r\n\r\n{}"}, {"{}"}},
        Case{"lower-case name", {"content-length: 2\r\n\r\n{}"}, {"{}"}},
        Case{"odd case, no space", {"CONTENT-length:2\r\n\r\n{}"}, {"{}"}},
        Case{"spaces and tabs around value", {"Content-Length: \t 2 \t\r\n\r\n{}"}, {"{}"}},
        Case{"Content-Type first",
             {"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: 2\r\n\r\n{}"},
             {"{}"}},
        Case{"Content-Type last",
             {"Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}"},
             {"{}"}},
        Case{"unknown header ignored", {"X-Whatever: 1\r\nContent-Length: 2\r\n\r\n{}"}, {"{}"}},
        Case{"same length twice", {"Content-Length: 2\r\ncontent-length: 2\r\n\r\n{}"}, {"{}"}},
        Case{"bare LF line ends", {"Content-Length: 2\n\n{}"}, {"{}"}},
        Case{"blank lines between messages", {"\r\n" + kValid + "\r\n\r\n" + kValid}, {kBody, kBody}},
        Case{"empty body", {"Content-Length: 0\r\n\r\n" + kValid}, {"", kBody}},
        Case{"body length counts bytes (UTF-8)", {frame_message(R"({"t":"🛠 Ærlig"})")}, {R"({"t":"🛠 Ærlig"})"}},
        Case{"body containing header-like text",
             {frame_message(R"({"x":"\r\n\r\nContent-Length: 99\r\n\r\n"})")},
             {R"({"x":"\r\n\r\nContent-Length: 99\r\n\r\n"})"}}));

INSTANTIATE_TEST_SUITE_P(
    Chunking, FramingCase,
    ::testing::Values(Case{"two messages in one read", {kValid + kValid}, {kBody, kBody}},
                      Case{"three messages, split mid-header and mid-body",
                           {kValid + kValid.substr(0, 7), kValid.substr(7, 30), kValid.substr(37) + kValid},
                           {kBody, kBody, kBody}},
                      Case{"split between header and body", {"Content-Length: 2\r\n\r\n", "{}"}, {"{}"}},
                      Case{"split inside the blank line", {"Content-Length: 2\r\n\r", "\n{}"}, {"{}"}},
                      Case{"incomplete body waits", {"Content-Length: 10\r\n\r\n{}"}, {}}));

INSTANTIATE_TEST_SUITE_P(
    HostileInput, FramingCase,
    ::testing::Values(
        Case{"missing Content-Length, then a valid message",
             {"Content-Type: application/json\r\n\r\n{}" + kValid},
             {"ERROR", kBody}},
        Case{"huge Content-Length is refused",
             {"Content-Length: 9999999999999999\r\n\r\n{}" + kValid},
             {"ERROR", kBody}},
        Case{"overflowing Content-Length",
             {"Content-Length: 99999999999999999999999999\r\n\r\n{}" + kValid},
             {"ERROR", kBody}},
        Case{"negative Content-Length", {"Content-Length: -2\r\n\r\n{}" + kValid}, {"ERROR", kBody}},
        Case{"non-numeric Content-Length", {"Content-Length: two\r\n\r\n{}" + kValid}, {"ERROR", kBody}},
        Case{"empty Content-Length", {"Content-Length:\r\n\r\n{}" + kValid}, {"ERROR", kBody}},
        Case{"hex Content-Length", {"Content-Length: 0x10\r\n\r\n{}" + kValid}, {"ERROR", kBody}},
        Case{"conflicting Content-Length",
             {"Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}" + kValid},
             {"ERROR", kBody}},
        Case{"line without colon is not a header", {"garbage\r\nContent-Length: 2\r\n\r\n{}" + kValid}, {"{}", kBody}},
        Case{"raw JSON without headers", {kBody + kValid}, {"ERROR", kBody}},
        Case{"resync marker split across reads",
             {"Content-Length: x\r\n\r\n{}Conte", "nt-Length: 2\r\n\r\n{}"},
             {"ERROR", "{}"}}));

TEST(Framing, BodyOverTheLimitIsRefusedAndTheNextMessageStillArrives) {
  const std::string big(11, 'x');
  EXPECT_THAT(frame({frame_message(big) + frame_message("{}")}, 10),
              ElementsAreArray(std::vector<std::string>{"ERROR", "{}"}));
  EXPECT_THAT(frame({frame_message(std::string(10, 'y'))}, 10),
              ElementsAreArray(std::vector<std::string>{std::string(10, 'y')}));
}

TEST(Framing, HugeContentLengthAllocatesNothing) {
  MessageFramer framer;
  framer.feed("Content-Length: 9999999999999999\r\n\r\n");
  auto event = framer.next();
  ASSERT_TRUE(event);
  EXPECT_EQ(event->kind, MessageFramer::Event::Kind::Error);
  EXPECT_THAT(event->text, ::testing::HasSubstr("9999999999999999"));
  // A stream of junk after it is dropped as it comes, not accumulated.
  for (int i = 0; i < 1000; ++i) {
    framer.feed(std::string(4096, 'z'));
    EXPECT_FALSE(framer.next());
  }
  EXPECT_LT(framer.buffered_bytes(), 64u);
}

TEST(Framing, EndlessHeaderIsCutOff) {
  MessageFramer framer;
  std::vector<std::string> out;
  for (size_t fed = 0; fed <= MessageFramer::kMaxHeaderBytes + 4096; fed += 1024) {
    framer.feed(std::string(1024, 'h'));
    while (auto event = framer.next())
      out.push_back(event->kind == MessageFramer::Event::Kind::Error ? "ERROR" : event->text);
  }
  framer.feed(kValid);
  while (auto event = framer.next())
    out.push_back(event->kind == MessageFramer::Event::Kind::Error ? "ERROR" : event->text);
  EXPECT_THAT(out, ElementsAreArray(std::vector<std::string>{"ERROR", kBody}));
  EXPECT_EQ(framer.buffered_bytes(), 0u);
}

TEST(Framing, FrameMessageWritesContentLengthInBytes) {
  EXPECT_EQ(frame_message("{\"a\":\"ø\"}"), "Content-Length: 10\r\n\r\n{\"a\":\"ø\"}");
}

}  // namespace
}  // namespace slipbox::lsp
