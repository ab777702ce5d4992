//===- EmitClosePaths.cpp - how control leaves what is alive --------------===//
//
// Takes the points where control leaves hoisted state behind and produces
// the code that ends its lifetime in the order native mode would:
//   - after a co_yield resumes: aclose() at a yield that no enclosing handler
//     could catch generator_exit at returns from step() directly (the host
//     destroys what is alive, innermost first; no exception is thrown);
//     otherwise generator_exit, or athrow()'s exception, is raised there;
//   - at the start of a handler: the hoisted locals of its try block, which
//     native unwinding would have destroyed before entering it;
//   - break and continue leaving scopes with hoisted locals: a jump to a
//     label after the loop (or at the end of its body) where those locals
//     are reset, after the ordinary locals on the way have died.
//
//===----------------------------------------------------------------------===//
#include "Lowerer.h"

using namespace clang;

namespace agen::core {

std::string Lowerer::afterYield(const Suspension &S) {
  if (S.CloseIsCatchable)
    return "agen_cx.raise_pending(); /* athrow, or generator_exit for the "
           "enclosing handler */";
  return "if (agen_cx.closing()) return {}; /* aclose: nothing here can "
         "catch generator_exit */ agen_cx.raise_pending(); /* athrow */";
}

std::string Lowerer::handlerCleanup(const CXXTryStmt &Try) {
  std::string R = resetText(M.hoistedWithin(Try.getTryBlock()), true);
  return R.empty() ? R : " /* unwound */ " + R;
}

static bool leavesHoisted(const Jump &J) {
  for (const Scope *S : J.Exited)
    for (const LocalVar *V : S->Vars)
      if (V->Hoisted && V->Temp < 0)
        return true;
  return false;
}

unsigned Lowerer::loopId(const Stmt *Loop) {
  auto [It, New] =
      LoopIds.try_emplace(Loop, static_cast<unsigned>(LoopIds.size()) + 1);
  (void)New;
  return It->second;
}

std::string Lowerer::jumpText(const Stmt *S) {
  auto It = M.Jumps.find(S);
  if (It == M.Jumps.end())
    return {};
  bool Continue = isa<ContinueStmt>(S);
  if (!leavesHoisted(It->second) &&
      !(Continue && M.ContinueToLabel.contains(It->second.Target)))
    return {};
  return std::string("goto agen_") + (Continue ? "continue_" : "break_") +
         std::to_string(loopId(It->second.Target)) + ";";
}

bool Lowerer::needsLabels(const Stmt *Loop, bool Continue) const {
  for (const auto &[S, J] : M.Jumps)
    if (J.Target == Loop && isa<ContinueStmt>(S) == Continue &&
        (leavesHoisted(J) || (Continue && M.ContinueToLabel.contains(Loop))))
      return true;
  return false;
}

} // namespace agen::core
