//===- LowerCoAwait.cpp - one co_await becomes a possible suspension ------===//
//
// Takes a co_await (its operand already lowered to text) and produces the
// code native mode runs for it: evaluate the operand and find its awaiter
// (awaiting<A> keeps both in the frame), ask await_ready(), and only when it
// says no, run the guards' on_suspend(), record the resume point and leave
// step() through suspend_on() (which resumes the guards if await_suspend()
// throws). Resumption lands on the label after it; the expression's value is
// await_resume().
//
//===----------------------------------------------------------------------===//
#include "Lowerer.h"

using namespace clang;

namespace agen::core {

std::string Lowerer::guardObject(const LocalVar &G) {
  std::string Object = "(*" + slotOf(G).Name + ")";
  QualType T =
      G.ExtendedTemporary.isNull() ? G.Decl->getType() : G.ExtendedTemporary;
  // A const guard: the slot constructed a non-const object, so calling the
  // callbacks on it is well defined (native mode calls them through the
  // registry just the same).
  if (T.isConstQualified())
    return "const_cast<" + typeText(T.getUnqualifiedType()) + " &>" + Object;
  return Object;
}

// A guard's callback; for a local of dependent type the instantiation
// decides whether it is a guard.
static std::string guardCall(Lowerer &L, const LocalVar &G,
                             llvm::StringRef Callback) {
  std::string Local = L.guardObject(G);
  if (G.MaybeGuard)
    return "agen::detail::" + Callback.drop_front(3).str() + "_guard(" + Local +
           "); ";
  return Local + "." + Callback.str() + "(); ";
}

std::string Lowerer::suspendGuards(const Suspension &S) {
  std::string Out;
  for (auto It = S.Guards.rbegin(); It != S.Guards.rend(); ++It)
    Out += guardCall(*this, **It, "on_suspend");
  return Out;
}

std::string Lowerer::resumeGuards(const Suspension &S) {
  std::string Out;
  for (const LocalVar *G : S.Guards)
    Out += guardCall(*this, *G, "on_resume");
  return Out;
}

std::string Lowerer::awaitPrologue(const Suspension &S,
                                   const std::string &Operand) {
  std::string Id = std::to_string(S.Id);
  std::string Slot = slotName(S);
  // If await_suspend() throws, the frame did not suspend: suspend_on()
  // resumes the guards before the exception leaves the co_await.
  std::string Undo =
      S.Guards.empty() ? "" : ", [&]() noexcept { " + resumeGuards(S) + "}";
  return "/* co_await " + where(S.E->getBeginLoc()) + " */ " + Slot +
         ".start([&]() -> decltype(auto) { return (" + Operand + "); });\n" +
         "if (!" + Slot + "->await_ready()) { " + suspendGuards(S) +
         "agen_resume_point = " + Id + "; return agen_cx.suspend_on(*" + Slot +
         Undo + "); }\n" + "agen_resume_" + Id + ":;\n";
}

std::string Lowerer::awaitValue(const Suspension &S) {
  return slotName(S) + ".resume()";
}

} // namespace agen::core
