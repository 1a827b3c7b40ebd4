#include "parse/charset.h"

#include <errno.h>
#include <iconv.h>

#include <algorithm>
#include <vector>

#include "parse/text_util.h"

namespace newsfacts {
namespace {

constexpr std::string_view kReplacement = "\xef\xbf\xbd";
constexpr size_t kMetaScanBytes = 4096;

// Owns an iconv_t.
class Iconv {
 public:
  Iconv(const char* to, const char* from) : cd_(iconv_open(to, from)) {}
  ~Iconv() {
    if (ok()) iconv_close(cd_);
  }
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;
  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }
  iconv_t get() const { return cd_; }

 private:
  iconv_t cd_;
};

char LowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = LowerAscii(c);
  return out;
}

bool IsLabelChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == ':';
}

// The value after "charset=" in `text` (Content-Type value or a <meta> tag), or "".
std::string CharsetParameter(std::string_view text) {
  const std::string lower = Lower(text);
  size_t pos = 0;
  while ((pos = lower.find("charset", pos)) != std::string::npos) {
    size_t i = pos + 7;
    while (i < lower.size() && (lower[i] == ' ' || lower[i] == '\t')) ++i;
    if (i < lower.size() && lower[i] == '=') {
      ++i;
      while (i < lower.size() && (lower[i] == ' ' || lower[i] == '\t' || lower[i] == '"' || lower[i] == '\''))
        ++i;
      size_t end = i;
      while (end < lower.size() && IsLabelChar(lower[end])) ++end;
      if (end > i) return lower.substr(i, end - i);
    }
    pos += 7;
  }
  return "";
}

// The charset declared by the first <meta> tag that declares one within the first bytes.
std::string MetaCharset(std::string_view bytes) {
  const std::string head = Lower(bytes.substr(0, kMetaScanBytes));
  size_t pos = 0;
  while ((pos = head.find("<meta", pos)) != std::string::npos) {
    const size_t end = head.find('>', pos);
    const std::string_view tag =
        std::string_view(head).substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    std::string charset = CharsetParameter(tag);
    if (!charset.empty()) return charset;
    pos += 5;
  }
  return "";
}

// Number of bytes of the valid UTF-8 sequence at bytes[i], or 0 when it is not valid UTF-8.
size_t Utf8SequenceLength(std::string_view bytes, size_t i) {
  const unsigned char c = static_cast<unsigned char>(bytes[i]);
  size_t len;
  unsigned min_second = 0x80, max_second = 0xbf;
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) {
    len = 2;
  } else if (c >= 0xe0 && c <= 0xef) {
    len = 3;
    if (c == 0xe0) min_second = 0xa0;
    if (c == 0xed) max_second = 0x9f;  // no UTF-16 surrogates
  } else if (c >= 0xf0 && c <= 0xf4) {
    len = 4;
    if (c == 0xf0) min_second = 0x90;
    if (c == 0xf4) max_second = 0x8f;
  } else {
    return 0;
  }
  if (i + len > bytes.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const unsigned char t = static_cast<unsigned char>(bytes[i + k]);
    if (k == 1 ? (t < min_second || t > max_second) : (t < 0x80 || t > 0xbf)) return 0;
  }
  return len;
}

struct Utf8Stats {
  size_t multibyte = 0;  // valid sequences of 2+ bytes
  size_t invalid = 0;    // bytes that start no valid sequence
};

Utf8Stats ScanUtf8(std::string_view bytes) {
  Utf8Stats stats;
  for (size_t i = 0; i < bytes.size();) {
    const size_t len = Utf8SequenceLength(bytes, i);
    if (len == 0) {
      ++stats.invalid;
      ++i;
    } else {
      if (len > 1) ++stats.multibyte;
      i += len;
    }
  }
  return stats;
}

// Share of the high bytes that pair up as GB2312 characters (lead A1-F7, trail A1-FE).
bool LooksLikeGb(std::string_view bytes) {
  size_t pairs = 0, high = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80) continue;
    ++high;
    if (c >= 0xa1 && c <= 0xf7 && i + 1 < bytes.size()) {
      const unsigned char t = static_cast<unsigned char>(bytes[i + 1]);
      if (t >= 0xa1 && t <= 0xfe) {
        pairs += 2;
        ++high;
        ++i;
      }
    }
  }
  return high > 0 && pairs * 10 >= high * 9;
}

bool IsSingleByteLatin(const std::string& charset) { return charset == "WINDOWS-1252"; }

}  // namespace

