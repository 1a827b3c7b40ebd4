// Gumbo helpers shared by the HTML metadata and main-text code: an RAII owner for the parse tree
// and small accessors. Every walk is iterative: deeply nested input must not exhaust the stack.
#pragma once

#include <gumbo.h>

#include <optional>
#include <string>
#include <string_view>

namespace newsfacts {

// Owns the GumboOutput of one document. The destructor flattens the tree first because
// gumbo_destroy_output recurses once per nesting level (100,000 nested <div>s would overflow).
class HtmlTree {
 public:
  // Elements nested deeper than this are unwrapped before parsing (their text stays): gumbo's
  // tree building is quadratic in the nesting depth.
  static constexpr int kMaxNesting = 2000;

  // `utf8` must stay alive as long as the tree (gumbo points into it).
  explicit HtmlTree(std::string_view utf8);
  ~HtmlTree();
  HtmlTree(const HtmlTree&) = delete;
  HtmlTree& operator=(const HtmlTree&) = delete;

  bool ok() const { return output_ != nullptr; }
  const GumboNode* document() const { return output_->document; }
  const GumboNode* root() const { return output_->root; }  // the <html> element

 private:
  std::string flattened_;  // the input with over-deep tags removed, when that was needed
  GumboOutput* output_;
};

// Returns `html` without the start and end tags that open elements deeper than `max_depth`
// (counting elements that need an end tag; <p>, <li>, <td>... close implicitly and are not
// counted), or nullopt when the page stays within the limit. Text, comments, and the content of
// <script>/<style> are kept as they are.
std::optional<std::string> LimitNesting(std::string_view html, int max_depth);

// The children of an element, document or template node (empty vector for other nodes).
const GumboVector& ChildrenOf(const GumboNode* node);

inline bool IsElement(const GumboNode* node) {
  return node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE;
}
inline bool IsTextLike(const GumboNode* node) {
  return node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
         node->type == GUMBO_NODE_CDATA;
}

// The value of attribute `name` (ASCII lower case) or an empty view.
std::string_view Attribute(const GumboNode* node, const char* name);

// The text content of `node` with runs of whitespace collapsed to one space and trimmed.
// Skips script, style and template content.
std::string CollapsedText(const GumboNode* node);

// Appends `text` to `out`, collapsing HTML whitespace (space, tab, CR, LF, FF) and U+00A0 runs into
// single spaces; never starts a line with a space.
void AppendCollapsed(std::string& out, std::string_view text);

// ASCII whitespace (and U+00A0) trimmed at both ends.
std::string_view TrimSpace(std::string_view text);

}  // namespace newsfacts
