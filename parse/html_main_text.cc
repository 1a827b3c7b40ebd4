#include "parse/html_main_text.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parse/dates.h"
#include "parse/html_tree.h"
#include "core/ascii.h"

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
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_LINK:
    case GUMBO_TAG_META:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_LABEL: return true;
    default: return false;
  }
}

bool IsBlockTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_HTML: return true;
    default: return false;
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
      "ad",           "ads",         "adv",           "advert",       "nav",
      "menu",         "share",       "social",        "tags",         "tag",
      "meta",         "byline",      "caption",       "credit",       "credits",
      "footer",       "header",      "masthead",      "banner",       "sidebar",
      "widget",       "widgets",     "toolbar",       "pager",        "pagination",
      "breadcrumb",   "breadcrumbs", "popup",         "modal",        "cookie",
      "cookies",      "consent",     "gdpr",          "sponsor",      "sponsored",
      "promo",        "promos",      "related",       "comment",      "comments",
      "disqus",       "newsletter",  "subscribe",     "subscription", "signup",
      "login",        "outbrain",    "taboola",       "recommended",  "recommendations",
      "trending",     "popular",     "mostread",      "hidden",       "sr",
      "screenreader", "skip",        "print",         "author",       "bio",
      "copyright",    "disclaimer",  "timestamp",     "dateline",     "date",
      "time",         "rail",        "overlay",       "shares",       "sharing",
      "follow",       "tooltip",     "notification",  "alert",        "dfp",
      "gpt",          "adslot",      "advertisement", "commercial",   "nocontent",
      "teaser",       "teasers",     "carousel",      "slideshow",    "gallery",
      "playlist",     "podcast",     "audio",         "feedback",     "rating",
      "ratings",      "reactions",   "partner",       "partners",     "affiliate",
      "donate",       "contribute",  "more",          "also",         "next",
      "prev",         "previous",    "topics",        "keywords",     "categories",
      "category",     "label",       "labels",        "icon",         "icons",
      "lightbox",     "figure",      "figcaption",    "img",          "photo",
      "thumbnail",    "thumb",       "rollover",      "popover",      "hovercard",
      "dropdown",     "flyout",      "offscreen",     "dek",          "standfirst",
      "kicker",       "strapline"};
  for (std::string_view e : kExact) {
    if (w == e) return true;
  }
  static constexpr std::string_view kPrefixes[] = {
      "advert",     "navigation", "navbar",   "comment",   "sharing", "social",  "sidebar", "newsletter",
      "breadcrumb", "sponsor",    "promo",    "recommend", "subscri", "related", "cookie",  "trending",
      "widget",     "footer",     "masthead", "outbrain",  "taboola", "paginat", "popup",   "banner"};
  for (std::string_view p : kPrefixes) {
    if (StartsWith(w, p)) return true;
  }
  return false;
}

// The subset that also removes inline elements (tooltips, hidden labels, share links inside a
// paragraph); words such as "date" or "author" name inline spans of real sentences too often.
bool IsInlineJunkWord(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "rollover", "popover", "hovercard", "tooltip", "popup",    "modal",        "share",    "sharing",
      "social",   "ad",      "ads",       "advert",  "sr",       "screenreader", "visually", "offscreen",
      "hidden",   "caption", "credit",    "credits", "dropdown", "flyout"};
  for (std::string_view e : kWords) {
    if (w == e) return true;
  }
  return StartsWith(w, "advertis");
}

