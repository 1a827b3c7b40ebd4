// libFuzzer target: fetch/warc.h. The reader takes a path, so the input goes into a memfd (no disk
// I/O) read back through /proc/self/fd/N: the whole stream, the record at offset 0, and
// GunzipBytes on the raw bytes.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fetch/fd_owner.h"
#include "fetch/warc.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  newsfacts::FdOwner fd(::memfd_create("warc_fuzz", MFD_CLOEXEC));
  if (fd.get() < 0) std::abort();  // the environment, not the input: stop the run
  for (size_t done = 0; done < size;) {
    const ssize_t n = ::write(fd.get(), data + done, size - done);
    if (n <= 0) std::abort();
    done += static_cast<size_t>(n);
  }
  const std::string path = "/proc/self/fd/" + std::to_string(fd.get());

  newsfacts::WarcReadOptions options;
  options.max_body_bytes = 16u << 20;
  newsfacts::WarcReadStats stats;
  int64_t delivered = 0;
  (void)newsfacts::ReadWarc(
      path, options,
      [&](newsfacts::RawDocument&& doc) {
        ++delivered;
        NEWSFACTS_FUZZ_CHECK(doc.body.size() <= options.max_body_bytes);
        NEWSFACTS_FUZZ_CHECK(doc.source.rfind(path + "#", 0) == 0);
      },
      [](const std::string&, const std::string&) {}, &stats);
  NEWSFACTS_FUZZ_CHECK(stats.responses == delivered);
  NEWSFACTS_FUZZ_CHECK(stats.records >= stats.responses + stats.skipped);

  options.only_2xx = false;
  (void)newsfacts::ReadWarcRecordAt(path, 0, options);

  newsfacts::Result<std::string> inflated =
      newsfacts::GunzipBytes(std::string_view(reinterpret_cast<const char*>(data), size), 1u << 20);
  if (inflated.ok()) NEWSFACTS_FUZZ_CHECK(inflated->size() <= (1u << 20));
  return 0;
}
