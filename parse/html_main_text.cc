#include "parse/html_main_text.h"

#include <algorithm>
#include <cstdio>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parse/html_tree.h"

namespace newsfacts {
namespace {

// One element or text node of the page, in document (pre-)order. Subtree of i = [i, end).
struct Node {
  const GumboNode* g = nullptr;
  int parent = -1;
  int end = 0;
  GumboTag tag = GUMBO_TAG_UNKNOWN;
  bool is_text = false;
  bool boilerplate = false;   // its own tag, role or class/id names it navigation, share bar, ...
  bool inline_junk = false;   // an inline element (tooltip, hidden label) whose text is never prose
  bool removed = false;       // boilerplate itself or inside a boilerplate ancestor
  int class_weight = 0;       // class/id words: > 0 article-like, < 0 boilerplate-like
  bool article_body = false;  // itemprop=articleBody or an <article> element
  double prose_chars = 0;     // characters of prose blocks in the subtree
  double score = 0;           // container score of the subtree
  int blocks = 0;             // text blocks in the subtree
};

// A run of inline text between block boundaries, in reading order.
struct Block {
  std::string text;
  int owner = 0;  // innermost block-level element holding the text
  int chars = 0;  // visible characters (code points; CJK count double, they carry more per character)
  int link_chars = 0;
  int punctuation = 0;  // sentence punctuation: , . ; : ! ? and their CJK forms
  int heading = 0;      // 1..6 inside <h1>..<h6>
  bool in_list = false;
  bool removed = false;
  double LinkDensity() const { return chars > 0 ? static_cast<double>(link_chars) / chars : 0; }
};

// Elements whose content is never article text.
bool IsSkippedTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS: case GUMBO_TAG_HEAD: case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_INPUT: case GUMBO_TAG_OPTION:
    case GUMBO_TAG_VIDEO: case GUMBO_TAG_AUDIO: case GUMBO_TAG_IMG: case GUMBO_TAG_LINK:
    case GUMBO_TAG_META: case GUMBO_TAG_TITLE: case GUMBO_TAG_LABEL:
      return true;
    default:
      return false;
  }
}

bool IsBlockTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY: case GUMBO_TAG_CENTER: case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIV: case GUMBO_TAG_DL: case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_HEADER: case GUMBO_TAG_HGROUP: case GUMBO_TAG_HR:
    case GUMBO_TAG_LI: case GUMBO_TAG_MAIN: case GUMBO_TAG_NAV: case GUMBO_TAG_OL: case GUMBO_TAG_P:
    case GUMBO_TAG_PRE: case GUMBO_TAG_SECTION: case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TR:
    case GUMBO_TAG_UL: case GUMBO_TAG_CAPTION: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_MENU:
    case GUMBO_TAG_HTML:
      return true;
    default:
      return false;
  }
}

int HeadingLevel(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_H1: return 1;
    case GUMBO_TAG_H2: return 2;
    case GUMBO_TAG_H3: return 3;
    case GUMBO_TAG_H4: return 4;
    case GUMBO_TAG_H5: return 5;
    case GUMBO_TAG_H6: return 6;
    default: return 0;
  }
}

// Splits class/id values into lower-case words: "articleBody share-bar" -> article, body, share, bar.
void SplitWords(std::string_view value, std::vector<std::string>& words) {
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  for (size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    const bool upper = c >= 'A' && c <= 'Z';
    const bool lower = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!upper && !lower) {
      flush();
      continue;
    }
    // camelCase boundary: "storyBody" -> story, body (but "NEWS" stays one word).
    if (upper && !word.empty() && i > 0 && value[i - 1] >= 'a' && value[i - 1] <= 'z') flush();
    word.push_back(upper ? static_cast<char>(c - 'A' + 'a') : c);
  }
  flush();
}

bool StartsWith(std::string_view word, std::string_view prefix) {
  return word.size() >= prefix.size() && word.substr(0, prefix.size()) == prefix;
}

