#include <cstdlib>
#include <string>

#include "extract/extract.h"

#ifndef NEWSFACTS_DATA_DIR
#error "NEWSFACTS_DATA_DIR must be defined by the build"
#endif

namespace newsfacts {

std::string DefaultDataDir() {
  if (const char* env = std::getenv("NEWSFACTS_DATA_DIR"); env != nullptr && *env != '\0') return env;
  return NEWSFACTS_DATA_DIR;
}

}  // namespace newsfacts
