#include "sim/model/parallel.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

namespace kreach {
namespace {

TEST_CASE("ParallelFor visits every index once, interleaved over the workers", "[parallel]") {
  const std::size_t n = 1001;
  std::vector<int> visits(n, 0);
  std::vector<std::size_t> worker_of(n, 99);
  std::vector<std::thread::id> thread_of(n);
  ParallelFor(n, 3, 10, [&](std::size_t i, std::size_t worker) {
    ++visits[i];
    worker_of[i] = worker;
    thread_of[i] = std::this_thread::get_id();
  });
  std::set<std::thread::id> threads(thread_of.begin(), thread_of.end());
  CHECK(threads.size() == 3);
  CHECK(threads.count(std::this_thread::get_id()) == 0);
  for (std::size_t i = 0; i < n; ++i) {
    CHECK(visits[i] == 1);
    CHECK(worker_of[i] == i % 3);  // the split points the engine's timings were measured with
  }
}

TEST_CASE("ParallelFor stays on the caller below min_parallel and with one thread", "[parallel]") {
  for (auto [n, threads] : {std::pair<std::size_t, int>{9, 4}, {50, 1}, {50, 0}, {0, 4}}) {
    std::vector<int> visits(n, 0);
    std::set<std::thread::id> seen;
    std::set<std::size_t> workers;
    ParallelFor(n, threads, 10, [&](std::size_t i, std::size_t worker) {
      ++visits[i];
      seen.insert(std::this_thread::get_id());
      workers.insert(worker);
    });
    CHECK(visits == std::vector<int>(n, 1));
    if (n > 0) {
      CHECK(seen == std::set<std::thread::id>{std::this_thread::get_id()});
      CHECK(workers == std::set<std::size_t>{0});
    }
  }
}

TEST_CASE("ParallelFor takes a function of the index alone", "[parallel]") {
  std::vector<std::atomic<int>> visits(200);
  ParallelFor(visits.size(), 4, 1, [&](std::size_t i) { ++visits[i]; });
  for (const std::atomic<int>& v : visits) CHECK(v.load() == 1);
}

TEST_CASE("Beside runs on another thread beside the caller and Join rethrows", "[parallel]") {
  std::thread::id beside_id;
  std::atomic<bool> release{false};
  std::atomic<bool> done{false};
  {
    Beside second([&] {
      beside_id = std::this_thread::get_id();
      while (!release.load()) std::this_thread::yield();  // only ends once the caller has gone on
      done = true;
    });
    CHECK_FALSE(done.load());
    release = true;
    second.Join();
  }
  CHECK(done.load());
  CHECK(beside_id != std::this_thread::get_id());

  Beside failing([] { throw std::runtime_error("out of room"); });
  CHECK_THROWS_WITH(failing.Join(), "out of room");

  bool ran = false;
  {
    Beside unjoined([&] { ran = true; });
  }  // the destructor waits
  CHECK(ran);
}

}  // namespace
}  // namespace kreach