// Words in class/id names that mark page furniture. Matched as whole words or word prefixes.
bool IsBoilerplateWord(std::string_view w) {
  static constexpr std::string_view kExact[] = {
      "ad",     "ads",    "adv",     "advert",  "nav",    "menu",     "share",   "social", "tags",
      "tag",    "meta",   "byline",  "caption", "credit", "credits",  "footer",  "header", "masthead",
      "banner", "sidebar", "widget", "widgets", "toolbar", "pager",   "pagination", "breadcrumb",
      "breadcrumbs", "popup", "modal", "cookie", "cookies", "consent", "gdpr", "sponsor", "sponsored",
      "promo", "promos",  "related", "comment", "comments", "disqus", "newsletter", "subscribe",
      "subscription", "signup", "login", "outbrain", "taboola", "recommended", "recommendations",
      "trending", "popular", "mostread", "hidden", "sr", "screenreader", "skip", "print", "author",
      "bio", "copyright", "disclaimer", "timestamp", "dateline", "date", "time", "rail", "overlay",
      "shares", "sharing", "follow", "tooltip", "notification", "alert", "dfp", "gpt", "adslot",
      "advertisement", "commercial", "nocontent", "teaser", "teasers", "carousel", "slideshow",
      "gallery", "playlist", "video", "podcast", "audio", "feedback", "rating", "ratings", "reactions",
      "partner", "partners", "affiliate", "donate", "contribute", "more", "also", "next", "prev",
      "previous", "topics", "keywords", "categories", "category", "label", "labels", "icon", "icons",
      "lightbox", "figure", "figcaption", "image", "img", "photo", "media", "thumbnail", "thumb",
      "rollover", "popover", "hovercard", "dropdown", "flyout", "offscreen"};
  for (std::string_view e : kExact) {
    if (w == e) return true;
  }
  static constexpr std::string_view kPrefixes[] = {
      "advert", "navigation", "navbar", "comment", "sharing", "social", "sidebar", "newsletter",
      "breadcrumb", "sponsor", "promo", "recommend", "subscri", "related", "cookie", "trending",
      "widget", "footer", "masthead", "outbrain", "taboola", "paginat", "popup", "banner"};
  for (std::string_view p : kPrefixes) {
    if (StartsWith(w, p)) return true;
  }
  return false;
}

// The subset that also removes inline elements (tooltips, hidden labels, share links inside a
// paragraph); words such as "date" or "author" name inline spans of real sentences too often.
bool IsInlineJunkWord(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "rollover", "popover", "hovercard", "tooltip", "popup", "modal", "share",  "sharing", "social",
      "ad",       "ads",     "advert",    "sr",      "screenreader", "visually", "offscreen", "hidden",
      "caption",  "credit",  "credits",   "dropdown", "flyout"};
  for (std::string_view e : kWords) {
    if (w == e) return true;
  }
  return StartsWith(w, "advertis");
}

bool IsArticleWord(std::string_view w) {
  static constexpr std::string_view kWords[] = {"article", "articlebody", "body",   "content", "entry",
                                                "main",    "post",        "story",  "text",    "blog",
                                                "hentry",  "prose",       "richtext", "storybody"};
  for (std::string_view e : kWords) {
    if (w == e) return true;
  }
  return false;
}

// Reads tag, role, hidden state and class/id words of one element into `node`.
void ClassifyElement(Node& node, std::vector<std::string>& words) {
  const GumboNode* g = node.g;
  switch (node.tag) {
    case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_MENU:
    case GUMBO_TAG_FORM:
      node.boilerplate = true;
      break;
    case GUMBO_TAG_ARTICLE:
      node.article_body = true;
      break;
    default:
      break;
  }
  const std::string role = AsciiLower(Attribute(g, "role"));
  if (role == "navigation" || role == "banner" || role == "contentinfo" || role == "complementary" ||
      role == "dialog" || role == "alertdialog" || role == "search" || role == "menu" || role == "menubar" ||
      role == "toolbar" || role == "alert") {
    node.boilerplate = true;
  }
  if (role == "main" || role == "article") node.class_weight += 1;
  if (AsciiLower(Attribute(g, "itemprop")) == "articlebody") node.article_body = true;

  words.clear();
  SplitWords(Attribute(g, "class"), words);
  SplitWords(Attribute(g, "id"), words);
  int negative = 0, positive = 0;
  bool embed = false;  // an embedded post (tweet, Instagram...) quoted by the article
  for (const std::string& w : words) {
    if (w == "embed" || w == "embedded" || w == "tweet") embed = true;
    if (IsInlineJunkWord(w)) node.inline_junk = true;
    if (IsBoilerplateWord(w)) {
      ++negative;
    } else if (IsArticleWord(w)) {
      ++positive;
    }
  }
  if (negative > 0 && !embed) node.boilerplate = true;
  if (embed || IsBlockTag(node.tag)) node.inline_junk = false;
  node.class_weight += (positive > 0 ? 1 : 0) - (negative > 0 ? 1 : 0);
}

