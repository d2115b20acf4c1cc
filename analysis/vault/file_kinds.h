#pragma once
#include <string_view>

namespace slipbox {

// What kind of file a path names, by its extension (Obsidian's "Accepted file formats").

// The extension of the last path segment, dot included (".png"), or "" when there is none.
// A leading dot is not an extension: ".hidden" → "".
std::string_view file_extension(std::string_view path);

// `.md` in any case: the file is a note.
bool is_note_extension(std::string_view extension);
// A file type Obsidian opens without "Show all file types" (docs/link-resolution.md §2.1.3), notes
// excluded: .base .canvas, images, audio, video, .pdf. Accepts "png", ".png", ".PNG".
bool is_attachment_extension(std::string_view extension);
// .avif .bmp .gif .jpeg .jpg .png .svg .webp (embeds render inline).
bool is_image_extension(std::string_view extension);

}  // namespace slipbox
