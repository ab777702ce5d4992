//===- agen/core/ContextDiagnostics.h - context-leak checks ---------------===//
//
// The static checks of SPEC §5 that find thread context leaking across the
// suspension points of an AGEN_GENERATOR function:
//   agen-context-leak       a context modifier without on_suspend()/
//                           on_resume() (a lock, an AGEN_CONTEXT_MODIFIER
//                           class, a configured type) is live at a co_yield
//                           or co_await;
//   agen-context-call-leak  a co_yield or co_await is reachable from a call
//                           that changes thread state (fesetround, uselocale,
//                           ...) with no restoring call on that path.
// Takes the AST of one function (or of a main file) and produces findings as
// data: the suspension, a message, notes and fix-its. agen-rewrite, the
// plugin (through lowerMainFile) and the clang-tidy module all report these
// same findings. docs/diagnostics/<name>.md documents each check.
//
//===----------------------------------------------------------------------===//
#ifndef AGEN_CORE_CONTEXTDIAGNOSTICS_H
#define AGEN_CORE_CONTEXTDIAGNOSTICS_H

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <tuple>
#include <vector>

namespace clang {
class ASTContext;
class FunctionDecl;
} // namespace clang

namespace agen::core {

/// Stable names of the checks (pinned by the spec: messages, plugin
/// arguments and clang-tidy check names use them).
inline constexpr llvm::StringLiteral ContextLeakCheck = "agen-context-leak";
inline constexpr llvm::StringLiteral ContextCallLeakCheck =
    "agen-context-call-leak";

/// The annotation AGEN_CONTEXT_MODIFIER attaches to a class; on a function it
/// marks a call that changes thread state.
inline constexpr llvm::StringLiteral ModifiesContextAnnotation =
    "agen::modifies_context";

struct ContextCheckOptions {
  bool ContextLeak = true;
  bool ContextCallLeak = true;
  /// More context-modifier classes, by qualified name without template
  /// arguments ("ns::Span", "ns::Holder" for every ns::Holder<T>).
  std::vector<std::string> ModifierTypes;
};

struct ContextNote {
  clang::SourceLocation Loc;
  std::string Message;
  std::vector<clang::FixItHint> FixIts;
};

/// One warning: a suspension point and what leaks across it.
struct ContextFinding {
  llvm::StringRef Check;     ///< ContextLeakCheck or ContextCallLeakCheck
  clang::SourceLocation Loc; ///< the co_yield / co_await keyword
  std::string Message;       ///< without the "[check]" suffix
  std::vector<ContextNote> Notes;
};

/// What makes two findings the same warning: the check, the suspension and
/// the cause (the first note's place). Instantiations of one template repeat
/// a finding with other type names in its message; it is reported once.
using FindingKey = std::tuple<llvm::StringRef, clang::SourceLocation::UIntTy,
                              clang::SourceLocation::UIntTy>;
FindingKey findingKey(const ContextFinding &F);

/// True for a function the checks look at: a definition annotated with
/// AGEN_GENERATOR (directly or through its template pattern) that is not
/// dependent, i.e. a plain function or one instantiation of a template.
bool isCheckedGenerator(const clang::FunctionDecl &FD);

/// Runs the enabled checks on the body of \p FD (which should satisfy
/// isCheckedGenerator). Findings are in source order.
std::vector<ContextFinding> checkContext(clang::ASTContext &Ctx,
                                         const clang::FunctionDecl &FD,
                                         const ContextCheckOptions &Opts);

/// Runs the enabled checks on every generator defined in the main file of
/// \p Ctx, each template instantiation included; a finding several
/// instantiations repeat (same findingKey) is reported once.
std::vector<ContextFinding>
checkMainFileContext(clang::ASTContext &Ctx, const ContextCheckOptions &Opts);

} // namespace agen::core

#endif // AGEN_CORE_CONTEXTDIAGNOSTICS_H
