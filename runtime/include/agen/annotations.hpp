/// \file
/// The two source annotations agen understands. They expand to Clang
/// attributes that the plugin, the rewriter and the clang-tidy module look
/// for, and to nothing on compilers that would warn about them.
#pragma once

#if defined(__clang__)
/// Marks a function returning agen::async_generator for lowering.
#define AGEN_GENERATOR [[clang::annotate("agen::generator")]]
/// Marks a class whose objects change thread-local context while alive.
#define AGEN_CONTEXT_MODIFIER [[clang::annotate("agen::modifies_context")]]
#else
#define AGEN_GENERATOR
#define AGEN_CONTEXT_MODIFIER
#endif
