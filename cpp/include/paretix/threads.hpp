// A fork-join helper for the multithreaded kernels (pure C++17, no Python).
#pragma once

#include <exception>
#include <thread>
#include <vector>

namespace paretix {

// Runs f(k) for k = 0, ..., parts - 1: part 0 on the calling thread, the others on threads of
// their own. A part whose thread cannot be started runs on the calling thread instead, and an
// exception thrown by any part is rethrown here after every thread has joined, so a kernel never
// terminates the process (a std::thread left joinable or an exception escaping one would).
template <class F>
void parallel_for(int parts, const F& f) {
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(parts > 0 ? parts : 0));
  auto guarded = [&](int k) {
    try {
      f(k);
    } catch (...) {
      errors[static_cast<std::size_t>(k)] = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(parts > 1 ? parts - 1 : 0));
  int started = 1;
  for (; started < parts; ++started) {
    try {
      pool.emplace_back(guarded, started);
    } catch (...) {
      break;
    }
  }
  if (parts > 0) guarded(0);
  for (int k = started; k < parts; ++k) guarded(k);
  for (auto& th : pool) th.join();
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace paretix
