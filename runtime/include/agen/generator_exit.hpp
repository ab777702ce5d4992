/// \file
/// agen::generator_exit: what aclose() raises at the suspended co_yield.
#pragma once

namespace agen {

/// Thrown at the suspended `co_yield` by `aclose()` (Python's GeneratorExit).
/// It is deliberately not derived from std::exception, so that
/// `catch (const std::exception&)` handlers in generator bodies do not
/// swallow a close by accident. Letting it escape the body is a clean close.
struct generator_exit {};

} // namespace agen
