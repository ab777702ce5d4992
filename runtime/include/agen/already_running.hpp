/// \file
/// agen::already_running: a second operation while one is in flight.
#pragma once

#include <stdexcept>

namespace agen {

/// Thrown by an operation started while another operation on the same
/// generator is in flight. The in-flight operation is not affected.
class already_running : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

} // namespace agen
