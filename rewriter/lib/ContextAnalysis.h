//===- ContextAnalysis.h - shared pieces of the context checks ------------===//
//
// Internal to the core. What CheckContextLeak.cpp and CheckContextCallLeak.cpp
// share: a forward "may" dataflow over the CFG of a generator body with
// bit-vector states, the suspension points of a CFG, and the per-check entry
// points ContextDiagnostics.cpp calls.
//
//===----------------------------------------------------------------------===//
#ifndef AGEN_CORE_CONTEXTANALYSIS_H
#define AGEN_CORE_CONTEXTANALYSIS_H

#include "agen/core/ContextDiagnostics.h"

#include "clang/AST/ExprCXX.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace agen::core {

/// One generator body under analysis.
struct ContextInput {
  clang::ASTContext &Ctx;
  const clang::FunctionDecl &Fn;
  const clang::Stmt &Body; ///< the body as written (inside the coroutine)
  const clang::CFG &Graph;
  const ContextCheckOptions &Opts;
};

/// Runs a forward dataflow to a fixpoint: states are bit vectors, joined by
/// union where paths meet (a bit is set if it may be set on some path), and
/// \p Transfer moves a state across one element. Then calls \p Visit for
/// every element of every reachable block with the state just before it.
void forEachElementState(
    const clang::CFG &Graph, const llvm::BitVector &Entry,
    llvm::function_ref<void(const clang::CFGElement &, llvm::BitVector &)>
        Transfer,
    llvm::function_ref<void(const clang::CFGElement &, const llvm::BitVector &)>
        Visit);

/// The co_yield or co_await \p E is, if it is one: every co_yield, and every
/// co_await (whether it suspends is only known at run time).
const clang::CoroutineSuspendExpr *asSuspension(const clang::CFGElement &E);

/// "co_yield" or "co_await".
llvm::StringRef keyword(const clang::CoroutineSuspendExpr &S);

/// \p D carries [[clang::annotate(Annotation)]]; returns the attribute.
const clang::AnnotateAttr *findAnnotation(const clang::Decl &D,
                                          llvm::StringRef Annotation);

/// Appends the agen-context-leak findings of \p In to \p Out.
void checkContextLeak(const ContextInput &In, std::vector<ContextFinding> &Out);

/// Appends the agen-context-call-leak findings of \p In to \p Out.
void checkContextCallLeak(const ContextInput &In,
                          std::vector<ContextFinding> &Out);

} // namespace agen::core

#endif // AGEN_CORE_CONTEXTANALYSIS_H
