#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace slipbox {

// Text that was UTF-8, decoded by mistake as a single-byte code page and saved again as
// UTF-8 ("mojibake"): `kjÃ¸per` for `kjøper`, `ğŸ› Ressurser` for `🛠 Ressurser`.
enum class CodePage { Latin1, Windows1252, Windows1254 };

// The byte a code page writes as `code_point`, or -1 when it has none. ASCII is itself;
// the C1 bytes a Windows code page leaves undefined map to U+0080…U+009F as Windows does.
int code_page_byte(CodePage page, char32_t code_point);
// The code point a code page decodes `byte` to.
char32_t code_page_char(CodePage page, unsigned char byte);

// Possible repairs of `text`, best first, without `text` itself and without duplicates:
// each run of characters whose code-page bytes form a valid UTF-8 sequence is decoded
// again, for each code page; the rest is kept. Because copies often turn the no-break
// space (0xA0, a continuation byte of many emoji) into a plain space, variants that read a
// space as 0xA0 are included. Applied twice for text that was damaged twice.
// The caller keeps the repairs that lead somewhere (a file that exists).
std::vector<std::string> mojibake_repairs(std::string_view text);

}  // namespace slipbox
