#include "analysis/features/mojibake.h"

#include <algorithm>

#include "analysis/text/line_index.h"

namespace slipbox {
namespace {

// Windows-1252 0x80–0x9F; 0 marks the bytes the code page leaves undefined.
constexpr char32_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 80–87
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,       // 88–8F
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90–97
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,  // 98–9F
};
// Windows-1254 0x80–0x9F: as 1252 without Ž/ž (0x8E, 0x9E).
constexpr char32_t kCp1254High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 80–87
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0,      0,       // 88–8F
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90–97
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0,      0x0178,  // 98–9F
};

// Windows-1254 replaces six Latin-1 letters with Turkish ones.
char32_t cp1254_latin(unsigned char byte) {
  switch (byte) {
    case 0xD0:
      return 0x011E;  // Ğ
    case 0xDD:
      return 0x0130;  // İ
    case 0xDE:
      return 0x015E;  // Ş
    case 0xF0:
      return 0x011F;  // ğ
    case 0xFD:
      return 0x0131;  // ı
    case 0xFE:
      return 0x015F;  // ş
    default:
      return byte;
  }
}

constexpr CodePage kPages[] = {CodePage::Windows1252, CodePage::Windows1254, CodePage::Latin1};

std::string encode_utf8(char32_t c) {
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

// The UTF-8 length announced by a lead byte (2–4), or 0 when it is no lead byte.
int sequence_length(int lead) {
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

enum class Spaces { Strict, SpaceIsNbsp, SpaceIsNbspAndKept };

std::string repair(std::string_view text, CodePage page, Spaces spaces) {
  std::vector<char32_t> chars;
  for (uint32_t i = 0; i < text.size();) {
    char32_t c;
    i += decode_utf8(text, i, c);
    chars.push_back(c);
  }
  std::string out;
  for (size_t i = 0; i < chars.size();) {
    const int lead = chars[i] >= 0x80 ? code_page_byte(page, chars[i]) : -1;
    const int length = lead >= 0 ? sequence_length(lead) : 0;
    bool decoded = false;
    if (length > 0 && i + static_cast<size_t>(length) <= chars.size()) {
      std::string bytes(1, static_cast<char>(lead));
      bool space_used = false;
      for (int k = 1; k < length; ++k) {
        const char32_t c = chars[i + static_cast<size_t>(k)];
        int byte = code_page_byte(page, c);
        if (c == U' ' && spaces != Spaces::Strict && k == length - 1) {
          byte = 0xA0;
          space_used = true;
        }
        if (byte < 0x80 || byte > 0xBF) break;
        bytes += static_cast<char>(byte);
      }
      if (bytes.size() == static_cast<size_t>(length)) {
        char32_t c;
        const uint32_t used = decode_utf8(bytes, 0, c);
        if (used == bytes.size() && c != 0xFFFD) {
          out += bytes;
          if (space_used && spaces == Spaces::SpaceIsNbspAndKept) out += ' ';
          i += static_cast<size_t>(length);
          decoded = true;
        }
      }
    }
    if (!decoded) {
      out += encode_utf8(chars[i]);
      ++i;
    }
  }
  return out;
}

void add_unique(std::vector<std::string>& list, std::string value, std::string_view original) {
  if (value == original) return;
  if (std::find(list.begin(), list.end(), value) != list.end()) return;
  list.push_back(std::move(value));
}

}  // namespace

char32_t code_page_char(CodePage page, unsigned char byte) {
  if (byte < 0x80) return byte;
  if (byte < 0xA0) {
    if (page == CodePage::Latin1) return byte;
    const char32_t c = (page == CodePage::Windows1252 ? kCp1252High : kCp1254High)[byte - 0x80];
    return c ? c : byte;  // undefined: Windows passes the C1 control through
  }
  return page == CodePage::Windows1254 ? cp1254_latin(byte) : byte;
}

int code_page_byte(CodePage page, char32_t code_point) {
  if (code_point < 0x80) return static_cast<int>(code_point);
  // Reverse lookup over the 128 high bytes: small enough to scan.
  for (int byte = 0x80; byte <= 0xFF; ++byte)
    if (code_page_char(page, static_cast<unsigned char>(byte)) == code_point) return byte;
  return -1;
}

std::vector<std::string> mojibake_repairs(std::string_view text) {
  std::vector<std::string> found;
  for (const Spaces spaces : {Spaces::Strict, Spaces::SpaceIsNbspAndKept, Spaces::SpaceIsNbsp}) {
    for (const CodePage page : kPages) {
      const std::string once = repair(text, page, spaces);
      if (once == text) continue;
      add_unique(found, once, text);
      // Damaged twice: one more round (strict: the space trick applies once).
      for (const CodePage second : kPages) {
        std::string twice = repair(once, second, Spaces::Strict);
        if (twice != once) add_unique(found, std::move(twice), text);
      }
    }
  }
  return found;
}

}  // namespace slipbox
