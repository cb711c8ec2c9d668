// The two ways kreach uses threads: a loop split over a few workers (ParallelFor) and one function run on a second
// thread while the caller does other work (Beside). The engine and the loader choose the thread counts and split
// points; these only run them.
#ifndef KREACH_SIM_MODEL_PARALLEL_H_
#define KREACH_SIM_MODEL_PARALLEL_H_

#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace kreach {

/// Runs f(i) for every i in [0, n), or f(i, worker) when f takes a second argument: on the calling thread alone when
/// n < min_parallel or threads <= 1, else on max(1, threads) new threads, worker w taking i = w, w + workers, ...
/// (interleaved, so uneven items spread out). Results must go to per-i (or per-worker) slots. `worker` is in
/// [0, max(1, threads)). f must not throw.
template <typename F>
void ParallelFor(std::size_t n, int threads, std::size_t min_parallel, F&& f) {
  auto call = [&f](std::size_t i, std::size_t worker) {
    if constexpr (std::is_invocable_v<F&, std::size_t, std::size_t>) {
      f(i, worker);
    } else {
      (void)worker;
      f(i);
    }
  };
  const std::size_t workers = n < min_parallel ? 1 : static_cast<std::size_t>(std::max(1, threads));
  if (workers == 1) {
    for (std::size_t i = 0; i < n; ++i) call(i, 0);
    return;
  }
  std::vector<std::thread> pool;
  for (std::size_t w = 0; w < workers; ++w) {
    pool.emplace_back([&call, n, w, workers] {
      for (std::size_t i = w; i < n; i += workers) call(i, w);
    });
  }
  for (std::thread& t : pool) t.join();
}

/// Runs a function on a thread of its own from construction, beside the caller's work. Join() waits for it and
/// rethrows what it threw; the destructor waits too (without rethrowing) when Join() was not called.
class Beside {
 public:
  template <typename F>
  explicit Beside(F f)
      : thread_([this, f = std::move(f)]() mutable {
          try {
            f();
          } catch (...) {
            failure_ = std::current_exception();
          }
        }) {}
  Beside(const Beside&) = delete;
  Beside& operator=(const Beside&) = delete;
  ~Beside() {
    if (thread_.joinable()) thread_.join();
  }

  /// Waits for the function to end; rethrows its exception, if it threw one.
  void Join() {
    thread_.join();
    if (failure_) std::rethrow_exception(failure_);
  }

 private:
  std::exception_ptr failure_;  // before thread_: set up before the thread starts
  std::thread thread_;
};

}  // namespace kreach

#endif  // KREACH_SIM_MODEL_PARALLEL_H_
