// Plain-text articles: title, publication date and main text without the surrounding junk.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "core/types.h"

namespace newsfacts {

// `text` is valid UTF-8. Title from the first real line (widget lines such as "34 C", date-only
// lines and "Updated: ..." header lines before it are skipped), published from such header lines
// in the first few lines (a "Published"/"Posted" date wins over an "Updated" one; none => empty:
// the extract stage reads the dateline), author from a "By ..." line, site name from the words
// after the date of a header line ("... 07:03 Xinhua"), body = CleanBodyText of the rest. When
// nothing but the title remains, the title is also the body. A first line that reads like a
// paragraph (150+ characters, or 80+ ending a sentence) is the title (when up to 300 characters)
// and also stays in the body, so no text is lost. Blank input is InvalidInput.
Result<Article> ParsePlainText(std::string_view text, const std::string& source);

// Removes boilerplate (copyright/registration footers, "Related Articles" and "You May Also Like"
// sections, trailing headline lists, widgets at the top, separator lines) from `text`, keeping
// the article, and lays it out as paragraphs separated by exactly one blank line. Shared by the
// plain-text and front-matter bodies. Layout of a block of consecutive non-blank lines:
//  - hard-wrapped prose (all lines but the last between 30 and 100 characters, most of them near
//    the longest, not all of them ending a sentence) is joined with spaces (none between CJK
//    characters); a short line ending a sentence ends the paragraph;
//  - otherwise each line is its own paragraph, except that runs of short lines (under 80
//    characters without a final full stop, or list items "- x", "1. x") stay together as one
//    paragraph with "\n" between them (a list).
// Junk rules: a known heading ("Related Articles", "You May Also Like", "Read more", "More from
// X"...) after some prose ends the article; a footer line (©, "Copyright 2024 ...", "All rights
// reserved", ICP / registration numbers, "About us | Contact us" link lists) ends it when it is
// in the second half, else only that line goes; three or more headline-like lines (3-30 words,
// no sentence-final punctuation, "-" separators between them; markdown list items and table rows
// do not count) at the end are dropped when prose precedes them. Whitespace inside lines is collapsed to single spaces (U+00A0 included).
std::string CleanBodyText(std::string_view text);

}  // namespace newsfacts
