/// \file
/// agen::state: where an async generator is in its life.
#pragma once

namespace agen {

/// The observable life cycle of an async generator (SPEC §3.9).
enum class state : unsigned char {
  created,   ///< No operation has started yet; no body code ran.
  suspended, ///< Stopped at a `co_yield`, between operations.
  running,   ///< An operation is in flight (also while awaiting inside).
  closed,    ///< Finished, failed, or closed; every operation gives end.
};

} // namespace agen
