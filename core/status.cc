#include "core/status.h"

namespace newsfacts {

const char* CodeName(Status::Code code) {
  switch (code) {
    case Status::Code::kOk: return "ok";
    case Status::Code::kInvalidInput: return "invalid input";
    case Status::Code::kIoError: return "I/O error";
    case Status::Code::kNotFound: return "not found";
    case Status::Code::kUnsupported: return "unsupported";
    case Status::Code::kTooLarge: return "too large";
    case Status::Code::kBusy: return "busy";
    case Status::Code::kInternal: return "internal error";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  return std::string(CodeName(code_)) + ": " + message_;
}

}  // namespace newsfacts