// Reads tag, role, hidden state and class/id words of one element into `node`.
void ClassifyElement(Node& node, std::vector<std::string>& words) {
  const GumboNode* g = node.g;
  switch (node.tag) {
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_FORM: node.boilerplate = true; break;
    case GUMBO_TAG_ARTICLE: node.article_body = true; break;
    default: break;
  }
  const std::string role = AsciiLower(Attribute(g, "role"));
  if (role == "navigation" || role == "banner" || role == "contentinfo" || role == "complementary" ||
      role == "dialog" || role == "alertdialog" || role == "search" || role == "menu" || role == "menubar" ||
      role == "toolbar" || role == "alert") {
    node.boilerplate = true;
  }
  if (AsciiLower(Attribute(g, "itemprop")) == "articlebody") node.article_body = true;

  words.clear();
  SplitWords(Attribute(g, "class"), words);
  SplitWords(Attribute(g, "id"), words);
  bool negative = false;
  // An embedded social-media post (tweet, Instagram...) quoted by the article is part of it.
  bool embed = false, social = false, post = false, media = false;
  for (const std::string& w : words) {
    if (w == "embed" || w == "embedded") embed = true;
    if (w == "social") social = true;
    if (w == "tweet" || w == "twitter" || w == "instagram") post = true;
    if (w == "caption" || w == "credit" || w == "image" || w == "photo" || w == "video") media = true;
    if (IsInlineJunkWord(w)) node.inline_junk = true;
    if (IsBoilerplateWord(w)) negative = true;
  }
  embed = !media && (post || (embed && social));
  if (negative && !embed) node.boilerplate = true;
  if (embed || IsBlockTag(node.tag)) node.inline_junk = false;
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
  return compact.find("display:none") != std::string::npos ||
         compact.find("visibility:hidden") != std::string::npos;
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
    if (element && (IsSkippedTag(g->v.element.tag) || g->type == GUMBO_NODE_TEMPLATE || IsHidden(g)))
      continue;
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
  return b.link_chars > 0 && (b.in_list || b.LinkDensity() >= 0.25) &&
         (EndsWith(b.text, "...") || EndsWith(b.text, "\xe2\x80\xa6"));
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
    if ((c >= '0' && c <= '9') || IsCjk(static_cast<unsigned char>(c)))
      return false;  // CJK words have no spaces
    letter =
        letter || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80;
  }
  return letter;
}

// A short line holding a date, or a byline.
bool IsMetadataLine(const Block& b) {
  if (b.in_list || b.chars > 100) return false;
  if (b.text.rfind("By ", 0) == 0 || b.text.rfind("by ", 0) == 0 || b.text.rfind("BY ", 0) == 0) return true;
  return FindDateInLine(b.text).has_value();
}

// Escaped HTML shown as text ("&lt;img src=...&gt;" in a page saved without scripts).
bool LooksLikeMarkup(std::string_view text) {
  return text.size() > 2 && text.front() == '<' && text.back() == '>' &&
         text.find('=') != std::string_view::npos;
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
  static constexpr std::string_view kCues[] = {"subscribe",
                                               "newsletter",
                                               "sign up",
                                               "follow us",
                                               "follow him",
                                               "follow her",
                                               "follow @",
                                               "cookies",
                                               "affiliate",
                                               "click here",
                                               "share this",
                                               "read more",
                                               "more stories",
                                               "our forums",
                                               "email us",
                                               "contact us",
                                               "your inbox",
                                               "download our app",
                                               "letters to the editor",
                                               "related:",
                                               "see also",
                                               "have a tip",
                                               "may be reached at",
                                               "recommended"};
  std::string lower = AsciiLower(text);
  for (std::string_view cue : kCues) {
    if (lower.find(cue) != std::string::npos) return true;
  }
  return false;
}

// Labels of the recommendation lists under articles.
bool IsRelatedLabel(std::string_view text) {
  static constexpr std::string_view kLabels[] = {
      "related",   "top stories", "most popular",  "most read",    "you may also like", "you might also like",
      "also read", "read more",   "more from",     "more stories", "recommended",       "latest news",
      "more news", "trending",    "popular posts", "read next",    "what to read next"};
  if (text.size() > 40 || EndsWith(text, ".") || EndsWith(text, "?") || EndsWith(text, "!")) return false;
  const std::string lower = AsciiLower(text);
  for (std::string_view label : kLabels) {
    if (lower.rfind(label, 0) == 0) return true;  // the label opens the line
  }
  return false;
}

