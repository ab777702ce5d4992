/// \file
/// agen::yielded_while_closing: the body reached a co_yield during aclose().
#pragma once

#include <stdexcept>

namespace agen {

/// Thrown by `aclose()` when the body reaches a `co_yield` while closing
/// (Python's "async generator ignored GeneratorExit"). The yielded value is
/// discarded and the generator is closed: its remaining locals are destroyed
/// before this is thrown.
class yielded_while_closing : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

} // namespace agen
