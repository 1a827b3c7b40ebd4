#include "pipelines/ordered_pool.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace newsfacts {
namespace {

TEST_CASE("OrderedPool delivers every result in submission order", "[pipelines][pool]") {
  for (int jobs : {1, 2, 8}) {
    std::vector<int> delivered;
    {
      OrderedPool<int, int> pool(
          jobs, 16,
          [](int& x) {
            // Uneven work so that later items often finish first.
            if (x % 7 == 0) std::this_thread::sleep_for(std::chrono::microseconds(300));
            return x * 2;
          },
          [&](int& y) { delivered.push_back(y); });
      for (int i = 0; i < 500; ++i) pool.Submit(i);
      pool.Finish();
    }
    INFO("jobs=" << jobs);
    REQUIRE(delivered.size() == 500);
    for (int i = 0; i < 500; ++i) CHECK(delivered[i] == 2 * i);
  }
}

TEST_CASE("OrderedPool with one job works on the calling thread, with more on worker threads", "[pipelines][pool]") {
  for (int jobs : {1, 3}) {
    const std::thread::id caller = std::this_thread::get_id();
    int on_caller = 0;
    int delivered = 0;
    {
      OrderedPool<int, bool> pool(
          jobs, 4, [&](int&) { return std::this_thread::get_id() == caller; },
          [&](bool& was_caller) {
            on_caller += was_caller ? 1 : 0;
            ++delivered;
          });
      for (int i = 0; i < 50; ++i) pool.Submit(i);
      pool.Finish();
    }
    INFO("jobs=" << jobs);
    CHECK(delivered == 50);
    CHECK(on_caller == (jobs == 1 ? 50 : 0));
  }
}

TEST_CASE("OrderedPool delivers only to make room, keeping the workers' queue full", "[pipelines][pool]") {
  int delivered = 0;
  OrderedPool<int, int> pool(2, 8, [](int& x) { return x; }, [&](int&) { ++delivered; });
  for (int i = 0; i < 8; ++i) {
    pool.Submit(i);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // earlier items are done by now
  }
  CHECK(delivered == 0);  // the window is not full yet: finished results wait
  pool.Submit(8);
  CHECK(delivered == 1);  // exactly the oldest makes room for the ninth
  pool.Finish();
  CHECK(delivered == 9);
}

TEST_CASE("OrderedPool never holds more than its window", "[pipelines][pool]") {
  std::atomic<int> in_flight{0};
  std::atomic<int> max_in_flight{0};
  size_t delivered = 0;
  OrderedPool<int, int> pool(
      4, 5,
      [&](int& x) {
        const int now = ++in_flight;
        int seen = max_in_flight.load();
        while (now > seen && !max_in_flight.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::sleep_for(std::chrono::microseconds(100));
        return x;
      },
      [&](int&) {
        --in_flight;  // an item leaves the window when delivered
        ++delivered;
      });
  for (int i = 0; i < 200; ++i) pool.Submit(i);
  pool.Finish();
  CHECK(delivered == 200);
  CHECK(max_in_flight.load() <= 5);
  CHECK(max_in_flight.load() >= 2);  // the work really ran in parallel
}

// Records the thread each result is destroyed on.
struct Destroyed {
  std::mutex mutex;
  std::vector<std::thread::id> threads;
};
struct Tracked {
  Destroyed* log;
  ~Tracked() {
    std::lock_guard<std::mutex> lock(log->mutex);
    log->threads.push_back(std::this_thread::get_id());
  }
};

TEST_CASE("OrderedPool destroys each delivered result on the worker that made it", "[pipelines][pool]") {
  for (int jobs : {1, 2}) {
    Destroyed destroyed;
    const std::thread::id caller = std::this_thread::get_id();
    std::mutex mutex;
    std::set<std::thread::id> workers;
    int delivered = 0;
    {
      OrderedPool<int, std::unique_ptr<Tracked>> pool(
          jobs, 4,
          [&](int&) {
            std::lock_guard<std::mutex> lock(mutex);
            workers.insert(std::this_thread::get_id());
            return std::unique_ptr<Tracked>(new Tracked{&destroyed});
          },
          [&](std::unique_ptr<Tracked>& result) {
            CHECK(result != nullptr);  // delivered whole, destroyed only afterwards
            ++delivered;
          });
      for (int i = 0; i < 100; ++i) pool.Submit(i);
      pool.Finish();
    }
    INFO("jobs=" << jobs);
    CHECK(delivered == 100);
    REQUIRE(destroyed.threads.size() == 100);  // every result destroyed, once
    for (const std::thread::id& t : destroyed.threads) {
      if (jobs == 1) {
        CHECK(t == caller);
      } else {
        CHECK(t != caller);
        CHECK(workers.count(t) == 1);
      }
    }
  }
}

}  // namespace
}  // namespace newsfacts