std::string NormalizeCharsetName(std::string_view label) {
  std::string l = Lower(label);
  while (!l.empty() && (l.back() == ' ' || l.back() == '"' || l.back() == '\'')) l.pop_back();
  while (!l.empty() && (l.front() == ' ' || l.front() == '"' || l.front() == '\'')) l.erase(0, 1);
  if (l.empty()) return "";
  if (l == "utf-8" || l == "utf8" || l == "unicode-1-1-utf-8" || l == "x-unicode20utf8") return "UTF-8";
  if (l == "gb2312" || l == "gbk" || l == "gb18030" || l == "x-gbk" || l == "cp936" || l == "ms936" ||
      l == "windows-936" || l == "euc-cn" || l == "csgb2312" || l == "chinese" || l == "iso-ir-58" ||
      l == "gb_2312-80" || l == "gb_2312" || l == "csiso58gb231280") {
    return "GB18030";
  }
  if (l == "iso-8859-1" || l == "iso8859-1" || l == "latin1" || l == "l1" || l == "us-ascii" ||
      l == "ascii" || l == "windows-1252" || l == "cp1252" || l == "x-cp1252" || l == "iso_8859-1" ||
      l == "cp819" || l == "ibm819" || l == "iso-ir-100" || l == "csisolatin1" || l == "ansi_x3.4-1968") {
    return "WINDOWS-1252";
  }
  if (l == "big5" || l == "big5-hkscs" || l == "cn-big5" || l == "x-x-big5" || l == "csbig5")
    return "BIG5-HKSCS";
  if (l == "shift_jis" || l == "shift-jis" || l == "sjis" || l == "x-sjis" || l == "ms_kanji" ||
      l == "windows-31j" || l == "csshiftjis" || l == "ms932") {
    return "CP932";
  }
  if (l == "euc-kr" || l == "ks_c_5601-1987" || l == "korean" || l == "windows-949" || l == "cseuckr") {
    return "CP949";
  }
  if (l == "iso-8859-9" || l == "latin5") return "WINDOWS-1254";
  std::string upper(l);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return upper;
}

CharsetGuess DetectHtmlCharset(std::string_view bytes, std::string_view content_type) {
  if (bytes.rfind("\xef\xbb\xbf", 0) == 0) return {"UTF-8", CharsetSource::kBom};
  if (bytes.rfind("\xff\xfe", 0) == 0) return {"UTF-16LE", CharsetSource::kBom};
  if (bytes.rfind("\xfe\xff", 0) == 0) return {"UTF-16BE", CharsetSource::kBom};

  const std::string from_header = NormalizeCharsetName(CharsetParameter(content_type));
  if (!from_header.empty()) return {from_header, CharsetSource::kContentType};

  std::string from_meta = NormalizeCharsetName(MetaCharset(bytes));
  // A page read as ASCII bytes cannot declare itself UTF-16 (the Encoding Standard reads it as UTF-8).
  if (from_meta.rfind("UTF-16", 0) == 0) from_meta = "UTF-8";
  if (!from_meta.empty()) {
    // Pages re-saved as UTF-8 often keep an old Latin-1 <meta>; valid multi-byte UTF-8 and no
    // invalid byte is far more likely UTF-8 than Latin-1 mojibake.
    if (IsSingleByteLatin(from_meta)) {
      const Utf8Stats stats = ScanUtf8(bytes);
      if (stats.invalid == 0 && stats.multibyte > 0) return {"UTF-8", CharsetSource::kDetected};
    }
    return {from_meta, CharsetSource::kMeta};
  }

  const Utf8Stats stats = ScanUtf8(bytes);
  if (stats.invalid == 0) return {"UTF-8", CharsetSource::kDetected};
  // A few stray bytes in otherwise multi-byte UTF-8 are damage, not another charset.
  if (stats.multibyte > 0 && stats.invalid * 20 < stats.multibyte) return {"UTF-8", CharsetSource::kDetected};
  if (LooksLikeGb(bytes)) return {"GB18030", CharsetSource::kDetected};
  return {"WINDOWS-1252", CharsetSource::kDetected};
}

Result<std::string> ConvertToUtf8(std::string_view bytes, std::string_view charset) {
  const std::string name = NormalizeCharsetName(charset);
  if (name.empty() || name == "UTF-8") return RepairUtf8(bytes);
  if (name == "UTF-16LE" && bytes.rfind("\xff\xfe", 0) == 0) bytes.remove_prefix(2);
  if (name == "UTF-16BE" && bytes.rfind("\xfe\xff", 0) == 0) bytes.remove_prefix(2);

  Iconv cd("UTF-8", name.c_str());
  if (!cd.ok()) return Status::Unsupported("unknown character set \"" + std::string(charset) + "\"");
  // Multi-byte charsets skip one whole (bad) code unit; UTF-16 units are 2 bytes.
  const size_t unit = name.rfind("UTF-16", 0) == 0 ? 2 : 1;

  std::string out;
  out.reserve(bytes.size() + bytes.size() / 2);
  std::vector<char> buffer(64 * 1024);
  char* in = const_cast<char*>(bytes.data());  // iconv's API is not const-correct
  size_t in_left = bytes.size();
  while (in_left > 0) {
    char* dst = buffer.data();
    size_t dst_left = buffer.size();
    const size_t rc = iconv(cd.get(), &in, &in_left, &dst, &dst_left);
    out.append(buffer.data(), buffer.size() - dst_left);
    if (rc != static_cast<size_t>(-1)) break;
    if (errno == E2BIG) continue;
    if (errno == EILSEQ) {
      out += kReplacement;
      const size_t skip = std::min(unit, in_left);
      in += skip;
      in_left -= skip;
      iconv(cd.get(), nullptr, nullptr, nullptr, nullptr);  // reset shift state
      continue;
    }
    // EINVAL: the input ends inside a multi-byte sequence.
    out += kReplacement;
    break;
  }
  // Flush any shift state (stateful encodings such as ISO-2022-JP).
  char* dst = buffer.data();
  size_t dst_left = buffer.size();
  iconv(cd.get(), nullptr, nullptr, &dst, &dst_left);
  out.append(buffer.data(), buffer.size() - dst_left);
  if (out.rfind("\xef\xbb\xbf", 0) == 0) out.erase(0, 3);
  return out;
}

}  // namespace newsfacts