bool IsHidden(const GumboNode* g) {
  if (gumbo_get_attribute(&g->v.element.attributes, "hidden") != nullptr) return true;
  if (Attribute(g, "aria-hidden") == "true") return true;
  const std::string_view style = Attribute(g, "style");
  if (style.empty()) return false;
  std::string compact;
  for (char c : style) {
    if (c != ' ' && c != '\t' && c != '\n') compact.push_back(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return compact.find("display:none") != std::string::npos || compact.find("visibility:hidden") != std::string::npos;
}

// Flattens the tree into document order, leaving out skipped and hidden elements and comments.
std::vector<Node> Flatten(const GumboNode* document) {
  std::vector<Node> nodes;
  std::vector<std::string> words;
  struct Item {
    const GumboNode* g;
    int parent;
  };
  std::vector<Item> stack{{document, -1}};
  std::vector<int> open;  // ancestors whose `end` is not yet known
  while (!stack.empty()) {
    const Item item = stack.back();
    stack.pop_back();
    const GumboNode* g = item.g;
    const bool element = IsElement(g);
    if (!element && !IsTextLike(g) && g->type != GUMBO_NODE_DOCUMENT) continue;
    if (element && (IsSkippedTag(g->v.element.tag) || g->type == GUMBO_NODE_TEMPLATE || IsHidden(g))) continue;
    const int index = static_cast<int>(nodes.size());
    while (!open.empty() && open.back() != item.parent) {
      nodes[open.back()].end = index;
      open.pop_back();
    }
    Node node;
    node.g = g;
    node.parent = item.parent;
    node.is_text = !element && g->type != GUMBO_NODE_DOCUMENT;
    if (element) {
      node.tag = g->v.element.tag;
      ClassifyElement(node, words);
    }
    nodes.push_back(node);
    open.push_back(index);
    const GumboVector& children = ChildrenOf(g);
    for (unsigned i = children.length; i-- > 0;) {
      stack.push_back({static_cast<const GumboNode*>(children.data[i]), index});
    }
  }
  for (int i : open) nodes[i].end = static_cast<int>(nodes.size());
  return nodes;
}

bool IsCjk(unsigned char lead) { return lead >= 0xe3 && lead <= 0xe9; }

bool IsPunctuation(std::string_view text, size_t i, size_t& len) {
  const char c = text[i];
  len = 1;
  if (c == ',' || c == '.' || c == ';' || c == ':' || c == '!' || c == '?') return true;
  // U+3001 、 U+3002 。 U+FF0C ， U+FF1B ； U+FF1A ： U+FF01 ！ U+FF1F ？
  if (text.substr(i, 3) == "\xe3\x80\x81" || text.substr(i, 3) == "\xe3\x80\x82" ||
      text.substr(i, 3) == "\xef\xbc\x8c" || text.substr(i, 3) == "\xef\xbc\x9b" ||
      text.substr(i, 3) == "\xef\xbc\x9a" || text.substr(i, 3) == "\xef\xbc\x81" ||
      text.substr(i, 3) == "\xef\xbc\x9f") {
    len = 3;
    return true;
  }
  return false;
}

// Visible characters of `text` (code points, CJK doubled) and sentence punctuation marks.
void Measure(std::string_view text, int& chars, int& punctuation) {
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    size_t len = 1;
    if (IsPunctuation(text, i, len)) ++punctuation;
    if (c == ' ' || c == '\n') {
      len = 1;
    } else if (c < 0x80) {
      ++chars;
    } else if ((c & 0xc0) != 0x80) {
      chars += IsCjk(c) ? 2 : 1;
    }
    i += std::max<size_t>(len, 1);
  }
}

// Cuts the page into text blocks at block-level element boundaries, in reading order.
std::vector<Block> MakeBlocks(const std::vector<Node>& nodes) {
  std::vector<Block> blocks;
  std::vector<int> open;         // open elements (indices)
  std::vector<int> block_owner;  // open block-level elements
  Block current;
  int link_depth = 0, heading = 0, list_depth = 0;
  auto flush = [&] {
    std::string_view trimmed = TrimSpace(current.text);
    if (!trimmed.empty()) {
      Block block;
      block.text = std::string(trimmed);
      block.owner = block_owner.empty() ? 0 : block_owner.back();
      block.link_chars = current.link_chars;
      Measure(block.text, block.chars, block.punctuation);
      block.link_chars = std::min(block.link_chars, block.chars);
      block.heading = heading;
      block.in_list = list_depth > 0;
      blocks.push_back(std::move(block));
    }
    current = Block();
  };
  auto close = [&](int i) {
    const Node& n = nodes[i];
    if (IsBlockTag(n.tag)) {
      flush();
      block_owner.pop_back();
    }
    if (n.tag == GUMBO_TAG_A) --link_depth;
    if (n.tag == GUMBO_TAG_LI) --list_depth;
    if (HeadingLevel(n.tag) > 0) heading = 0;
  };
  for (int i = 0; i < static_cast<int>(nodes.size()); ++i) {
    while (!open.empty() && nodes[open.back()].end <= i) {
      close(open.back());
      open.pop_back();
    }
    const Node& n = nodes[i];
    if (n.is_text) {
      const std::string_view text = n.g->v.text.text;
      if (link_depth > 0) {
        int chars = 0, punctuation = 0;
        Measure(text, chars, punctuation);
        current.link_chars += chars;
      }
      AppendCollapsed(current.text, text);
      continue;
    }
    if (n.inline_junk) {  // skip the subtree
      i = n.end - 1;
      continue;
    }
    if (n.tag == GUMBO_TAG_BR) {
      while (!current.text.empty() && current.text.back() == ' ') current.text.pop_back();
      if (!current.text.empty()) current.text.push_back('\n');
      continue;
    }
    if (n.g == nullptr || n.g->type == GUMBO_NODE_DOCUMENT) {
      block_owner.push_back(i);
      open.push_back(i);
      continue;
    }
    if (IsBlockTag(n.tag)) {
      flush();
      block_owner.push_back(i);
    }
    // Cells of a row stay on one line: "2025 | 30 billion yuan".
    if ((n.tag == GUMBO_TAG_TD || n.tag == GUMBO_TAG_TH) && !TrimSpace(current.text).empty()) {
      while (!current.text.empty() && current.text.back() == ' ') current.text.pop_back();
      current.text += " | ";
    }
    if (n.tag == GUMBO_TAG_A) ++link_depth;
    if (n.tag == GUMBO_TAG_LI) ++list_depth;
    if (HeadingLevel(n.tag) > 0) heading = HeadingLevel(n.tag);
    open.push_back(i);
  }
  while (!open.empty()) {
    if (nodes[open.back()].g->type != GUMBO_NODE_DOCUMENT) close(open.back());
    open.pop_back();
  }
  flush();
  return blocks;
}

bool EndsWith(std::string_view text, std::string_view end) {
  return text.size() >= end.size() && text.substr(text.size() - end.size()) == end;
}

// A linked headline followed by a summary cut short with an ellipsis: a teaser for another page.
bool IsTeaser(const Block& b) {
  return b.link_chars > 0 && (b.in_list || b.LinkDensity() >= 0.25) && (EndsWith(b.text, "...") || EndsWith(b.text, "\xe2\x80\xa6"));
}

bool IsProse(const Block& b, const MainTextOptions& options) {
  return b.heading == 0 && !IsTeaser(b) && b.chars >= options.long_block_chars && b.LinkDensity() < 0.6 &&
         b.chars - b.link_chars >= 50 && b.punctuation > 0;
}

// A lone word outside headings and lists: "Advertisement", "Comments", "Subscribe".
bool IsStrayLabel(const Block& b) {
  if (b.heading > 0 || b.in_list || b.text.size() > 40) return false;
  if (b.text.find(' ') != std::string::npos || b.punctuation > 0) return false;
  bool letter = false;
  for (char c : b.text) {
    if ((c >= '0' && c <= '9') || IsCjk(static_cast<unsigned char>(c))) return false;  // CJK words have no spaces
    letter = letter || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80;
  }
  return letter;
}

// Escaped HTML shown as text ("&lt;img src=...&gt;" in a page saved without scripts).
bool LooksLikeMarkup(std::string_view text) {
  return text.size() > 2 && text.front() == '<' && text.back() == '>' && text.find('=') != std::string_view::npos;
}

// Fewer than five words and no sentence-final punctuation.
bool IsShortLine(const Block& b) {
  size_t words = 1;
  for (char c : b.text) words += c == ' ';
  if (words >= 5) return false;
  std::string_view t = b.text;
  static constexpr std::string_view kEnds[] = {".", "!", "?", "\"", "\xe2\x80\x9d", ")", "\xe3\x80\x82"};
  for (std::string_view e : kEnds) {
    if (t.size() >= e.size() && t.substr(t.size() - e.size()) == e) return false;
  }
  return true;
}

// Words of the furniture that follows articles: newsletter and social-media prompts, cookie and
// affiliate notices, copyright lines, invitations to comment or read more.
bool IsCallToAction(std::string_view text) {
  static constexpr std::string_view kCues[] = {
      "subscribe", "newsletter", "sign up", "follow us", "follow him", "follow her", "follow @",
      "cookies", "affiliate", "click here", "share this", "read more", "more stories", "our forums",
      "email us", "contact us", "your inbox", "download our app", "letters to the editor", "related:",
      "see also", "have a tip", "may be reached at", "recommended"};
  std::string lower = AsciiLower(text);
  for (std::string_view cue : kCues) {
    if (lower.find(cue) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

std::string ExtractMainText(const GumboNode* document, const MainTextOptions& options) {
  std::vector<Node> nodes = Flatten(document);
  if (nodes.empty()) return "";
  std::vector<Block> blocks = MakeBlocks(nodes);
  const int n = static_cast<int>(nodes.size());

  // Prose per subtree (children come after their parent, so a reverse pass accumulates).
  double total_prose = 0;
  for (const Block& b : blocks) {
    if (IsProse(b, options)) {
      nodes[b.owner].prose_chars += b.chars - b.link_chars;
      total_prose += b.chars - b.link_chars;
    }
  }
  for (int i = n - 1; i > 0; --i) {
    if (nodes[i].parent >= 0) nodes[nodes[i].parent].prose_chars += nodes[i].prose_chars;
  }

  // Boilerplate subtrees are removed unless they hold most of the page's prose (a misleading class
  // such as "has-sidebar" on the article wrapper). When that leaves no prose at all, the article sat
  // inside such a wrapper: retry protecting wrappers with less of the prose.
  int best = 0;
  for (const double protect_share : {0.75, 0.4, 0.0}) {
    for (int i = 0; i < n; ++i) {
      Node& node = nodes[i];
      const bool inherited = node.parent >= 0 && nodes[node.parent].removed;
      const bool protect = node.prose_chars > protect_share * total_prose && node.prose_chars > 0;
      node.removed = inherited || (node.boilerplate && !node.article_body && !protect);
      node.score = 0;
      node.blocks = 0;
    }
    for (Block& b : blocks) b.removed = nodes[b.owner].removed;

    // Container choice: the subtree with the best balance of prose against other visible text.
    for (const Block& b : blocks) {
      if (b.removed) continue;
      double s;
      if (IsProse(b, options)) {
        // Prose that is partly links (a list of linked items with comments) counts for less.
        s = (b.chars - b.link_chars) * (b.LinkDensity() < 0.3 ? 1.0 : 1.0);
      } else if (IsTeaser(b)) {
        s = -0.5 * b.chars;
      } else if (b.LinkDensity() > options.max_link_density) {
        s = -0.5 * b.chars;
      } else if (b.heading > 0) {
        s = 0;
      } else {
        s = -0.25 * b.chars;
      }
      nodes[b.owner].score += s;
      ++nodes[b.owner].blocks;
    }
    for (int i = n - 1; i > 0; --i) {
      if (nodes[i].parent < 0) continue;
      nodes[nodes[i].parent].score += nodes[i].score;
      nodes[nodes[i].parent].blocks += nodes[i].blocks;
    }
    // Without any prose the whole page is the container (a short notice, a table, a list).
    best = 0;
    for (int i = 0; i < n && total_prose > 0; ++i) {
      if (nodes[i].is_text || nodes[i].removed || nodes[i].blocks == 0) continue;
      if (nodes[i].score >= nodes[best].score) best = i;
    }
    if (total_prose == 0 || nodes[best].score > 0) break;
  }
  // Ties go to the deepest node; a node inside `best` with the same score is just tighter. The loop
  // above already prefers later (deeper) nodes on equal scores.

#ifdef NEWSFACTS_HTML_DEBUG
  {
    std::vector<int> order;
    for (int i = 0; i < n; ++i) if (!nodes[i].is_text && !nodes[i].removed) order.push_back(i);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return nodes[a].score > nodes[b].score; });
    for (size_t k = 0; k < std::min<size_t>(8, order.size()); ++k) {
      const Node& x = nodes[order[k]];
      fprintf(stderr, "  cand %d <%s class=%s id=%s> score %.0f prose %.0f depth-end %d%s\n", order[k],
              gumbo_normalized_tagname(x.tag), std::string(Attribute(x.g, "class")).substr(0, 60).c_str(),
              std::string(Attribute(x.g, "id")).c_str(), x.score, x.prose_chars, x.end, order[k] == best ? " BEST" : "");
    }
  }
#endif
#ifdef NEWSFACTS_HTML_DEBUG
  for (int i = 0; i < n; ++i) {
    if (nodes[i].boilerplate && nodes[i].prose_chars > 0 && !(nodes[i].parent >= 0 && nodes[nodes[i].parent].removed))
      fprintf(stderr, "  removed %d <%s class=%s id=%s> prose %.0f of %.0f\n", i, gumbo_normalized_tagname(nodes[i].tag),
              std::string(Attribute(nodes[i].g, "class")).substr(0, 60).c_str(), std::string(Attribute(nodes[i].g, "id")).c_str(),
              nodes[i].prose_chars, total_prose);
  }
#endif
  std::vector<const Block*> kept;
  const int lo = best, hi = nodes[best].end;
  for (const Block& b : blocks) {
    if (b.owner < lo || b.owner >= hi || b.removed) continue;
    if (b.LinkDensity() > options.max_link_density && b.chars - b.link_chars < 50) continue;
    if (b.heading == 1) continue;
    if (total_prose > 0 && (IsStrayLabel(b) || IsTeaser(b) || LooksLikeMarkup(b.text))) continue;
    kept.push_back(&b);
  }
  // After the last paragraph of prose, short unpunctuated lines are widgets' labels ("Tell us what
  // you think", "More stories"), not the article's.
  size_t last_prose = kept.size();
  for (size_t i = kept.size(); i-- > 0;) {
    if (IsProse(*kept[i], options)) {
      last_prose = i;
      break;
    }
  }
  if (last_prose < kept.size()) {
    std::vector<const Block*> trimmed(kept.begin(), kept.begin() + last_prose + 1);
    for (size_t i = last_prose + 1; i < kept.size(); ++i) {
      if (!kept[i]->in_list && kept[i]->heading == 0 && IsShortLine(*kept[i])) continue;
      trimmed.push_back(kept[i]);
    }
    kept.swap(trimmed);
  }
  // Calls to action close many articles ("Sign up for our newsletter", "Follow us on..."): peel
  // them, and the headings and lists they introduce, off the end.
  while (!kept.empty()) {
    const Block& b = *kept.back();
    const bool label = b.heading > 0 || (!b.in_list && IsShortLine(b));
    if (kept.size() > 1 && (label || (b.chars < 300 && IsCallToAction(b.text)))) {
      kept.pop_back();
      continue;
    }
    break;
  }
  // A heading with nothing after it (or only another heading) introduces removed content.
  std::string out;
  for (size_t i = 0; i < kept.size(); ++i) {
    if (kept[i]->heading > 0 && (i + 1 == kept.size() || kept[i + 1]->heading > 0)) continue;
    if (!out.empty()) out += "\n\n";
    out += kept[i]->text;
  }
  return out;
}

}  // namespace newsfacts
