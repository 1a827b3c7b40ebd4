#include "parse/html_tree.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>
#include "core/ascii.h"

namespace newsfacts {

namespace {

bool IsTagNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == ':';
}

// Elements that never take an end tag or close implicitly: they do not deepen the tree for long.
bool IsUncountedElement(const std::string& name) {
  static constexpr std::string_view kNames[] = {
      "area", "base", "br",    "col",    "embed",    "hr",      "img",      "input",
      "link", "meta", "param", "source", "track",    "wbr",     "keygen",   "p",
      "li",   "dt",   "dd",    "tr",     "td",       "th",      "option",   "optgroup",
      "rb",   "rt",   "rp",    "thead",  "tbody",    "tfoot",   "colgroup", "caption",
      "html", "head", "body",  "frame",  "basefont", "bgsound", "command"};
  for (std::string_view n : kNames) {
    if (name == n) return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> LimitNesting(std::string_view html, int max_depth) {
  // One scan counts the depth; the copy is only made once the limit is crossed.
  std::string out;
  bool copying = false;
  size_t copied_upto = 0;  // html[0, copied_upto) is in `out` when copying
  int depth = 0;
  std::vector<std::pair<std::string, int>> dropped;  // tag name -> start tags removed, not yet closed
  size_t i = 0;
  while (true) {
    const size_t lt = html.find('<', i);
    if (lt == std::string_view::npos || lt + 1 >= html.size()) break;
    if (html.compare(lt, 4, "<!--") == 0) {
      const size_t end = html.find("-->", lt + 4);
      if (end == std::string_view::npos) break;
      i = end + 3;
      continue;
    }
    const bool closing = html[lt + 1] == '/';
    size_t name_start = lt + (closing ? 2 : 1);
    size_t name_end = name_start;
    while (name_end < html.size() && IsTagNameChar(html[name_end])) ++name_end;
    if (name_end == name_start) {
      i = lt + 1;
      continue;
    }
    const size_t gt = html.find('>', name_end);
    if (gt == std::string_view::npos) break;
    std::string name = AsciiLower(html.substr(name_start, name_end - name_start));
    const bool self_closing = gt > 0 && html[gt - 1] == '/';
    i = gt + 1;
    if (!closing && (name == "script" || name == "style" || name == "textarea" || name == "title" ||
                     name == "xmp" || name == "plaintext")) {
      const std::string close = "</" + name;
      size_t pos = gt + 1;
      while (true) {  // case-insensitive search for the end tag
        pos = html.find("</", pos);
        if (pos == std::string_view::npos || AsciiLower(html.substr(pos, close.size())) == close) break;
        pos += 2;
      }
      if (pos == std::string_view::npos) break;
      i = pos;
      continue;
    }
    if (IsUncountedElement(name) || self_closing) continue;
    bool drop = false;
    if (!closing) {
      if (depth >= max_depth) {
        drop = true;
        auto it =
            std::find_if(dropped.begin(), dropped.end(), [&](const auto& d) { return d.first == name; });
        if (it == dropped.end()) {
          dropped.emplace_back(name, 1);
        } else {
          ++it->second;
        }
      } else {
        ++depth;
      }
    } else {
      auto it = std::find_if(dropped.begin(), dropped.end(), [&](const auto& d) { return d.first == name; });
      if (it != dropped.end() && it->second > 0) {
        drop = true;
        --it->second;
      } else if (depth > 0) {
        --depth;
      }
    }
    if (drop) {
      if (!copying) {
        copying = true;
        out.reserve(html.size());
      }
      out.append(html.substr(copied_upto, lt - copied_upto));
      copied_upto = gt + 1;
    }
  }
  if (!copying) return std::nullopt;
  out.append(html.substr(copied_upto));
  return out;
}

HtmlTree::HtmlTree(std::string_view utf8) {
  if (std::optional<std::string> flat = LimitNesting(utf8, kMaxNesting)) {
    flattened_ = std::move(*flat);
    utf8 = flattened_;
  }
  output_ = gumbo_parse_with_options(&kGumboDefaultOptions, utf8.data(), utf8.size());
}

HtmlTree::~HtmlTree() {
  if (output_ == nullptr) return;
  // Re-hang every node directly under the document and empty each element's child list (keeping
  // its buffer, which gumbo frees), so that gumbo's recursive destroy_node goes one level deep.
  // The default gumbo allocator is malloc/free, so the new child array is malloc'ed.
  GumboNode* document = output_->document;
  std::vector<GumboNode*> all;
  std::vector<GumboNode*> stack;
  GumboVector& top = document->v.document.children;
  for (unsigned i = 0; i < top.length; ++i) stack.push_back(static_cast<GumboNode*>(top.data[i]));
  while (!stack.empty()) {
    GumboNode* node = stack.back();
    stack.pop_back();
    all.push_back(node);
    if (IsElement(node)) {
      GumboVector& children = node->v.element.children;
      for (unsigned i = 0; i < children.length; ++i)
        stack.push_back(static_cast<GumboNode*>(children.data[i]));
      children.length = 0;
    }
  }
  void* flat = all.empty() ? nullptr : std::malloc(all.size() * sizeof(void*));
  if (flat != nullptr) {
    std::memcpy(flat, all.data(), all.size() * sizeof(void*));
    std::free(top.data);
    top.data = static_cast<void**>(flat);
    top.length = static_cast<unsigned>(all.size());
    top.capacity = static_cast<unsigned>(all.size());
  }
  gumbo_destroy_output(&kGumboDefaultOptions, output_);
}

const GumboVector& ChildrenOf(const GumboNode* node) {
  static const GumboVector kEmpty = {nullptr, 0, 0};
  if (node->type == GUMBO_NODE_DOCUMENT) return node->v.document.children;
  if (IsElement(node)) return node->v.element.children;
  return kEmpty;
}

std::string_view Attribute(const GumboNode* node, const char* name) {
  if (!IsElement(node)) return {};
  const GumboAttribute* attr = gumbo_get_attribute(&node->v.element.attributes, name);
  return attr == nullptr ? std::string_view() : std::string_view(attr->value);
}

void AppendCollapsed(std::string& out, std::string_view text) {
  bool pending_space = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      pending_space = true;
      continue;
    }
    if (c == '\xc2' && i + 1 < text.size() && text[i + 1] == '\xa0') {  // U+00A0
      pending_space = true;
      ++i;
      continue;
    }
    if (pending_space) {
      if (!out.empty() && out.back() != ' ' && out.back() != '\n') out.push_back(' ');
      pending_space = false;
    }
    out.push_back(c);
  }
  if (pending_space && !out.empty() && out.back() != ' ' && out.back() != '\n') out.push_back(' ');
}

std::string CollapsedText(const GumboNode* node) {
  std::string out;
  std::vector<const GumboNode*> stack{node};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (IsTextLike(n)) {
      AppendCollapsed(out, n->v.text.text);
      continue;
    }
    if (IsElement(n)) {
      const GumboTag tag = n->v.element.tag;
      if (tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || n->type == GUMBO_NODE_TEMPLATE) continue;
      if (tag == GUMBO_TAG_BR && !out.empty() && out.back() != ' ') out.push_back(' ');
    }
    const GumboVector& children = ChildrenOf(n);
    for (unsigned i = children.length; i-- > 0;)
      stack.push_back(static_cast<const GumboNode*>(children.data[i]));
  }
  return std::string(TrimSpace(out));
}

std::string_view TrimSpace(std::string_view text) {
  auto is_space_at_front = [&](size_t& len) {
    if (text.empty()) return false;
    const char c = text.front();
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') return len = 1, true;
    if (text.size() >= 2 && c == '\xc2' && text[1] == '\xa0') return len = 2, true;
    return false;
  };
  auto is_space_at_back = [&](size_t& len) {
    if (text.empty()) return false;
    const char c = text.back();
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') return len = 1, true;
    if (text.size() >= 2 && c == '\xa0' && text[text.size() - 2] == '\xc2') return len = 2, true;
    return false;
  };
  size_t len = 0;
  while (is_space_at_front(len)) text.remove_prefix(len);
  while (is_space_at_back(len)) text.remove_suffix(len);
  return text;
}

}  // namespace newsfacts