// Sums the prose of each subtree into Node::prose_chars and returns the page's total.
double MeasureProse(std::vector<Node>& nodes, const std::vector<Block>& blocks,
                    const MainTextOptions& options) {
  double total = 0;
  for (const Block& b : blocks) {
    if (!IsProse(b, options)) continue;
    nodes[b.owner].prose_chars += b.chars - b.link_chars;
    total += b.chars - b.link_chars;
  }
  // Children come after their parent, so one reverse pass accumulates.
  for (int i = static_cast<int>(nodes.size()) - 1; i > 0; --i) {
    if (nodes[i].parent >= 0) nodes[nodes[i].parent].prose_chars += nodes[i].prose_chars;
  }
  return total;
}

// What one block says about the container around it: prose for, furniture against.
double BlockScore(const Block& b, const MainTextOptions& options) {
  if (IsProse(b, options)) return b.chars - b.link_chars;
  if (IsTeaser(b) || b.LinkDensity() > options.max_link_density) return -0.5 * b.chars;
  if (b.heading > 0) return 0;
  return -0.25 * b.chars;  // short lines: dates, labels, widget text
}

// Marks removed subtrees and returns the element whose subtree has the best balance of prose
// against other visible text. Boilerplate subtrees are removed unless they hold most of the page's
// prose (a misleading class such as "has-sidebar" on the article wrapper); when that leaves no prose
// at all, the article sat inside such a wrapper, so wrappers with less of the prose are protected.
int ChooseContainer(std::vector<Node>& nodes, std::vector<Block>& blocks, double total_prose,
                    const MainTextOptions& options) {
  const int n = static_cast<int>(nodes.size());
  int best = 0;
  for (const double protect_share : {0.75, 0.4, 0.0}) {
    for (Node& node : nodes) {
      const bool inherited = node.parent >= 0 && nodes[node.parent].removed;
      const bool protect = node.prose_chars > 0 && node.prose_chars > protect_share * total_prose;
      node.removed = inherited || (node.boilerplate && !node.article_body && !protect);
      node.score = 0;
      node.blocks = 0;
    }
    for (Block& b : blocks) {
      b.removed = nodes[b.owner].removed;
      if (b.removed) continue;
      nodes[b.owner].score += BlockScore(b, options);
      ++nodes[b.owner].blocks;
    }
    for (int i = n - 1; i > 0; --i) {
      if (nodes[i].parent < 0) continue;
      nodes[nodes[i].parent].score += nodes[i].score;
      nodes[nodes[i].parent].blocks += nodes[i].blocks;
    }
    // Without any prose the whole page is the container (a short notice, a table, a list). On equal
    // scores the later, deeper node wins: it is the same text in a tighter box.
    best = 0;
    for (int i = 0; i < n && total_prose > 0; ++i) {
      if (nodes[i].is_text || nodes[i].removed || nodes[i].blocks == 0) continue;
      if (nodes[i].score >= nodes[best].score) best = i;
    }
    if (total_prose == 0 || nodes[best].score > 0) break;
  }
  // An enclosing <article> or itemprop=articleBody that adds little prose of its own marks where the
  // article really starts and ends; take it with its short lines, lists and headings.
  for (int a = nodes[best].parent; a > 0 && total_prose > 0; a = nodes[a].parent) {
    if (nodes[a].tag == GUMBO_TAG_BODY) break;
    if (nodes[a].article_body && !nodes[a].removed && nodes[a].prose_chars <= 1.3 * nodes[best].prose_chars) {
      return a;
    }
  }
  return best;
}

// The blocks of the container that read as article text.
std::vector<const Block*> ContainerBlocks(const std::vector<Node>& nodes, const std::vector<Block>& blocks,
                                          int container, bool page_has_prose,
                                          const MainTextOptions& options) {
  std::vector<const Block*> kept;
  const int lo = container, hi = nodes[container].end;
  for (const Block& b : blocks) {
    if (b.owner < lo || b.owner >= hi || b.removed) continue;
    if (b.LinkDensity() > options.max_link_density && b.chars - b.link_chars < 50) continue;
    if (b.heading == 1) continue;  // the headline is Article::title
    if (page_has_prose && (IsStrayLabel(b) || IsTeaser(b) || LooksLikeMarkup(b.text))) continue;
    kept.push_back(&b);
  }
  return kept;
}

// Removes what surrounds the article inside its container: labels, date and byline lines,
// "Related" sections and calls to action.
void TrimEdges(std::vector<const Block*>& kept, const MainTextOptions& options) {
  size_t first_prose = kept.size(), last_prose = kept.size();
  for (size_t i = 0; i < kept.size(); ++i) {
    if (!IsProse(*kept[i], options)) continue;
    if (first_prose == kept.size()) first_prose = i;
    last_prose = i;
  }
  std::vector<const Block*> trimmed;
  for (size_t i = 0; i < kept.size(); ++i) {
    const Block& b = *kept[i];
    const bool outside = last_prose < kept.size() && (i < first_prose || i > last_prose);
    // Around the prose, short unpunctuated lines are labels ("City Talk", "More stories"), not the
    // article's.
    if (outside && !b.in_list && b.heading == 0 && IsShortLine(b)) continue;
    // Date and byline lines ("Updated 10:01 pm PST, Tuesday, November 19, 2019", "By Jane Roe")
    // around the prose are metadata, which Article carries separately.
    if (outside && IsMetadataLine(b)) continue;
    // Notices above the article ("This post may contain affiliate links").
    if (i < first_prose && b.chars < 300 && IsCallToAction(b.text)) continue;
    trimmed.push_back(&b);
  }
  kept.swap(trimmed);

  // A "Related stories" / "Most popular" label once most of the prose is behind us starts the
  // recommendations that follow articles: cut there.
  double prose_total = 0, prose_seen = 0;
  for (const Block* b : kept) prose_total += IsProse(*b, options) ? b->chars : 0;
  for (size_t i = 0; i < kept.size(); ++i) {
    if (prose_seen >= 0.5 * prose_total && IsRelatedLabel(kept[i]->text)) {
      kept.resize(i);
      break;
    }
    if (IsProse(*kept[i], options)) prose_seen += kept[i]->chars;
  }

  // Calls to action close many articles ("Sign up for our newsletter", "Follow us on..."): peel
  // them, and the headings and labels they come with, off the end.
  while (kept.size() > 1) {
    const Block& b = *kept.back();
    const bool label = b.heading > 0 || (!b.in_list && IsShortLine(b));
    if (!label && !(b.chars < 300 && IsCallToAction(b.text))) break;
    kept.pop_back();
  }
}

}  // namespace

std::string ExtractMainText(const GumboNode* document, const MainTextOptions& options) {
  std::vector<Node> nodes = Flatten(document);
  if (nodes.empty()) return "";
  std::vector<Block> blocks = MakeBlocks(nodes);
  const double total_prose = MeasureProse(nodes, blocks, options);
  const int container = ChooseContainer(nodes, blocks, total_prose, options);
  std::vector<const Block*> kept = ContainerBlocks(nodes, blocks, container, total_prose > 0, options);
  TrimEdges(kept, options);

  std::string out;
  for (size_t i = 0; i < kept.size(); ++i) {
    // A heading with nothing after it (or only another heading) introduced removed content.
    if (kept[i]->heading > 0 && (i + 1 == kept.size() || kept[i + 1]->heading > 0)) continue;
    if (!out.empty()) out += "\n\n";
    out += kept[i]->text;
  }
  return out;
}

}  // namespace newsfacts
